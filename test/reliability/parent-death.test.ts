/**
 * Parent death with the REAL pinned app-server: a child Node process (test/support/codex-owner.ts)
 * owns a `Codex` with a turn in flight (held open by a mock gate, or running a `sleep 30` command
 * in the sandbox) and dies, either by SIGKILL or by a plain `process.exit()` without `close()`.
 * Within 2 s nothing of its process tree may still run: not the app-server, not the sandbox, not
 * the command.
 *
 * Why it holds: the app-server is never detached, so it exits on stdin EOF when its parent dies
 * (SIGKILL), and `process.exit()` additionally sends it SIGTERM; its commands run under
 * `bwrap --die-with-parent`.
 */
import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { shellCommandResponse, textResponse } from "../../src/testing/index.js";
import type { OwnerInstructions } from "../support/codex-owner.js";
import { stillRunning, type ProcessInfo } from "../support/process-tree.js";
import { SdkEnv, within } from "../support/sdk.js";

const BOUND_MS = 2000;
const OWNER = new URL("../support/codex-owner.ts", import.meta.url).pathname;

let env: SdkEnv;
const leftovers: number[] = [];
const figures: string[] = [];

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  // Never leave anything behind, whatever the test did.
  for (const p of stillRunning(leftovers.splice(0))) process.kill(p.pid, "SIGKILL");
  await env.dispose();
});

afterAll(() => {
  console.log(`parent death, until no process of the tree runs:\n${figures.map((f) => `  ${f}`).join("\n")}`);
});

/** Starts the owner and resolves once its turn is in flight, with its pid and its process tree. */
async function startOwner(readyOn: OwnerInstructions["readyOn"], then: OwnerInstructions["then"]) {
  const instructions: OwnerInstructions = {
    codex: env.harness.codexOptions(),
    prompt: "stay busy",
    readyOn,
    then,
  };
  const child = spawn(process.execPath, ["--import", "tsx", OWNER], {
    cwd: process.cwd(),
    env: { ...process.env, CODEX_OWNER: JSON.stringify(instructions) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid as number;
  leftovers.push(pid);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await within(
    new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.once("exit", (code) => reject(new Error(`the owner exited with ${String(code)}: ${stderr}`)));
    }),
    "the owner's turn to be in flight",
    30_000,
  );
  const { tree } = JSON.parse(line) as { tree: ProcessInfo[] };
  leftovers.push(...tree.map((p) => p.pid));
  return { pid, tree, exited };
}

/** Waits (at most `ms`) until none of `pids` runs; returns how long it took. */
async function allGone(pids: number[], ms: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const running = stillRunning(pids);
    if (running.length === 0) return performance.now() - started;
    if (performance.now() - started > ms) {
      throw new Error(
        `still running after ${ms} ms: ${running.map((p) => `${p.comm}(${p.pid})`).join(", ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const names = (tree: ProcessInfo[]): string[] => [...new Set(tree.map((p) => p.comm))].sort();

describe("parent death with the real app-server", () => {
  it("SIGKILL of the owner, turn held at a gate: its app-server is gone within 2 s", async () => {
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("held", { deltas: ["he", "ld"] }), { gate, gateAfter: 3 });
    const owner = await startOwner("delta", "hang");
    expect(names(owner.tree)).toContain("codex");
    process.kill(owner.pid, "SIGKILL");
    const ms = await allGone([owner.pid, ...owner.tree.map((p) => p.pid)], BOUND_MS);
    figures.push(`SIGKILL, turn held at a gate (${names(owner.tree).join(", ")}): ${ms.toFixed(0)} ms`);
  });

  it("SIGKILL of the owner while the app-server runs a command: app-server, sandbox and command are gone within 2 s", async () => {
    env.mock.enqueue(shellCommandResponse("call_sleep", "sleep 30"));
    env.mock.enqueue(textResponse("done"));
    const owner = await startOwner("command", "hang");
    expect(names(owner.tree)).toEqual(expect.arrayContaining(["codex", "sleep"]));
    process.kill(owner.pid, "SIGKILL");
    const ms = await allGone([owner.pid, ...owner.tree.map((p) => p.pid)], BOUND_MS);
    figures.push(`SIGKILL, command running (${names(owner.tree).join(", ")}): ${ms.toFixed(0)} ms`);
  });

  it("process.exit() without close(), turn held at a gate: its app-server is gone within 2 s", async () => {
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("held", { deltas: ["he", "ld"] }), { gate, gateAfter: 3 });
    const owner = await startOwner("delta", "exit");
    expect(names(owner.tree)).toContain("codex");
    await within(owner.exited, "the owner to exit");
    const ms = await allGone(
      owner.tree.map((p) => p.pid),
      BOUND_MS,
    );
    figures.push(`process.exit(), turn held at a gate: ${ms.toFixed(0)} ms after the exit`);
  });

  it("process.exit() without close() while a command runs: nothing of the tree is left within 2 s", async () => {
    env.mock.enqueue(shellCommandResponse("call_sleep", "sleep 30"));
    env.mock.enqueue(textResponse("done"));
    const owner = await startOwner("command", "exit");
    expect(names(owner.tree)).toEqual(expect.arrayContaining(["codex", "sleep"]));
    await within(owner.exited, "the owner to exit");
    const ms = await allGone(
      owner.tree.map((p) => p.pid),
      BOUND_MS,
    );
    figures.push(`process.exit(), command running: ${ms.toFixed(0)} ms after the exit`);
  });
});
