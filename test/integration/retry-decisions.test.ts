/**
 * What `isRetryableError` (and so `retryOnOverload`) retries, decided from what the real runtime
 * reports for a failing model backend (the mock answering with an HTTP status; the harness turns
 * the runtime's own retries off, so each status reaches the SDK as the runtime words it).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { isRetryableError, retryOnOverload, TurnFailedError } from "../../src/index.js";
import { httpError, textResponse } from "../../src/testing/index.js";
import { rejection, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

/** Runs a turn against a backend that answers `status`, and returns the rejection. */
async function failedTurn(status: number): Promise<TurnFailedError> {
  env.mock.enqueue(httpError(status, undefined, { "retry-after": "0" }));
  const thread = await env.codex().threadStart();
  const error = await rejection(thread.run("go"));
  expect(error).toBeInstanceOf(TurnFailedError);
  return error as TurnFailedError;
}

describe("isRetryableError on failed turns, as the runtime reports them", () => {
  it.each([
    [500, "internalServerError"],
    [502, { httpConnectionFailed: { httpStatusCode: 502 } }],
    [503, { httpConnectionFailed: { httpStatusCode: 503 } }],
  ])("HTTP %i (%j) is retryable", async (status, info) => {
    const error = await failedTurn(status);
    expect(error.codexErrorInfo).toEqual(info);
    expect(isRetryableError(error)).toBe(true);
  });

  it.each([
    [429, { responseTooManyFailedAttempts: { httpStatusCode: 429 } }],
    [400, "other"],
  ])("HTTP %i (%j) is not", async (status, info) => {
    const error = await failedTurn(status);
    expect(error.codexErrorInfo).toEqual(info);
    expect(isRetryableError(error)).toBe(false);
  });

  it("retryOnOverload re-runs a turn that met an HTTP 500 ('high demand') and returns the next answer", async () => {
    env.mock.enqueue(httpError(500));
    env.mock.enqueue(textResponse("second time lucky"));
    const thread = await env.codex().threadStart();
    const attempts: number[] = [];
    const result = await retryOnOverload(
      (attempt) => {
        attempts.push(attempt);
        return thread.run("go");
      },
      { initialDelayMs: 0 },
    );
    expect(result.finalResponse).toBe("second time lucky");
    expect(attempts).toEqual([1, 2]);
  });
});
