/**
 * Reconnect: survive a dropped connection to an app-server that runs on its own (WebSocket or unix
 * socket). The turn keeps running on the server while the client is away; the client reconnects
 * (`codex.reconnect()`, with a backoff), resumes the thread (which subscribes the new connection to
 * it) and reads the turn's answer, waiting for it if the turn is still running. Then it goes on.
 *
 * Start an app-server to connect to (see docs/transports.md):
 *
 *   umask 077; openssl rand -hex 32 > ~/.codex/ws-token
 *   codex app-server --listen ws://127.0.0.1:4500 --ws-auth capability-token --ws-token-file "$HOME/.codex/ws-token"
 *
 * then run, and drop the connection while the turn runs (restart the SSH tunnel, say) to see the recovery:
 *
 *   npx tsx examples/reconnect/main.ts ws://127.0.0.1:4500 ~/.codex/ws-token ["prompt"]
 *   npx tsx examples/reconnect/main.ts /path/to/app.sock                     # a unix socket
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Codex, TransportClosedError, readTokenFile, type Thread, type TransportOption } from "codex-app-sdk";
import type { Turn } from "codex-app-sdk/types";

const [where, tokenFile, prompt = "Summarise the README of this repository in three bullet points."] =
  process.argv.slice(2);
if (where === undefined) {
  console.error(
    "usage: reconnect/main.ts <ws://host:port | wss://… | /path/to/socket> [token file] [prompt]",
  );
  process.exit(2);
}
const token = tokenFile === undefined || tokenFile === "" ? undefined : await readTokenFile(tokenFile);
const transport: TransportOption = /^wss?:\/\//.test(where)
  ? { type: "websocket", url: where, token }
  : { type: "unix", path: where, token };

/** `reconnect()` until it works: the server (or the network) may take a while to come back. */
async function reconnectWithBackoff(codex: Codex, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await codex.reconnect();
      return;
    } catch (error) {
      if (!(error instanceof TransportClosedError) || attempt === attempts) throw error;
      console.log(`[retry] attempt ${attempt} failed: ${error.message.split("\n")[0]}`);
      await sleep(Math.min(200 * 2 ** attempt, 5_000));
    }
  }
}

/**
 * Resumes the thread on the new connection and returns the turn once it has ended: it may have
 * finished while we were away, or still be running (then its `turn/completed` arrives here, since
 * `threadResume` subscribed this connection to the thread).
 */
async function recoverTurn(
  codex: Codex,
  threadId: string,
  turnId: string,
): Promise<{ thread: Thread; turn: Turn }> {
  let off = (): void => undefined;
  const completed = new Promise<void>((resolve) => {
    off = codex.on("turn/completed", (n) => {
      if (n.params.turn.id === turnId) resolve();
    });
  });
  try {
    const thread = await codex.threadResume(threadId); // listen first, so the completion cannot slip by
    const read = async (): Promise<Turn | undefined> =>
      (await thread.read({ includeTurns: true })).thread.turns.find((t) => t.id === turnId);
    let turn = await read();
    if (turn?.status === "inProgress") {
      console.log(`[waiting] turn ${turnId} is still running on the server`);
      await completed;
      turn = await read();
    }
    if (!turn) throw new Error(`turn ${turnId} is not in thread ${threadId}`);
    return { thread, turn };
  } finally {
    off();
  }
}

function answerOf(turn: Turn): string {
  const messages = turn.items.flatMap((i) => (i.type === "agentMessage" ? [i] : []));
  return (messages.findLast((m) => m.phase === "final_answer") ?? messages.at(-1))?.text ?? "(no answer)";
}

await using codex = new Codex({ transport });
let thread = await codex.threadStart();
const turn = await thread.turn(prompt);
console.log(`[turn] ${turn.id} started on thread ${thread.id} (${codex.metadata.serverVersion})`);

try {
  const result = await turn.run();
  console.log(`[answer] ${result.finalResponse ?? "(no answer)"}`);
} catch (error) {
  if (!(error instanceof TransportClosedError)) throw error;
  console.log(`[connection lost] ${error.message.split("\n")[0]}`);
  await reconnectWithBackoff(codex);
  console.log("[reconnected]");
  const recovered = await recoverTurn(codex, thread.id, turn.id);
  // Go on with the resumed Thread: the old object's turns would run without reaching this connection.
  thread = recovered.thread;
  console.log(`[recovered] turn ${turn.id} ${recovered.turn.status}: ${answerOf(recovered.turn)}`);
}

const next = await thread.run("Thanks. One more sentence, please.");
console.log(`[follow-up] ${next.finalResponse ?? "(no answer)"}`);
