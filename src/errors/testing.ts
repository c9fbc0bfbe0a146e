/**
 * Errors of the testing kit (`codex-app-sdk/testing`). They report a test that waited too long,
 * not a failure of the SDK, so they stay plain `Error`s as they always were.
 *
 * @module
 */

/** Error thrown by `SseGate.waitUntilReached` when the gate is not reached in time. */
export class GateTimeoutError extends Error {
  override readonly name = "GateTimeoutError";
}

/** Error thrown by `MockResponsesServer.waitForRequests` when too few requests arrive in time. */
export class WaitForRequestsTimeoutError extends Error {
  override readonly name = "WaitForRequestsTimeoutError";
}
