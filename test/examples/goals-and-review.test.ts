import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse, toolCallResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("goals-and-review reviews, waits for a compaction, and runs a goal over two continuation turns", async () => {
  let goalRequests = 0;
  harness.mock.setResponder((request) => {
    const body = request.bodyText;
    if (body.includes("CONTEXT CHECKPOINT COMPACTION")) return textResponse("summary of the chat");
    if (body.includes('source=\\"goal\\"')) {
      goalRequests++;
      if (goalRequests === 1) return textResponse("The sea is wide,");
      if (request.lastInputItem()?.type === "function_call_output") return textResponse("and deep inside.");
      return toolCallResponse("call_done", "update_goal", { status: "complete" });
    }
    if (request.lastUserText()?.startsWith("Look for obvious problems"))
      return textResponse("Nothing to fix.");
    return textResponse("Hello!");
  });

  const run = await runExample("goals-and-review/main.ts", { harness, timeoutMs: 60_000 });

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines.slice(0, 3)).toEqual([
    "[review] on thread this thread",
    "[review] Nothing to fix.",
    "[compact] completed, contextCompaction item: true",
  ]);
  expect(lines).toContain("[goal message] The sea is wide,");
  expect(lines).toContain("[goal message] and deep inside.");
  expect(lines).toContain("[goal status] complete");
  expect(lines.at(-2)).toBe("[goal] completed after 2 answers: and deep inside.");
  expect(lines.at(-1)).toBe("[goal stored] complete");
  expect(goalRequests).toBe(3);
});
