/**
 * Schema nodes as the strict-mode conversion reads and builds them: their types, and the small
 * checks and accessors it applies to every node.
 *
 * @module
 */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import { isRecord } from "../../internal/guards.js";

/** A JSON object of the strict schema being built. */
export type JsonObject = { [key: string]: JsonValue };
/** A schema node as given. */
export type Schema = Readonly<Record<string, unknown>>;

/** The JSON Schema `type` names. */
export const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** {@link isRecord}, narrowed to a schema node. */
export function isObject(value: unknown): value is Schema {
  return isRecord(value);
}

export function isPrimitive(value: unknown): value is string | number | boolean | null {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** The own enumerable entries of a schema object, without `undefined` values (JSON drops them). */
export function entries(node: Schema): Array<[string, unknown]> {
  return Object.keys(node)
    .map((key): [string, unknown] => [key, node[key]])
    .filter(([, value]) => value !== undefined);
}

/** Defines `key` as an own data property, even `__proto__`. */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function typesOf(type: unknown): string[] | undefined {
  if (typeof type === "string") return TYPES.has(type) ? [type] : undefined;
  if (!Array.isArray(type) || type.length === 0) return undefined;
  if (!type.every((t): t is string => typeof t === "string" && TYPES.has(t))) return undefined;
  return new Set(type).size === type.length ? type : undefined;
}

/** `~` and `/` escaped as in a JSON Pointer (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
