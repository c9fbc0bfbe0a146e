import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, shellCommandResponse, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("approvals runs a command the rule approves, then declines one after asking the human", async () => {
  harness.mock.enqueue(shellCommandResponse("call_notes", "echo hello >> notes.txt"));
  harness.mock.enqueue(textResponse("Added the line."));
  harness.mock.enqueue(shellCommandResponse("call_delete", "rm notes.txt"));
  harness.mock.enqueue(textResponse("I was not allowed to delete it."));

  const run = await runExample("approvals/main.ts", { harness, stdin: "n\n", timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines.slice(0, 4)).toEqual([
    "[waiting for approval] /bin/bash -lc 'echo hello >> notes.txt'",
    "[approval answered] request 0",
    "[command] completed, exit code 0",
    "[turn] completed",
  ]);
  expect(lines[4]).toBe("Run `/bin/bash -lc 'rm notes.txt'`? [y/N] ");
  expect(lines.slice(5)).toEqual([
    "[human said] n",
    "[human turn] command declined; agent: I was not allowed to delete it.",
  ]);
  expect(run.stdout).not.toContain("[error]");
  // The approved command ran in the workspace; the declined one did not.
  expect(readFileSync(join(harness.workspace, "notes.txt"), "utf8")).toBe("hello\n");
  const [, second, , fourth] = await harness.mock.waitForRequests(4);
  const output = (request: typeof second, callId: string) =>
    request?.functionCallOutputs().find((o) => o.callId === callId)?.output;
  expect(output(second, "call_notes")).toContain("Process exited with code 0");
  expect(output(fourth, "call_delete")).toContain("rejected by user");
});
