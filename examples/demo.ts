/**
 * `npm run demo`: one real agent turn through the real Codex app-server, printed as it streams.
 *
 * - With `OPENAI_API_KEY` set, the real model answers. The key is used in a temporary CODEX_HOME
 *   (your `config.toml` is copied in; your own `~/.codex` is not touched).
 * - With an existing Codex login (`$CODEX_HOME/auth.json`, by default `~/.codex/auth.json`), the real
 *   model answers with your default Codex configuration.
 * - Otherwise (or with `CODEX_DEMO_OFFLINE=1`) the demo runs offline: the model is a scripted mock
 *   from `codex-app-sdk/testing`, but the app-server is real and the shell command the "model" asks
 *   for is really executed by Codex, in a temporary workspace.
 *
 * Everything the demo creates (temporary directories, the app-server process, the mock server) is
 * removed before it exits. The turn is interrupted after 60 s offline, 10 min online
 * (`CODEX_DEMO_TIMEOUT_MS` overrides it), or on Ctrl-C.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

import {
  AbortError,
  Codex,
  Sandbox,
  TransportClosedError,
  type CodexOptions,
  type TurnEvent,
} from "codex-app-sdk";
import { AppServerHarness, shellCommandResponse, sseResponse, textResponse } from "codex-app-sdk/testing";
import type { ThreadTokenUsage } from "codex-app-sdk/types";

type Mode = "offline" | "api-key" | "login";

const COMMAND = "ls && cat greeting.txt";
const PROMPT = `Use the shell to run \`${COMMAND}\` in the current directory, then tell me in one sentence what greeting.txt says.`;

const apiKey = process.env.OPENAI_API_KEY?.trim() ?? "";
const userCodexHome = process.env.CODEX_HOME || join(homedir(), ".codex");
const mode: Mode =
  process.env.CODEX_DEMO_OFFLINE === "1"
    ? "offline"
    : apiKey !== ""
      ? "api-key"
      : existsSync(join(userCodexHome, "auth.json"))
        ? "login"
        : "offline";

// The first line says which model answers.
if (mode === "offline") {
  console.log(
    "codex-app-sdk demo: OFFLINE (no OPENAI_API_KEY and no Codex login found). A scripted mock model " +
      "from codex-app-sdk/testing answers; the app-server and the command it runs are real.",
  );
} else if (mode === "api-key") {
  console.log(
    "codex-app-sdk demo: ONLINE, real model, using OPENAI_API_KEY in a temporary CODEX_HOME (~/.codex is not touched).",
  );
} else {
  console.log(`codex-app-sdk demo: ONLINE, real model, using your Codex login in ${userCodexHome}.`);
}

// From here on Ctrl-C (or a kill) does not end the process at once: it stops the turn, and the
// cleanup at the end of the scope runs. `on`, not `once`: with Ctrl-C the signal can arrive twice
// (tsx relays it to this process too).
const stop = new AbortController();
let stopReason = "interrupted";
for (const name of ["SIGINT", "SIGTERM"] as const) process.on(name, () => stop.abort());

const secret = randomBytes(4).toString("hex");
const greeting = `Hello from the codex-app-sdk demo! The secret word is ${secret}.`;

// Disposed last (after the Codex below): removes the temporary directories and the mock server.
await using environment = await prepare(mode);
const options = environment.options;
await writeFile(join(options.cwd, "greeting.txt"), `${greeting}\n`);

await using codex = new Codex(options);
const metadata = await codex.start();
console.log(`app-server: codex ${metadata.serverVersion} (${metadata.platformOs}), workspace ${options.cwd}`);

if (mode === "api-key") {
  // The runtime does not read OPENAI_API_KEY by itself: log in with it (stored in the temporary home).
  await codex.loginApiKey(apiKey);
}

const thread = await codex.threadStart({ sandbox: Sandbox.workspace_write, ephemeral: true });
console.log(`thread: ${thread.id}`);
console.log(`you: ${PROMPT}`);

// A turn that takes too long is interrupted on the server, like one stopped with Ctrl-C. (A timer
// rather than AbortSignal.any() with AbortSignal.timeout(): on Node 20 the combined signal never
// fires once the timeout signal has been garbage-collected.)
const limitMs = Number(process.env.CODEX_DEMO_TIMEOUT_MS) || (mode === "offline" ? 60_000 : 10 * 60_000);
const deadline = setTimeout(() => {
  stopReason = `no answer within ${limitMs / 1000} s`;
  stop.abort();
}, limitMs);

let commandOutput = "";
let usage = null as ThreadTokenUsage | null; // (set inside show(), which TypeScript does not track)
let answer = "";
let status = "inProgress";
let failure: string | undefined;

try {
  const turn = await thread.turn(PROMPT, { signal: stop.signal });
  for await (const event of turn.stream()) show(event);
} catch (error) {
  // Stopped by Ctrl-C or the deadline (or, if the app-server died meanwhile, by its loss).
  const stopped =
    error instanceof AbortError || (stop.signal.aborted && error instanceof TransportClosedError);
  if (!stopped) throw error;
  status = "stopped";
  failure = stopReason;
} finally {
  clearTimeout(deadline);
}

function show(event: TurnEvent): void {
  switch (event.method) {
    case "item/started": {
      const item = event.params.item;
      if (item.type === "commandExecution") console.log(`\n$ ${item.command}`);
      if (item.type === "agentMessage") process.stdout.write("\ncodex: ");
      break;
    }
    case "item/agentMessage/delta":
      answer += event.params.delta;
      process.stdout.write(event.params.delta);
      break;
    case "item/completed": {
      const item = event.params.item;
      if (item.type === "commandExecution") {
        // The output as the command left it. (The runtime also streams it as
        // `item/commandExecution/outputDelta`, but for a short command those chunks may come only in
        // part, or not at all: the completed item is the whole of it.)
        const output = item.aggregatedOutput ?? "";
        commandOutput += output;
        process.stdout.write(indent(output.endsWith("\n") || output === "" ? output : `${output}\n`));
        console.log(`  (exit code ${item.exitCode ?? "?"}, ${item.durationMs ?? "?"} ms)`);
      }
      if (item.type === "agentMessage") process.stdout.write("\n");
      break;
    }
    case "thread/tokenUsage/updated":
      usage = event.params.tokenUsage;
      break;
    case "turn/completed":
      status = event.params.turn.status;
      failure = event.params.turn.error?.message;
      break;
  }
}

console.log(`\nturn: ${status}${failure ? ` (${failure})` : ""}`);
if (usage) {
  const { total, last } = usage;
  console.log(
    `tokens: ${total.totalTokens} total (input ${total.inputTokens}, cached ${total.cachedInputTokens}, ` +
      `output ${total.outputTokens}, reasoning ${total.reasoningOutputTokens}); last model response ${last.totalTokens}`,
  );
}

const ranForReal = commandOutput.includes(secret);
if (ranForReal) {
  console.log(
    `verified: the command really ran (its output holds the secret word ${secret} from greeting.txt)`,
  );
} else if (status === "stopped") {
  // Nothing to verify: the turn did not get that far.
} else if (mode === "offline") {
  console.log("NOT verified: the command output does not contain the secret word from greeting.txt");
} else {
  console.log("note: the model did not show greeting.txt through a command this time");
}

const succeeded = status === "completed" && (mode !== "offline" || (ranForReal && answer.includes(secret)));
process.exitCode = succeeded ? 0 : 1;

/** The app-server options for the mode, and how to clean up what was made for them. */
interface Environment extends AsyncDisposable {
  options: CodexOptions & { cwd: string };
}

async function prepare(mode: Mode): Promise<Environment> {
  if (mode === "offline") {
    const harness = await AppServerHarness.create();
    harness.mock.setResponder((request) => {
      const [result] = request.functionCallOutputs();
      // First request: ask for the shell command. Second (after the tool ran): answer from its output.
      if (result === undefined) return shellCommandResponse("call_demo", COMMAND);
      const said = result.output.split("\n").find((line) => line.startsWith("Hello from")) ?? "(nothing)";
      const text = `greeting.txt says: "${said}"`;
      return sseResponse(textResponse(text, { deltas: 8 }), { delayMs: 40 });
    });
    return { options: harness.codexOptions(), [Symbol.asyncDispose]: () => harness.dispose() };
  }
  const root = await mkdtemp(join(tmpdir(), "codex-app-sdk-demo-"));
  const dispose = (): Promise<void> =>
    rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  const workspace = join(root, "workspace");
  await mkdir(workspace);
  if (mode === "login") return { options: { cwd: workspace }, [Symbol.asyncDispose]: dispose };
  // The runtime will not install its sandbox helpers when CODEX_HOME is under TMPDIR, so give the
  // app-server a TMPDIR of its own beside the temporary CODEX_HOME.
  const home = join(root, "codex-home");
  await mkdir(home);
  await mkdir(join(root, "tmp"));
  const config = join(userCodexHome, "config.toml");
  if (existsSync(config)) await copyFile(config, join(home, "config.toml"));
  const env = { CODEX_HOME: home, TMPDIR: join(root, "tmp") };
  return { options: { cwd: workspace, env }, [Symbol.asyncDispose]: dispose };
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, "  ");
}
