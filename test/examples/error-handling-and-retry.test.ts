import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, failedResponse, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("error-handling-and-retry shows typed errors, retries an overload and catches a failed turn", async () => {
  // Step 4: overloaded twice, then an answer. Step 5: a failure that is not worth retrying.
  harness.mock.enqueue(failedResponse("Model overloaded", { code: "server_is_overloaded" }));
  harness.mock.enqueue(failedResponse("Model overloaded", { code: "server_is_overloaded" }));
  harness.mock.enqueue(textResponse("Hello there, nice to meet."));
  harness.mock.enqueue(failedResponse("quota", { code: "insufficient_quota" }));
  harness.mock.enqueue(textResponse("Yes, still here."));

  const run = await runExample("error-handling-and-retry/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^\[invalid input\] InvalidInputError: .*empty string/);
  expect(lines[1]).toMatch(
    /^\[server error\] InvalidRequestError -32600 from thread\/resume: invalid session id: /,
  );
  expect(lines[2]).toBe("[aborted] AbortError: turn was aborted");
  expect(lines[3]).toMatch(
    /^\[retry\] attempt 1 failed \(turn failed: "serverOverloaded"\); next attempt in \d+ ms$/,
  );
  expect(lines[4]).toMatch(
    /^\[retry\] attempt 2 failed \(turn failed: "serverOverloaded"\); next attempt in \d+ ms$/,
  );
  expect(lines[5]).toBe("[retried] completed: Hello there, nice to meet.");
  expect(lines[6]).toMatch(
    /^\[turn failed\] Quota exceeded\..* \(codexErrorInfo "usageLimitExceeded", status failed, retryable false\)$/,
  );
  expect(lines[7]).toBe("[still usable] Yes, still here.");
  expect(lines).toHaveLength(8);
  // Nothing was sent for the invalid input or the aborted run: exactly the five queued requests.
  // Each retry is a new turn on the same thread (the failed attempts stay in its history).
  expect(harness.mock.requests).toHaveLength(5);
  expect(harness.mock.queued).toBe(0);
});
