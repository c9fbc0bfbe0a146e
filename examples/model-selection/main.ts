/**
 * Model selection: list the models the runtime offers, pick one and its strongest reasoning
 * effort, and run a turn with them.
 *
 *   npx tsx examples/model-selection/main.ts [model-id]
 */
import { Codex } from "codex-app-sdk";
import type { Model } from "codex-app-sdk/types";

await using codex = new Codex();

const { data: models } = await codex.models(); // `{ includeHidden: true }` lists hidden models too
console.log(`[models] ${models.length} available:`);
for (const m of models) {
  const efforts = m.supportedReasoningEfforts.map((option) => option.reasoningEffort).join("/");
  console.log(`  ${m.isDefault ? "*" : " "} ${m.id.padEnd(16)} ${m.displayName} (effort ${efforts})`);
}

const wanted = process.argv[2];
const model: Model | undefined =
  wanted === undefined ? (models.find((m) => m.isDefault) ?? models[0]) : models.find((m) => m.id === wanted);
if (model === undefined)
  throw new Error(`no model ${wanted ?? ""} in: ${models.map((m) => m.id).join(", ")}`);

// The catalog lists the efforts from the lightest to the strongest.
const effort = model.supportedReasoningEfforts.at(-1)?.reasoningEffort ?? model.defaultReasoningEffort;
console.log(`[picked] ${model.id} with effort ${effort} (default effort ${model.defaultReasoningEffort})`);

const thread = await codex.threadStart({ model: model.id });
const result = await thread.run("In one sentence: what are you good at?", { effort });
console.log(`[answer] ${result.finalResponse ?? "(no answer)"}`);
