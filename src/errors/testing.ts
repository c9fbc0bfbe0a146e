/**
 * Errors of the testing kit (`codex-app-sdk/testing`). They report a test that waited too long, not
 * a failure of the SDK; still, like every error the SDK throws, they are {@link CodexError}s: each
 * is a {@link TimeoutError} carrying the `timeoutMs` that passed.
 *
 * @module
 */
import { TimeoutError } from "./base.js";

/**
 * Error thrown by `SseGate.waitUntilReached` when the gate is not reached in time.
 *
 * @example
 * ```ts
 * try { await gate.waitUntilReached({ timeoutMs: 1_000 }); } catch (e) { if (e instanceof GateTimeoutError) console.error(e.timeoutMs); }
 * ```
 */
export class GateTimeoutError extends TimeoutError {
  override name = "GateTimeoutError";
}

/**
 * Error thrown by `MockResponsesServer.waitForRequests` when too few requests arrive in time.
 *
 * @example
 * ```ts
 * try { await mock.waitForRequests(2, { timeoutMs: 1_000 }); } catch (e) { if (e instanceof WaitForRequestsTimeoutError) console.error(e.message); }
 * ```
 */
export class WaitForRequestsTimeoutError extends TimeoutError {
  override name = "WaitForRequestsTimeoutError";
}
