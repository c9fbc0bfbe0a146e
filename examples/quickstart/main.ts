/**
 * Quickstart: start Codex, open a thread, run one turn, print the answer.
 *
 *   npx tsx examples/quickstart/main.ts
 */
import { Codex } from "codex-app-sdk";

// One app-server process per Codex; `await using` closes it when the scope ends.
await using codex = new Codex();

const metadata = await codex.start();
console.log(`[server] ${metadata.serverName} ${metadata.serverVersion} on ${metadata.platformOs}`);

const thread = await codex.threadStart();
console.log(`[thread] ${thread.id}`);

const result = await thread.run("Say hello in one sentence.");
console.log(`[status] ${result.status}`);
console.log(`[answer] ${result.finalResponse ?? "(no answer)"}`);
