import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("codex-sdk-drop-in runs @openai/codex-sdk code unchanged, then streams through the escape hatch, and exits without close()", async () => {
  harness.mock.enqueue(textResponse("The test expects UTC.", { deltas: 2 }));
  harness.mock.enqueue(textResponse("Fixed the time zone.", { deltas: 2 }));
  harness.mock.enqueue(
    textResponse("Set TZ in the test setup.", { deltas: ["Set TZ ", "in the ", "test setup."] }),
  );

  const run = await runExample("codex-sdk-drop-in/main.ts", { harness, timeoutMs: 60_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^\[thread\] [0-9a-f-]{36}$/m);
  expect(run.stdout).toContain("[answer] The test expects UTC.");
  expect(run.stdout).toMatch(/^\[usage\] \d+ in, \d+ out$/m);
  const events = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("[event]") || l.startsWith("[item] agent_message"));
  expect(events).toEqual([
    "[event] thread.started",
    "[event] turn.started",
    "[item] agent_message",
    "[event] turn.completed",
  ]);
  expect(run.stdout).toContain("[streamed] Set TZ in the test setup.");
  const requests = harness.mock.requests;
  expect(requests.map((r) => r.lastUserText())).toEqual([
    "Diagnose the test failure and propose a fix",
    "Implement the fix",
    "Summarise what you changed",
  ]);
  // One thread: the last request carries both earlier answers.
  expect(requests[2]?.messageInputTexts("assistant")).toEqual([
    "The test expects UTC.",
    "Fixed the time zone.",
  ]);
});
