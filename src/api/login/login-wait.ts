/**
 * The options of a login handle's `wait()`, checked where the handle is (login handles are public
 * classes, loaded at import; the router they wait on loads with the deferred modules).
 *
 * @module
 */
import { isRecord } from "../../internal/guards.js";
import { optionalAbortSignal, optionalDuration } from "../../internal/limits.js";
import { describeValue, InvalidArgumentError } from "../validation.js";

/**
 * Options of a login handle's `wait()`.
 *
 * @example
 * ```ts
 * const done = await login.wait({ signal: AbortSignal.timeout(60_000) });
 * const quick = await login.wait({ timeoutMs: 5_000 }); // rejects with a TimeoutError after 5 s
 * ```
 */
export interface LoginWaitOptions {
  /** Stops waiting (rejects with an `AbortError`); the login itself stays pending on the server. */
  signal?: AbortSignal | undefined;
  /**
   * Rejects with a `TimeoutError` after this many milliseconds (`>= 0`). Default, `Infinity` and
   * anything above 2^31 - 1 ms (about 24.8 days): no limit.
   */
  timeoutMs?: number | undefined;
}

/** Checks the options of a login handle's `wait()`. */
export function waitOptions(options: unknown): LoginWaitOptions {
  if (options === undefined) return {};
  if (!isRecord(options)) {
    throw new InvalidArgumentError(`wait() options must be an object; got ${describeValue(options)}`, {
      argument: "options",
    });
  }
  const signal = optionalAbortSignal("signal", options["signal"]);
  const timeoutMs = optionalDuration("timeoutMs", options["timeoutMs"]);
  return { signal, timeoutMs };
}
