/**
 * Approvals: let the agent run only the commands you approve.
 *
 * Under `ApprovalMode.untrusted` the runtime asks the client before it runs any command that is
 * not known to be safe. The client answers with an `onServerRequest` handler:
 *   1. a rule for the whole client (`approveCommands` with a predicate on the command),
 *   2. a person, for one turn (a handler that asks on the terminal, honouring its `signal`).
 * The turn's stream shows each request as it waits, so a UI can say "waiting for approval".
 *
 *   npx tsx examples/approvals/main.ts
 */
import { createInterface } from "node:readline/promises";

import { ApprovalMode, Codex, Sandbox, approveCommands, handleServerRequests } from "codex-app-sdk";

// 1. A rule: appending a plain line to notes.txt is fine; anything else is declined. Match the
//    whole script: it can chain commands (`echo hi >> notes.txt; rm -rf ~`).
const onlyNotes = approveCommands((command) => /^echo [\w ,.!'-]+ >> notes\.txt$/.test(command));

await using codex = new Codex({ onServerRequest: onlyNotes, serverRequestTimeoutMs: 5 * 60_000 });
// Handler failures (a throw, an invalid answer, a timeout) arrive as `error` events.
codex.on("error", (event) => console.log(`[error] ${event.params.error.message}`));

const thread = await codex.threadStart({
  approvalMode: ApprovalMode.untrusted,
  sandbox: Sandbox.workspace_write,
});

const turn = await thread.turn("Append the line 'hello' to notes.txt with a shell command.");
for await (const event of turn.stream()) {
  if (event.method === "item/commandExecution/requestApproval") {
    console.log(`[waiting for approval] ${event.params.command ?? ""}`);
  } else if (event.method === "serverRequest/resolved") {
    console.log(`[approval answered] request ${event.params.requestId}`);
  } else if (event.method === "item/completed" && event.params.item.type === "commandExecution") {
    const { status, exitCode } = event.params.item;
    console.log(`[command] ${status}, exit code ${exitCode ?? "none"}`);
  } else if (event.method === "turn/completed") {
    console.log(`[turn] ${event.params.turn.status}`);
  }
}

// 2. A person, for this turn only: the turn's handler is asked before the client's. Its `signal`
//    aborts when the turn is interrupted (or the handler times out), which cancels the prompt.
async function ask(question: string, signal: AbortSignal): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  try {
    return await terminal.question(question, { signal });
  } finally {
    terminal.close();
  }
}
const askHuman = handleServerRequests({
  "item/commandExecution/requestApproval": async ({ params }, { signal }) => {
    const reply = (await ask(`Run \`${params.command ?? "?"}\`? [y/N] `, signal)).trim();
    console.log(`\n[human said] ${reply || "(nothing)"}`);
    return { decision: reply.toLowerCase() === "y" ? "accept" : "decline" };
  },
});
const result = await thread.run("Delete notes.txt.", { onServerRequest: askHuman });
const [command] = result.items.filter((item) => item.type === "commandExecution");
console.log(`[human turn] command ${command?.status ?? "none"}; agent: ${result.finalResponse ?? ""}`);
