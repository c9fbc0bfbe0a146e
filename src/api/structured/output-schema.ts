/**
 * The public types of structured output: `outputSchema` values (JSON Schema, Standard Schema), the
 * validators, and the two errors. See `structured.ts` for how they are used.
 *
 * @module
 */
import {
  OutputValidationError,
  UnsupportedSchemaError,
  type OutputIssues,
  type SchemaProblem,
  type StandardSchemaV1Issue,
} from "../../errors.js";

export {
  OutputValidationError,
  UnsupportedSchemaError,
  type OutputIssues,
  type SchemaProblem,
  type StandardSchemaV1Issue,
};

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
 * import { z } from "zod";
 * import type { StandardSchemaV1Props } from "codex-app-sdk";
 *
 * const Recipe = z.object({ title: z.string() });
 * const props: StandardSchemaV1Props<unknown, { title: string }> = Recipe["~standard"];
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
 * Standard Schema validates (and may transform) the value. `V` is the type of the value it receives:
 * `unknown` after a JSON Schema, the schema's output type after a Standard Schema (zod) `outputSchema`.
 *
 * @example
 * ```ts
 * const isRecipe = (v: unknown): v is Recipe => typeof v === "object" && v !== null && "title" in v;
 * const result = await thread.run("A recipe, please", { outputSchema: recipeJsonSchema, validate: isRecipe });
 * result.output.title; // typed as Recipe
 * ```
 */
export type OutputValidator<T = unknown, V = unknown> =
  | ((value: V) => value is T & V)
  | ((value: V) => asserts value is T & V)
  | ((value: V) => boolean)
  | StandardSchemaV1<V, T>;
