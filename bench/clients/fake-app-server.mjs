#!/usr/bin/env node
// W5's scripted stand-in for `codex app-server` (no model, no runtime). Started exactly like the
// real binary (`<this file> [--config k=v] app-server --listen stdio://`), it answers `initialize`,
// `thread/start` (thread k gets flood.mjs's threadId(k)) and `turn/start` (the turn of thread k is
// turnId(k)); once it has answered BENCH_FLOOD_TURNS turn/starts it streams the pre-generated file
// BENCH_FLOOD_FILE to stdout as fast as the pipe takes it. It exits when stdin closes.
import { createReadStream, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { threadId, turnId } from "./flood.mjs";

// Reports the pinned runtime's version, so the SDK sees a supported runtime.
const runtimeVersion = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@openai/codex/package.json"), "utf8"),
).version;

const file = process.env.BENCH_FLOOD_FILE;
const turns = Number(process.env.BENCH_FLOOD_TURNS);
if (!file || !(turns > 0)) {
  process.stderr.write("fake-app-server: set BENCH_FLOOD_FILE and BENCH_FLOOD_TURNS\n");
  process.exit(2);
}

let threadsStarted = 0;
let turnsStarted = 0;
const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");

function thread(id) {
  return {
    id,
    sessionId: id,
    forkedFromId: null,
    preview: "",
    ephemeral: false,
    modelProvider: "fake",
    createdAt: 1795618207,
    updatedAt: 1795618207,
    status: { type: "idle" },
    path: null,
    cwd: process.cwd(),
    cliVersion: runtimeVersion,
    source: "vscode",
    gitInfo: null,
    name: null,
    turns: [],
  };
}

function answer(msg) {
  switch (msg.method) {
    case "initialize":
      return {
        userAgent: `fake_app_server/${runtimeVersion} (bench) xterm`,
        codexHome: process.cwd(),
        platformFamily: "unix",
        platformOs: "linux",
      };
    case "thread/start":
      return {
        thread: thread(threadId(threadsStarted++)),
        model: "fake",
        modelProvider: "fake",
        cwd: process.cwd(),
      };
    case "turn/start": {
      const k = Number.parseInt(String(msg.params.threadId).slice(-12), 16);
      turnsStarted++;
      return {
        turn: {
          id: turnId(k),
          rootTurnId: turnId(k),
          items: [],
          itemsView: "notLoaded",
          status: "inProgress",
          error: null,
          startedAt: null,
          completedAt: null,
          durationMs: null,
        },
      };
    }
    default:
      return {};
  }
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.length === 0) return;
  const msg = JSON.parse(line);
  if (msg.id === undefined || msg.method === undefined) return; // notifications and responses
  send({ id: msg.id, result: answer(msg) });
  if (msg.method === "turn/start" && turnsStarted === turns) {
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(process.stdout, { end: false });
  }
});
lines.on("close", () => process.exit(0));
