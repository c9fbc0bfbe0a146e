/**
 * Type tests of structured output: `output` is inferred from a zod schema (any Standard Schema),
 * typed by a type parameter or a validator for a JSON Schema, and absent without a schema.
 * Checked by `tsc -p tsconfig.json` (and run as no-ops by vitest); nothing is started.
 */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";

import type {
  BaseRunResult,
  InferOutput,
  JsonSchema,
  OutputSchema,
  OutputValidationError,
  OutputValidator,
  RunResult,
  StandardSchemaV1,
  Thread,
  TurnEvent,
  TurnHandle,
  TurnOptions,
} from "../../src/index.js";

// Values are never created: the checks below are compiled by tsc and never executed.
declare const thread: Thread;

/** Runs nothing: `check` exists for the type checker only. */
function typeOnly(check: () => void | Promise<void>): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

const Recipe = z.object({
  title: z.string(),
  servings: z.number().int(),
  note: z.string().optional(),
  rating: z.number().nullable(),
  tags: z.array(z.enum(["quick", "vegan"])),
  steps: z.array(z.object({ text: z.string(), minutes: z.number().optional() })),
});
type Recipe = z.infer<typeof Recipe>;

const recipeJson = {
  type: "object",
  properties: { title: { type: "string" } },
  required: ["title"],
} as const;

interface Titled {
  title: string;
}
declare function isTitled(value: unknown): value is Titled;
declare function assertTitled(value: unknown): asserts value is Titled;
declare function looksFine(value: unknown): boolean;
declare const numberSchema: StandardSchemaV1<unknown, { n: number }>;
declare const someOptions: TurnOptions;

describe("RunResult", () => {
  it(
    "has no output without a type argument, and output: T with one",
    typeOnly(() => {
      expectTypeOf<RunResult>().toEqualTypeOf<BaseRunResult>();
      expectTypeOf<RunResult>().not.toHaveProperty("output");
      expectTypeOf<RunResult<Recipe>>().toHaveProperty("output").toEqualTypeOf<Recipe>();
      expectTypeOf<RunResult<Recipe>>().toExtend<BaseRunResult>();
      expectTypeOf<RunResult<unknown>>().toHaveProperty("output").toEqualTypeOf<unknown>();
      expectTypeOf<RunResult<string | undefined>>()
        .toHaveProperty("output")
        .toEqualTypeOf<string | undefined>();
    }),
  );
});

describe("thread.run()", () => {
  it(
    "infers output from a zod schema",
    typeOnly(async () => {
      const result = await thread.run("A recipe", { outputSchema: Recipe });
      expectTypeOf(result).toEqualTypeOf<RunResult<Recipe>>();
      expectTypeOf(result.output).toEqualTypeOf<Recipe>();
      expectTypeOf(result.output.note).toEqualTypeOf<string | undefined>();
      expectTypeOf(result.output.rating).toEqualTypeOf<number | null>();
      expectTypeOf(result.output.tags).toEqualTypeOf<Array<"quick" | "vegan">>();
      expectTypeOf(result.output.steps[0]?.minutes).toEqualTypeOf<number | undefined>();
      expectTypeOf(result.finalResponse).toEqualTypeOf<string | null>();
    }),
  );

  it(
    "infers the output (not the input) type of a transforming schema, with other turn options",
    typeOnly(async () => {
      const Length = z.object({ s: z.string().transform((s) => s.length) });
      const result = await thread.run("x", { outputSchema: Length, model: "gpt-5.4", effort: "low" });
      expectTypeOf(result.output).toEqualTypeOf<{ s: number }>();
    }),
  );

  it(
    "infers from any Standard Schema",
    typeOnly(async () => {
      expectTypeOf((await thread.run("x", { outputSchema: numberSchema })).output).toEqualTypeOf<{
        n: number;
      }>();
      expectTypeOf<InferOutput<typeof numberSchema>>().toEqualTypeOf<{ n: number }>();
      expectTypeOf<InferOutput<typeof Recipe>>().toEqualTypeOf<Recipe>();
    }),
  );

  it(
    "types a JSON Schema's output by a type argument, a type guard, an assertion or a Standard Schema",
    typeOnly(async () => {
      expectTypeOf((await thread.run("x", { outputSchema: recipeJson })).output).toEqualTypeOf<unknown>();
      expectTypeOf(
        (await thread.run<Titled>("x", { outputSchema: recipeJson })).output,
      ).toEqualTypeOf<Titled>();
      expectTypeOf(
        (await thread.run("x", { outputSchema: recipeJson, validate: isTitled })).output,
      ).toEqualTypeOf<Titled>();
      expectTypeOf(
        (await thread.run("x", { outputSchema: recipeJson, validate: assertTitled })).output,
      ).toEqualTypeOf<Titled>();
      expectTypeOf(
        (await thread.run("x", { outputSchema: recipeJson, validate: Recipe })).output,
      ).toEqualTypeOf<Recipe>();
      const loose = await thread.run("x", { outputSchema: recipeJson, validate: looksFine });
      expectTypeOf(loose.output).toEqualTypeOf<unknown>();
      const checked = await thread.run<Titled>("x", { outputSchema: recipeJson, validate: looksFine });
      expectTypeOf(checked.output).toEqualTypeOf<Titled>();
    }),
  );

  it(
    "has no output without a schema",
    typeOnly(async () => {
      const plain = await thread.run("x");
      expectTypeOf(plain).toEqualTypeOf<RunResult>();
      expectTypeOf(plain).not.toHaveProperty("output");
      const withOptions = await thread.run("x", { model: "gpt-5.4" });
      expectTypeOf(withOptions).not.toHaveProperty("output");
      // A TurnOptions value whose schema is not known statically: the general overload.
      expectTypeOf(await thread.run("x", someOptions)).toEqualTypeOf<RunResult>();
    }),
  );

  it(
    "rejects a mismatched type argument, validator or schema",
    typeOnly(async () => {
      // @ts-expect-error a type argument for a zod schema: its type comes from the schema
      await thread.run<Titled>("x", { outputSchema: Recipe });
      // @ts-expect-error a Standard Schema validating another type than the explicit type argument
      await thread.run<Titled>("x", { outputSchema: recipeJson, validate: numberSchema });
      // @ts-expect-error a JSON Schema must be an object
      await thread.run("x", { outputSchema: "string" });
      // @ts-expect-error validate must be a function or a Standard Schema
      await thread.run("x", { outputSchema: recipeJson, validate: 3 });
    }),
  );
});

describe("thread.turn() and TurnHandle.run()", () => {
  it(
    "carries the output type through the handle",
    typeOnly(async () => {
      const turn = await thread.turn("A recipe", { outputSchema: Recipe });
      expectTypeOf(turn).toEqualTypeOf<TurnHandle<Recipe>>();
      expectTypeOf(await turn.run()).toEqualTypeOf<RunResult<Recipe>>();
      const guarded = await thread.turn("x", { outputSchema: recipeJson, validate: isTitled });
      expectTypeOf((await guarded.run()).output).toEqualTypeOf<Titled>();
      const typed = await thread.turn<Titled>("x", { outputSchema: recipeJson });
      expectTypeOf((await typed.run()).output).toEqualTypeOf<Titled>();
    }),
  );

  it(
    "has no output without a schema",
    typeOnly(async () => {
      const turn = await thread.turn("x");
      expectTypeOf(turn).toEqualTypeOf<TurnHandle>();
      expectTypeOf(await turn.run()).toEqualTypeOf<RunResult>();
      expectTypeOf(await turn.run()).not.toHaveProperty("output");
    }),
  );

  it(
    "streams (the handle is async-iterable) and then gives the typed result",
    typeOnly(async () => {
      const turn = await thread.turn("A recipe", { outputSchema: Recipe });
      expectTypeOf(turn).toExtend<AsyncIterable<TurnEvent>>();
      for await (const event of turn) expectTypeOf(event).toEqualTypeOf<TurnEvent>();
      expectTypeOf(turn.result()).toEqualTypeOf<Promise<RunResult<Recipe>>>();
      expectTypeOf((await turn.result()).output).toEqualTypeOf<Recipe>();
    }),
  );
});

describe("option and error types", () => {
  it(
    "accepts JSON Schemas and Standard Schemas as OutputSchema",
    typeOnly(() => {
      expectTypeOf(recipeJson).toExtend<JsonSchema>();
      expectTypeOf(Recipe).toExtend<OutputSchema>();
      expectTypeOf(Recipe).toExtend<StandardSchemaV1>();
      expectTypeOf(Recipe).not.toExtend<JsonSchema>();
      expectTypeOf<Record<string, unknown>>().toExtend<JsonSchema>();
      expectTypeOf(isTitled).toExtend<OutputValidator<Titled>>();
      expectTypeOf<TurnOptions>().toHaveProperty("outputSchema").toEqualTypeOf<OutputSchema | undefined>();
    }),
  );

  it(
    "OutputValidationError carries the raw text, the issues and the result",
    typeOnly(() => {
      expectTypeOf<OutputValidationError["rawText"]>().toEqualTypeOf<string | null>();
      expectTypeOf<OutputValidationError["result"]>().toEqualTypeOf<BaseRunResult>();
      expectTypeOf<OutputValidationError["issues"][number]["message"]>().toEqualTypeOf<string>();
    }),
  );
});
