import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";
// Examples run the pinned runtime (run-example.ts drops CODEX_PATH).
import { PINNED_RUNTIME_VERSION_PATTERN as VERSION } from "../support/pinned-runtime.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("quickstart runs one turn and prints the answer", async () => {
  harness.mock.enqueue(textResponse("Hello from the mock model!", { deltas: 3 }));

  const run = await runExample("quickstart/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^\\[server\\] codex_app_sdk ${VERSION} on linux$`, "m"));
  expect(run.stdout).toMatch(/^\[thread\] [0-9a-f-]{36}$/m);
  expect(run.stdout).toContain("[status] completed");
  expect(run.stdout).toContain("[answer] Hello from the mock model!");
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.lastUserText()).toBe("Say hello in one sentence.");
  expect(harness.mock.requests).toHaveLength(1);
});
