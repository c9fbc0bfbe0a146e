/**
 * `codex.exec()` against the real pinned binary: streamed output, stdin, the exit code, a pty and
 * its resize, and termination by abort, `terminate()` and `await using`, checked on the process
 * itself (found by a unique argument in /proc), plus the argument checks that send nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  AbortError,
  CodexError,
  InternalRpcError,
  InvalidArgumentError,
  JsonRpcError,
  type CommandOutputChunk,
} from "../../src/index.js";
import type { SandboxPolicy } from "../../src/types.js";
import { PROMPT_MS } from "../support/bounds.js";
import { rejection, SdkEnv, within } from "../support/sdk.js";

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

/** Live (not zombie) processes whose command line has `marker` as an argument. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
      if (args.includes(marker) && state !== "Z") found.push(Number(entry));
    } catch {
      // exited while being read
    }
  }
  return found;
}

/** A `sleep` duration no other process on the machine uses, so its argv marks the process. */
function uniqueSleep(): string {
  return `${900 + randomInt(99)}.${randomInt(1_000_000, 9_999_999)}`;
}

/**
 * Waits (bounded) until the `sleep` of `marker` runs. "ready" is printed by the shell before it
 * execs `sleep`, so right after it the process may still be the shell, whose argv holds the marker
 * only inside its script: a check at that instant flaked under load.
 */
async function running(marker: string): Promise<void> {
  await vi.waitFor(() => expect(processesWith(marker)).toHaveLength(1), { timeout: PROMPT_MS, interval: 20 });
}

/** Resolves with the text of the first chunk that contains `needle`. */
async function firstOutput(chunks: AsyncIterable<CommandOutputChunk>, needle: string): Promise<string> {
  let seen = "";
  for await (const chunk of chunks) {
    seen += chunk.text;
    if (seen.includes(needle)) return seen;
  }
  throw new Error(`output ended without ${JSON.stringify(needle)}: ${JSON.stringify(seen)}`);
}

describe("codex.exec()", () => {
  it("cat echoes what is written to stdin, streamed, and exits 0 after end()", async () => {
    const codex = env.codex();
    const proc = await codex.exec(["cat"], { streamStdin: true });
    await proc.write("hello\n");
    await proc.write(new TextEncoder().encode("wörld\n"));
    const echoed = await within(firstOutput(proc, "wörld\n"), "the echo of both writes");
    expect(echoed).toBe("hello\nwörld\n");
    await proc.end();
    const result = await within(proc.wait(), "cat's exit");
    expect(result).toEqual({ exitCode: 0, stdout: "hello\nwörld\n", stderr: "" });
    expect(proc.exited).toBe(true);
    // The iterator replays from the first chunk, and ends with the process.
    const replay: string[] = [];
    for await (const chunk of proc.output()) replay.push(chunk.text);
    expect(replay.join("")).toBe("hello\nwörld\n");
    await expect(proc.write("late")).rejects.toThrow(/has exited/);
  });

  it("reports the exit code and stderr apart from stdout, to onOutput as they arrive", async () => {
    const codex = env.codex();
    const chunks: CommandOutputChunk[] = [];
    const proc = await codex.exec(["sh", "-c", "echo out; echo err >&2; exit 3"], {
      onOutput: (chunk) => chunks.push(chunk),
    });
    const result = await within(proc.wait(), "the exit");
    expect(result).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
    const joined = (stream: string) =>
      chunks
        .filter((c) => c.stream === stream)
        .map((c) => c.text)
        .join("");
    expect(joined("stdout")).toBe("out\n");
    expect(joined("stderr")).toBe("err\n");
  });

  it("buffers the output in the answer when streaming is off", async () => {
    const codex = env.codex();
    const proc = await codex.exec(["sh", "-c", "printf buffered"], { streamStdoutStderr: false });
    expect(await within(proc.wait(), "the exit")).toEqual({ exitCode: 0, stdout: "buffered", stderr: "" });
  });

  it("runs in a pty of the given size, and resize() changes it", async () => {
    const codex = env.codex();
    const proc = await codex.exec(["sh", "-c", "stty size; read line; stty size"], {
      tty: true,
      size: { rows: 30, cols: 100 },
    });
    const iterator = proc.output();
    expect(
      await within(firstOutput({ [Symbol.asyncIterator]: () => iterator }, "30 100"), "the first size"),
    ).toContain("30 100");
    await proc.resize({ rows: 40, cols: 120 });
    await proc.write("\n");
    expect((await within(proc.wait(), "the exit")).stdout).toMatch(/30 100\r?\n[\s\S]*40 120/);
  });

  it("aborting the signal terminates a long-running command: wait() rejects with AbortError once it is gone", async () => {
    const codex = env.codex();
    const marker = uniqueSleep();
    const controller = new AbortController();
    const proc = await codex.exec(["sh", "-c", `echo ready; exec sleep ${marker}`], {
      signal: controller.signal,
    });
    await within(firstOutput(proc, "ready"), "the command to start");
    await running(marker);
    controller.abort();
    const error = await rejection(proc.wait(), "the abort");
    expect(error).toBeInstanceOf(AbortError);
    expect(proc.exited).toBe(true);
    expect(processesWith(marker)).toEqual([]);
  });

  it("terminate() and await using end the process; terminate() after the exit does nothing", async () => {
    const codex = env.codex();
    const first = uniqueSleep();
    const proc = await codex.exec(["sh", "-c", `echo ready; exec sleep ${first}`]);
    await within(firstOutput(proc, "ready"), "the command to start");
    await within(proc.terminate(), "terminate()");
    expect(processesWith(first)).toEqual([]);
    expect((await proc.wait()).exitCode).toBe(137);
    await proc.terminate();

    const second = uniqueSleep();
    {
      await using scoped = await codex.exec(["sh", "-c", `echo ready; exec sleep ${second}`]);
      await within(firstOutput(scoped, "ready"), "the second command to start");
      await running(second);
    }
    expect(processesWith(second)).toEqual([]);
  });

  it("closing the client ends a running command", async () => {
    const codex = env.codex();
    const marker = uniqueSleep();
    const proc = await codex.exec(["sh", "-c", `echo ready; exec sleep ${marker}`]);
    await within(firstOutput(proc, "ready"), "the command to start");
    await codex.close();
    await expect(proc.wait()).rejects.toBeInstanceOf(CodexError);
    expect(processesWith(marker)).toEqual([]);
  });

  it("refuses bad arguments, an aborted signal and stdin misuse before sending anything", async () => {
    const { codex, spy } = env.spiedCodex();
    await codex.start();
    await expect(codex.exec([])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.exec([""])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.exec(["ls"], { size: { rows: 1, cols: 1 } })).rejects.toThrow(/tty: true/);
    await expect(codex.exec(["ls"], { timeoutMs: 5, disableTimeout: true })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(codex.exec(["ls"], { tty: true, size: { rows: 0, cols: 80 } })).rejects.toThrow(
      /size\.rows/,
    );
    await expect(codex.exec(["ls"], { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(spy.requests("command/exec")).toEqual([]);

    const proc = await codex.exec(["true"]);
    await expect(proc.write("x")).rejects.toThrow(/streamStdin/);
    await expect(proc.resize({ rows: 10, cols: 10 })).rejects.toThrow(/tty: true/);
    await within(proc.wait(), "the exit");
    expect(spy.requests("command/exec/write")).toEqual([]);
  });

  it("maps the runtime's refusals to typed errors: a spawn failure, an unknown sandbox policy", async () => {
    const codex = env.codex();
    const missing = await codex.exec(["true"], { cwd: `${env.harness.workspace}/no-such-dir` });
    const spawn = await rejection(missing.wait(), "the spawn failure");
    expect(spawn).toBeInstanceOf(InternalRpcError);
    expect((spawn as InternalRpcError).message).toMatch(/failed to spawn/);
    expect(missing.exited).toBe(true);

    const policy = { type: "bogus" } as unknown as SandboxPolicy;
    const refused = await codex.exec(["true"], { sandboxPolicy: policy });
    expect(await rejection(refused.wait(), "the refusal")).toBeInstanceOf(JsonRpcError);
  });
});
