import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, sseResponse, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("steer-and-interrupt steers one turn, interrupts another, aborts a third, then runs a fourth", async () => {
  // Each long answer is held after its first delta (gates that are never released), so the turn is
  // certainly still running when the example steers, interrupts or aborts it.
  const numbers = Array.from({ length: 50 }, (_, i) => `${i + 1}\n`);
  const held = { gate: harness.mock.gate(), gateAfter: 3 };
  harness.mock.enqueue(sseResponse(textResponse(numbers.join(""), { deltas: numbers }), held));
  harness.mock.enqueue(textResponse("1\n2\n3\n4\n5\ndone", { deltas: 3 }));
  harness.mock.enqueue(
    sseResponse(textResponse("Computing began with the abacus.", { deltas: 5 }), {
      gate: harness.mock.gate(),
      gateAfter: 3,
    }),
  );
  harness.mock.enqueue(
    sseResponse(textResponse("The sea, the endless sea.", { deltas: 5 }), {
      gate: harness.mock.gate(),
      gateAfter: 3,
    }),
  );
  harness.mock.enqueue(textResponse("ready."));

  const run = await runExample("steer-and-interrupt/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^\[steer\] accepted by turn [0-9a-f-]{36}$/);
  expect(lines[1]).toBe("[steered answer] 1 2 3 4 5 done");
  expect(lines[2]).toBe("[steer] turn completed");
  expect(lines[3]).toBe("[interrupt] turn interrupted, final response null");
  expect(lines[4]).toMatch(/^\[abort\] turn [0-9a-f-]{36} was aborted$/);
  expect(lines[5]).toBe("[after] ready.");
  expect(lines).toHaveLength(6);

  // The steer text reached the model in a new request of the same turn.
  const requests = await harness.mock.waitForRequests(5);
  expect(requests.map((request) => request.lastUserText())).toEqual([
    "Count from 1 to 50, one number per line.",
    "Change of plan: stop at 5 and say 'done'.",
    "Write a 3000-word essay on the history of computing.",
    "Write a very long poem about the sea.",
    "Reply with just: ready.",
  ]);
  expect(requests[1]?.messageInputTexts("user")).toContain("Count from 1 to 50, one number per line.");
});
