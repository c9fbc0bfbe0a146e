/**
 * A gate holds a mock SSE stream open at an exact point until the test releases it.
 *
 * @module
 */
import { GateTimeoutError } from "../errors.js";
import { duration, limitTimer } from "../internal/limits.js";

export { GateTimeoutError };

/**
 * The key of the method the mock server calls when a stream arrives at a gate. A symbol keeps it
 * off the public surface (`index.ts` does not export it).
 * @internal
 */
export const holdStream: unique symbol = Symbol("SseGate.holdStream");

/**
 * A one-shot latch for mock streams, made by `MockResponsesServer.gate()`.
 *
 * A stream queued with `{ gate, gateAfter: n }` writes its first `n` events, then waits here. Once
 * {@link release} is called the stream (and any other stream held by this gate) continues; a
 * stream that reaches an already released gate does not stop. {@link waitUntilReached} lets a test
 * act exactly while the stream is held, with no timing guesswork.
 *
 * @example
 * ```ts
 * const gate = mock.gate();
 * mock.enqueue(textResponse("slow answer", { deltas: 3 }), { gate, gateAfter: 3 });
 * // ... start the turn ...
 * await gate.waitUntilReached(); // created, item added and delta 1 are out; the turn is in progress
 * gate.release();
 * ```
 */
export class SseGate {
  #released = false;
  #reached = false;
  #onRelease: (() => void)[] = [];
  #onReach: (() => void)[] = [];

  /** Whether {@link release} was called. */
  get released(): boolean {
    return this.#released;
  }

  /** Whether a stream has arrived at this gate (and is held there unless released). */
  get reached(): boolean {
    return this.#reached;
  }

  /** Opens the gate: every held stream continues. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const resolve of this.#onRelease.splice(0)) resolve();
  }

  /**
   * Resolves once a stream has reached the gate (at once if one already has). Rejects with a
   * {@link GateTimeoutError} after `timeoutMs` (default 5000), so a test never hangs silently.
   * `Infinity` waits without a limit; a negative or `NaN` `timeoutMs` is an `InvalidArgumentError`.
   */
  waitUntilReached(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = duration("timeoutMs", options.timeoutMs, 5000);
    if (this.#reached) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onReach = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = limitTimer(() => {
        this.#onReach = this.#onReach.filter((fn) => fn !== onReach);
        reject(new GateTimeoutError(`no mock stream reached the gate within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      this.#onReach.push(onReach);
    });
  }

  /**
   * Called by the mock server when a stream arrives here. Resolves when the gate is released or
   * `signal` aborts (the server is closing or the client went away), whichever comes first.
   * @internal
   */
  [holdStream](signal: AbortSignal): Promise<void> {
    if (!this.#reached) {
      this.#reached = true;
      for (const resolve of this.#onReach.splice(0)) resolve();
    }
    if (this.#released || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        signal.removeEventListener("abort", done);
        this.#onRelease = this.#onRelease.filter((fn) => fn !== done);
        resolve();
      };
      this.#onRelease.push(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}
