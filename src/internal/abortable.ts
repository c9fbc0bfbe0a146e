/**
 * The abort + timeout + cleanup wait, written once: race a promise against an `AbortSignal` and an
 * optional timer, and whichever comes first, leave neither the abort callback nor the timer behind.
 *
 * @module
 */
import { CodexError } from "../errors.js";
import { onAbort } from "./abort-listener.js";
import { describeError } from "./describe.js";
import { limitTimer } from "./limits.js";

/** Options of {@link abortable}. */
export interface AbortableOptions<T> {
  /** Rejects the wait with `abortError(signal)` when it aborts (at once when it already has). */
  signal?: AbortSignal | undefined;
  /** The rejection for an aborted `signal`, e.g. `abortErrorFrom`. */
  abortError: (signal: AbortSignal) => Error;
  /** Ends the wait after this many ms (`Infinity` or above 2^31 - 1: never) by calling `onTimeout`. */
  timeoutMs?: number | undefined;
  /** What the wait resolves with at the timeout; throw from it to reject (e.g. a `TimeoutError`). */
  onTimeout?: (() => T) | undefined;
  /**
   * After `signal` aborts, keep waiting for `work` this many ms before rejecting (default 0: reject
   * at once). For work that must not be abandoned blindly, such as a `turn/start` the server may
   * already be running. The grace replaces any pending `timeoutMs`.
   */
  abortGraceMs?: number | undefined;
  /** Called with `work`'s value when it arrives after the wait already ended (aborted or timed out). */
  onLate?: ((value: T) => void) | undefined;
  /** Called once, synchronously, when the wait ends in any way (before the caller sees the outcome). */
  onSettle?: (() => void) | undefined;
  /** The timers do not keep the process alive (`timer.unref()`). */
  unref?: boolean | undefined;
}

/**
 * `work`, unless `signal` aborts or `timeoutMs` passes first. A rejection of `work` that is not an
 * `Error` becomes a {@link CodexError} describing it (with the value as `cause`), so callers
 * always get an `Error`.
 *
 * @example
 * ```ts
 * await abortable(handler(request), { signal, abortError: (s) => abortErrorFrom(s, "the handler") });
 * ```
 */
export function abortable<T>(work: Promise<T>, options: AbortableOptions<T>): Promise<T> {
  const { signal, abortError, timeoutMs, onTimeout, abortGraceMs, onLate, onSettle, unref } = options;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let off: () => void = () => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      onSettle?.();
      settle();
    };
    const startTimer = (fn: () => void, ms: number): void => {
      clearTimeout(timer);
      timer = limitTimer(fn, ms);
      if (unref) timer?.unref();
    };
    if (signal) {
      off = onAbort(signal, () => {
        const rejectAborted = (): void => finish(() => reject(abortError(signal)));
        if (abortGraceMs === undefined || abortGraceMs <= 0) rejectAborted();
        else startTimer(rejectAborted, abortGraceMs);
      });
    }
    if (done) return;
    if (timeoutMs !== undefined && onTimeout !== undefined && !signal?.aborted) {
      startTimer(() => {
        finish(() => {
          try {
            resolve(onTimeout());
          } catch (e) {
            reject(asError(e));
          }
        });
      }, timeoutMs);
    }
    work.then(
      (value) => {
        if (done) onLate?.(value);
        else finish(() => resolve(value));
      },
      (error: unknown) => finish(() => reject(asError(error))),
    );
  });
}

/**
 * Waits `ms`; rejects at once with `abortError(signal)` if `signal` aborts, leaving neither the
 * timer nor the listener behind.
 */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  abortError: (signal: AbortSignal) => Error,
): Promise<void> {
  return abortable(new Promise<void>(() => undefined), {
    signal,
    abortError,
    timeoutMs: ms,
    onTimeout: () => undefined,
  });
}

/** Callers always get an `Error`: any other thrown value becomes a {@link CodexError} describing it. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new CodexError(describeError(error), { cause: error });
}
