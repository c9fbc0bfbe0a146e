/**
 * The scripted fake app-server (test/support/fake-app-server.mjs) itself, in what the benchmark's
 * W5 relies on: ids handed out from the scenario, and a file of notifications streamed at the n-th
 * `turn/start` and routed by the SDK to the turns it started.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { Codex } from "../../src/index.js";
import { writeFakeAppServer } from "../support/fake-app-server.js";

let dir: string;
let codex: Codex | undefined;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "codex-sdk-fake-server-")));
});

afterEach(async () => {
  await codex?.close();
  codex = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The notification lines of one finished turn whose answer is `text`. */
function turnLines(threadId: string, turnId: string, text: string): string[] {
  const turn = (status: string) => ({ id: turnId, items: [], status, error: null });
  const item = { type: "agentMessage", id: `msg-${turnId}`, text, phase: null };
  return [
    { method: "turn/started", params: { threadId, turn: turn("inProgress") } },
    { method: "item/agentMessage/delta", params: { threadId, turnId, itemId: item.id, delta: text } },
    { method: "item/completed", params: { threadId, turnId, item } },
    { method: "turn/completed", params: { threadId, turnId, turn: turn("completed") } },
  ].map((m) => JSON.stringify(m));
}

describe("fake app-server (test support)", () => {
  it("hands out the scenario's ids and streams a file at the last turn/start, routed per turn", async () => {
    const ids = [
      { thread: "thread-a", turn: "turn-a" },
      { thread: "thread-b", turn: "turn-b" },
    ];
    const [a, b] = [turnLines("thread-a", "turn-a", "alpha"), turnLines("thread-b", "turn-b", "beta")];
    // Interleaved, as the benchmark's flood is: each turn must still get only its own events.
    const lines = a.flatMap((line, i) => [line, b[i]!]);
    const flood = join(dir, "flood.ndjson");
    writeFileSync(flood, lines.join("\n") + "\n");
    const codexPath = writeFakeAppServer(dir, {
      threadIds: ids.map((i) => i.thread),
      turnIds: Object.fromEntries(ids.map((i) => [i.thread, i.turn])),
      on: { "turn/start": ["respond", { streamFile: flood, atTurn: 2 }] },
    });
    codex = new Codex({ codexPath });
    const threads = [await codex.threadStart(), await codex.threadStart()];
    expect(threads.map((t) => t.id)).toEqual(["thread-a", "thread-b"]);
    const turns = await Promise.all(threads.map((t) => t.turn("go")));
    expect(turns.map((t) => t.id)).toEqual(["turn-a", "turn-b"]);
    const results = await Promise.all(turns.map((t) => t.run()));
    expect(results.map((r) => [r.id, r.status, r.finalResponse])).toEqual([
      ["turn-a", "completed", "alpha"],
      ["turn-b", "completed", "beta"],
    ]);
  });
});
