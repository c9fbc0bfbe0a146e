import { afterEach, describe, expect, it } from "vitest";
import { Codex, CodexError } from "../../src/index.js";
import { AppServerHarness } from "../../src/testing/index.js";
import { immediateRejection } from "../support/sdk.js";

// The 0.169 app-server cannot decode a line with a lone surrogate escape and never answers it: the
// SDK must refuse such a request instead of waiting forever.
describe("lone UTF-16 surrogates (real app-server)", () => {
  let harness: AppServerHarness | undefined;
  let codex: Codex | undefined;
  afterEach(async () => {
    await codex?.close();
    await harness?.dispose();
  });

  it("rejects at once instead of hanging, and the client stays usable", async () => {
    harness = await AppServerHarness.create();
    codex = new Codex(harness.codexOptions());
    const thread = await codex.threadStart();
    // Through the raw request path, so no argument validation of the high-level API intervenes.
    // Refused before anything is written: it rejects without waiting for any I/O.
    const error = await immediateRejection(
      codex.request("thread/name/set", { threadId: thread.id, name: "bad \ud800 name" }),
    );
    expect(error).toBeInstanceOf(CodexError);
    await thread.setName("good name");
    expect((await thread.read()).thread.name).toBe("good name");
  });
});
