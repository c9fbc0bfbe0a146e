/**
 * The one validator of every duration, size and `signal` option of the SDK, and the timer helper
 * that gives durations their meaning. Used by every layer (transports, the JSON-RPC connection, the
 * high-level API, retry, the testing kit), so it depends on nothing but the error classes.
 *
 * The rules, documented once here and referred to by each option:
 * - a duration is a number of milliseconds, not `NaN`, not negative (some options also refuse `0`);
 * - `Infinity` means "no limit" where a limit can be lifted (timeouts, caps); any value above
 *   {@link MAX_TIMER_MS} (about 24.8 days) means the same, because Node's `setTimeout` cannot wait
 *   longer (it fires at once, with a `TimeoutOverflowWarning`) and no caller means "time out after a
 *   month" differently from "never";
 * - a size is a whole number of bytes, at least 1, or `Infinity` for no cap;
 * - anything else is an {@link InvalidArgumentError} naming the option.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { isAbortSignal } from "./guards.js";

/** The longest delay Node's `setTimeout` honours (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** How a duration option is checked. */
export interface DurationRule {
  /** Whether `0` is allowed. Default `true`. */
  allowZero?: boolean;
  /** Whether `Infinity` (no limit) is allowed. Default `true`. */
  allowInfinity?: boolean;
}

/**
 * `value` when it is `undefined` or a valid duration in milliseconds under `rule`; otherwise an
 * {@link InvalidArgumentError} naming `name` and saying what is accepted.
 */
export function optionalDuration(name: string, value: unknown, rule: DurationRule = {}): number | undefined {
  if (value === undefined) return undefined;
  const allowZero = rule.allowZero ?? true;
  const allowInfinity = rule.allowInfinity ?? true;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (allowZero ? value >= 0 : value > 0) &&
    (allowInfinity || Number.isFinite(value));
  if (ok) return value;
  const lower = allowZero ? ">= 0" : "> 0";
  const infinity = allowInfinity ? ", or Infinity for no limit" : " (finite)";
  throw new InvalidArgumentError(
    `${name} must be a number of milliseconds ${lower}${infinity}; got ${brief(value)}`,
    { argument: name },
  );
}

/** Like {@link optionalDuration}, with `fallback` for `undefined`. */
export function duration(name: string, value: unknown, fallback: number, rule?: DurationRule): number {
  return optionalDuration(name, value, rule) ?? fallback;
}

/**
 * `value` when it is `undefined`, a whole number of bytes >= 1, or `Infinity` (no cap); otherwise
 * an {@link InvalidArgumentError} naming `name`.
 */
export function optionalByteSize(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && (Number.isSafeInteger(value) || value === Infinity) && value >= 1) {
    return value;
  }
  throw new InvalidArgumentError(
    `${name} must be a whole number of bytes >= 1, or Infinity for no limit; got ${brief(value)}`,
    { argument: name },
  );
}

/**
 * Whether `ms` is a limit a timer can enforce: finite and at most {@link MAX_TIMER_MS}. Larger
 * values and `Infinity` mean "no limit": no timer is set at all.
 */
export function isTimerLimit(ms: number): boolean {
  return Number.isFinite(ms) && ms <= MAX_TIMER_MS;
}

/**
 * `setTimeout(fn, ms)` for a validated duration, or `undefined` (no timer) when `ms` means no limit
 * (see {@link isTimerLimit}). Clear the result with `clearTimeout` as usual (`undefined` is fine).
 */
export function limitTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> | undefined {
  return isTimerLimit(ms) ? setTimeout(fn, ms) : undefined;
}

/**
 * `ms` clamped to what `setTimeout` can wait, for delays that must end (a backoff sleep): a delay
 * beyond {@link MAX_TIMER_MS} waits that long instead of firing at once.
 */
export function clampDelay(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}

/**
 * `value` when it is `undefined` or an `AbortSignal`; otherwise an {@link InvalidArgumentError}
 * naming `name` (a raw `TypeError` from `addEventListener` would not say which option was wrong).
 */
export function optionalAbortSignal(name: string, value: unknown): AbortSignal | undefined {
  if (value === undefined || isAbortSignal(value)) return value;
  throw new InvalidArgumentError(
    `${name} must be an AbortSignal (e.g. AbortSignal.timeout(ms) or an AbortController's signal); got ${brief(value)}`,
    { argument: name },
  );
}

/** A short description of a rejected option value (numbers and short strings as they are). */
function brief(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "string":
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case "object":
      return Array.isArray(value) ? "an array" : "an object";
    default:
      return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
  }
}
