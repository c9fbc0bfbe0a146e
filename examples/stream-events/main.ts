/**
 * Stream events: iterate a turn's events as they arrive and print a curated view of them: the
 * turn's lifecycle, the commands the agent runs with their output, the streamed answer, approval
 * requests, and the token usage.
 *
 *   npx tsx examples/stream-events/main.ts
 */
import { Codex, Sandbox, type TurnEvent } from "codex-app-sdk";

await using codex = new Codex();
// Read-only: the agent may look around but not change anything.
const thread = await codex.threadStart({ sandbox: Sandbox.read_only });

const turn = await thread.turn("Run `ls` in the current directory, then tell me how many entries it has.");
console.log(`[turn] ${turn.id} on thread ${turn.threadId}`);

// A turn's stream ends right after its own `turn/completed`; it only ever carries this turn's events.
for await (const event of turn.stream()) show(event);

function show(event: TurnEvent): void {
  switch (event.method) {
    case "turn/started":
      console.log("[turn/started]");
      break;
    case "item/started":
      if (event.params.item.type === "commandExecution")
        console.log(`[command] ${event.params.item.command}`);
      if (event.params.item.type === "agentMessage") process.stdout.write("[answer] ");
      break;
    case "item/commandExecution/outputDelta":
      process.stdout.write(event.params.delta);
      break;
    case "item/agentMessage/delta":
      process.stdout.write(event.params.delta);
      break;
    case "item/reasoning/summaryTextDelta":
      process.stdout.write(`[reasoning] ${event.params.delta}\n`);
      break;
    case "item/completed": {
      const item = event.params.item;
      if (item.type === "userMessage") {
        const text = item.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(" ");
        console.log(`[user] ${text}`);
      } else if (item.type === "commandExecution") {
        console.log(`[command output]\n${item.aggregatedOutput ?? ""}`.trimEnd());
        console.log(`[command done] exit code ${item.exitCode ?? "?"} in ${item.durationMs ?? "?"} ms`);
      } else if (item.type === "agentMessage") {
        process.stdout.write("\n");
      }
      break;
    }
    case "thread/tokenUsage/updated": {
      const { last, total } = event.params.tokenUsage;
      console.log(`[tokens] this response ${last.totalTokens}, thread total ${total.totalTokens}`);
      break;
    }
    case "item/commandExecution/requestApproval":
      // A server request: the turn waits until the client answers it (see docs/approvals.md).
      console.log(`[approval requested] ${event.params.command ?? "a command"}`);
      break;
    case "error":
      console.log(`[error] ${event.params.error.message}${event.params.willRetry ? " (retrying)" : ""}`);
      break;
    case "turn/completed":
      console.log(
        `[turn/completed] ${event.params.turn.status} in ${event.params.turn.durationMs ?? "?"} ms`,
      );
      break;
    default:
      // Everything else (plans, diffs, reasoning parts, ...) is skipped in this curated view.
      break;
  }
}
