// Shared by the benchmark's client processes. Each client runs in its own Node process, started by
// bench/run.ts, so that its CPU time and memory are its own. The orchestrator passes the job as
// JSON in argv[2]; the client answers with JSON lines on stdout:
//   {"type":"result", ...}   the measurements (exactly one)
//   {"type":"sample", "label"}  "measure my process tree now"; the client then waits for one line on stdin
// Nothing else may be written to stdout.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

/** The job given by the orchestrator. */
export function job() {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: node <client>.mjs '<job json>'");
  return JSON.parse(raw);
}

export function now() {
  return performance.now();
}

/** Wall-clock milliseconds (comparable across processes on this machine). */
export function wallNow() {
  return performance.timeOrigin + performance.now();
}

export function emit(result) {
  process.stdout.write(JSON.stringify({ type: "result", ...result }) + "\n");
}

let stdinLines;

/** Asks the orchestrator to measure this process tree, and waits until it has. */
export async function requestSample(label) {
  stdinLines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write(JSON.stringify({ type: "sample", label }) + "\n");
  await stdinLines.next();
}

/** Stops reading stdin, so that it keeps nothing alive. */
export function doneSampling() {
  if (stdinLines) void stdinLines.return?.();
  process.stdin.destroy();
}

/**
 * CPU time (user + system) of this process since `start` (a `process.cpuUsage()` value), or since
 * the process started when `start` is undefined, in ms.
 */
export function cpuMsSince(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** CPU time split into user and system ms since `start`. */
export function cpuSplitSince(start) {
  const d = process.cpuUsage(start);
  return { userCpuMs: d.user / 1000, sysCpuMs: d.system / 1000 };
}

/** Read system calls made by this process so far (Linux /proc/self/io; NaN elsewhere). */
export function readSyscalls() {
  try {
    return Number(/^syscr:\s+(\d+)/m.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

export function mib(bytes) {
  return bytes / (1024 * 1024);
}

/** Heap in use after a full GC (needs `--expose-gc`), in MiB. */
export function heapAfterGcMiB() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
  return mib(process.memoryUsage().heapUsed);
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** The model prompt of each workload; the orchestrator's mock answers according to the prefix. */
export const PROMPT = {
  short: (i) => `BENCH short ${i}`,
  stream: "BENCH stream",
  hold: (i) => `BENCH hold ${i}`,
  flood: "BENCH flood",
};

/** W7's prompt: the mock calls the tool `calls` times, then answers. */
export function toolPrompt(calls) {
  return `BENCH tool ${calls}`;
}

/** W7's result line from the per-call overheads (ms) and the measured window. */
export function toolResult(overheads, calls, window) {
  if (overheads.length !== calls)
    throw new Error(`W7: ${overheads.length} tool calls answered, expected ${calls}`);
  return {
    callP50Us: percentile(overheads, 50) * 1000,
    callP95Us: percentile(overheads, 95) * 1000,
    clientCpuMsPerCall: window.cpuMs / calls,
    wallMs: window.wallMs,
  };
}

/** Runs `fn(i)` for i in [0, n) with at most `limit` in flight. */
export async function pool(n, limit, fn) {
  const results = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return results;
}

/**
 * Starts a measured window. `end()` reads, in this order, the wall time, the CPU time (total and
 * user/system) and the read system calls of the window; the start and end reads of /proc happen
 * outside it. Every client measures its workloads through this, so they are measured alike.
 */
export function startWindow() {
  const reads0 = readSyscalls();
  const cpu0 = process.cpuUsage();
  const t0 = now();
  return {
    end() {
      const wallMs = now() - t0;
      const cpuMs = cpuMsSince(cpu0);
      const split = cpuSplitSince(cpu0);
      const readSyscallCount = readSyscalls() - reads0;
      return { wallMs, cpuMs, split, readSyscallCount };
    },
  };
}

/**
 * W2: `count` turns one after another through `run(i)`, which resolves with the answer text.
 * Returns the latencies and the measured window.
 */
export async function timeSequentialTurns(count, run) {
  const latencies = [];
  const w = startWindow();
  for (let i = 0; i < count; i++) {
    const s = now();
    const text = await run(i);
    latencies.push(now() - s);
    if (!text.startsWith("ok")) throw new Error(`unexpected answer ${text}`);
  }
  return { latencies, window: w.end() };
}

/** W3: `perThread` turns on each thread, the threads at once, through `run(thread, k, i)`. */
export async function timeConcurrentTurns(threads, perThread, run) {
  const latencies = [];
  const w = startWindow();
  await Promise.all(
    threads.map(async (t, k) => {
      for (let i = 0; i < perThread; i++) {
        const s = now();
        await run(t, k, i);
        latencies.push(now() - s);
      }
    }),
  );
  return { latencies, window: w.end() };
}

/** The W2/W3 result of `total` turns. */
export function turnsResult({ latencies, window }, total) {
  return {
    wallMs: window.wallMs,
    turnsPerSec: (total / window.wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    clientCpuMsPerTurn: window.cpuMs / total,
  };
}

/** The W4 result: deltas counted by the client between `first` and `last` (ms). */
export function streamResult({ deltas, chars, first, last }, window) {
  return {
    deltas,
    chars,
    deltasPerSec: ((deltas - 1) / (last - first)) * 1000,
    clientCpuMs: window.cpuMs,
    cpuUsPerDelta: (window.cpuMs * 1000) / deltas,
    wallMs: window.wallMs,
    ...window.split,
    readSyscalls: window.readSyscallCount,
  };
}

/** The W5 result for the flood of `lines` lines. */
export function floodResult({ lines, deltas, chars, completed, heapBeforeMiB, heapAfterMiB, peak }, window) {
  return {
    lines,
    deltas,
    chars,
    completed,
    wallMs: window.wallMs,
    linesPerSec: (lines / window.wallMs) * 1000,
    clientCpuMs: window.cpuMs,
    cpuUsPerLine: (window.cpuMs * 1000) / lines,
    peakRssMiB: peak,
    heapBeforeMiB,
    heapAfterMiB,
    ...window.split,
    readSyscalls: window.readSyscallCount,
  };
}
