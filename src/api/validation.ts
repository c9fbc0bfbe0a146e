/**
 * Argument validation shared by the high-level API: the two error classes for bad arguments and
 * small helpers that check an option and build a clear message. Validation happens before anything
 * is sent, because the app-server accepts many bad values silently (an empty input list, a missing
 * image file) and never answers a request whose JSON it cannot parse (a lone UTF-16 surrogate in
 * any string), so a bad value would otherwise become a confusing turn or a hang.
 *
 * Every helper here is total: whatever it is given (symbols, cyclic objects, getters or Proxy
 * traps that throw, huge strings) it returns or throws an {@link InvalidArgumentError}, never
 * anything else.
 *
 * @module
 */

import {
  InvalidArgumentError,
  InvalidInputError,
  type InvalidArgumentErrorOptions,
  type InvalidInputErrorOptions,
} from "../errors.js";
import { describeError, describeValue, truncate } from "../internal/describe.js";
import { loneSurrogateIndex } from "../internal/unicode.js";

export {
  describeError,
  describeValue,
  InvalidArgumentError,
  InvalidInputError,
  loneSurrogateIndex,
  truncate,
  type InvalidArgumentErrorOptions,
  type InvalidInputErrorOptions,
};

/** How {@link oneOf} names the allowed values and recognizes near misses. */
export interface OneOfOptions<T extends string> {
  /** How each allowed value is shown in the message, e.g. `Sandbox.read_only ("read-only")`. */
  labels?: Readonly<Record<T, string>>;
  /**
   * Near misses, keyed by their normalized form (lowercase, without `-`, `_` and spaces), mapped to
   * the allowed value to suggest. Allowed values themselves are always recognized.
   */
  aliases?: Readonly<Record<string, T>>;
}

/**
 * Returns `value` when it is one of `allowed`; otherwise throws an {@link InvalidArgumentError}
 * that lists the allowed values, shows the given one and, for a near miss (other casing or
 * separators, or a known alias), suggests the intended value.
 *
 * @example
 * ```ts
 * const effort = oneOf("effort", options.effort, ["low", "medium", "high"] as const);
 * // oneOf("effort", "HIGH", [...]) throws:
 * // effort must be one of: "low", "medium", "high"; got "HIGH" (did you mean "high"?)
 * ```
 */
export function oneOf<const T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  options: OneOfOptions<T> = {},
): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const label = (v: T): string => options.labels?.[v] ?? JSON.stringify(v);
  const suggestion = suggest(value, allowed, options.aliases);
  const hint = suggestion === undefined ? "" : ` (did you mean ${label(suggestion)}?)`;
  throw new InvalidArgumentError(
    `${name} must be one of: ${allowed.map(label).join(", ")}; got ${describeValue(value)}${hint}`,
    { argument: name },
  );
}

/**
 * Like {@link oneOf}, but `undefined` (the option was omitted) is returned as is.
 *
 * @example
 * ```ts
 * const summary = optionalOneOf("summary", options.summary, ["auto", "concise", "detailed", "none"] as const);
 * ```
 */
export function optionalOneOf<const T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  options?: OneOfOptions<T>,
): T | undefined {
  return value === undefined ? undefined : oneOf(name, value, allowed, options);
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The allowed value a near miss was probably meant to be: the same letters in other casing or with
 * other separators (`"Read_Only"` for `"read-only"`), a key of `aliases` in normalized form
 * (lowercase, without `-`, `_` and spaces), or the one allowed value within a small edit distance
 * (a typo). `undefined` when there is no single good guess.
 *
 * @example
 * ```ts
 * suggest("LOCAL_IMAGE", ["text", "localImage"]); // "localImage"
 * suggest("never", ["deny_all", "auto_review"], { never: "deny_all" }); // "deny_all"
 * suggest("imag", ["text", "image"]); // "image"
 * ```
 */
export function suggest<T extends string>(
  value: unknown,
  allowed: readonly T[],
  aliases?: Readonly<Record<string, T>>,
): T | undefined {
  if (typeof value !== "string" || value.length > 100) return undefined;
  const key = normalize(value);
  const direct = allowed.find((a) => normalize(a) === key);
  if (direct !== undefined) return direct;
  if (aliases !== undefined && Object.hasOwn(aliases, key)) return aliases[key];
  const maxDistance = key.length <= 4 ? 1 : 2;
  const close = allowed.filter((a) => editDistance(key, normalize(a)) <= maxDistance);
  return close.length === 1 ? close[0] : undefined;
}

/** Levenshtein distance; callers keep both strings short. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Returns `value` when it is a non-empty, well-formed string (no lone surrogate); otherwise throws
 * an {@link InvalidArgumentError} naming the argument.
 *
 * @example
 * ```ts
 * const name = nonEmptyString("name", input); // thread.setName(name)
 * ```
 */
export function nonEmptyString(name: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidArgumentError(`${name} must be a non-empty string; got ${describeValue(value)}`, {
      argument: name,
    });
  }
  const bad = loneSurrogateIndex(value);
  if (bad >= 0) {
    throw new InvalidArgumentError(`${name} ${surrogateMessage(bad)}`, { argument: name });
  }
  return value;
}

/**
 * Like {@link nonEmptyString}, but `undefined` (the option was omitted) is returned as is.
 *
 * @example
 * ```ts
 * const model = optionalNonEmptyString("model", options.model);
 * ```
 */
export function optionalNonEmptyString(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : nonEmptyString(name, value);
}

/**
 * Returns `value` when it is a boolean or `undefined`; otherwise throws an
 * {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * const includeTurns = optionalBoolean("includeTurns", options.includeTurns) ?? false;
 * ```
 */
export function optionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new InvalidArgumentError(`${name} must be a boolean; got ${describeValue(value)}`, {
    argument: name,
  });
}

/** Inclusive bounds for {@link optionalInteger}. */
export interface IntegerRange {
  min?: number;
  max?: number;
}

/**
 * Returns `value` when it is `undefined` or a safe integer within `range`; otherwise throws an
 * {@link InvalidArgumentError} that states the range.
 *
 * @example
 * ```ts
 * const limit = optionalInteger("limit", options.limit, { min: 1 });
 * const timeoutMs = optionalInteger("timeoutMs", options.timeoutMs, { min: 0 });
 * ```
 */
export function optionalInteger(name: string, value: unknown, range: IntegerRange = {}): number | undefined {
  if (value === undefined) return undefined;
  const { min, max } = range;
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    (min !== undefined && value < min) ||
    (max !== undefined && value > max)
  ) {
    const bounds = [min === undefined ? "" : ` >= ${min}`, max === undefined ? "" : ` <= ${max}`]
      .filter((s) => s !== "")
      .join(" and");
    throw new InvalidArgumentError(`${name} must be an integer${bounds}; got ${describeValue(value)}`, {
      argument: name,
    });
  }
  return value;
}

/**
 * The shared wording for a string with a lone surrogate at `index` (see {@link loneSurrogateIndex}).
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError(`name ${surrogateMessage(4)}`, { argument: "name" });
 * ```
 */
export function surrogateMessage(index: number): string {
  return (
    `contains a lone UTF-16 surrogate at index ${index}, which the app-server cannot parse ` +
    `(it would never answer the request); repair the string, e.g. with String.prototype.toWellFormed()`
  );
}
