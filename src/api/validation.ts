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

import { InvalidArgumentError, type InvalidArgumentErrorOptions } from "../rpc/errors.js";

export { InvalidArgumentError, type InvalidArgumentErrorOptions };

/** Options of {@link InvalidInputError}. */
export interface InvalidInputErrorOptions extends InvalidArgumentErrorOptions {
  /** Position of the bad item when the input was an array. */
  index?: number | undefined;
}

/**
 * A turn input (`run`, `turn`, `steer`) was rejected before anything was sent: not a string, an
 * item or an array of items; an empty string or array; an item of unknown `type`; a missing or
 * empty field; or a local image that is not a readable regular file.
 *
 * @example
 * ```ts
 * try {
 *   await thread.run([{ type: "imag", url: "data:..." }] as unknown as RunInput);
 * } catch (e) {
 *   if (e instanceof InvalidInputError) console.error(e.index, e.message); // 0, input[0] has unknown type "imag"; ...
 * }
 * ```
 */
export class InvalidInputError extends InvalidArgumentError {
  override name = "InvalidInputError";
  /** Position of the bad item in an array input; `undefined` for a single item or the whole input. */
  readonly index: number | undefined;
  constructor(message: string, options?: InvalidInputErrorOptions) {
    super(message, { argument: "input", ...options });
    this.index = options?.index;
  }
}

const DEFAULT_PREVIEW = 200;
const MAX_DEPTH = 3;
const MAX_ENTRIES = 8;

/**
 * A short, single-line, JSON-like preview of any value for an error message, at most `maxLength`
 * characters (plus an ellipsis). Never throws: unreadable parts (throwing getters, revoked
 * proxies) print as `<unreadable>`, cycles as `[Circular]`, and the work done is bounded by
 * `maxLength`, not by the size of the value.
 *
 * @example
 * ```ts
 * describeValue({ type: "imag", url: "x".repeat(10_000) }, 40); // '{"type":"imag","url":"xxxxxxxxxxxxxxxxxxxx…'
 * describeValue(Symbol("s")); // 'Symbol(s)'
 * ```
 */
export function describeValue(value: unknown, maxLength = DEFAULT_PREVIEW): string {
  const limit = Number.isFinite(maxLength) && maxLength > 0 ? Math.floor(maxLength) : DEFAULT_PREVIEW;
  let text: string;
  try {
    text = preview(value, limit, 0, []);
  } catch {
    text = "<unreadable>";
  }
  return truncate(text, limit);
}

/**
 * `text` cut to at most `maxLength` characters plus an ellipsis, never splitting a surrogate pair
 * (so a message built from it stays well-formed).
 *
 * @example
 * ```ts
 * truncate("abcdef", 3); // "abc…"
 * ```
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const end = isHighSurrogate(text.charCodeAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return `${text.slice(0, Math.max(0, end))}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function preview(value: unknown, budget: number, depth: number, seen: object[]): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > budget ? value.slice(0, budget + 1) : value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "undefined":
      return "undefined";
    case "function": {
      const name = attempt((): unknown => (value as { name?: unknown }).name, "");
      return `[Function ${typeof name === "string" && name !== "" ? truncate(name, 40) : "(anonymous)"}]`;
    }
    case "object":
      return value === null ? "null" : previewObject(value, budget, depth, seen);
    default:
      return String(value);
  }
}

function previewObject(value: object, budget: number, depth: number, seen: object[]): string {
  if (seen.includes(value)) return "[Circular]";
  const isArray = attempt(() => Array.isArray(value), undefined);
  if (isArray === undefined) return "<unreadable>";
  if (ArrayBuffer.isView(value)) return `[${tagOf(value)}]`;
  if (value instanceof Date) return attempt(() => JSON.stringify(value.toISOString()), "[Invalid Date]");
  if (value instanceof Map || value instanceof Set) return `[${tagOf(value)}(${value.size})]`;
  if (depth >= MAX_DEPTH) return isArray ? "[…]" : "{…}";
  const keys = isArray ? null : attempt(() => Object.keys(value), null);
  if (!isArray && keys === null) return "<unreadable>";
  const length = isArray ? attempt(() => (value as unknown[]).length, 0) : (keys?.length ?? 0);
  const parts: string[] = [];
  let used = 2;
  seen.push(value);
  for (let i = 0; i < length && i < MAX_ENTRIES && used <= budget; i++) {
    const key = isArray ? i : (keys?.[i] ?? "");
    const item = attempt(
      () => preview((value as Record<string | number, unknown>)[key], budget - used, depth + 1, seen),
      "<unreadable>",
    );
    const part = isArray ? item : `${JSON.stringify(key)}:${item}`;
    parts.push(part);
    used += part.length + 1;
  }
  seen.pop();
  if (parts.length < length) parts.push("…");
  const body = parts.join(",");
  return isArray ? `[${body}]` : `${prefixOf(value)}{${body}}`;
}

function tagOf(value: object): string {
  return attempt(() => Object.prototype.toString.call(value).slice(8, -1), "object");
}

/** `Foo ` for class instances, nothing for plain and null-prototype objects. */
function prefixOf(value: object): string {
  return attempt(() => {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return "";
    const ctor: unknown = (proto as { constructor?: unknown }).constructor;
    const name: unknown = typeof ctor === "function" ? ctor.name : undefined;
    return typeof name === "string" && name !== "" ? `${name.slice(0, 40)} ` : "";
  }, "");
}

function attempt<T, F>(fn: () => T, fallback: F): T | F {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/**
 * The message of a caught error for use inside another message: the `message` of an `Error`
 * (bounded), or a preview of any other thrown value. Never throws, even for a hostile thrown value.
 *
 * @example
 * ```ts
 * try { fn(); } catch (e) { throw new InvalidArgumentError(`callback failed (${describeError(e)})`); }
 * ```
 */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) {
      const message: unknown = error.message;
      if (typeof message === "string" && message !== "") return truncate(message, 300);
    }
  } catch {
    // A hostile thrown value (a Proxy, a throwing getter): describe it instead.
  }
  return describeValue(error, 100);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Index of the first lone UTF-16 surrogate in `text`, or `-1` when `text` is well-formed. A lone
 * surrogate cannot be encoded as UTF-8: the app-server fails to parse such a request and never
 * answers it, so strings are checked before they are sent.
 *
 * @example
 * ```ts
 * loneSurrogateIndex("ok 😀"); // -1
 * loneSurrogateIndex("bad \uD800"); // 4
 * ```
 */
export function loneSurrogateIndex(text: string): number {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === "function" && native.call(text)) return -1;
  const match = LONE_SURROGATE.exec(text);
  return match === null ? -1 : match.index;
}

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
