/**
 * Conversion of an output schema to the subset of JSON Schema that OpenAI's strict mode accepts:
 * every object closed with all its properties required, optional properties made nullable (and
 * remembered, so the parser can turn their nulls back into absence), unsupported constructs
 * rejected with the JSON path of each. docs/structured-output.md lists the subset.
 *
 * @module
 */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import { UnsupportedSchemaError, type JsonSchema, type SchemaProblem } from "./output-schema.js";
import { isRecord } from "../../internal/guards.js";
import { describeError, describeValue, InvalidArgumentError } from "../validation.js";

// ---------------------------------------------------------------------------------------------
// Strict-mode conversion
// ---------------------------------------------------------------------------------------------

/** Limits of strict mode (OpenAI's structured-outputs guide). */
const STRICT_LIMITS = {
  /** Object properties in the whole schema. */
  properties: 5000,
  /** Levels of object nesting (the root object is level 1). */
  nesting: 10,
  /** Enum values in the whole schema. */
  enumValues: 1000,
  /** Characters of all property names, definition names, enum and const values together. */
  stringChars: 120_000,
  /** A single string enum of more than this many values… */
  largeEnumValues: 250,
  /** …may have at most this many characters in total. */
  largeEnumChars: 15_000,
} as const;

/** String formats strict mode supports. */
const FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
/** Annotations that do not constrain the value: dropped from the strict schema. */
const DROPPED = new Set([
  "$schema",
  "$comment",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

const OBJECT_ONLY = "strict-mode objects have a fixed set of properties, all required";
const UNSUPPORTED: Readonly<Record<string, string>> = {
  allOf: "composition with `allOf` is not supported in strict mode; merge the subschemas into one",
  not: "`not` is not supported in strict mode",
  if: "`if`/`then`/`else` is not supported in strict mode",
  then: "`if`/`then`/`else` is not supported in strict mode",
  else: "`if`/`then`/`else` is not supported in strict mode",
  dependentRequired: `\`dependentRequired\` is not supported: ${OBJECT_ONLY}`,
  dependentSchemas: `\`dependentSchemas\` is not supported: ${OBJECT_ONLY}`,
  dependencies: `\`dependencies\` is not supported: ${OBJECT_ONLY}`,
  patternProperties: `\`patternProperties\` is not supported: ${OBJECT_ONLY}`,
  propertyNames: `\`propertyNames\` is not supported: ${OBJECT_ONLY} (a record/map type cannot be expressed; use an array of key-value objects)`,
  unevaluatedProperties: `\`unevaluatedProperties\` is not supported: ${OBJECT_ONLY}`,
  minProperties: `\`minProperties\` is not supported: ${OBJECT_ONLY}`,
  maxProperties: `\`maxProperties\` is not supported: ${OBJECT_ONLY}`,
  prefixItems: "tuples (`prefixItems`) are not supported in strict mode; use an object with named properties",
  additionalItems: "`additionalItems` is not supported in strict mode (arrays take one `items` schema)",
  contains: "`contains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  minContains:
    "`minContains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  maxContains:
    "`maxContains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  uniqueItems:
    "`uniqueItems` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  unevaluatedItems:
    "`unevaluatedItems` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  minLength: "`minLength` is not supported in strict mode (strings support `pattern` and `format`)",
  maxLength: "`maxLength` is not supported in strict mode (strings support `pattern` and `format`)",
  contentEncoding:
    "`contentEncoding` is not supported in strict mode (strings support `pattern` and `format`)",
  contentMediaType:
    "`contentMediaType` is not supported in strict mode (strings support `pattern` and `format`)",
  contentSchema: "`contentSchema` is not supported in strict mode (strings support `pattern` and `format`)",
  nullable:
    'OpenAPI\'s `nullable` is not JSON Schema; use `type: ["…", "null"]` or `anyOf` with `{ "type": "null" }`',
};

/** A JSON object of the strict schema being built. */
export type JsonObject = { [key: string]: JsonValue };
/** A schema node as given. */
export type Schema = Readonly<Record<string, unknown>>;

/** Which properties of which (strict) object schemas were made nullable by the SDK. */
type NullableProps = Map<object, ReadonlySet<string>>;

export interface Strictified {
  readonly schema: JsonObject;
  readonly nullable: NullableProps;
}

interface Walk {
  readonly root: Schema;
  readonly problems: SchemaProblem[];
  readonly seenProblems: Set<string>;
  readonly nullable: Map<object, Set<string>>;
  /** Schema objects on the current path: a JS object graph cycle is reported, not followed. */
  readonly active: Set<object>;
  /** `$ref`s being inlined on the current path. */
  readonly inlining: Set<string>;
  /** > 0 while inlining a definition that is checked (and reported) at its own path. */
  quiet: number;
  properties: number;
  enumValues: number;
  stringChars: number;
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
  if (w.properties > STRICT_LIMITS.properties) {
    report(
      w,
      "#",
      `the schema has ${w.properties} object properties; strict mode allows at most ${STRICT_LIMITS.properties}`,
    );
  }
  if (w.enumValues > STRICT_LIMITS.enumValues) {
    report(
      w,
      "#",
      `the schema has ${w.enumValues} enum values; strict mode allows at most ${STRICT_LIMITS.enumValues}`,
    );
  }
  if (w.stringChars > STRICT_LIMITS.stringChars) {
    report(
      w,
      "#",
      `property names, definition names, enum and const values total ${w.stringChars} characters; strict mode allows at most ${STRICT_LIMITS.stringChars}`,
    );
  }
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

function walk(node: unknown, path: string, depth: number, w: Walk, isRoot = false): JsonObject {
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
  let hasShape = false;
  for (const [key, value] of fields) {
    const at = `${path}/${escapePointer(key)}`;
    if (DROPPED.has(key)) continue;
    switch (key) {
      case "$id":
        if (!isRoot) report(w, at, "`$id` is only supported at the root (where it is dropped)");
        break;
      case "$ref": // at the root: reported by walkRoot
        hasShape = true;
        break;
      case "$defs":
      case "definitions":
        if (!isRoot) report(w, at, `\`${key}\` is only supported at the root; move the definitions there`);
        break;
      case "title":
      case "description":
      case "pattern":
        if (typeof value === "string") out[key] = value;
        else report(w, at, `\`${key}\` must be a string`);
        break;
      case "type":
        hasShape = true;
        if (types === undefined) {
          report(
            w,
            at,
            `\`type\` must be one of ${[...TYPES].join(", ")} or an array of them, got ${describeValue(value, 60)}`,
          );
        } else out["type"] = Array.isArray(value) ? [...types] : (types[0] as string);
        break;
      case "enum":
        hasShape = true;
        if (!Array.isArray(value) || value.length === 0 || !value.every(isPrimitive)) {
          report(w, at, "`enum` must be a non-empty array of strings, numbers, booleans or null");
        } else {
          out["enum"] = [...value];
          countEnum(value, at, w);
        }
        break;
      case "const":
        hasShape = true;
        if (!isPrimitive(value)) report(w, at, "`const` must be a string, number, boolean or null");
        else {
          out["const"] = value;
          if (typeof value === "string") w.stringChars += value.length;
        }
        break;
      case "anyOf":
        hasShape = true;
        if (!Array.isArray(value) || value.length === 0)
          report(w, at, "`anyOf` must be a non-empty array of schemas");
        else if (!isRoot) out["anyOf"] = value.map((branch, i) => walk(branch, `${at}/${i}`, depth, w));
        break;
      case "oneOf":
        hasShape = true;
        if (!Array.isArray(value) || value.length === 0)
          report(w, at, "`oneOf` must be a non-empty array of schemas");
        else if (isRoot) break;
        else if (node["anyOf"] !== undefined) report(w, at, "`oneOf` next to `anyOf` is not supported");
        else if (!branchesExclusive(value, w)) {
          report(
            w,
            at,
            "`oneOf` is not supported in strict mode; use `anyOf` (the SDK converts `oneOf` only when its branches are mutually exclusive, e.g. objects told apart by a `const` discriminator property)",
          );
        } else out["anyOf"] = value.map((branch, i) => walk(branch, `${at}/${i}`, depth, w));
        break;
      case "properties":
      case "required":
        break; // below
      case "additionalProperties":
        if (value !== false) {
          report(
            w,
            at,
            `\`additionalProperties\` must be false (or absent): ${OBJECT_ONLY}${isObject(value) && Object.keys(value).length > 0 ? " (a record/map type cannot be expressed; use an array of key-value objects)" : ""}`,
          );
        }
        break;
      case "items":
        if (Array.isArray(value)) {
          report(
            w,
            at,
            "tuple-form `items` (an array) is not supported in strict mode; use an object with named properties",
          );
        } else if (value === false && node["prefixItems"] !== undefined) {
          report(w, at, "`items: false` closes a tuple; tuples are not supported in strict mode");
        } else out["items"] = walk(value, at, depth, w);
        break;
      case "minItems":
      case "maxItems":
        if (!isCount(value)) report(w, at, `\`${key}\` must be a non-negative integer`);
        else out[key] = value;
        break;
      case "format":
        if (typeof value !== "string" || !FORMATS.has(value)) {
          report(
            w,
            at,
            `format ${describeValue(value, 40)} is not supported in strict mode (supported: ${[...FORMATS].join(", ")}); drop it or use \`pattern\``,
          );
        } else out["format"] = value;
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        if (typeof value !== "number" || !Number.isFinite(value)) {
          report(
            w,
            at,
            `\`${key}\` must be a finite number${typeof value === "boolean" ? " (draft-04's boolean form is not supported)" : ""}`,
          );
        } else out[key] = value;
        break;
      case "multipleOf":
        if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
          report(w, at, "`multipleOf` must be a number greater than 0");
        } else out[key] = value;
        break;
      default:
        // A schema made of composition alone is reported for that, not also for lacking a type.
        if (key === "allOf" || key === "not" || key === "if") hasShape = true;
        report(w, at, UNSUPPORTED[key] ?? `\`${key}\` is not a keyword strict mode supports`);
    }
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

  // An object: closed, every property required, optional ones made nullable.
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
  const requiredSet = new Set<string>();
  if (required !== undefined) {
    if (!Array.isArray(required) || !required.every((r): r is string => typeof r === "string")) {
      report(w, `${path}/required`, "`required` must be an array of property names");
    } else {
      for (const name of required) {
        if (!isObject(props) || !Object.hasOwn(props, name)) {
          report(
            w,
            `${path}/required`,
            `\`required\` lists ${JSON.stringify(name)}, which is not in \`properties\``,
          );
        }
        requiredSet.add(name);
      }
    }
  }
  const outProps: JsonObject = {};
  const made = new Set<string>();
  if (props !== undefined) {
    if (!isObject(props)) report(w, `${path}/properties`, "`properties` must be an object of schemas");
    else {
      for (const [name, child] of entries(props)) {
        w.properties++;
        w.stringChars += name.length;
        let strict = walk(child, `${path}/properties/${escapePointer(name)}`, level, w);
        if (!requiredSet.has(name) && !isNullable(child, w.root, 0)) {
          strict = makeNullable(strict);
          made.add(name);
        }
        setOwn(outProps, name, strict);
      }
    }
  }
  out["properties"] = outProps;
  out["required"] = Object.keys(outProps);
  out["additionalProperties"] = false;
  if (made.size > 0) w.nullable.set(out, made);
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

/**
 * Whether no value matches two branches of a `oneOf` (so `anyOf` means the same): the branches
 * have pairwise disjoint types, or are objects with a required discriminator property whose
 * `const`/`enum` values are pairwise disjoint.
 */
function branchesExclusive(branches: readonly unknown[], w: Walk): boolean {
  const resolved = branches.map((b) => deref(b, w.root));
  if (!resolved.every(isObject)) return false;
  const typeSets = resolved.map((b) => (b["anyOf"] === undefined ? typesOf(b["type"]) : undefined));
  if (typeSets.every((t) => t !== undefined)) {
    const expanded = typeSets.map(
      (t) => new Set(t.flatMap((x) => (x === "number" ? ["number", "integer"] : [x]))),
    );
    if (pairwiseDisjoint(expanded)) return true;
  }
  const first = resolved[0];
  const firstProps = first?.["properties"];
  if (!isObject(firstProps)) return false;
  for (const key of Object.keys(firstProps)) {
    const sets: Array<Set<unknown>> = [];
    for (const branch of resolved) {
      const props = branch["properties"];
      const required = branch["required"];
      if (!isObject(props) || !Array.isArray(required) || !required.includes(key)) break;
      const values = literalValues(deref(props[key], w.root));
      if (values === undefined) break;
      sets.push(new Set(values));
    }
    if (sets.length === resolved.length && pairwiseDisjoint(sets)) return true;
  }
  return false;
}

function literalValues(node: unknown): unknown[] | undefined {
  if (!isObject(node)) return undefined;
  if (Object.hasOwn(node, "const")) return isPrimitive(node["const"]) ? [node["const"]] : undefined;
  const values = node["enum"];
  return Array.isArray(values) && values.every(isPrimitive) ? values : undefined;
}

function pairwiseDisjoint(sets: ReadonlyArray<ReadonlySet<unknown>>): boolean {
  const seen = new Set<unknown>();
  for (const set of sets) {
    for (const value of set) if (seen.has(value)) return false;
    for (const value of set) seen.add(value);
  }
  return true;
}

function countEnum(values: readonly unknown[], at: string, w: Walk): void {
  w.enumValues += values.length;
  let chars = 0;
  let strings = 0;
  for (const value of values) {
    if (typeof value !== "string") continue;
    strings++;
    chars += value.length;
  }
  w.stringChars += chars;
  if (strings > STRICT_LIMITS.largeEnumValues && chars > STRICT_LIMITS.largeEnumChars) {
    report(
      w,
      at,
      `an enum of more than ${STRICT_LIMITS.largeEnumValues} strings may total at most ${STRICT_LIMITS.largeEnumChars} characters; this one has ${chars}`,
    );
  }
}

function report(w: Walk, path: string, message: string): void {
  if (w.quiet > 0) return;
  const key = `${path}\u0000${message}`;
  if (w.seenProblems.has(key)) return;
  w.seenProblems.add(key);
  w.problems.push({ path, message });
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** {@link isRecord}, narrowed to a schema node. */
export function isObject(value: unknown): value is Schema {
  return isRecord(value);
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** The own enumerable entries of a schema object, without `undefined` values (JSON drops them). */
function entries(node: Schema): Array<[string, unknown]> {
  return Object.keys(node)
    .map((key): [string, unknown] => [key, node[key]])
    .filter(([, value]) => value !== undefined);
}

/** Defines `key` as an own data property, even `__proto__`. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function typesOf(type: unknown): string[] | undefined {
  if (typeof type === "string") return TYPES.has(type) ? [type] : undefined;
  if (!Array.isArray(type) || type.length === 0) return undefined;
  if (!type.every((t): t is string => typeof t === "string" && TYPES.has(t))) return undefined;
  return new Set(type).size === type.length ? type : undefined;
}

/** `~` and `/` escaped as in a JSON Pointer (RFC 6901). */
function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

function unescapePointer(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded: use as is.
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}

const REF = /^#(?:\/(\$defs|definitions)\/([^/]+))?$/;

function isSupportedRef(ref: string): boolean {
  return REF.test(ref);
}

/** The schema `ref` points at: `#`, `#/$defs/<name>` or `#/definitions/<name>`; else `undefined`. */
export function resolveLocalRef(root: Schema, ref: string): unknown {
  const match = REF.exec(ref);
  if (match === null) return undefined;
  const [, keyword, name] = match;
  if (keyword === undefined || name === undefined) return root;
  const defs = root[keyword];
  if (!isObject(defs)) return undefined;
  const key = unescapePointer(name);
  return Object.hasOwn(defs, key) ? defs[key] : undefined;
}

/** The chain of `$ref`s from `ref` back to a `$ref` already on it, if following it never reaches a schema. */
function refCycle(root: Schema, ref: string): string[] | undefined {
  const chain = [ref];
  let current = resolveLocalRef(root, ref);
  while (isObject(current) && typeof current["$ref"] === "string") {
    const next = current["$ref"];
    chain.push(next);
    if (chain.indexOf(next) < chain.length - 1) return chain;
    current = resolveLocalRef(root, next);
  }
  return undefined;
}

/** Follows `$ref`s (a bounded number of hops). */
function deref(node: unknown, root: Schema): unknown {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current["$ref"] === "string"; hops++) {
    current = resolveLocalRef(root, current["$ref"]);
  }
  return current;
}
