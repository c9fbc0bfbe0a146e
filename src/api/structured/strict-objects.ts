/**
 * Closing an object schema the strict-mode way: every property listed in `required`, no other
 * property allowed, and each optional property made nullable (and remembered in `w.nullable`, so
 * the parser can turn its `null` back into absence).
 *
 * @module
 */
import { entries, escapePointer, isObject, setOwn, typesOf, type JsonObject, type Schema } from "./schema-nodes.js";
import { resolveLocalRef } from "./schema-refs.js";
import { walk } from "./strict-schema.js";
import { report, STRICT_LIMITS, type Walk } from "./strict-rules.js";

/**
 * Adds `properties` (each walked), `required` (all of them) and `additionalProperties: false` to
 * `out`, the strict copy of the object schema `node` at nesting `depth`. `props` and `required` are
 * the node's, read once by the caller.
 */
export function closeObject(
  node: Schema,
  props: unknown,
  required: unknown,
  path: string,
  depth: number,
  w: Walk,
  out: JsonObject,
): void {
  const level = depth + 1;
  if (level === STRICT_LIMITS.nesting + 1) {
    report(
      w,
      path,
      `objects are nested more than ${STRICT_LIMITS.nesting} levels deep; strict mode allows ${STRICT_LIMITS.nesting}`,
    );
  }
  const open = ["additionalProperties", "patternProperties", "propertyNames"].some(
    (k) => node[k] !== undefined,
  );
  if (props === undefined && !open) {
    report(
      w,
      path,
      "an object schema needs `properties` (strict mode closes every object, so this one would only accept `{}`; add `additionalProperties: false` if that is what you mean)",
    );
  }
  const requiredSet = requiredNames(required, props, path, w);
  const outProps: JsonObject = {};
  const made = new Set<string>();
  if (props !== undefined) {
    if (!isObject(props)) report(w, `${path}/properties`, "`properties` must be an object of schemas");
    else walkProperties(props, requiredSet, `${path}/properties`, level, w, outProps, made);
  }
  out["properties"] = outProps;
  out["required"] = Object.keys(outProps);
  out["additionalProperties"] = false;
  if (made.size > 0) w.nullable.set(out, made);
}

/** The names `required` lists (each checked against `properties`). */
function requiredNames(required: unknown, props: unknown, path: string, w: Walk): Set<string> {
  const requiredSet = new Set<string>();
  if (required === undefined) return requiredSet;
  if (!Array.isArray(required) || !required.every((r): r is string => typeof r === "string")) {
    report(w, `${path}/required`, "`required` must be an array of property names");
    return requiredSet;
  }
  for (const name of required) {
    if (!isObject(props) || !Object.hasOwn(props, name)) {
      report(w, `${path}/required`, `\`required\` lists ${JSON.stringify(name)}, which is not in \`properties\``);
    }
    requiredSet.add(name);
  }
  return requiredSet;
}

/** Walks each property into `outProps`, making the optional ones nullable (their names go to `made`). */
function walkProperties(
  props: Schema,
  requiredSet: ReadonlySet<string>,
  at: string,
  level: number,
  w: Walk,
  outProps: JsonObject,
  made: Set<string>,
): void {
  for (const [name, child] of entries(props)) {
    w.properties++;
    w.stringChars += name.length;
    let strict = walk(child, `${at}/${escapePointer(name)}`, level, w);
    if (!requiredSet.has(name) && !isNullable(child, w.root, 0)) {
      strict = makeNullable(strict);
      made.add(name);
    }
    setOwn(outProps, name, strict);
  }
}

/** A strict schema that also accepts `null`. */
function makeNullable(schema: JsonObject): JsonObject {
  const type = schema["type"];
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? (type as string[]) : undefined;
  const primitive = types !== undefined && types.every((t) => t !== "object" && t !== "array");
  if (schema["anyOf"] !== undefined || schema["$ref"] !== undefined || !primitive) {
    return { anyOf: [schema, { type: "null" }] };
  }
  const out: JsonObject = { ...schema, type: [...types, "null"] };
  if (Array.isArray(schema["enum"])) out["enum"] = [...schema["enum"], null];
  const constant = schema["const"];
  if (constant !== undefined) {
    out["enum"] = [constant, null];
    delete out["const"];
  }
  return out;
}

/** Whether an (original) schema already accepts `null`: then `null` keeps its meaning and stays. */
function isNullable(node: unknown, root: Schema, hops: number): boolean {
  if (!isObject(node) || hops > 32) return false;
  const ref = node["$ref"];
  if (typeof ref === "string") return isNullable(resolveLocalRef(root, ref), root, hops + 1);
  const types = typesOf(node["type"]);
  if (types?.includes("null")) return true;
  if (Array.isArray(node["enum"]) && node["enum"].includes(null)) return true;
  if (Object.hasOwn(node, "const") && node["const"] === null) return true;
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = node[keyword];
    if (Array.isArray(branches) && branches.some((b) => isNullable(b, root, hops + 1))) return true;
  }
  return false;
}
