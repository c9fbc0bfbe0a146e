/**
 * From an `outputSchema` option to `RunResult.output`: schema conversion (JSON Schema, zod, other
 * Standard Schemas), option checks, and parsing, restoring and validating the final answer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import type { BaseRunResult } from "../../src/api/turns/result.js";
import { attachOutput, finishOutput } from "../../src/api/structured/output-registry.js";
import {
  OutputValidationError,
  prepareOutput,
  UnsupportedSchemaError,
  type OutputParser,
  type StandardSchemaV1,
} from "../../src/api/structured/structured.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

function resultWith(
  finalResponse: string | null,
  status: BaseRunResult["status"] = "completed",
): BaseRunResult {
  return {
    id: "turn-1",
    status,
    error: null,
    startedAt: 1,
    completedAt: 2,
    durationMs: 1000,
    finalResponse,
    items: [],
    usage: null,
  };
}

async function parser(options: { outputSchema?: unknown; validate?: unknown }): Promise<OutputParser> {
  const p = await prepareOutput(options);
  if (p === undefined) throw new Error("expected a parser");
  return p;
}

async function outputOf(p: OutputParser, answer: unknown): Promise<unknown> {
  const result = await p.finish(resultWith(JSON.stringify(answer)));
  return (result as { output: unknown }).output;
}

async function failure(p: OutputParser, text: string | null, status?: BaseRunResult["status"]) {
  try {
    await p.finish(resultWith(text, status));
  } catch (error) {
    expect(error).toBeInstanceOf(OutputValidationError);
    return error as OutputValidationError;
  }
  throw new Error("expected an OutputValidationError");
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const Recipe = z.object({
  title: z.string(),
  servings: z.int().min(1),
  note: z.string().optional(),
  rating: z.number().nullable(),
  tags: z.array(z.enum(["quick", "vegan", "cheap"])),
  steps: z.array(z.object({ text: z.string(), minutes: z.number().optional() })),
  difficulty: z.enum(["easy", "hard"]).optional(),
});

describe("prepareOutput: options", () => {
  it("is undefined without an outputSchema", async () => {
    expect(await prepareOutput({})).toBeUndefined();
  });

  it("rejects validate without an outputSchema, and a validate that is neither a function nor a schema", async () => {
    const lonely = await rejection(prepareOutput({ validate: () => true }));
    expect(lonely).toBeInstanceOf(InvalidArgumentError);
    expect((lonely as InvalidArgumentError).argument).toBe("validate");
    const bad = await rejection(
      prepareOutput({ outputSchema: { type: "object", properties: {} }, validate: 3 }),
    );
    expect((bad as InvalidArgumentError).argument).toBe("validate");
    expect((bad as Error).message).toMatch(/validate must be a function or a Standard Schema.*got 3/);
  });

  it("rejects an outputSchema that is not a schema", async () => {
    for (const value of ["{}", 1, null, [], true]) {
      const error = await rejection(prepareOutput({ outputSchema: value }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("outputSchema");
    }
  });

  it("converts a JSON Schema to strict mode", async () => {
    const p = await parser({ outputSchema: { type: "object", properties: { a: { type: "string" } } } });
    expect(p.wireSchema).toEqual({
      type: "object",
      properties: { a: { type: ["string", "null"] } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  it("converts a zod schema through its Standard JSON Schema (input side) to strict mode", async () => {
    const p = await parser({ outputSchema: Recipe });
    expect(p.wireSchema).toEqual({
      type: "object",
      properties: {
        title: { type: "string" },
        servings: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        note: { type: ["string", "null"] },
        rating: { type: ["number", "null"] },
        tags: { type: "array", items: { type: "string", enum: ["quick", "vegan", "cheap"] } },
        steps: {
          type: "array",
          items: {
            type: "object",
            properties: { text: { type: "string" }, minutes: { type: ["number", "null"] } },
            required: ["text", "minutes"],
            additionalProperties: false,
          },
        },
        difficulty: { type: ["string", "null"], enum: ["easy", "hard", null] },
      },
      required: ["title", "servings", "note", "rating", "tags", "steps", "difficulty"],
      additionalProperties: false,
    });
  });

  it("names the JSON paths of a zod schema's unsupported parts", async () => {
    const error = await rejection(
      prepareOutput({
        outputSchema: z.object({
          counts: z.record(z.string(), z.number()),
          link: z.url(),
          pair: z.tuple([z.string()]),
        }),
      }),
    );
    expect(error).toBeInstanceOf(UnsupportedSchemaError);
    expect((error as UnsupportedSchemaError).problems.map((p) => p.path)).toEqual([
      "#/properties/counts/propertyNames",
      "#/properties/counts/additionalProperties",
      "#/properties/link/format",
      "#/properties/pair/prefixItems",
      "#/properties/pair/items",
    ]);
  });

  it("wraps a zod schema that cannot be JSON Schema (a date) in an InvalidArgumentError", async () => {
    const error = await rejection(prepareOutput({ outputSchema: z.object({ when: z.date() }) }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /zod schema could not be converted to JSON Schema \(Date cannot/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("falls back to draft-07 when a library does not support 2020-12", async () => {
    const targets: string[] = [];
    const schema = {
      "~standard": {
        version: 1,
        vendor: "demo",
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: ({ target }: { target: string }) => {
            targets.push(target);
            if (target !== "draft-07") throw new Error(`unsupported target ${target}`);
            return { type: "object", properties: { a: { type: "string" } }, definitions: {} };
          },
        },
      },
    };
    const p = await parser({ outputSchema: schema });
    expect(targets).toEqual(["draft-2020-12", "draft-07"]);
    expect(p.wireSchema["definitions"]).toEqual({});
  });

  it("uses z.toJSONSchema from the installed zod for a zod schema without ~standard.jsonSchema (zod 4.0/4.1)", async () => {
    // An older zod: the same schema, with a ~standard that has no jsonSchema.
    const { jsonSchema: _omitted, ...standard } = Recipe["~standard"];
    const legacy = Object.create(Recipe, { "~standard": { value: standard } }) as typeof Recipe;
    const p = await parser({ outputSchema: legacy });
    expect(p.wireSchema).toEqual((await parser({ outputSchema: Recipe })).wireSchema);
  });

  it("asks for a JSON Schema when a Standard Schema cannot describe itself as one", async () => {
    const schema: StandardSchemaV1<unknown, string> = {
      "~standard": { version: 1, vendor: "valibot", validate: (value) => ({ value: String(value) }) },
    };
    const error = await rejection(prepareOutput({ outputSchema: schema }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /valibot schema cannot describe itself as JSON Schema.*as `validate`/,
    );
  });
});

describe("OutputParser.finish", () => {
  it("parses, turns the nulls of optional fields back into absence, and validates with zod", async () => {
    const p = await parser({ outputSchema: Recipe });
    const answer = {
      title: "Pancakes",
      servings: 4,
      note: null,
      rating: null,
      tags: ["quick"],
      steps: [
        { text: "Mix", minutes: 5 },
        { text: "Fry", minutes: null },
      ],
      difficulty: null,
    };
    const output = await outputOf(p, answer);
    expect(output).toEqual({
      title: "Pancakes",
      servings: 4,
      rating: null,
      tags: ["quick"],
      steps: [{ text: "Mix", minutes: 5 }, { text: "Fry" }],
    });
    expect(output).not.toHaveProperty("note");
    expect(output).not.toHaveProperty("difficulty");
    expect((output as { steps: object[] }).steps[1]).not.toHaveProperty("minutes");
  });

  it("keeps the rest of the result", async () => {
    const p = await parser({
      outputSchema: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] },
    });
    const result = await p.finish(resultWith('{"a":1}'));
    expect(result).toEqual({ ...resultWith('{"a":1}'), output: { a: 1 } });
  });

  it("applies zod defaults and transforms to what the model wrote", async () => {
    const schema = z.object({
      size: z.enum(["s", "m", "l"]).default("m"),
      name: z.string().transform((s) => s.toUpperCase()),
    });
    const p = await parser({ outputSchema: schema });
    expect(p.wireSchema["properties"]).toEqual({
      size: { type: ["string", "null"], enum: ["s", "m", "l", null] },
      name: { type: "string" },
    });
    expect(await outputOf(p, { size: null, name: "ada" })).toEqual({ size: "m", name: "ADA" });
  });

  it("keeps null for a field that is both optional and nullable", async () => {
    const p = await parser({ outputSchema: z.object({ maybe: z.string().nullable().optional() }) });
    expect(await outputOf(p, { maybe: null })).toEqual({ maybe: null });
  });

  it("restores through $ref, recursion and the matching anyOf branch", async () => {
    const Node = z.object({
      name: z.string(),
      get kids(): z.ZodOptional<z.ZodArray<typeof Node>> {
        return z.array(Node).optional();
      },
    });
    const Shape = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("circle"), r: z.number().optional() }),
      z.object({ kind: z.literal("square"), side: z.number().optional(), label: z.string().optional() }),
    ]);
    const p = await parser({ outputSchema: z.object({ tree: Node, shapes: z.array(Shape) }) });
    const output = await outputOf(p, {
      tree: { name: "root", kids: [{ name: "leaf", kids: null }] },
      shapes: [
        { kind: "circle", r: null },
        { kind: "square", side: 2, label: null },
      ],
    });
    expect(output).toEqual({
      tree: { name: "root", kids: [{ name: "leaf" }] },
      shapes: [{ kind: "circle" }, { kind: "square", side: 2 }],
    });
  });

  it("rejects an answer that is not JSON, with the raw text", async () => {
    const p = await parser({ outputSchema: Recipe });
    const error = await failure(p, "Sure! Here is your recipe: {");
    expect(error).toBeInstanceOf(CodexError);
    expect(error.name).toBe("OutputValidationError");
    expect(error.rawText).toBe("Sure! Here is your recipe: {");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/^invalid JSON: /);
    expect(error.message).toMatch(/^turn turn-1: the final answer is not valid JSON/);
    expect(error.result).toEqual(resultWith("Sure! Here is your recipe: {"));
  });

  it("rejects an answer zod rejects, with zod's issues and their paths", async () => {
    const p = await parser({ outputSchema: Recipe });
    const raw = JSON.stringify({ title: 3, servings: 0, rating: null, tags: ["slow"], steps: [] });
    const error = await failure(p, raw);
    expect(error.rawText).toBe(raw);
    expect(error.issues.map((i) => i.path)).toEqual([["title"], ["servings"], ["tags", 0]]);
    expect(error.message).toMatch(/does not match the output schema: title: .*; servings: .*; tags\[0\]: /);
  });

  it("rejects a turn without a final answer, saying when it was interrupted", async () => {
    const p = await parser({ outputSchema: Recipe });
    const error = await failure(p, null, "interrupted");
    expect(error.rawText).toBeNull();
    expect(error.message).toContain("no final answer to parse (it was interrupted)");
    expect(error.result.status).toBe("interrupted");
  });

  it("parses a plain JSON Schema answer without validating it unless asked", async () => {
    const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    expect(await outputOf(await parser({ outputSchema: schema }), { n: "not a number" })).toEqual({
      n: "not a number",
    });
  });

  it("runs a validate function: false or a throw rejects, anything else passes", async () => {
    const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    const isSmall = (v: unknown): v is { n: number } => (v as { n: number }).n < 10;
    const p = await parser({ outputSchema: schema, validate: isSmall });
    expect(await outputOf(p, { n: 3 })).toEqual({ n: 3 });
    const rejected = await failure(p, '{"n":30}');
    expect(rejected.issues).toEqual([{ message: "the validate function rejected the value" }]);

    const boom = new Error("n must be even");
    const asserting = await parser({
      outputSchema: schema,
      validate: (v: unknown) => {
        if ((v as { n: number }).n % 2 !== 0) throw boom;
      },
    });
    expect(await outputOf(asserting, { n: 2 })).toEqual({ n: 2 });
    const thrown = await failure(asserting, '{"n":3}');
    expect(thrown.issues).toEqual([{ message: "n must be even" }]);
    expect(thrown.cause).toBe(boom);
  });

  it("validates with a Standard Schema given as validate (sync or async), using its output", async () => {
    const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    const asyncSchema: StandardSchemaV1<unknown, number> = {
      "~standard": {
        version: 1,
        vendor: "demo",
        validate: (value) =>
          Promise.resolve(
            typeof (value as { n?: unknown }).n === "number"
              ? { value: (value as { n: number }).n * 2 }
              : { issues: [{ message: "n is missing", path: [{ key: "n" }] }] },
          ),
      },
    };
    const p = await parser({ outputSchema: schema, validate: asyncSchema });
    expect(await outputOf(p, { n: 21 })).toBe(42);
    const error = await failure(p, "{}");
    expect(error.issues).toEqual([{ message: "n is missing", path: [{ key: "n" }] }]);
    expect(error.message).toContain("n: n is missing");

    const zodCheck = await parser({ outputSchema: schema, validate: z.object({ n: z.int().max(5) }) });
    expect((await failure(zodCheck, '{"n":6}')).issues[0]?.path).toEqual(["n"]);
  });

  it("runs validate after the outputSchema's own validation, on its output", async () => {
    const seen: unknown[] = [];
    const p = await parser({
      outputSchema: z.object({ s: z.string().transform((s) => s.length) }),
      validate: (v: unknown) => {
        seen.push(v);
        return true;
      },
    });
    expect(await outputOf(p, { s: "abc" })).toEqual({ s: 3 });
    expect(seen).toEqual([{ s: 3 }]);
  });
});

describe("finishOutput", () => {
  it("returns the result as is for a handle without an output schema, and parses for one with", async () => {
    const plain = {};
    const result = resultWith('{"a":1}');
    expect(await finishOutput(plain, result)).toBe(result);
    const structured = {};
    attachOutput(
      structured,
      await parser({ outputSchema: { type: "object", properties: { a: { type: "integer" } } } }),
    );
    expect(await finishOutput(structured, result)).toEqual({ ...result, output: { a: 1 } });
  });
});

describe("zod stays optional", () => {
  it("no source file imports zod (only the lazy, variable-specifier import for zod 4.0/4.1)", () => {
    const root = fileURLToPath(new URL("../../src", import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) =>
      ts
        .preProcessFile(readFileSync(join(root, file), "utf8"), true, true)
        .importedFiles.some((ref) => ref.fileName === "zod" || ref.fileName.startsWith("zod/")),
    );
    expect(offenders).toEqual([]);
  });
});
