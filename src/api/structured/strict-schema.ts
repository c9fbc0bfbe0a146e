/**
 * Conversion of an output schema to the subset of JSON Schema that OpenAI's strict mode accepts:
 * every object closed with all its properties required, optional properties made nullable (and
 * remembered, so the parser can turn their nulls back into absence), unsupported constructs
 * rejected with the JSON path of each. docs/structured-output.md lists the subset.
 *
 * This file walks the schema and dispatches: keywords are checked in `strict-keywords.ts`, objects
 * closed in `strict-objects.ts`, references resolved in `schema-refs.ts`, and strict mode's limits
 * and keyword tables are in `strict-rules.ts`.
 *
 * @module
 */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import { UnsupportedSchemaError, type JsonSchema } from "./output-schema.js";
import { describeError, describeValue, InvalidArgumentError } from "../validation.js";
import { entries, escapePointer, isObject, setOwn, typesOf, type JsonObject, type Schema } from "./schema-nodes.js";
import { isSupportedRef, refCycle, resolveLocalRef } from "./schema-refs.js";
import { walkKeyword, type KeywordSite } from "./strict-keywords.js";
import { closeObject } from "./strict-objects.js";
import { DROPPED, report, reportTotals, type Walk } from "./strict-rules.js";

/** Which properties of which (strict) object schemas were made nullable by the SDK. */
type NullableProps = Map<object, ReadonlySet<string>>;

/** The strict schema, and which properties the conversion made nullable. */
export interface Strictified {
  readonly schema: JsonObject;
  readonly nullable: NullableProps;
}

/**
 * Converts a JSON Schema to one OpenAI's strict structured-output mode accepts: every object gets
 * `additionalProperties: false` and lists all its properties in `required`; a property that was
 * optional becomes nullable (`type: [..., "null"]`, or `anyOf` with `{ "type": "null" }`); annotations
 * that do not constrain values (`$schema`, `default`, `examples`, …) are dropped. Throws an
 * {@link UnsupportedSchemaError} naming the JSON path of every construct strict mode does not
 * support. The input is not modified. (`thread.run()` and `thread.turn()` do this for you; this is
 * for looking at what is sent.)
 *
 * @example
 * ```ts
 * toStrictJsonSchema({ type: "object", properties: { a: { type: "string" } } });
 * // { type: "object", properties: { a: { type: ["string", "null"] } }, required: ["a"], additionalProperties: false }
 * ```
 */
export function toStrictJsonSchema(schema: JsonSchema): { [key: string]: JsonValue } {
  return strictify(schema).schema;
}

/** @internal {@link toStrictJsonSchema}, plus which properties it made nullable. */
export function strictify(schema: unknown, argument = "outputSchema"): Strictified {
  if (!isObject(schema)) {
    throw new InvalidArgumentError(
      `${argument} must be a JSON Schema object or a Standard Schema (such as a zod schema), got ${describeValue(schema)}`,
      { argument },
    );
  }
  const w: Walk = {
    root: schema,
    problems: [],
    seenProblems: new Set(),
    nullable: new Map(),
    active: new Set(),
    inlining: new Set(),
    quiet: 0,
    properties: 0,
    enumValues: 0,
    stringChars: 0,
  };
  let out: JsonObject;
  try {
    out = walkRoot(schema, w);
  } catch (error) {
    // A getter or Proxy trap that throws, or a structure too deep for the stack.
    throw new InvalidArgumentError(
      `${argument} could not be read as a JSON Schema (${describeError(error)})`,
      {
        argument,
        cause: error,
      },
    );
  }
  reportTotals(w);
  if (w.problems.length > 0) throw new UnsupportedSchemaError(w.problems, argument);
  return { schema: out, nullable: w.nullable };
}

function walkRoot(root: Schema, w: Walk): JsonObject {
  if (root["$ref"] !== undefined) {
    report(w, "#/$ref", 'the root must be an object schema (`type: "object"`), not a `$ref`');
  }
  if (root["anyOf"] !== undefined || root["oneOf"] !== undefined) {
    const keyword = root["anyOf"] !== undefined ? "anyOf" : "oneOf";
    report(w, `#/${keyword}`, `the root must be an object schema (\`type: "object"\`), not \`${keyword}\``);
  }
  const composed = root["$ref"] !== undefined || root["anyOf"] !== undefined || root["oneOf"] !== undefined;
  if (!composed && root["type"] !== "object") {
    report(
      w,
      "#",
      `the root must be an object schema (\`type: "object"\`), got type ${describeValue(root["type"], 60)}`,
    );
  }
  const out = walk(root, "#", 0, w, true);
  for (const keyword of ["$defs", "definitions"] as const) {
    const defs = root[keyword];
    if (defs === undefined) continue;
    const path = `#/${keyword}`;
    if (!isObject(defs)) {
      report(w, path, `\`${keyword}\` must be an object of schemas`);
      continue;
    }
    const walked: JsonObject = {};
    for (const [name, def] of entries(defs)) {
      w.stringChars += name.length;
      setOwn(walked, name, walk(def, `${path}/${escapePointer(name)}`, 0, w, false));
    }
    out[keyword] = walked;
  }
  return out;
}

/** Walks one schema node (at JSON path `path`, inside `depth` objects) into its strict copy. */
export function walk(node: unknown, path: string, depth: number, w: Walk, isRoot = false): JsonObject {
  if (typeof node === "boolean") {
    report(
      w,
      path,
      node
        ? "`true` accepts any value; strict mode needs a typed schema"
        : "`false` accepts no value; strict mode does not support it",
    );
    return {};
  }
  if (!isObject(node)) {
    report(w, path, `expected a schema object, got ${describeValue(node, 60)}`);
    return {};
  }
  if (w.active.has(node)) {
    report(w, path, "the schema object contains itself; express recursion with `$defs` and `$ref`");
    return {};
  }
  w.active.add(node);
  try {
    return walkObject(node, path, depth, w, isRoot);
  } finally {
    w.active.delete(node);
  }
}

function walkObject(node: Schema, path: string, depth: number, w: Walk, isRoot: boolean): JsonObject {
  const fields = entries(node);
  const ref = node["$ref"];
  if (ref !== undefined && !isRoot) return walkRef(node, ref, fields, path, depth, w);

  const out: JsonObject = {};
  const types = typesOf(node["type"]);
  const site: KeywordSite = { node, out, types, depth, isRoot, w };
  let hasShape = false;
  for (const [key, value] of fields) {
    if (DROPPED.has(key)) continue;
    if (walkKeyword(site, key, value, `${path}/${escapePointer(key)}`)) hasShape = true;
  }

  const isObjectType = types?.includes("object") ?? false;
  const isArrayType = types?.includes("array") ?? false;
  if (!hasShape) {
    report(
      w,
      path,
      "the schema has no `type` (so it would accept any value); strict mode needs `type`, `enum`, `const`, `anyOf` or `$ref`",
    );
  }
  if (isArrayType && node["items"] === undefined) {
    report(w, path, "an array schema needs `items` (strict mode has no untyped arrays)");
  }
  const props = node["properties"];
  const required = node["required"];
  if (!isObjectType) {
    if (props !== undefined || required !== undefined) {
      report(
        w,
        `${path}/${props !== undefined ? "properties" : "required"}`,
        '`properties`/`required` on a schema whose `type` does not include "object"',
      );
    }
    return out;
  }
  closeObject(node, props, required, path, depth, w, out);
  return out;
}

/** `{ $ref }`: kept as is; with sibling annotations, the definition is inlined (strict mode ignores or rejects siblings of `$ref`). */
function walkRef(
  node: Schema,
  ref: unknown,
  fields: Array<[string, unknown]>,
  path: string,
  depth: number,
  w: Walk,
): JsonObject {
  const at = `${path}/$ref`;
  if (typeof ref !== "string") {
    report(w, at, "`$ref` must be a string");
    return {};
  }
  const target = resolveLocalRef(w.root, ref);
  if (target === undefined) {
    report(
      w,
      at,
      isSupportedRef(ref)
        ? `\`$ref\` ${JSON.stringify(ref)} does not resolve to a definition in this schema`
        : `\`$ref\` ${JSON.stringify(ref)} is not supported; strict mode resolves only "#", "#/$defs/<name>" and "#/definitions/<name>" (no external references)`,
    );
    return {};
  }
  const cycle = refCycle(w.root, ref);
  if (cycle !== undefined) {
    // `A: { $ref: A }` (or A -> B -> A) describes no value at all; converting it would drop the
    // reference and leave an untyped schema. Recursion through a real schema (a tree node whose
    // children are `$ref`s to it) never lands here and is kept as a `$ref`.
    report(w, at, `\`$ref\` ${JSON.stringify(ref)} never reaches a schema, only a cycle of references (${cycle.join(" -> ")})`);
    return {};
  }
  const siblings: JsonObject = {};
  for (const [key, value] of fields) {
    if (key === "$ref" || DROPPED.has(key)) continue;
    if ((key === "title" || key === "description") && typeof value === "string") siblings[key] = value;
    else
      report(
        w,
        `${path}/${escapePointer(key)}`,
        `\`${key}\` next to \`$ref\` is not supported; move it into the definition`,
      );
  }
  if (Object.keys(siblings).length === 0) return { $ref: ref };
  if (w.inlining.has(ref) || !isObject(target) || w.active.has(target)) {
    // Recursion (a reference to a definition being walked or inlined on this path): inlining would
    // not end, so the `$ref` stays and the annotations beside it are dropped.
    return { $ref: ref };
  }
  // The definition is checked (and reported) at its own path; its inlined copy is checked quietly.
  w.inlining.add(ref);
  w.quiet++;
  try {
    // Mutated rather than copied: the object is a key of w.nullable.
    return Object.assign(walk(target, path, depth, w), siblings);
  } finally {
    w.quiet--;
    w.inlining.delete(ref);
  }
}
