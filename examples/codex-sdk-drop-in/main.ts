/**
 * Code written for @openai/codex-sdk, with one line changed: the import. Then one step further,
 * through the escape hatch to the full SDK (text deltas on the same thread).
 *
 *   npx tsx examples/codex-sdk-drop-in/main.ts
 */
import { Codex } from "codex-app-sdk/codex-sdk"; // was: import { Codex } from "@openai/codex-sdk";

const codex = new Codex();
// skipGitRepoCheck: this example may run outside a Git repository.
const thread = codex.startThread({ skipGitRepoCheck: true });

const turn = await thread.run("Diagnose the test failure and propose a fix");
console.log(`[thread] ${thread.id}`);
console.log(`[answer] ${turn.finalResponse}`);
console.log(`[usage] ${turn.usage?.input_tokens} in, ${turn.usage?.output_tokens} out`);

const { events } = await thread.runStreamed("Implement the fix");
for await (const event of events) {
  if (event.type === "item.completed") console.log(`[item] ${event.item.type}`);
  else console.log(`[event] ${event.type}`);
}

// What @openai/codex-sdk cannot do: the same thread through this SDK, streaming text as it comes.
const sdkThread = thread.sdkThread;
if (sdkThread) {
  const next = await sdkThread.turn("Summarise what you changed");
  let text = "";
  for await (const event of next) {
    if (event.method === "item/agentMessage/delta") text += event.params.delta;
  }
  console.log(`[streamed] ${text}`);
}
// No close() needed: the script exits once its runs are done, as with @openai/codex-sdk.
