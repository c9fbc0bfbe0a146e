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

it("cli-chat answers each line on one thread and quits on /exit", async () => {
  harness.mock.enqueue(textResponse("Hi! How can I help?", { deltas: 3 }));
  harness.mock.enqueue(textResponse("You said hello.", { deltas: 2 }));

  const run = await runExample("cli-chat/main.ts", {
    harness,
    // The line after /exit must never be sent.
    stdin: "hello\n\nwhat did I say?\n/exit\nthis is never sent\n",
    timeoutMs: 45_000,
  });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^\[chat\] thread [0-9a-f-]{36}\. Type a message, \/exit to quit\.\n/);
  expect(run.stdout).toContain("you> hello\ncodex> Hi! How can I help?\n");
  expect(run.stdout).toContain("you> what did I say?\ncodex> You said hello.\n");
  expect(run.stdout).toMatch(/you> \/exit\n\[chat\] bye\n$/);
  expect(run.stdout).not.toContain("this is never sent");
  // Two turns on the same thread: the second request carries the first exchange.
  expect(harness.mock.requests).toHaveLength(2);
  const second = harness.mock.requests[1];
  expect(second?.lastUserText()).toBe("what did I say?");
  expect(second?.messageInputTexts("user")).toContain("hello");
  expect(second?.messageInputTexts("assistant")).toContain("Hi! How can I help?");
});

it("cli-chat quits at the end of input without /exit", async () => {
  harness.mock.enqueue(textResponse("Bye then."));

  const run = await runExample("cli-chat/main.ts", { harness, stdin: "one question\n", timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("you> one question\ncodex> Bye then.\n");
  expect(run.stdout).toMatch(/\[chat\] bye\n$/);
  expect(harness.mock.requests).toHaveLength(1);
});
