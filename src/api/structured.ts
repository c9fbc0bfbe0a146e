/**
 * Structured output: an `outputSchema` (a JSON Schema, a zod 4 schema or any Standard Schema that can
 * describe itself as JSON Schema) is converted to a schema OpenAI's strict mode accepts before the
 * turn starts, and the turn's final answer is parsed, restored and validated into `RunResult.output`.
 *
 * The runtime sends `outputSchema` to the Responses API as
 * `text.format = { type: "json_schema", strict: true, name: "codex_output_schema", schema }` and does
 * not check the answer against it. Strict mode accepts a subset of JSON Schema: every object closed
 * (`additionalProperties: false`) with all of its properties listed in `required`. So the SDK closes
 * every object, lists every property, makes optional properties nullable (remembering which, so a
 * `null` the model gives for one becomes `undefined` again), and rejects what strict mode does not
 * support before anything is sent, naming the JSON path of each offending part. See
 * docs/structured-output.md for the exact subset.
 *
 * zod is an optional peer dependency: nothing here imports it. A zod 4 schema is used through the
 * Standard Schema interface it implements (`~standard.validate`, and `~standard.jsonSchema` from
 * zod 4.2 on); only for an older zod 4 without `~standard.jsonSchema` is `zod` imported, lazily,
 * when such a schema is given (so it is installed).
 *
 * @module
 */
import type { JsonValue } from "../generated/serde_json/JsonValue.js";
import { CodexError } from "../rpc/errors.js";
import type { BaseRunResult, RunResult } from "./result.js";
import { describeError, describeValue, InvalidArgumentError, truncate } from "./validation.js";

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/**
 * A JSON Schema given as a plain object, e.g. `{ type: "object", properties: { … } }`. Anything
 * with a `~standard` property is a Standard Schema instead (see {@link StandardSchemaV1}).
 *
 * @example
 * ```ts
 * const schema: JsonSchema = {
 *   type: "object",
 *   properties: { language: { type: "string" }, stars: { type: "integer" } },
 *   required: ["language"],
 * };
 * ```
 */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
  /** Absent: a value with `~standard` is a {@link StandardSchemaV1}. */
  readonly "~standard"?: never;
}

/**
 * A validation issue, as Standard Schema reports it (zod's issues have this shape too).
 *
 * @example
 * ```ts
 * const issue: StandardSchemaV1Issue = { message: "Expected string", path: ["items", 0, "name"] };
 * ```
 */
export interface StandardSchemaV1Issue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as keys from the root of the value (`[]` or absent for the root). */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * What a Standard Schema's `validate` returns: the (possibly transformed) value, or issues.
 *
 * @example
 * ```ts
 * const result: StandardSchemaV1Result<number> = { value: 42 };
 * ```
 */
export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaV1Issue> };

/**
 * The `~standard` property of a {@link StandardSchemaV1}, as published by
 * [Standard Schema](https://standardschema.dev) (declared here, so the SDK needs no dependency).
 *
 * @example
 * ```ts
 * const props: StandardSchemaV1Props<unknown, string> = Recipe["~standard"];
 * ```
 */
export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  /** The version of the standard: 1. */
  readonly version: 1;
  /** The library, e.g. `"zod"`. */
  readonly vendor: string;
  /** Validates a value. */
  readonly validate: (
    value: unknown,
  ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** The input and output types, for inference only. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/**
 * A schema implementing [Standard Schema](https://standardschema.dev) v1: zod 4, valibot, ArkType
 * and others. As an `outputSchema` it must also describe itself as JSON Schema (Standard JSON
 * Schema's `~standard.jsonSchema`, which zod 4.2+ implements); as a `validate` option it only
 * validates.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * const Recipe = z.object({ title: z.string() });
 * const schema: StandardSchemaV1<unknown, { title: string }> = Recipe;
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1Props<Input, Output>;
}

/**
 * The output type of a Standard Schema: `z.infer<typeof S>` for a zod schema.
 *
 * @example
 * ```ts
 * type Recipe = InferOutput<typeof Recipe>; // { title: string; … }
 * ```
 */
export type InferOutput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["output"];

/**
 * What `outputSchema` accepts: a JSON Schema object, or a Standard Schema (zod 4) that can describe
 * itself as JSON Schema.
 *
 * @example
 * ```ts
 * const a: OutputSchema = { type: "object", properties: { ok: { type: "boolean" } } };
 * const b: OutputSchema = z.object({ ok: z.boolean() });
 * ```
 */
export type OutputSchema = JsonSchema | StandardSchemaV1;

/**
 * The `validate` option: checks the parsed output. A function may be a type guard (returning
 * `false` rejects), an assertion function (throwing rejects), or a plain boolean predicate; a
 * Standard Schema validates (and may transform) the value.
 *
 * @example
 * ```ts
 * const isRecipe = (v: unknown): v is Recipe => typeof v === "object" && v !== null && "title" in v;
 * const result = await thread.run("A recipe, please", { outputSchema: recipeJsonSchema, validate: isRecipe });
 * result.output.title; // typed as Recipe
 * ```
 */
export type OutputValidator<T = unknown> =
  | ((value: unknown) => value is T)
  | ((value: unknown) => asserts value is T)
  | ((value: unknown) => boolean)
  | StandardSchemaV1<unknown, T>;

/**
 * One part of an `outputSchema` that strict mode does not accept.
 *
 * @example
 * ```ts
 * const problem: SchemaProblem = {
 *   path: "#/properties/tags/patternProperties",
 *   message: "`patternProperties` is not supported: strict-mode objects have a fixed set of properties",
 * };
 * ```
 */
export interface SchemaProblem {
  /** JSON Pointer (as a URI fragment, `#/…`) to the offending keyword or subschema. */
  readonly path: string;
  /** What is wrong, and what to do instead. */
  readonly message: string;
}

/**
 * An `outputSchema` uses constructs OpenAI's strict structured-output mode does not support. Thrown
 * before anything is sent; `problems` lists every offending part with its JSON path.
 *
 * @example
 * ```ts
 * try {
 *   await thread.run("…", { outputSchema: { type: "object", patternProperties: { "^x": {} } } });
 * } catch (e) {
 *   if (e instanceof UnsupportedSchemaError) for (const p of e.problems) console.error(p.path, p.message);
 * }
 * ```
 */
export class UnsupportedSchemaError extends InvalidArgumentError {
  override name = "UnsupportedSchemaError";
  /** Every offending part of the schema, in document order. */
  readonly problems: readonly SchemaProblem[];
  constructor(problems: readonly SchemaProblem[], argument = "outputSchema") {
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `\n  ${p.path}: ${p.message}`);
    const more =
      problems.length > MAX_LISTED_PROBLEMS ? `\n  … and ${problems.length - MAX_LISTED_PROBLEMS} more` : "";
    super(
      `${argument} uses ${problems.length === 1 ? "a construct" : `${problems.length} constructs`} that OpenAI's strict structured-output mode does not support:${shown.join("")}${more}`,
      { argument },
    );
    this.problems = Object.freeze([...problems]);
  }
}

/** The issue list of an {@link OutputValidationError}. */
export type OutputIssues = ReadonlyArray<StandardSchemaV1Issue>;

/**
 * The final answer of a turn run with an `outputSchema` is not valid JSON, or does not pass
 * validation, or there is none (an interrupted turn). Carries the raw text, the issues and the
 * otherwise complete result.
 *
 * @example
 * ```ts
 * try {
 *   const { output } = await thread.run("A recipe", { outputSchema: Recipe });
 * } catch (e) {
 *   if (e instanceof OutputValidationError) console.error(e.rawText, e.issues, e.result.status);
 * }
 * ```
 */
export class OutputValidationError extends CodexError {
  override name = "OutputValidationError";
  /** The final answer as the model wrote it; `null` when the turn produced none. */
  readonly rawText: string | null;
  /** What is wrong: one JSON syntax issue, or the validation issues (with paths). */
  readonly issues: OutputIssues;
  /** The turn's result, complete except for `output`. */
  readonly result: BaseRunResult;
  constructor(
    message: string,
    rawText: string | null,
    issues: OutputIssues,
    result: BaseRunResult,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.rawText = rawText;
    this.issues = Object.freeze([...issues]);
    this.result = result;
  }
}

// ---------------------------------------------------------------------------------------------
// Strict-mode conversion
// ---------------------------------------------------------------------------------------------

const MAX_LISTED_PROBLEMS = 20;

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

type JsonObject = { [key: string]: JsonValue };
type Schema = Readonly<Record<string, unknown>>;

/** Which properties of which (strict) object schemas were made nullable by the SDK. */
type NullableProps = Map<object, ReadonlySet<string>>;

interface Strictified {
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
  if (w.inlining.has(ref) || !isObject(target)) {
    // Inlining would not end (a definition that is only a reference to itself): drop the annotations.
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

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

function typesOf(type: unknown): string[] | undefined {
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
function resolveLocalRef(root: Schema, ref: string): unknown {
  const match = REF.exec(ref);
  if (match === null) return undefined;
  const [, keyword, name] = match;
  if (keyword === undefined || name === undefined) return root;
  const defs = root[keyword];
  if (!isObject(defs)) return undefined;
  const key = unescapePointer(name);
  return Object.hasOwn(defs, key) ? defs[key] : undefined;
}

/** Follows `$ref`s (a bounded number of hops). */
function deref(node: unknown, root: Schema): unknown {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current["$ref"] === "string"; hops++) {
    current = resolveLocalRef(root, current["$ref"]);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Parsing the answer
// ---------------------------------------------------------------------------------------------

/**
 * Replaces `null` by absence in the properties the SDK made nullable, walking `value` along the
 * strict schema (the branch of an `anyOf` is the first one the value matches). Mutates `value`.
 */
function restore(value: unknown, node: unknown, s: Strictified, hops = 0): void {
  if (!isObject(node) || hops > 64) return;
  const ref = node["$ref"];
  if (typeof ref === "string") {
    restore(value, resolveLocalRef(s.schema, ref), s, hops + 1);
    return;
  }
  const anyOf = node["anyOf"];
  if (Array.isArray(anyOf)) {
    const branch = (anyOf as unknown[]).find((b) => conforms(value, b, s.schema, 0));
    if (branch !== undefined) restore(value, branch, s, hops + 1);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) restore(item, node["items"], s);
    return;
  }
  if (!isObject(value)) return;
  const props = node["properties"];
  if (!isObject(props)) return;
  const made = s.nullable.get(node);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(props)) {
    if (!Object.hasOwn(record, key)) continue;
    if (made?.has(key) && record[key] === null) delete record[key];
    else restore(record[key], props[key], s);
  }
}

/** Whether `value` matches a strict schema structurally (types, enums, consts, exact keys); formats and bounds are not checked. */
function conforms(value: unknown, node: unknown, root: Schema, hops: number): boolean {
  if (!isObject(node) || hops > 64) return false;
  const ref = node["$ref"];
  if (typeof ref === "string") return conforms(value, resolveLocalRef(root, ref), root, hops + 1);
  const anyOf = node["anyOf"];
  if (Array.isArray(anyOf) && !anyOf.some((b) => conforms(value, b, root, hops + 1))) return false;
  const enumValues = node["enum"];
  if (Array.isArray(enumValues) && !enumValues.includes(value)) return false;
  if (Object.hasOwn(node, "const") && node["const"] !== value) return false;
  const types = typesOf(node["type"]);
  if (types === undefined) return true;
  const kind = jsonType(value);
  if (!types.includes(kind) && !(kind === "integer" && types.includes("number"))) return false;
  if (kind === "array") {
    return (value as unknown[]).every((item) => conforms(item, node["items"], root, 0));
  }
  if (kind === "object") {
    const props = node["properties"];
    if (!isObject(props)) return true;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length !== Object.keys(props).length) return false;
    return keys.every((key) => Object.hasOwn(props, key) && conforms(record[key], props[key], root, 0));
  }
  return true;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const std = (value as { "~standard"?: unknown })["~standard"];
  return (
    typeof std === "object" &&
    std !== null &&
    (std as { version?: unknown }).version === 1 &&
    typeof (std as { validate?: unknown }).validate === "function"
  );
}

/** Standard JSON Schema's converter, when the schema has one. */
interface JsonSchemaConverter {
  readonly input: (options: { readonly target: string }) => unknown;
}

function converterOf(schema: StandardSchemaV1): JsonSchemaConverter | undefined {
  const converter = (schema["~standard"] as { jsonSchema?: unknown }).jsonSchema;
  if (typeof converter !== "object" || converter === null) return undefined;
  return typeof (converter as { input?: unknown }).input === "function"
    ? (converter as JsonSchemaConverter)
    : undefined;
}

/**
 * The JSON Schema of what the model must write: the schema's input side (a zod `.default()` field
 * may be left out; a transform receives what the model wrote).
 */
async function jsonSchemaOf(schema: StandardSchemaV1): Promise<unknown> {
  const vendor = String(schema["~standard"].vendor);
  const converter = converterOf(schema);
  try {
    if (converter !== undefined) {
      try {
        return converter.input({ target: "draft-2020-12" });
      } catch (error) {
        // A library that does not support 2020-12 throws; draft-07 is the other widely supported target.
        try {
          return converter.input({ target: "draft-07" });
        } catch {
          throw error;
        }
      }
    }
    if (vendor === "zod") {
      // zod 4.0/4.1 have no ~standard.jsonSchema; z.toJSONSchema is in the zod the schema came from.
      const zod = await importZod();
      if (typeof zod?.toJSONSchema === "function") {
        return zod.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
      }
    }
  } catch (error) {
    throw new InvalidArgumentError(
      `outputSchema: the ${vendor} schema could not be converted to JSON Schema (${describeError(error)})`,
      { argument: "outputSchema", cause: error },
    );
  }
  throw new InvalidArgumentError(
    `outputSchema: the ${vendor} schema cannot describe itself as JSON Schema (it does not implement Standard JSON Schema's \`~standard.jsonSchema\`); pass its JSON Schema as \`outputSchema\` and the schema itself as \`validate\``,
    { argument: "outputSchema" },
  );
}

interface ZodModule {
  toJSONSchema?: (schema: unknown, options: { io: "input"; target: string }) => unknown;
}

async function importZod(): Promise<ZodModule | undefined> {
  // A variable specifier: bundlers and TypeScript leave it alone, so the SDK needs no zod to build or load.
  const specifier = "zod";
  try {
    return (await import(specifier)) as ZodModule;
  } catch {
    return undefined;
  }
}

/**
 * @internal How a turn started with an `outputSchema` turns its result into `RunResult<T>`: made
 * by {@link prepareOutput} before `turn/start`, applied by `TurnHandle.run()`.
 */
export class OutputParser {
  /** The strict schema sent as `outputSchema`. */
  readonly wireSchema: JsonObject;
  readonly #strict: Strictified;
  readonly #schema: StandardSchemaV1 | undefined;
  readonly #validate: OutputValidator | undefined;

  constructor(
    strict: Strictified,
    schema: StandardSchemaV1 | undefined,
    validate: OutputValidator | undefined,
  ) {
    this.#strict = strict;
    this.wireSchema = strict.schema;
    this.#schema = schema;
    this.#validate = validate;
  }

  /** Parses, restores and validates the final answer; rejects with {@link OutputValidationError}. */
  async finish(result: BaseRunResult): Promise<RunResult<unknown>> {
    const raw = result.finalResponse;
    const fail = (message: string, issues: OutputIssues, cause?: unknown): never => {
      throw new OutputValidationError(`turn ${result.id}: ${message}`, raw, issues, result, cause);
    };
    if (raw === null) {
      const why = result.status === "interrupted" ? " (it was interrupted)" : "";
      return fail(`the turn produced no final answer to parse${why}`, [{ message: `no final answer${why}` }]);
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail(`the final answer is not valid JSON (${detail}): ${JSON.stringify(truncate(raw, 200))}`, [
        { message: `invalid JSON: ${detail}` },
      ]);
    }
    restore(value, this.#strict.schema, this.#strict);
    for (const check of [this.#schema, this.#validate]) {
      if (check === undefined) continue;
      const outcome = await runCheck(check, value);
      if (outcome.issues !== undefined) {
        return fail(
          `the final answer does not match the output schema: ${summarize(outcome.issues)}`,
          outcome.issues,
          outcome.cause,
        );
      }
      value = outcome.value;
    }
    return { ...result, output: value };
  }
}

type CheckOutcome =
  { value: unknown; issues?: undefined; cause?: undefined } | { issues: OutputIssues; cause?: unknown };

async function runCheck(check: OutputValidator, value: unknown): Promise<CheckOutcome> {
  try {
    if (typeof check === "function") {
      const verdict: unknown = check(value);
      if (verdict === false) return { issues: [{ message: "the validate function rejected the value" }] };
      return { value };
    }
    const outcome = await check["~standard"].validate(value);
    if (outcome.issues !== undefined) {
      return {
        issues:
          outcome.issues.length > 0
            ? outcome.issues
            : [{ message: "the schema rejected the value (no issues given)" }],
      };
    }
    return { value: outcome.value };
  } catch (error) {
    return { issues: [{ message: describeError(error) }], cause: error };
  }
}

function summarize(issues: OutputIssues): string {
  const parts = issues.slice(0, 3).map((issue) => {
    const path = (issue.path ?? [])
      .map((segment) => (typeof segment === "object" && segment !== null ? segment.key : segment))
      .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
      .join("");
    return path === "" ? String(issue.message) : `${path.replace(/^\./, "")}: ${String(issue.message)}`;
  });
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : "";
  return truncate(parts.join("; "), 500) + more;
}

/**
 * @internal Checks the `outputSchema` and `validate` options of a turn and converts the schema to
 * strict mode; `undefined` when the turn has no output schema. Throws {@link InvalidArgumentError}
 * (or {@link UnsupportedSchemaError}) before anything is sent.
 */
export async function prepareOutput(options: {
  readonly outputSchema?: unknown;
  readonly validate?: unknown;
}): Promise<OutputParser | undefined> {
  const { outputSchema, validate } = options;
  if (validate !== undefined && typeof validate !== "function" && !isStandardSchema(validate)) {
    throw new InvalidArgumentError(
      `validate must be a function or a Standard Schema (such as a zod schema), got ${describeValue(validate)}`,
      { argument: "validate" },
    );
  }
  if (outputSchema === undefined) {
    if (validate !== undefined) {
      throw new InvalidArgumentError("validate needs an outputSchema: it checks the structured output", {
        argument: "validate",
      });
    }
    return undefined;
  }
  const validator = validate as OutputValidator | undefined;
  if (isStandardSchema(outputSchema)) {
    const strict = strictify(await jsonSchemaOf(outputSchema));
    return new OutputParser(strict, outputSchema, validator);
  }
  return new OutputParser(strictify(outputSchema), undefined, validator);
}

const parsers = new WeakMap<object, OutputParser>();

/** @internal Binds a turn handle to the parser of its output schema. */
export function attachOutput(handle: object, parser: OutputParser): void {
  parsers.set(handle, parser);
}

/** @internal The result of `handle.run()`: with `output` when the turn has an output schema. */
export async function finishOutput(
  handle: object,
  result: BaseRunResult,
): Promise<RunResult<unknown> | BaseRunResult> {
  const parser = parsers.get(handle);
  return parser === undefined ? result : parser.finish(result);
}
