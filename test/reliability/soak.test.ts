/**
 * Soak (only with SOAK=1, `npm run test:soak`): 1,000 turns on one `Codex` over 100 threads, with
 * the REAL app-server and the mock Responses API, every turn consumed by `stream()`, half of the
 * consumers breaking out after the first delta. The mock runs in a process of its own (it records
 * every request), so this process holds the SDK and the test only. Checks each stream's events and,
 * at the end against the start (after a warm-up round and a forced GC), that memory and handles did
 * not grow:
 * - heap used: at most {@link HEAP_BOUND} more;
 * - RSS: at most {@link RSS_BOUND} more;
 * - `process.getActiveResourcesInfo()`: no type has more entries than at the start.
 * The figures are printed.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Codex, Thread } from "../../src/index.js";
import { activeResourceCounts } from "../support/resources.js";
import { SdkEnv, within } from "../support/sdk.js";

const THREADS = 100;
const TURNS = 1000;
const LANES = 6;
const HEAP_BOUND = 8 * 1024 * 1024;
const RSS_BOUND = 32 * 1024 * 1024;
const DELTAS = ["one ", "two ", "three ", "four"];

setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

const MiB = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

interface Sample {
  rss: number;
  heapUsed: number;
  resources: Record<string, number>;
}

async function sample(): Promise<Sample> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, resources: activeResourceCounts() };
}

/** The RSS of the app-server (the one process of `pids`), from /proc. */
function serverRss(pids: number[]): number {
  expect(pids).toHaveLength(1);
  const status = readFileSync(`/proc/${pids[0] as number}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

/** Starts test/support/mock-process.ts and resolves with its URL once it listens. */
async function mockProcess(): Promise<{ url: string; child: ChildProcessByStdio<Writable, Readable, null> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("../support/mock-process.ts", import.meta.url).pathname],
    { env: { ...process.env, MOCK_DELTAS: JSON.stringify(DELTAS) }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const line = await within(
    new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
      });
      child.once("exit", (code) => reject(new Error(`the mock process exited with ${String(code)}`)));
    }),
    "the mock process",
    30_000,
  );
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

describe.skipIf(!process.env["SOAK"])("soak", () => {
  let env: SdkEnv;
  let mock: Awaited<ReturnType<typeof mockProcess>>;
  beforeAll(async () => {
    mock = await mockProcess();
    // The harness's own mock stays idle: the provider points at the mock process.
    env = await SdkEnv.create({
      config: { openai_base_url: mock.url, model_providers: { mock_provider: { base_url: mock.url } } },
    });
  });
  afterAll(async () => {
    await env.dispose();
    mock.child.stdin.end();
    if (mock.child.exitCode === null) await new Promise((resolve) => mock.child.once("exit", resolve));
  });

  it(
    `${TURNS} turns on ${THREADS} threads, half the streams broken early: no growth`,
    { timeout: 20 * 60_000 },
    async () => {
      const codex: Codex = env.codex();
      // A consumer that breaks out leaves its turn running: wait for its turn/completed before the
      // thread's next turn (a turn/start on a busy thread would join the running turn).
      const completions = new Map<string, () => void>();
      const completed = new Set<string>();
      codex.on("turn/completed", (n) => {
        const id = n.params.turn.id;
        const resolve = completions.get(id);
        if (resolve) resolve();
        else completed.add(id);
      });
      const untilCompleted = (id: string): Promise<void> =>
        completed.delete(id)
          ? Promise.resolve()
          : within(
              new Promise<void>((resolve) => completions.set(id, resolve)),
              `turn/completed of ${id}`,
            ).finally(() => completions.delete(id));

      let broken = 0;
      let full = 0;
      let turnNumber = 0;
      const runTurn = async (thread: Thread): Promise<void> => {
        const breakEarly = turnNumber++ % 2 === 0;
        const turn = await thread.turn("go");
        const seen: string[] = [];
        for await (const event of turn.stream()) {
          seen.push(event.method === "item/agentMessage/delta" ? event.params.delta : event.method);
          if (breakEarly && event.method === "item/agentMessage/delta") break;
        }
        if (breakEarly) {
          broken++;
          expect(seen.at(-1)).toBe(DELTAS[0]);
          await untilCompleted(turn.id);
        } else {
          full++;
          expect(seen.filter((s) => !s.includes("/"))).toEqual(DELTAS);
          expect(seen.at(-1)).toBe("turn/completed");
          completed.delete(turn.id);
        }
      };
      /** Runs one turn on every thread, `LANES` at a time. */
      const round = async (threads: Thread[]): Promise<void> => {
        let next = 0;
        await Promise.all(
          Array.from({ length: LANES }, async () => {
            while (next < threads.length) await runTurn(threads[next++] as Thread);
          }),
        );
      };

      const threads: Thread[] = [];
      for (let i = 0; i < THREADS; i++) threads.push(await codex.threadStart());
      const started = performance.now();
      await round(threads); // warm-up: the first turn of every thread
      const before = await sample();
      const serverBefore = serverRss(env.pids());
      for (let r = 1; r < TURNS / THREADS; r++) await round(threads);
      const seconds = (performance.now() - started) / 1000;
      const after = await sample();
      const serverAfter = serverRss(env.pids());

      const grew = (k: "rss" | "heapUsed"): number => after[k] - before[k];
      console.log(
        [
          `soak: ${turnNumber} turns on ${THREADS} threads in ${seconds.toFixed(1)} s (${(turnNumber / seconds).toFixed(1)} turns/s), ${broken} streams broken early, ${full} read to the end`,
          `  RSS        ${MiB(before.rss)} -> ${MiB(after.rss)} (${MiB(grew("rss"))}, bound ${MiB(RSS_BOUND)})`,
          `  heap used  ${MiB(before.heapUsed)} -> ${MiB(after.heapUsed)} (${MiB(grew("heapUsed"))}, bound ${MiB(HEAP_BOUND)})`,
          `  active resources ${JSON.stringify(before.resources)} -> ${JSON.stringify(after.resources)}`,
          `  (for information, the app-server's RSS: ${MiB(serverBefore)} -> ${MiB(serverAfter)})`,
        ].join("\n"),
      );
      expect(env.mock.allRequests).toHaveLength(0); // every model request went to the mock process
      expect(turnNumber).toBe(TURNS);
      expect(broken).toBe(TURNS / 2);
      expect(completions.size).toBe(0);
      expect(completed.size).toBe(0);
      expect(grew("heapUsed")).toBeLessThan(HEAP_BOUND);
      expect(grew("rss")).toBeLessThan(RSS_BOUND);
      for (const [type, count] of Object.entries(after.resources)) {
        expect(count, `active ${type}`).toBeLessThanOrEqual(before.resources[type] ?? 0);
      }
    },
  );
});
