import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

it("observability prints the span tree of one turn and writes the protocol trace", async () => {
  harness.mock.enqueue(textResponse("4"));

  const run = await runExample("observability/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const spans = run.stdout.split("\n").filter((l) => l.startsWith("[span]"));
  expect(run.stdout).toContain("[answer] 4");
  // The SDK's login check (account/read) and the turn are children of the program's span.
  expect(spans).toEqual([
    "[span] answer a question",
    "[span]   account/read",
    "[span]   invoke_agent codex (tokens in 10, out 5)",
    "[span]     turn/start",
  ]);
  const trace = join(harness.workspace, "codex-trace.jsonl");
  expect(existsSync(trace)).toBe(true);
  expect(readFileSync(trace, "utf8")).toContain('"method":"turn/completed"');
});
