/**
 * Turn run: `thread.run()` waits for the turn to finish and returns a RunResult. This example prints
 * every field of it.
 *
 *   npx tsx examples/turn-run/main.ts
 */
import { Codex, type RunResult } from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart();
const result: RunResult = await thread.run("In two short sentences: what is a JSON-RPC notification?");

console.log(`[id] ${result.id}`);
// `completed` or `interrupted`; a failed turn rejects with TurnFailedError instead.
console.log(`[status] ${result.status}`);
console.log(`[error] ${result.error ? result.error.message : "none"}`);
// Unix seconds, as reported by the server.
console.log(`[startedAt] ${result.startedAt ?? "?"} (${isoTime(result.startedAt)})`);
console.log(`[completedAt] ${result.completedAt ?? "?"} (${isoTime(result.completedAt)})`);
console.log(`[durationMs] ${result.durationMs ?? "?"}`);
console.log(`[finalResponse] ${result.finalResponse ?? "(none)"}`);

// Every completed item in arrival order: the user message, reasoning, commands, agent messages...
console.log(`[items] ${result.items.length}: ${result.items.map((item) => item.type).join(", ")}`);
for (const item of result.items) {
  if (item.type === "agentMessage")
    console.log(`  agentMessage (phase ${item.phase ?? "none"}): ${item.text}`);
  if (item.type === "commandExecution")
    console.log(`  commandExecution: ${item.command} -> ${item.exitCode}`);
}

// `last` is the latest model response of the turn; `total` spans the whole thread.
if (result.usage) {
  const { last, total, modelContextWindow } = result.usage;
  console.log(
    `[usage.last] input ${last.inputTokens}, cached ${last.cachedInputTokens}, output ${last.outputTokens}, ` +
      `reasoning ${last.reasoningOutputTokens}, total ${last.totalTokens}`,
  );
  console.log(`[usage.total] ${total.totalTokens} tokens; context window ${modelContextWindow ?? "unknown"}`);
} else {
  console.log("[usage] not reported");
}

function isoTime(seconds: number | null): string {
  return seconds === null ? "unknown" : new Date(seconds * 1000).toISOString();
}
