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

it("thread-lifecycle names, reads, forks, lists, archives, unarchives and compacts", async () => {
  harness.mock.enqueue(textResponse("Octopuses have three hearts."));
  harness.mock.enqueue(textResponse("Summary: the user collects octopus facts."));
  harness.mock.enqueue(textResponse("Octopuses have blue blood."));

  const run = await runExample("thread-lifecycle/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const out = run.stdout;
  const id = /^\[started\] ([0-9a-f-]{36}): Octopuses have three hearts\.$/m.exec(out)?.[1];
  expect(id, out).toBeDefined();
  expect(out).toContain(
    '[read] name "Octopus facts", 1 turn(s), preview "Give me a one-line fun fact about octopuses."',
  );
  const forkId = /^\[forked\] ([0-9a-f-]{36}) from (\S+)$/m.exec(out);
  expect(forkId?.[2]).toBe(id);
  expect(forkId?.[1]).not.toBe(id);
  expect(out).toContain("[list] 2 thread(s) on the first page; next cursor none");
  expect(out).toContain("[threads] found 2 of our 2 threads by paging one at a time");
  expect(out).toContain(`[archived] ${forkId?.[1]}: in the archived list = true`);
  expect(out).toContain(`[unarchived] ${forkId?.[1]}: back in the list = true`);
  expect(out).toMatch(/^\[compacted\] compaction turn [0-9a-f-]{36}: completed$/m);
  expect(out).toContain("[after compaction] Octopuses have blue blood.");

  const requests = await harness.mock.waitForRequests(3);
  expect(requests[1]?.lastUserText()).toMatch(/^You are performing a CONTEXT CHECKPOINT COMPACTION/);
  // After compaction the model sees the summary instead of the original exchange.
  expect(requests[2]?.bodyText).toContain("Summary: the user collects octopus facts.");
  expect(requests[2]?.messageInputTexts("assistant")).not.toContain("Octopuses have three hearts.");
});
