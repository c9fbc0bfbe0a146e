/**
 * A script that forgets `close()` still exits, and its app-server goes with it: the client lets go
 * of the event loop whenever nothing is pending. Runs a small program on the built package (as a
 * user would) against the real pinned binary and the mock.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { within } from "../support/sdk.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = pathToFileURL(join(root, "dist", "index.js")).href;
/** How long the script may take, start to exit (it starts an app-server and runs one turn). */
const EXIT_MS = 30_000;

let harness: AppServerHarness;

beforeEach(async () => {
  harness = await AppServerHarness.create();
});

afterEach(async () => {
  await harness.dispose();
});

/** Pids of live processes, anywhere, whose environment has `CODEX_HOME=<codexHome>` (Linux). */
function processesOf(codexHome: string): number[] {
  const wanted = `CODEX_HOME=${codexHome}\0`;
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return [];
      return readFileSync(`/proc/${entry}/environ`, "utf8").includes(wanted) ? [Number(entry)] : [];
    } catch {
      return []; // gone while we looked, or not ours to read
    }
  });
}

/** Runs `source` (an ES module) with node; resolves with its output once it exits by itself. */
async function runScript(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(harness.root, "script.mjs");
  await writeFile(file, source);
  const child = spawn(process.execPath, [file], {
    cwd: harness.workspace,
    env: { ...process.env, HARNESS: JSON.stringify(harness.codexOptions()) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  try {
    const code = await within(exited, "the script to exit by itself", EXIT_MS);
    return { code, stdout, stderr };
  } finally {
    child.kill("SIGKILL"); // only if it hung: the test has failed then
  }
}

/** Waits (bounded) until no process of this harness is left. */
async function noneLeft(): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const left = processesOf(harness.codexHome);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("a script that runs a turn and never calls close() exits by itself, and no app-server remains", async () => {
  harness.mock.enqueue(textResponse("the answer"));
  const run = await runScript(`
    import { Codex } from ${JSON.stringify(dist)};
    const codex = new Codex(JSON.parse(process.env.HARNESS));
    const thread = await codex.threadStart();
    const result = await thread.run("answer me");
    console.log("finalResponse:", result.finalResponse);
  `);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("finalResponse: the answer");
  expect(await noneLeft()).toEqual([]);
});

it("also when it only started the client, and when it closed a notifications() iterator", async () => {
  const run = await runScript(`
    import { Codex } from ${JSON.stringify(dist)};
    const codex = new Codex(JSON.parse(process.env.HARNESS));
    const events = codex.notifications();
    const metadata = await codex.start();
    await events.return();
    console.log("started:", typeof metadata.userAgent);
  `);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("started: string");
  expect(await noneLeft()).toEqual([]);
});

it("a script that closes explicitly (after idle) sees close() complete before it exits", async () => {
  harness.mock.enqueue(textResponse("closing answer"));
  const run = await runScript(`
    import { Codex } from ${JSON.stringify(dist)};
    const codex = new Codex(JSON.parse(process.env.HARNESS));
    const thread = await codex.threadStart();
    console.log("finalResponse:", (await thread.run("answer me")).finalResponse);
    await codex.close();
    console.log("closed");
  `);
  // Exit code 13 would mean Node quit with close() still pending (an unsettled top-level await).
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("finalResponse: closing answer\nclosed");
  expect(await noneLeft()).toEqual([]);
});
