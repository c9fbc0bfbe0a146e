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
import type { BaseRunResult, RunResult } from "../turns/result.js";
import { describeError, describeValue, InvalidArgumentError, truncate } from "../validation.js";

import {
  OutputValidationError,
  type OutputIssues,
  type OutputValidator,
  type StandardSchemaV1,
} from "./output-schema.js";
import { isObject, typesOf, type JsonObject, type Schema } from "./schema-nodes.js";
import { resolveLocalRef } from "./schema-refs.js";
import { strictify, type Strictified } from "./strict-schema.js";

export * from "./output-schema.js";
export { strictify, toStrictJsonSchema } from "./strict-schema.js";

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

/** @internal Whether `value` is a Standard Schema (such as a zod 4 schema). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
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
export async function jsonSchemaOf(schema: StandardSchemaV1, argument = "outputSchema"): Promise<unknown> {
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
      `${argument}: the ${vendor} schema could not be converted to JSON Schema (${describeError(error)})`,
      { argument, cause: error },
    );
  }
  throw new InvalidArgumentError(
    `${argument}: the ${vendor} schema cannot describe itself as JSON Schema (it does not implement Standard JSON Schema's \`~standard.jsonSchema\`); ${argument === "outputSchema" ? "pass its JSON Schema as `outputSchema` and the schema itself as `validate`" : "pass its JSON Schema instead"}`,
    { argument },
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

/** @internal A strict schema for values the model writes, and the check that turns such a value back. */
export interface ValueSchema {
  /** The strict JSON Schema sent to the runtime. */
  readonly wireSchema: JsonObject;
  /**
   * Restores the properties made nullable, then validates with the Standard Schema (if one was
   * given): the validated value, or a short description of the issues.
   */
  parse(value: unknown): Promise<{ value: unknown; problem?: undefined } | { problem: string }>;
}

/**
 * @internal Converts a JSON Schema, zod 4 or Standard Schema to strict mode, for a value other than
 * the final answer (a custom tool's arguments). Errors name `argument`.
 */
export async function prepareValueSchema(schema: unknown, argument: string): Promise<ValueSchema> {
  const standard = isStandardSchema(schema) ? schema : undefined;
  const strict = strictify(standard ? await jsonSchemaOf(standard, argument) : schema, argument);
  return {
    wireSchema: strict.schema,
    async parse(value) {
      restore(value, strict.schema, strict);
      if (standard === undefined) return { value };
      const outcome = await runCheck(standard, value);
      return outcome.issues === undefined ? { value: outcome.value } : { problem: summarize(outcome.issues) };
    },
  };
}
