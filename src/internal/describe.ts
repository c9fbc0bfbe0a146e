/**
 * Bounded, never-throwing previews of arbitrary values for error messages. Used by the error
 * classes and by argument validation, so it sits at the ground floor.
 *
 * @module
 */
import { isHighSurrogate } from "./unicode.js";

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
