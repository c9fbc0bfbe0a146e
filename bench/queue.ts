/**
 * `npm run bench:queue`: the job queue's throughput and added latency, on this machine.
 *
 * - Throughput: N one-turn jobs through 1, 2 and 4 worker processes (each its own app-server,
 *   concurrency 2), from the first `add()` to the last result: turns per second.
 * - Added latency per job: from `queue.add()` to the model request of its turn (the mock's
 *   arrival time), median and p95, next to the same turns run directly on one `Codex`
 *   (`threadStart()` + `run()` -> the model request), with the same concurrency of 2.
 *
 * The mock answers at once, so the numbers are the SDK's, the queue's and the app-server's own cost.
 * Results go to bench/results/queue.json and are printed as a table. `QUEUE_BENCH_JOBS` sets N (40).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Codex } from "../src/index.js";
import { CodexQueue } from "../src/queue/index.js";
import { AppServerHarness, MockResponsesServer, textResponse } from "../src/testing/index.js";
import { Fleet } from "../test/support/queue-fleet.js";
import { RedisServer, redisServerPath } from "../test/support/redis-server.js";
import { median } from "./lib/stats.js";

const JOBS = Number(process.env["QUEUE_BENCH_JOBS"] ?? 40);
const CONCURRENCY = 2;

function p95(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? NaN;
}

const arrivals = new Map<string, number>();
const mock = await MockResponsesServer.start({
  responder: (request) => {
    const prompt = request.lastUserText() ?? "";
    arrivals.set(prompt, performance.now() + performance.timeOrigin);
    return textResponse(`ok ${prompt}`);
  },
});
const binary = redisServerPath();
if (binary === undefined) throw new Error("bench:queue needs redis-server (apt-get install redis-server)");

/** Runs `count` tasks `CONCURRENCY` at a time. */
async function pool(count: number, run: (i: number) => Promise<void>, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

async function direct(): Promise<{ turnsPerSecond: number; latencies: number[] }> {
  const harness = await AppServerHarness.create({ mock });
  const codex = new Codex(harness.codexOptions());
  try {
    await codex.start();
    const latencies: number[] = [];
    const started = performance.now();
    await pool(
      JOBS,
      async (i) => {
        const prompt = `direct ${i}`;
        const t0 = performance.now() + performance.timeOrigin;
        const thread = await codex.threadStart();
        await thread.run(prompt);
        latencies.push((arrivals.get(prompt) ?? NaN) - t0);
      },
      CONCURRENCY,
    );
    return { turnsPerSecond: JOBS / ((performance.now() - started) / 1000), latencies };
  } finally {
    await codex.close();
    await harness.dispose();
  }
}

async function queued(workers: number): Promise<{ turnsPerSecond: number; latencies: number[] }> {
  const redis = await RedisServer.start(binary ?? "");
  const fleet = new Fleet(redis, mock);
  const queue = new CodexQueue({ connection: redis.connection });
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        fleet.start(`bench-${workers}-${i}`, { concurrency: CONCURRENCY }),
      ),
    );
    const sent = new Map<string, number>();
    const started = performance.now();
    const jobs = await Promise.all(
      Array.from({ length: JOBS }, (_, i) => {
        const prompt = `queued ${workers} ${i}`;
        sent.set(prompt, performance.now() + performance.timeOrigin);
        return queue.add({ input: prompt });
      }),
    );
    await Promise.all(jobs.map((job) => job.result({ timeoutMs: 300_000 })));
    const seconds = (performance.now() - started) / 1000;
    const latencies = [...sent].map(([prompt, t0]) => (arrivals.get(prompt) ?? NaN) - t0);
    return { turnsPerSecond: JOBS / seconds, latencies };
  } finally {
    await queue.close();
    await fleet.dispose();
    await redis.dispose();
  }
}

/** Added latency with one job at a time (no queueing behind other jobs): enqueue -> model request. */
async function queuedOneAtATime(): Promise<number[]> {
  const redis = await RedisServer.start(binary ?? "");
  const fleet = new Fleet(redis, mock);
  const queue = new CodexQueue({ connection: redis.connection });
  try {
    await fleet.start("bench-latency", { concurrency: CONCURRENCY });
    const latencies: number[] = [];
    await pool(
      JOBS,
      async (i) => {
        const prompt = `latency ${i}`;
        const t0 = performance.now() + performance.timeOrigin;
        await (await queue.add({ input: prompt })).result({ timeoutMs: 120_000 });
        latencies.push((arrivals.get(prompt) ?? NaN) - t0);
      },
      CONCURRENCY,
    );
    return latencies;
  } finally {
    await queue.close();
    await fleet.dispose();
    await redis.dispose();
  }
}

const rows: Array<{ setup: string; turnsPerSecond: number; medianMs: number; p95Ms: number }> = [];
const d = await direct();
rows.push({
  setup: "direct (one Codex, 2 at a time)",
  turnsPerSecond: d.turnsPerSecond,
  medianMs: median(d.latencies),
  p95Ms: p95(d.latencies),
});
const one = await queuedOneAtATime();
rows.push({
  setup: "queue, 1 worker, 2 at a time",
  turnsPerSecond: NaN,
  medianMs: median(one),
  p95Ms: p95(one),
});
for (const workers of [1, 2, 4]) {
  const q = await queued(workers);
  rows.push({
    setup: `queue, ${workers} worker process(es), burst of ${JOBS}`,
    turnsPerSecond: q.turnsPerSecond,
    medianMs: median(q.latencies),
    p95Ms: p95(q.latencies),
  });
}
await mock.close();

console.log(`| setup | turns/s | submit -> model request, median ms | p95 ms |\n|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.setup} | ${Number.isNaN(r.turnsPerSecond) ? "—" : r.turnsPerSecond.toFixed(2)} | ${r.medianMs.toFixed(0)} | ${r.p95Ms.toFixed(0)} |`,
  );
}
const dir = join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "queue.json"),
  `${JSON.stringify({ jobs: JOBS, concurrency: CONCURRENCY, rows }, null, 2)}\n`,
);
