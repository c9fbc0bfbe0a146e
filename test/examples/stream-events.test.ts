import { writeFile } from "node:fs/promises";
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

it("stream-events prints the command, its real output, the streamed answer and usage", async () => {
  await writeFile(join(harness.workspace, "alpha.txt"), "a\n");
  await writeFile(join(harness.workspace, "beta.txt"), "b\n");
  harness.mock.enqueue(shellCommandResponse("call_ls", "ls"));
  harness.mock.enqueue(textResponse("There are 2 entries.", { deltas: ["There ", "are 2 ", "entries."] }));

  const run = await runExample("stream-events/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.split("\n");
  expect(lines[0]).toMatch(/^\[turn\] [0-9a-f-]{36} on thread [0-9a-f-]{36}$/);
  expect(lines).toContain("[turn/started]");
  expect(lines).toContain("[user] Run `ls` in the current directory, then tell me how many entries it has.");
  expect(lines).toContain("[command] /bin/bash -lc ls");
  // The command really ran in the workspace: its output lists the files the test created.
  const output = run.stdout.slice(run.stdout.indexOf("[command output]"));
  expect(output).toMatch(
    /^\[command output\]\nalpha\.txt\nbeta\.txt\n\[command done\] exit code 0 in \d+ ms/,
  );
  expect(lines).toContain("[answer] There are 2 entries.");
  expect(lines).toContain("[tokens] this response 15, thread total 30");
  expect(lines.at(-2)).toMatch(/^\[turn\/completed\] completed in \d+ ms$/);
  // The order is the turn's order.
  const order = ["[turn/started]", "[user]", "[command]", "[command output]", "[answer]", "[turn/completed]"];
  const positions = order.map((marker) => run.stdout.indexOf(marker));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(positions).not.toContain(-1);
});
