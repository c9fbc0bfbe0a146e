/**
 * CLI chat: a small interactive chat with Codex in your terminal. Each line you type is a turn on
 * one thread; the answer streams in as it is written. `/exit` (or Ctrl-D) quits; Ctrl-C while an
 * answer streams interrupts that turn, Ctrl-C at the prompt quits.
 *
 *   npx tsx examples/cli-chat/main.ts
 */
import { createInterface } from "node:readline/promises";

import { AbortError, Codex, Sandbox } from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart({ sandbox: Sandbox.read_only });

const interactive = process.stdin.isTTY === true;
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
let current: AbortController | undefined;
rl.on("SIGINT", () => {
  if (current) current.abort();
  else rl.close();
});

console.log(`[chat] thread ${thread.id}. Type a message, /exit to quit.`);
rl.setPrompt("you> ");
rl.prompt();

for await (const line of rl) {
  // Piped input is not echoed by the terminal: echo it, so the transcript reads as a conversation.
  if (!interactive) console.log(line);
  const text = line.trim();
  if (text === "/exit") break;
  if (text !== "") await chat(text);
  rl.prompt();
}
rl.close();
console.log("[chat] bye");

async function chat(text: string): Promise<void> {
  current = new AbortController();
  try {
    const turn = await thread.turn(text, { signal: current.signal });
    process.stdout.write("codex> ");
    for await (const event of turn.stream()) {
      if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
      if (event.method === "item/started" && event.params.item.type === "commandExecution") {
        process.stdout.write(`\n  [running ${event.params.item.command}]\n`);
      }
      if (event.method === "turn/completed" && event.params.turn.status === "failed") {
        process.stdout.write(`[turn failed: ${event.params.turn.error?.message ?? "unknown error"}]`);
      }
    }
    process.stdout.write("\n");
  } catch (error) {
    if (!(error instanceof AbortError)) throw error;
    process.stdout.write("\n[interrupted]\n");
  } finally {
    current = undefined;
  }
}
