// W5's pre-generated notification stream, shared by the generator and the fake server.
//
//   node bench/clients/flood.mjs <file> <lines> <turns>
//
// writes <lines> app-server notification lines (NDJSON, shaped like codex 0.169's) for <turns>
// turns, interleaved round-robin (line i belongs to turn i % turns). Each turn is: turn/started,
// item/started (agentMessage), N x item/agentMessage/delta, item/completed (the full text),
// thread/tokenUsage/updated, turn/completed. Deterministic: the same arguments give the same bytes.
import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

const hex12 = (n) => n.toString(16).padStart(12, "0");
/** Thread and turn ids are UUIDv7-shaped, as the real server's are. */
export const threadId = (k) => `0199a000-0000-7000-8000-${hex12(k)}`;
export const turnId = (k) => `0199a000-0001-7000-8000-${hex12(k)}`;
export const itemId = (k) => `msg_0199a0000002700080${hex12(k)}`;
/** Lines of one turn that are not deltas. */
export const FRAME_LINES = 5;

const WORDS = [
  "the",
  "function",
  "returns",
  "a",
  "value",
  "when",
  "called",
  "with",
  "an",
  "argument",
  "and",
  "otherwise",
  "throws",
  "error",
  "— see",
  "café",
  "résumé",
  "file",
  "src/index.ts",
  "line",
  "42:",
  "`const",
  "x",
  "=",
  "1;`",
  "\\n",
  '"quoted"',
  "ok.",
  "Therefore",
  "we",
  "should",
  "update",
  "tests",
];

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function turnObject(k, status, startedAt, completedAt) {
  return {
    id: turnId(k),
    rootTurnId: turnId(k),
    items: [],
    itemsView: "notLoaded",
    status,
    error: null,
    startedAt,
    completedAt,
    durationMs: completedAt === null ? null : (completedAt - startedAt) * 1000,
  };
}

/** Writes the stream to `file` (via a temporary file, renamed when complete). */
export function generate(file, lines, turns) {
  if (lines % turns !== 0) throw new Error("lines must be a multiple of turns");
  const perTurn = lines / turns;
  const deltasPerTurn = perTurn - FRAME_LINES;
  if (deltasPerTurn < 1) throw new Error("too few lines per turn");
  const random = rng(7);
  /** @type {string[][]} */
  const texts = Array.from({ length: turns }, () => []);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  let out = "";
  let emitted = 1795618207000;
  const t0 = Math.floor(emitted / 1000);
  for (let step = 0; step < perTurn; step++) {
    for (let k = 0; k < turns; k++) {
      const base = { threadId: threadId(k), turnId: turnId(k) };
      let msg;
      if (step === 0) {
        msg = {
          method: "turn/started",
          params: { threadId: threadId(k), turn: turnObject(k, "inProgress", t0, null) },
        };
      } else if (step === 1) {
        msg = {
          method: "item/started",
          params: {
            item: {
              type: "agentMessage",
              moderation: null,
              id: itemId(k),
              text: "",
              phase: null,
              memoryCitation: null,
              delivery: null,
              questions: null,
              startedAtMs: emitted,
              completedAtMs: null,
            },
            ...base,
            startedAtMs: emitted,
          },
        };
      } else if (step < 2 + deltasPerTurn) {
        const n = 1 + Math.floor(random() * 3);
        let delta = "";
        for (let w = 0; w < n; w++) delta += WORDS[Math.floor(random() * WORDS.length)] + " ";
        texts[k]?.push(delta);
        msg = { method: "item/agentMessage/delta", params: { ...base, itemId: itemId(k), delta } };
      } else if (step === 2 + deltasPerTurn) {
        const text = texts[k]?.join("") ?? "";
        texts[k] = [];
        msg = {
          method: "item/completed",
          params: {
            item: {
              type: "agentMessage",
              moderation: null,
              id: itemId(k),
              text,
              phase: null,
              memoryCitation: null,
              delivery: null,
              questions: null,
              startedAtMs: emitted,
              completedAtMs: emitted,
            },
            ...base,
            contentTokenCount: null,
            completedAtMs: emitted,
          },
        };
      } else if (step === 3 + deltasPerTurn) {
        const usage = {
          totalTokens: 120,
          inputTokens: 100,
          cachedInputTokens: 0,
          cacheWriteInputTokens: 0,
          outputTokens: 20,
          reasoningOutputTokens: 0,
        };
        msg = {
          method: "thread/tokenUsage/updated",
          params: { ...base, tokenUsage: { total: usage, last: usage, modelContextWindow: 258400 } },
        };
      } else {
        msg = {
          method: "turn/completed",
          params: { threadId: threadId(k), turn: turnObject(k, "completed", t0, t0 + 2) },
        };
      }
      out += JSON.stringify({ ...msg, emittedAtMs: emitted }) + "\n";
      if (out.length > 1 << 22) {
        writeSync(fd, out);
        out = "";
      }
      if ((step * turns + k) % 100 === 0) emitted++;
    }
  }
  writeSync(fd, out);
  closeSync(fd);
  renameSync(tmp, file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, lines, turns] = process.argv.slice(2);
  if (!file || !lines || !turns) throw new Error("usage: node flood.mjs <file> <lines> <turns>");
  generate(file, Number(lines), Number(turns));
}
