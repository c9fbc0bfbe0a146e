/**
 * Retrying operations that failed because the app-server (or the model backend behind it) is
 * overloaded: {@link retryOnOverload} and the predicate it uses by default, {@link isRetryableError}.
 *
 * @module
 */
import { clampDelay, duration, optionalAbortSignal } from "./internal/limits.js";
import { sleep } from "./internal/abortable.js";
import {
  InvalidArgumentError,
  JsonRpcError,
  RetryLimitExceededError,
  ServerBusyError,
  abortErrorFrom,
  isOverloadedData,
} from "./errors.js";

/** What {@link RetryOptions.onRetry} receives before each backoff sleep. */
export interface RetryInfo {
  /** The 1-based number of the attempt that just failed. The next attempt is `attempt + 1`. */
  attempt: number;
  /** How long the SDK will wait before the next attempt, in whole milliseconds (jitter included). */
  delayMs: number;
  /** What the failed attempt threw. */
  error: unknown;
}

/** Options of {@link retryOnOverload}. Every field is optional; `undefined` means the default. */
export interface RetryOptions {
  /**
   * Total number of attempts, the first one included. An integer >= 1, or `Infinity` to retry until
   * success, a non-retryable error or `signal`. Default `3`.
   */
  maxAttempts?: number | undefined;
  /** Base delay before the second attempt, in milliseconds; it doubles after every retry. Default `250`. */
  initialDelayMs?: number | undefined;
  /**
   * Upper bound of every delay, jitter included, in milliseconds. Default `2000`. It may be smaller
   * than `initialDelayMs` (then every delay is `maxDelayMs`, minus jitter). `Infinity` lifts the
   * cap; a single sleep never exceeds 2^31 - 1 ms (about 24.8 days), the longest `setTimeout` wait.
   */
  maxDelayMs?: number | undefined;
  /**
   * Random spread of each delay, as a fraction of it: a delay `d` becomes a uniform value in
   * `[d - d * jitterRatio, d + d * jitterRatio]`, clamped to `[0, maxDelayMs]`. In `[0, 1]`; default
   * `0.2`. Jitter keeps many clients that failed together from retrying together.
   */
  jitterRatio?: number | undefined;
  /**
   * Cancels the retry loop. An already aborted signal rejects at once without calling `op`; an abort
   * during a backoff sleep rejects at once; an abort while `op` runs takes effect when `op` settles
   * (the signal is not passed to `op`: close over it to cancel the operation itself). The rejection
   * is `abortErrorFrom(signal)`: an `AbortError` whose `cause` is the signal's reason, or the reason
   * itself when it is already a `CodexError`.
   */
  signal?: AbortSignal | undefined;
  /** Decides whether an error is worth another attempt. Default {@link isRetryableError}. */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  /**
   * Called before each backoff sleep (not after the last attempt), for logging or metrics. If it
   * throws, retrying stops and the returned promise rejects with what it threw.
   */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_INITIAL_DELAY_MS = 250;
const DEFAULT_MAX_DELAY_MS = 2000;
const DEFAULT_JITTER_RATIO = 0.2;

/**
 * Whether an error means "the server is overloaded, try again later":
 *
 * - a {@link ServerBusyError} (the app-server answered -32000…-32099 with overloaded `data`);
 * - any {@link JsonRpcError} whose `data` says `serverOverloaded` (the protocol's `CodexErrorInfo`)
 *   or `server_overloaded`, as a string or an object key at any depth, whatever its code;
 * - a failed turn (any object with a `codexErrorInfo` property, such as the SDK's
 *   `TurnFailedError`) whose model backend was overloaded or briefly unavailable, as the runtime
 *   reports it: `serverOverloaded`; `internalServerError` (an HTTP 500, which the runtime words "We're
 *   currently experiencing high demand"); `httpConnectionFailed` with HTTP status 502, 503 or 504.
 *
 * A failed turn with `responseTooManyFailedAttempts` (an HTTP 429 or another status after the
 * runtime's own retries, see its `request_max_retries` setting) is not retryable, for the same reason
 * as the next paragraph.
 *
 * A {@link RetryLimitExceededError} is **not** retryable, although it subclasses `ServerBusyError`
 * (the Python SDK retries it). It means the server already retried with its own backoff and gave
 * up; retrying on top of that multiplies the load on a backend that is already overloaded (every
 * client attempt costs the server's full retry budget again) and delays the failure the caller
 * needs to see. Back off on a longer horizon instead, or opt in explicitly with
 * `isRetryable: (e) => e instanceof ServerBusyError || isRetryableError(e)`.
 *
 * Everything else (invalid params, unknown methods, a closed transport, aborts, timeouts) is not
 * retryable: repeating the same call cannot fix it.
 *
 * @example
 * ```ts
 * try {
 *   await thread.run("Summarize the changes");
 * } catch (error) {
 *   if (isRetryableError(error)) console.warn("Codex is overloaded, try again in a minute");
 *   else throw error;
 * }
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof RetryLimitExceededError) return false;
  if (error instanceof ServerBusyError) return true;
  if (error instanceof JsonRpcError) return isOverloadedData(error.data);
  if (typeof error === "object" && error !== null && "codexErrorInfo" in error) {
    return isRetryableTurnError(error.codexErrorInfo);
  }
  return false;
}

/** HTTP statuses of a backend that is there but temporarily unable to answer. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Whether a failed turn's `codexErrorInfo` means a temporary overload of the model backend. As the
 * runtime reports them: `serverOverloaded`; `internalServerError`, which is how it reports an HTTP
 * 500 (worded "We're currently experiencing high demand"); and `httpConnectionFailed` with status
 * 502, 503 or 504. Not `responseTooManyFailedAttempts` (429 and other statuses after the runtime's
 * own retries: retrying on top multiplies the load) nor anything else.
 */
function isRetryableTurnError(info: unknown): boolean {
  if (isOverloadedData(info) || info === "internalServerError") return true;
  if (typeof info !== "object" || info === null || !("httpConnectionFailed" in info)) return false;
  const failed: unknown = info.httpConnectionFailed;
  if (typeof failed !== "object" || failed === null || !("httpStatusCode" in failed)) return false;
  const status: unknown = failed.httpStatusCode;
  return typeof status === "number" && UNAVAILABLE_STATUSES.has(status);
}

/**
 * Calls `op` until it succeeds, retrying with exponential backoff and jitter while it fails with a
 * retryable error (by default {@link isRetryableError}: the server is overloaded).
 *
 * `op` receives the 1-based attempt number. Before attempt `n + 1` the loop sleeps
 * `clamp(base ± uniform(jitterRatio * base), 0, maxDelayMs)` with `base = min(maxDelayMs, d)`,
 * where `d` starts at `initialDelayMs` and doubles after every retry (also capped at `maxDelayMs`),
 * rounded to whole milliseconds: with the defaults about 250 ms, then 500 ms, each ±20 %. A zero
 * delay does not sleep.
 *
 * The promise resolves with the first successful result. It rejects with the error exactly as
 * thrown (same object, no wrapping) when that error is not retryable or when it came from the last
 * attempt; with an `AbortError` when `signal` aborts before an attempt or during a sleep (an abort
 * during a sleep clears its timer and rejects at once); and with an `InvalidArgumentError` naming
 * the option when an option is invalid (before `op` is called).
 *
 * @param op the operation; may return a value or a promise, and may throw synchronously
 * @param options attempts, delays, cancellation and hooks; see {@link RetryOptions}
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const thread = await retryOnOverload(() => codex.threadStart({ model: "gpt-5.4" }), {
 *   maxAttempts: 5,
 *   signal: controller.signal,
 *   onRetry: ({ attempt, delayMs, error }) =>
 *     console.warn(`attempt ${attempt} failed (${String(error)}), retrying in ${delayMs} ms`),
 * });
 * ```
 */
export async function retryOnOverload<T>(
  op: (attempt: number) => Promise<T> | T,
  options: RetryOptions = {},
): Promise<T> {
  if (typeof op !== "function") {
    throw invalid("op", `op must be a function, got ${describe(op)}`);
  }
  const opts = resolveOptions(options);
  const { signal } = opts;
  let delay = opts.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortErrorFrom(signal);
    try {
      return await op(attempt);
    } catch (error) {
      if (attempt >= opts.maxAttempts || !opts.isRetryable(error)) throw error;
      if (signal?.aborted) throw abortErrorFrom(signal);
      const delayMs = backoffDelay(delay, opts.maxDelayMs, opts.jitterRatio);
      opts.onRetry?.({ attempt, delayMs, error });
      if (delayMs > 0) await sleep(delayMs, signal, abortErrorFrom);
      delay = clampDelay(Math.min(opts.maxDelayMs, delay * 2));
    }
  }
}

function backoffDelay(delay: number, maxDelayMs: number, jitterRatio: number): number {
  const base = Math.min(maxDelayMs, delay);
  const jitter = base * jitterRatio * (Math.random() * 2 - 1);
  // Whole milliseconds, because that is what setTimeout waits (it truncates); onRetry then reports
  // the delay that really happens.
  // A delay beyond what setTimeout can wait (maxDelayMs may be Infinity) waits that longest delay.
  return clampDelay(Math.min(Math.floor(maxDelayMs), Math.round(Math.max(0, base + jitter))));
}

interface ResolvedOptions {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  jitterRatio: number;
  signal: AbortSignal | undefined;
  isRetryable: (error: unknown) => boolean;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

function resolveOptions(options: RetryOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw invalid("options", `options must be an object, got ${describe(options)}`);
  }
  const maxAttempts = numberOption("maxAttempts", options.maxAttempts, DEFAULT_MAX_ATTEMPTS);
  if (!(Number.isInteger(maxAttempts) || maxAttempts === Infinity) || maxAttempts < 1) {
    throw invalid(
      "maxAttempts",
      `options.maxAttempts must be an integer >= 1 (or Infinity), got ${maxAttempts}`,
    );
  }
  const initialDelayMs = prefixed(() =>
    duration("options.initialDelayMs", options.initialDelayMs, DEFAULT_INITIAL_DELAY_MS, {
      allowInfinity: false,
    }),
  );
  const maxDelayMs = prefixed(() => duration("options.maxDelayMs", options.maxDelayMs, DEFAULT_MAX_DELAY_MS));
  const jitterRatio = numberOption("jitterRatio", options.jitterRatio, DEFAULT_JITTER_RATIO);
  if (!(jitterRatio >= 0 && jitterRatio <= 1)) {
    throw invalid("jitterRatio", `options.jitterRatio must be between 0 and 1, got ${jitterRatio}`);
  }
  const { isRetryable, onRetry } = options;
  const signal = prefixed(() => optionalAbortSignal("options.signal", options.signal));
  if (isRetryable !== undefined && typeof isRetryable !== "function") {
    throw invalid("isRetryable", `options.isRetryable must be a function, got ${describe(isRetryable)}`);
  }
  if (onRetry !== undefined && typeof onRetry !== "function") {
    throw invalid("onRetry", `options.onRetry must be a function, got ${describe(onRetry)}`);
  }
  return {
    maxAttempts,
    initialDelayMs,
    maxDelayMs,
    jitterRatio,
    signal,
    isRetryable: isRetryable ?? isRetryableError,
    onRetry,
  };
}

function invalid(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`retryOnOverload: ${message}`, { argument });
}

/** Runs a shared check, naming retryOnOverload in its message. */
function prefixed<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw invalid(error.argument.replace(/^options\./, ""), error.message);
  }
}

function numberOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") {
    throw invalid(name, `options.${name} must be a number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
