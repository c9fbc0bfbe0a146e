/**
 * Argument checks of the runtime-control calls that `validation.ts` has no helper for: JSON values
 * (config writes), string lists (skill cwds, search roots, argv) and absolute paths. Each throws an
 * {@link InvalidArgumentError} naming the argument, before anything is sent: the app-server never
 * answers a request it cannot parse (a lone surrogate), and silently returns nothing for some bad
 * values (a relative search root).
 *
 * @module
 */
import { posix, win32 } from "node:path";

import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import {
  describeValue,
  InvalidArgumentError,
  loneSurrogateIndex,
  nonEmptyString,
  surrogateMessage,
} from "../validation.js";

/** Deeper values are refused: config values are small tables, and recursion must stay bounded. */
const MAX_JSON_DEPTH = 64;

function fail(name: string, what: string, value: unknown): never {
  throw new InvalidArgumentError(`${name} ${what}; got ${describeValue(value)}`, { argument: name });
}

/** `value` when it is a well-formed string (empty allowed). */
export function wellFormedString(name: string, value: unknown): string {
  if (typeof value !== "string") fail(name, "must be a string", value);
  const bad = loneSurrogateIndex(value);
  if (bad >= 0) throw new InvalidArgumentError(`${name} ${surrogateMessage(bad)}`, { argument: name });
  return value;
}

/**
 * `value` when it is JSON as the protocol carries it: `null`, booleans, finite numbers, well-formed
 * strings, arrays and plain objects of those, without cycles, at most 64 levels deep.
 */
export function jsonValue(name: string, value: unknown): JsonValue {
  check(name, value, 0, []);
  return value as JsonValue;
}

function check(path: string, value: unknown, depth: number, seen: object[]): void {
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(path, "must be a finite number (JSON has no NaN or Infinity)", value);
    return;
  }
  if (typeof value === "string") {
    wellFormedString(path, value);
    return;
  }
  if (typeof value !== "object")
    fail(path, "must be a JSON value (null, boolean, number, string, array or plain object)", value);
  if (depth >= MAX_JSON_DEPTH) fail(path, `must be at most ${MAX_JSON_DEPTH} levels deep`, value);
  if (seen.includes(value))
    fail(path, "must not contain itself (a cycle cannot be sent as JSON)", "[Circular]");
  seen.push(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => check(`${path}[${i}]`, item, depth + 1, seen));
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      fail(path, "must be a plain object, an array or a primitive", value);
    for (const [key, item] of Object.entries(value)) {
      wellFormedString(`${path} key`, key);
      check(`${path}.${key}`, item, depth + 1, seen);
    }
  }
  seen.pop();
}

/** `value` when it is an array of non-empty, well-formed strings (`allowEmpty` for an empty array). */
export function stringList(name: string, value: unknown, rule: { allowEmpty?: boolean } = {}): string[] {
  if (!Array.isArray(value)) fail(name, "must be an array of strings", value);
  if (value.length === 0 && rule.allowEmpty !== true) fail(name, "must not be empty", value);
  return value.map((item: unknown, i) => nonEmptyString(`${name}[${i}]`, item));
}

/**
 * `value` when it is an absolute path (POSIX or Windows: the app-server may run on another host).
 */
export function absolutePath(name: string, value: unknown): string {
  const path = nonEmptyString(name, value);
  if (!posix.isAbsolute(path) && !win32.isAbsolute(path)) {
    fail(name, "must be an absolute path (the app-server resolves nothing against its own cwd here)", path);
  }
  return path;
}
