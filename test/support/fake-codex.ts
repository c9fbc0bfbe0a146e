/**
 * A scripted fake `codex` executable for tests of what the real app-server cannot be made to do on
 * demand (a crash at an exact point, a malformed line, ignoring SIGTERM, a flood).
 *
 * `writeFakeCodex(dir, body)` writes an executable Node script (shebang: this Node) that speaks
 * newline-delimited JSON like the app-server and runs `body` with these helpers in scope:
 * - `send(message)`: writes one JSON line to stdout; `writeRaw(text)`: writes text as is
 * - `onMessage((message) => …)`: called for every JSON line read from stdin
 * - `argv`: the arguments after the script path
 * - `respondToInitialize()`: answers `initialize` like the pinned runtime
 * Like the real server, it exits with code 0 when stdin ends, unless the body sets
 * `state.ignoreEof = true`.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { PINNED_RUNTIME_VERSION } from "./pinned-runtime.js";

const PRELUDE = `
const argv = process.argv.slice(2);
const state = { ignoreEof: false };
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
const writeRaw = (text) => process.stdout.write(text);
const handlers = [];
const onMessage = (fn) => handlers.push(fn);
let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => {
  buffered += d;
  let i;
  while ((i = buffered.indexOf("\\n")) >= 0) {
    const line = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    if (line.trim() === "") continue;
    const m = JSON.parse(line);
    for (const h of handlers) h(m);
  }
});
process.stdin.on("end", () => {
  if (!state.ignoreEof) process.exit(0);
});
const respondToInitialize = () =>
  onMessage((m) => {
    if (m.method === "initialize") {
      send({ id: m.id, result: {
        userAgent: m.params.clientInfo.name + "/${PINNED_RUNTIME_VERSION} (Fake OS; x86_64) xterm (" + m.params.clientInfo.name + "; " + m.params.clientInfo.version + ")",
        codexHome: process.env.CODEX_HOME ?? "/fake/codex-home",
        platformFamily: "unix",
        platformOs: "linux",
      } });
    }
  });
`;

/** Writes an executable fake codex script into `dir` and returns its absolute path. */
export function writeFakeCodex(dir: string, body: string, name = "fake-codex"): string {
  const path = join(dir, name);
  writeFileSync(path, `#!${process.execPath}\n"use strict";\n${PRELUDE}\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** True when a process with this pid exists (signal 0 probes without killing). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}
