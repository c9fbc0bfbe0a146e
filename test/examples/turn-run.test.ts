import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse, usage } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("turn-run prints every RunResult field", async () => {
  harness.mock.enqueue(
    textResponse("A notification is a request without an id. Nobody answers it.", {
      deltas: 4,
      phase: "final_answer",
      usage: usage({ inputTokens: 120, cachedInputTokens: 20, outputTokens: 30, reasoningOutputTokens: 7 }),
    }),
  );

  const run = await runExample("turn-run/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const out = run.stdout;
  expect(out).toMatch(/^\[id\] [0-9a-f-]{36}$/m);
  expect(out).toContain("[status] completed");
  expect(out).toContain("[error] none");
  expect(out).toMatch(/^\[startedAt\] \d{10} \(\d{4}-\d\d-\d\dT/m);
  expect(out).toMatch(/^\[completedAt\] \d{10} \(/m);
  expect(out).toMatch(/^\[durationMs\] \d+$/m);
  expect(out).toContain("[finalResponse] A notification is a request without an id. Nobody answers it.");
  expect(out).toContain("[items] 2: userMessage, agentMessage");
  expect(out).toContain("agentMessage (phase final_answer): A notification is a request without an id.");
  expect(out).toContain("[usage.last] input 120, cached 20, output 30, reasoning 7, total 150");
  expect(out).toMatch(/^\[usage\.total\] 150 tokens; context window \d+$/m);
});
