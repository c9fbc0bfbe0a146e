/**
 * Structured output through the real pinned binary and the mock Responses API: the strict schema
 * the model request carries, a zod schema round-tripping to a typed `output`, bad answers rejected
 * with `OutputValidationError`, and unsupported schemas rejected before any request.
 *
 * The tests are independent (one thread each, answers keyed by prompt), so they share one
 * app-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";

import {
  OutputValidationError,
  UnsupportedSchemaError,
  type Codex,
  type JsonSchema,
} from "../../src/index.js";
import { textResponse } from "../../src/testing/index.js";
import type { SpyTransport } from "../support/sdk.js";
import { PromptScript, rejection, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;
let codex: Codex;
let spy: SpyTransport;
let script: PromptScript;

beforeAll(async () => {
  env = await SdkEnv.create();
  ({ codex, spy } = env.spiedCodex());
  script = new PromptScript(env.mock);
});

afterAll(async () => {
  await env.dispose();
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

/** The model request made for `prompt`. */
function requestFor(prompt: string) {
  const request = env.mock.requests.find((r) => r.lastUserText() === prompt);
  if (!request) throw new Error(`no model request for ${JSON.stringify(prompt)}`);
  return request;
}

/** `text.format` of the model request made for `prompt`. */
function formatFor(prompt: string): unknown {
  return (requestFor(prompt).bodyJson["text"] as { format?: unknown } | undefined)?.format;
}

const Recipe = z.object({
  title: z.string().describe("The name of the dish"),
  servings: z.int().min(1),
  note: z.string().optional(),
  rating: z.number().nullable(),
  difficulty: z.enum(["easy", "medium", "hard"]),
  tags: z.array(z.enum(["quick", "vegan", "cheap"])).optional(),
  steps: z.array(
    z.object({
      text: z.string(),
      minutes: z.number().optional(),
      tools: z.array(z.array(z.string())),
    }),
  ),
});

/** The strict schema the SDK makes of `Recipe`. */
const strictRecipe = {
  type: "object",
  properties: {
    title: { type: "string", description: "The name of the dish" },
    servings: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    note: { type: ["string", "null"] },
    rating: { type: ["number", "null"] },
    difficulty: { type: "string", enum: ["easy", "medium", "hard"] },
    tags: {
      anyOf: [
        { type: "array", items: { type: "string", enum: ["quick", "vegan", "cheap"] } },
        { type: "null" },
      ],
    },
    steps: {
      type: "array",
      items: {
        type: "object",
        properties: {
          text: { type: "string" },
          minutes: { type: ["number", "null"] },
          tools: { type: "array", items: { type: "array", items: { type: "string" } } },
        },
        required: ["text", "minutes", "tools"],
        additionalProperties: false,
      },
    },
  },
  required: ["title", "servings", "note", "rating", "difficulty", "tags", "steps"],
  additionalProperties: false,
};

describe("structured output", () => {
  it("sends the strict schema and round-trips a zod schema to a typed output", async () => {
    // What the model answers: every key present, null for the optional fields it leaves out.
    const answer = {
      title: "Pancakes",
      servings: 4,
      note: null,
      rating: null,
      difficulty: "easy",
      tags: ["quick", "cheap"],
      steps: [
        { text: "Whisk flour, eggs and milk", minutes: 5, tools: [["bowl", "whisk"]] },
        { text: "Fry", minutes: null, tools: [["pan"], []] },
      ],
    };
    script.on("recipe please", textResponse(JSON.stringify(answer), { deltas: 4 }));
    const thread = await codex.threadStart();

    const result = await thread.run("recipe please", { outputSchema: Recipe });

    expect(formatFor("recipe please")).toEqual({
      type: "json_schema",
      strict: true,
      name: "codex_output_schema",
      schema: strictRecipe,
    });
    expectTypeOf(result.output).toEqualTypeOf<z.infer<typeof Recipe>>();
    const expected: z.infer<typeof Recipe> = {
      title: "Pancakes",
      servings: 4,
      rating: null,
      difficulty: "easy",
      tags: ["quick", "cheap"],
      steps: [
        { text: "Whisk flour, eggs and milk", minutes: 5, tools: [["bowl", "whisk"]] },
        { text: "Fry", tools: [["pan"], []] },
      ],
    };
    expect(result.output).toStrictEqual(expected);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe(JSON.stringify(answer));
    expect(result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
  });

  it("gives the output of a turn started with thread.turn() through handle.run()", async () => {
    script.on(
      "turn recipe",
      textResponse(
        '{"title":"Soup","servings":2,"note":"hot","rating":4.5,"difficulty":"medium","tags":null,"steps":[]}',
      ),
    );
    const thread = await codex.threadStart();
    const turn = await thread.turn("turn recipe", { outputSchema: Recipe });
    const { output } = await turn.run();
    expect(output).toStrictEqual({
      title: "Soup",
      servings: 2,
      note: "hot",
      rating: 4.5,
      difficulty: "medium",
      steps: [],
    });
  });

  it("applies the schema to its own turn only", async () => {
    script.on("with schema", textResponse('{"ok":true}'));
    script.on("without schema", textResponse("plain text"));
    const thread = await codex.threadStart();
    const first = await thread.run("with schema", { outputSchema: z.object({ ok: z.boolean() }) });
    expect(first.output).toEqual({ ok: true });
    const second = await thread.run("without schema");
    expect(second.finalResponse).toBe("plain text");
    expect(second).not.toHaveProperty("output");
    expect(formatFor("without schema")).toBeUndefined();
  });

  it("sends a plain JSON Schema in strict form and types the output by a validator", async () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { language: { type: "string" }, stars: { type: "integer" } },
      required: ["language"],
    };
    const isLanguage = (v: unknown): v is { language: string; stars?: number } =>
      typeof (v as { language?: unknown }).language === "string";
    script.on("json schema", textResponse('{"language":"TypeScript","stars":null}'));
    const thread = await codex.threadStart();
    const result = await thread.run("json schema", { outputSchema: schema, validate: isLanguage });
    expectTypeOf(result.output).toEqualTypeOf<{ language: string; stars?: number }>();
    expect(result.output).toStrictEqual({ language: "TypeScript" });
    expect(formatFor("json schema")).toMatchObject({
      type: "json_schema",
      strict: true,
      schema: {
        type: "object",
        properties: { language: { type: "string" }, stars: { type: ["integer", "null"] } },
        required: ["language", "stars"],
        additionalProperties: false,
      },
    });
  });

  it("rejects an answer that is not JSON with OutputValidationError carrying the raw text and the result", async () => {
    const raw = "Here is your recipe: pancakes!";
    script.on("not json", textResponse(raw));
    const thread = await codex.threadStart();
    const error = await rejection(
      thread.run("not json", { outputSchema: Recipe }),
      "an OutputValidationError",
    );
    expect(error).toBeInstanceOf(OutputValidationError);
    const e = error as OutputValidationError;
    expect(e.rawText).toBe(raw);
    expect(e.issues[0]?.message).toMatch(/^invalid JSON/);
    expect(e.result.status).toBe("completed");
    expect(e.result.finalResponse).toBe(raw);
    expect(e.result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(e.message).toMatch(/not valid JSON/);
  });

  it("rejects an answer that violates the schema with the raw text and zod's issues", async () => {
    const raw = JSON.stringify({
      title: "Pancakes",
      servings: 0,
      note: null,
      rating: null,
      difficulty: "impossible",
      tags: null,
      steps: [{ text: "Fry", minutes: "ten", tools: [] }],
    });
    script.on("bad recipe", textResponse(raw));
    const thread = await codex.threadStart();
    const error = await rejection(
      thread.run("bad recipe", { outputSchema: Recipe }),
      "an OutputValidationError",
    );
    expect(error).toBeInstanceOf(OutputValidationError);
    const e = error as OutputValidationError;
    expect(e.rawText).toBe(raw);
    expect(e.issues.map((i) => i.path)).toEqual([["servings"], ["difficulty"], ["steps", 0, "minutes"]]);
    expect(e.result.finalResponse).toBe(raw);
    // The thread stays usable.
    script.on("after the bad recipe", textResponse("fine"));
    expect((await thread.run("after the bad recipe")).finalResponse).toBe("fine");
  });

  it("rejects an unsupported construct before any model request (and before turn/start)", async () => {
    const thread = await codex.threadStart();
    const requestsBefore = env.mock.requests.length;
    const turnStartsBefore = spy.requests("turn/start").length;
    const Bad = z.object({
      items: z.array(z.object({ counts: z.record(z.string(), z.number()) })),
      link: z.url(),
    });

    const error = await rejection(
      thread.run("never sent", { outputSchema: Bad }),
      "an UnsupportedSchemaError",
    );

    expect(error).toBeInstanceOf(UnsupportedSchemaError);
    expect((error as UnsupportedSchemaError).problems.map((p) => p.path)).toEqual([
      "#/properties/items/items/properties/counts/propertyNames",
      "#/properties/items/items/properties/counts/additionalProperties",
      "#/properties/link/format",
    ]);
    const plain = await rejection(
      thread.run("never sent either", {
        outputSchema: {
          type: "object",
          properties: { a: { type: "string" } },
          patternProperties: { "^x": {} },
        },
      }),
    );
    expect((plain as UnsupportedSchemaError).problems.map((p) => p.path)).toEqual(["#/patternProperties"]);
    expect(spy.requests("turn/start")).toHaveLength(turnStartsBefore);
    expect(env.mock.requests).toHaveLength(requestsBefore);
    expect(env.mock.requests.some((r) => r.lastUserText()?.startsWith("never sent"))).toBe(false);
  });
});
