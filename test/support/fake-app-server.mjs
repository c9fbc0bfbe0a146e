// A scripted fake `codex app-server` for fault injection: it speaks the app-server's newline-delimited
// JSON over stdio and does, at exact points, what the real binary cannot be made to do on demand
// (exit mid-handshake, corrupt its output, stop reading, close stdout while staying alive, ...).
//
// It is driven by a scenario (see fake-app-server.ts for the types), read from the JSON file named
// by the FAKE_APP_SERVER_SCENARIO environment variable. Every request runs the actions listed for
// its method; methods without a list get a default answer (initialize, thread/start, turn/start
// and everything else). Before a fault (exit, kill, closeStdout) the server writes
// `FAULT <epoch ms>` to stderr, so the client can measure how long it took to notice (unless the
// scenario sets `markFaults: false`, for tests that check the stderr tail exactly).
//
// The transport's own tests run it too (test/unit/stdio.test.ts): as a process that reports how it
// was spawned, writes to stderr, exits or kills itself, ignores SIGTERM or stdin EOF, or leaves a
// grandchild holding its stdout.
//
// The benchmark's W5 runs it too (bench/run.ts): given ids like the real server's and a file of
// pre-generated notifications to stream once every turn has started.
import { spawn } from "node:child_process";
import { appendFileSync, closeSync, createReadStream, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import process from "node:process";
import { setInterval } from "node:timers";

// Answers `initialize` as the pinned runtime would, so the SDK sees a supported version.
const runtimeVersion = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@openai/codex/package.json"), "utf8"),
).version;
const scenario = JSON.parse(readFileSync(process.env.FAKE_APP_SERVER_SCENARIO ?? "", "utf8"));

let turnCount = 0;
let loginCount = 0;
let readingStopped = false;
let threadCount = 0;
let stdoutOpen = true;

const write = (text) => {
  if (stdoutOpen) process.stdout.write(text);
};
const send = (message) => write(JSON.stringify(message) + "\n");
const fault = (what) => {
  if (scenario.markFaults !== false) process.stderr.write(`FAULT ${Date.now()} ${what}\n`);
};
// Runs `fn` once everything written so far to stdout and stderr has reached the pipes.
const afterFlush = (fn) => {
  const afterStdout = () => process.stderr.write("", () => fn());
  if (stdoutOpen) process.stdout.write("", afterStdout);
  else afterStdout();
};
// Keeps the process alive (until killed) when nothing else does.
const stayAlive = () => setInterval(() => undefined, 60_000);

function turnObject(ctx, status) {
  return {
    id: ctx.turnId,
    items: [],
    itemsView: "notLoaded",
    status,
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}

function defaultResult(method, ctx) {
  switch (method) {
    case "initialize":
      return {
        userAgent: `codex_app_sdk/${runtimeVersion} (Fake OS; x86_64) xterm (codex_app_sdk; 0.1.0)`,
        codexHome: "/fake/codex-home",
        platformFamily: "unix",
        platformOs: "linux",
      };
    case "thread/start":
      return { thread: { id: ctx.threadId, turns: [], status: { type: "idle" } } };
    case "turn/start":
      return { turn: turnObject(ctx, "inProgress") };
    default:
      return {};
  }
}

/**
 * Replaces "$threadId", "$turnId", "$loginId" and "$cwdFile(<name>)" (the text of that file in the
 * working directory, read when the action runs) in every string of `value`.
 */
function fill(value, ctx) {
  if (typeof value === "string")
    return value
      .replaceAll("$threadId", ctx.threadId)
      .replaceAll("$turnId", ctx.turnId)
      .replaceAll("$loginId", `L${loginCount}`)
      .replace(/\$cwdFile\(([^)]+)\)/g, (_, name) => readFileSync(join(process.cwd(), name), "utf8"));
  if (Array.isArray(value)) return value.map((v) => fill(v, ctx));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, ctx)]));
  }
  return value;
}

const notify = (method, params) => send({ method, params, emittedAtMs: Date.now() });
const delta = (ctx, text) =>
  notify("item/agentMessage/delta", {
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    itemId: "msg_1",
    delta: text,
  });

const SHORTHANDS = {
  respond: (ctx) => send({ id: ctx.id, result: defaultResult(ctx.method, ctx) }),
  turnStarted: (ctx) =>
    notify("turn/started", { threadId: ctx.threadId, turn: turnObject(ctx, "inProgress") }),
  complete: (ctx) => notify("turn/completed", { threadId: ctx.threadId, turn: turnObject(ctx, "completed") }),
  echo: (ctx) => send({ id: ctx.id, result: { echo: ctx.params } }),
  hang: () => undefined,
};

/** Runs one action; returns false when the script must stop (the process is going away). */
function run(action, ctx) {
  if (typeof action === "string") {
    const fn = SHORTHANDS[action];
    if (!fn) throw new Error(`fake-app-server: unknown action ${action}`);
    fn(ctx);
    return true;
  }
  if ("respond" in action) send({ id: ctx.id, result: fill(action.respond, ctx) });
  else if ("error" in action) send({ id: ctx.id, error: action.error });
  else if ("notify" in action) notify(action.notify, fill(action.params ?? {}, ctx));
  else if ("send" in action) send(fill(action.send, ctx));
  else if ("sendProcessInfo" in action) {
    const env = Object.fromEntries(action.env.map((name) => [name, process.env[name] ?? null]));
    send({
      method: action.sendProcessInfo,
      params: { argv: process.argv.slice(2), cwd: process.cwd(), env },
    });
  } else if ("logPid" in action) appendFileSync(action.logPid, `${process.pid}\n`);
  else if ("spawnGrandchild" in action) {
    // Detached, with this process's stdout and stderr: the pipes stay open after this one exits.
    const [command, ...args] = action.spawnGrandchild;
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], detached: true });
    child.unref();
    send({ method: "grandchild", params: { pid: child.pid } });
  } else if ("deltas" in action) for (const text of action.deltas) delta(ctx, fill(text, ctx));
  else if ("agentMessage" in action) {
    const item = { type: "agentMessage", id: "msg_1", text: fill(action.agentMessage, ctx), phase: null };
    notify("item/completed", { threadId: ctx.threadId, turnId: ctx.turnId, item });
  } else if ("raw" in action) write(fill(action.raw, ctx));
  else if ("bigDelta" in action) delta(ctx, "x".repeat(action.bigDelta));
  else if ("respondUnknownId" in action) send({ id: action.respondUnknownId, result: {} });
  else if ("stderr" in action) process.stderr.write(action.stderr + "\n");
  else if ("stopReading" in action) {
    readingStopped = true;
    process.stdin.pause();
    // A paused stdin keeps nothing alive: stay until killed, like a wedged server.
    stayAlive();
  } else if ("streamFile" in action) {
    // At the n-th turn/start, the whole file as fast as the pipe takes it (stdout stays open).
    if (turnCount === action.atTurn) {
      createReadStream(action.streamFile, { highWaterMark: 1 << 20 }).pipe(process.stdout, { end: false });
    }
  } else if ("exit" in action) {
    afterFlush(() => {
      fault(`exit ${action.exit}`);
      process.exit(action.exit);
    });
    return false;
  } else if ("kill" in action) {
    afterFlush(() => {
      fault(`kill ${action.kill}`);
      process.kill(process.pid, action.kill);
    });
    return false;
  } else if ("closeStdout" in action) {
    afterFlush(() => {
      stdoutOpen = false;
      fault("closeStdout");
      closeSync(1);
    });
    // Stay alive, with stderr open, until killed.
    stayAlive();
    return true;
  } else throw new Error(`fake-app-server: unknown action ${JSON.stringify(action)}`);
  return true;
}

function runAll(actions, ctx) {
  for (const action of actions) if (!run(action, ctx)) return false;
  return true;
}

let stopped = false;

let threadsStarted = 0;

/** A request's thread when it names none: `thread/start` takes the scenario's next id, if any. */
function newThreadId(method) {
  threadCount++;
  const listed = method === "thread/start" ? scenario.threadIds?.[threadsStarted++] : undefined;
  return listed ?? `thread-${threadCount}`;
}

function onMessage(message) {
  if (stopped || typeof message.method !== "string" || message.id === undefined) return;
  const params = message.params ?? {};
  const threadId = typeof params.threadId === "string" ? params.threadId : newThreadId(message.method);
  let turnId = `turn-${turnCount}`;
  if (message.method === "account/login/start") loginCount++;
  if (message.method === "turn/start") {
    turnCount++;
    turnId = scenario.turnIds?.[threadId] ?? `turn-${turnCount}`;
  }
  const ctx = { id: message.id, method: message.method, params, threadId, turnId };
  const actions = scenario.on?.[message.method] ?? ["respond"];
  if (!runAll(actions, ctx)) stopped = true;
}

const startCtx = { id: null, method: "", params: {}, threadId: "thread-0", turnId: "turn-0" };

// Handling SIGTERM (even with no actions) means surviving it: the client has to escalate.
if (scenario.onSigterm) process.on("SIGTERM", () => runAll(scenario.onSigterm, startCtx));

if (!runAll(scenario.start ?? [], startCtx)) {
  stopped = true;
} else if (!readingStopped) {
  let buffered = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => {
    buffered += chunk;
    let i;
    while (!stopped && (i = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      if (line.trim() !== "") onMessage(JSON.parse(line));
    }
  });
  // Like the real server: stdin EOF ends the process (unless the scenario keeps it alive).
  process.stdin.on("end", () => {
    if (scenario.onStdinEnd !== "ignore") process.exit(0);
    // Ignoring EOF: nothing is left to keep the process alive, so stay until killed.
    stayAlive();
  });
}
