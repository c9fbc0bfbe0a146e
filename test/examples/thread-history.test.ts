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

it("thread-history forks at a turn, reverts the last turn and pages the rest", async () => {
  for (const answer of ["Blue.", "Otter.", "Lisbon.", "A colour and an animal."]) {
    harness.mock.enqueue(textResponse(answer));
  }

  const run = await runExample("thread-history/main.ts", { harness, timeoutMs: 60_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[turn 1] Pick a colour. -> Blue.");
  expect(run.stdout).toContain("[turn 3] Pick a city. -> Lisbon.");
  expect(run.stdout).toMatch(/^\[fork [0-9a-f-]{36}\] A colour and an animal\.$/m);
  // The fork's model request carries the first two turns only.
  const requests = await harness.mock.waitForRequests(4);
  const forkRequest = requests[3];
  expect(forkRequest?.messageInputTexts("user")).toEqual(
    expect.arrayContaining(["Pick a colour.", "Pick an animal.", "What have I asked you so far?"]),
  );
  expect(forkRequest?.messageInputTexts("user")).not.toContain("Pick a city.");
  expect(forkRequest?.messageInputTexts("assistant")).toEqual(["Blue.", "Otter."]);
  // After the revert, the history pages list the first two turns, oldest first.
  const history = run.stdout.split("\n").filter((line) => line.startsWith("[history]"));
  expect(history).toHaveLength(2);
  expect(history[0]).toMatch(/completed: Pick a colour\.$/);
  expect(history[1]).toMatch(/completed: Pick an animal\.$/);
});
