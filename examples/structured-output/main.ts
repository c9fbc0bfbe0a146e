/**
 * Structured output: give `outputSchema` a zod schema (or a JSON Schema) and get the final answer
 * back as a typed, validated `output`. The SDK converts the schema to OpenAI's strict mode (optional
 * fields become nullable, and come back as `undefined`), and rejects what strict mode cannot express
 * before anything is sent.
 *
 *   npx tsx examples/structured-output/main.ts
 */
import { Codex, OutputValidationError, UnsupportedSchemaError, type JsonSchema } from "codex-app-sdk";
import { z } from "zod";

await using codex = new Codex();
const thread = await codex.threadStart();

// 1. A zod schema: `output` is typed as z.infer<typeof Recipe>.
const Recipe = z.object({
  title: z.string().describe("The name of the dish"),
  servings: z.int().min(1),
  difficulty: z.enum(["easy", "medium", "hard"]),
  note: z.string().optional(), // sent as nullable; a null answer comes back as undefined
  steps: z.array(z.object({ text: z.string(), minutes: z.number().optional() })),
});

const { output: recipe } = await thread.run("Give me a simple pancake recipe.", { outputSchema: Recipe });
console.log(`[recipe] ${recipe.title}: ${recipe.servings} servings, ${recipe.difficulty}`);
for (const [i, step] of recipe.steps.entries()) {
  console.log(`[step ${i + 1}] ${step.text}${step.minutes === undefined ? "" : ` (${step.minutes} min)`}`);
}
console.log(`[note] ${recipe.note ?? "(none)"}`);

// 2. A plain JSON Schema: a type guard (or a Standard Schema) as `validate` checks and types `output`.
interface Language {
  name: string;
  typed: boolean;
}
const languageSchema: JsonSchema = {
  type: "object",
  properties: { name: { type: "string" }, typed: { type: "boolean" } },
  required: ["name", "typed"],
};
const isLanguage = (value: unknown): value is Language =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Language).name === "string" &&
  typeof (value as Language).typed === "boolean";

try {
  const { output } = await thread.run("Which language is this SDK written in?", {
    outputSchema: languageSchema,
    validate: isLanguage,
  });
  console.log(`[language] ${output.name} (statically typed: ${output.typed})`);
} catch (error) {
  // The answer was not JSON, or failed validation: the raw text and the full result are kept.
  if (!(error instanceof OutputValidationError)) throw error;
  console.log(`[invalid answer] ${error.issues.map((i) => i.message).join("; ")}`);
  console.log(`[raw] ${error.rawText ?? "(no answer)"}`);
}

// 3. Strict mode has no maps or URL formats: the schema is rejected before any request is made.
const WordCounts = z.object({ counts: z.record(z.string(), z.number()), source: z.url() });
try {
  await thread.run("Count the words in README.md", { outputSchema: WordCounts });
} catch (error) {
  if (!(error instanceof UnsupportedSchemaError)) throw error;
  for (const problem of error.problems) console.log(`[unsupported] ${problem.path}`);
}
