/**
 * Turn parameters: every option `thread.run()` / `thread.turn()` accepts, in one turn. The options
 * are sticky: the server keeps them for the thread's later turns until they are changed again.
 *
 *   npx tsx examples/turn-parameters/main.ts
 */
import { ApprovalMode, Codex, Sandbox, type TurnOptions } from "codex-app-sdk";

await using codex = new Codex();

// Take the model and its settings from the runtime's catalog, so the values are valid.
const { data: models } = await codex.models();
const model = models.find((m) => m.isDefault) ?? models[0];
if (model === undefined) throw new Error("the runtime lists no models");

const options: TurnOptions = {
  model: model.id,
  effort: model.defaultReasoningEffort,
  summary: "concise", // reasoning summary: auto | concise | detailed | none
  personality: "none", // deprecated by the runtime (friendly/pragmatic no longer select a style)
  cwd: process.cwd(), // where commands run, for this and later turns
  sandbox: Sandbox.workspace_write, // commands may write inside cwd (and temp dirs); no network
  approvalMode: ApprovalMode.deny_all, // never ask; anything needing an escalation is refused
  // A strict JSON Schema for the final answer (every property required, no extras).
  outputSchema: {
    type: "object",
    properties: {
      language: { type: "string" },
      reason: { type: "string" },
    },
    required: ["language", "reason"],
    additionalProperties: false,
  },
  // Cancels the turn (interrupting it on the server) if it takes longer than two minutes.
  signal: AbortSignal.timeout(120_000),
};
// Only send a service tier the model offers (e.g. "priority", which may cost more).
const tier = model.serviceTiers[0]?.id;
if (tier !== undefined) options.serviceTier = tier;

const thread = await codex.threadStart();
console.log(
  `[options] model ${options.model}, effort ${options.effort}, summary ${options.summary}, ` +
    `sandbox ${options.sandbox}, approval ${options.approvalMode}, service tier ${options.serviceTier ?? "default"}`,
);

const result = await thread.run(
  "Which programming language is this SDK written in, and why is it a good fit?",
  options,
);
const answer = JSON.parse(result.finalResponse ?? "{}") as { language?: string; reason?: string };
console.log(`[structured] language=${answer.language ?? "?"}; reason=${answer.reason ?? "?"}`);

// Sticky: this turn passes no options, yet it runs with the same model, sandbox and approval mode.
const next = await thread.run(
  "Reply with the single word: done. (Plain text; the schema was only for the last turn.)",
);
console.log(`[next turn] ${next.finalResponse ?? "(no answer)"}`);
