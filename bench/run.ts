/**
 * `npm run bench`: runs W1–W6 against codex-app-sdk, a raw JSON-RPC client and @openai/codex-sdk,
 * interleaved round by round, and writes bench/results/latest.{json,md,svg}.
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_QUICK=1 (smaller workloads, 3 rounds),
 * BENCH_ONLY=W2,W5 (a subset), BENCH_PROFILE=<dir> (each client process writes a V8 CPU profile to
 * <dir>/<workload>-<client>/), BENCH_BEFORE_DIST=<another build's dist/> (adds that build as the
 * client "sdk-before", for before/after numbers of a change), BENCH_RUST_LOG=<level> (the app-server's
 * RUST_LOG instead of the harness's "warn"). Runs that are quick, partial or
 * compare builds write bench/results/partial.* instead of latest.*. BENCH_SKIP=codex-sdk leaves out
 * that client (it is slow, and W2's client-CPU ratio is SDK ÷ raw); such runs are partial too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import {
  AppServerHarness,
  MockResponsesServer,
  sseResponse,
  textResponse,
  toolCallResponse,
} from "../src/testing/index.js";
import type { SseGate } from "../src/testing/index.js";
import { resolveCodexBinary } from "../src/transport/binary.js";
import { writeFakeAppServer } from "../test/support/fake-app-server.js";
import { threadId, turnId } from "./clients/flood.mjs";
import type { BenchResults, Check, ClientId, Ratio, WorkloadResult } from "./lib/model.js";
import { runClient, sampleTree, type TreeSample } from "./lib/proc.js";
import { renderMarkdown, renderSvg } from "./lib/report.js";
import { median, round, summarize } from "./lib/stats.js";
import { FULL, QUICK, workloads, type Sizes, type WorkloadDef } from "./lib/workloads.js";

// The mock adds one abort listener per open stream to a shared signal; W6 holds 50 streams at once.
setMaxListeners(200);

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CLIENT_DIR = join(BENCH, "clients");

const quick = process.env["BENCH_QUICK"] === "1";
const rounds = Number(process.env["BENCH_ROUNDS"] ?? (quick ? 3 : 5));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a positive integer`);
const only = (process.env["BENCH_ONLY"] ?? "")
  .split(",")
  .map((s) => s.trim().toUpperCase())
  .filter(Boolean);
const skip = (process.env["BENCH_SKIP"] ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const sizes: Sizes = quick ? QUICK : FULL;
const beforeDist = process.env["BENCH_BEFORE_DIST"] ? resolve(process.env["BENCH_BEFORE_DIST"]) : undefined;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Installs bench/'s own dependencies (@openai/codex-sdk) on first use, outside the SDK's install. */
function ensureBenchDeps(): string {
  const pkg = join(BENCH, "node_modules", "@openai", "codex-sdk", "package.json");
  if (!existsSync(pkg)) {
    log("Installing bench dependencies (@openai/codex-sdk) into bench/node_modules ...");
    // Its own copy of the codex runtime is an optional dependency we never run (the benchmark points
    // it at the SDK's binary through codexPathOverride), so it is not downloaded.
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--omit=optional"], {
      cwd: BENCH,
      stdio: "inherit",
    });
    if (r.status !== 0) throw new Error("npm install in bench/ failed");
  }
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The W5 stream, generated once per size (and per version of the generator) into the temp dir. */
function floodFile(): string {
  const generator = join(CLIENT_DIR, "flood.mjs");
  const hash = createHash("sha1").update(readFileSync(generator)).digest("hex").slice(0, 8);
  const dir = join(tmpdir(), "codex-app-sdk-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `flood-${hash}-${sizes.w5Lines}x${sizes.w5Turns}.ndjson`);
  if (!existsSync(file)) {
    log(`Generating the W5 stream (${sizes.w5Lines} lines) into ${file} ...`);
    execFileSync(process.execPath, [generator, file, String(sizes.w5Lines), String(sizes.w5Turns)], {
      stdio: "inherit",
    });
  }
  return file;
}

/**
 * W5's stand-in for the app-server: the unit tests' scripted fake (test/support/fake-app-server.mjs),
 * handing out flood.mjs's thread and turn ids and streaming `flood` once the last turn has started.
 * Returns the executable to pass as `codexPath`.
 */
function floodServer(flood: string): string {
  const turns = sizes.w5Turns;
  const threadIds = Array.from({ length: turns }, (_, k) => threadId(k));
  return writeFakeAppServer(
    dirname(flood),
    {
      threadIds,
      turnIds: Object.fromEntries(threadIds.map((id, k) => [id, turnId(k)])),
      on: { "turn/start": ["respond", { streamFile: flood, atTurn: turns }] },
    },
    `fake-app-server-${turns}`,
  );
}

/** Mock answers, by prompt prefix (the clients' prompts are in clients/common.mjs). */
interface HoldState {
  gate: SseGate;
  target: number;
  arrived: number;
  onAll: () => void;
}

function installResponder(mock: MockResponsesServer, holds: { current: HoldState | undefined }): void {
  const words = ["alpha ", "beta ", "gamma ", "delta ", "epsilon ", "zeta ", "eta ", "theta "];
  const streamDeltas = Array.from({ length: sizes.w4Deltas }, (_, i) => words[i % words.length] as string);
  const streamText = streamDeltas.join("");
  mock.setResponder((request) => {
    const text = request.lastUserText() ?? "";
    if (text.startsWith("BENCH stream")) return textResponse(streamText, { deltas: streamDeltas });
    if (text.startsWith("BENCH tool")) {
      // One call per model response until the turn has made `calls` of them, then the answer.
      // Call ids name the turn's call count, so outputs of earlier turns of the thread do not count.
      const calls = Number(text.split(" ")[2] ?? 0);
      const made = request.functionCallOutputs().filter((o) => o.callId.startsWith(`call_${calls}_`)).length;
      if (made < calls) return toolCallResponse(`call_${calls}_${made}`, "bench_echo", { i: made });
      return textResponse(`ok ${made} calls`, { deltas: 1 });
    }
    if (text.startsWith("BENCH hold")) {
      const hold = holds.current;
      const events = textResponse("ok held", { deltas: 3 });
      if (!hold) return events;
      hold.arrived++;
      if (hold.arrived === hold.target) hold.onAll();
      return sseResponse(events, { gate: hold.gate, gateAfter: 2 });
    }
    return textResponse(`ok ${text}`, { deltas: 3 });
  });
}

interface Context {
  mock: MockResponsesServer;
  holds: { current: HoldState | undefined };
  bin: string;
  /** W5's fake app-server (see floodServer). */
  fakeServer: string | undefined;
}

async function runOnce(def: WorkloadDef, client: ClientId, harness: AppServerHarness, ctx: Context) {
  const options = harness.codexOptions();
  const job = {
    workload: def.id,
    sdkDist: client === "sdk-before" ? beforeDist : undefined,
    bin: ctx.bin,
    cwd: options.cwd,
    env: options.env,
    params: def.params,
    fakeServer: ctx.fakeServer,
  };
  const samples: Record<string, TreeSample> = {};
  let pid = 0;
  let busy: Promise<void> = Promise.resolve();
  if (def.id === "W6") {
    // Sample while every turn is held mid-stream by the mock, then let them finish.
    const target = def.params["concurrentTurns"] ?? 0;
    const gate = ctx.mock.gate();
    let onAll = (): void => undefined;
    const all = new Promise<void>((resolve) => (onAll = resolve));
    ctx.holds.current = { gate, target, arrived: 0, onAll };
    busy = (async () => {
      const timeout = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), 180_000).unref(),
      );
      const got = await Promise.race([all, timeout]);
      if (got !== "timeout") {
        await new Promise((resolve) => setTimeout(resolve, 300));
        samples["busy"] = sampleTree(pid);
      }
      gate.release();
    })();
  }
  try {
    const profile = process.env["BENCH_PROFILE"];
    const profileArgs = profile
      ? ["--cpu-prof", `--cpu-prof-dir=${join(profile, `${def.id}-${client}`)}`]
      : [];
    const script = client === "sdk-before" ? "sdk" : client;
    const run = await runClient(join(CLIENT_DIR, `${script}.mjs`), job, {
      nodeArgs: [...(def.nodeArgs ?? []), ...profileArgs],
      onSpawn: (p) => (pid = p),
      onSample: (label, p) => {
        samples[label] = sampleTree(p);
      },
    });
    await busy;
    if (def.id === "W6" && samples["busy"] === undefined) {
      throw new Error(`W6 ${client}: the held turns did not all reach the mock within 180 s`);
    }
    return def.derive(run.result, { exitAt: run.exitAt, samples });
  } finally {
    ctx.holds.current?.gate.release();
    ctx.holds.current = undefined;
  }
}

async function runWorkload(def: WorkloadDef, ctx: Context): Promise<WorkloadResult> {
  const started = Date.now();
  const n = def.rounds(rounds);
  const result: WorkloadResult = {
    id: def.id,
    title: def.title,
    what: def.what,
    params: def.params,
    clients: def.clients,
    metrics: def.metrics,
    rounds: {},
    summary: {},
    order: [],
    durationSec: 0,
  };
  const rustLog = process.env["BENCH_RUST_LOG"];
  const harness = await AppServerHarness.create({
    mock: ctx.mock,
    ...(rustLog ? { env: { RUST_LOG: rustLog } } : {}),
  });
  try {
    if (def.warmup) {
      for (const client of def.clients) await runOnce(def, client, harness, ctx);
    }
    for (let r = 0; r < n; r++) {
      const order = def.clients.map((_, i) => def.clients[(i + r) % def.clients.length] as ClientId);
      result.order.push(order);
      for (const client of order) {
        const metrics = await runOnce(def, client, harness, ctx);
        (result.rounds[client] ??= []).push(metrics);
        const shown = def.metrics
          .slice(0, 3)
          .map((mm) => `${mm.key}=${round(metrics[mm.key] ?? NaN)}`)
          .join(" ");
        log(`  ${def.id} round ${r + 1}/${n} ${client.padEnd(9)} ${shown}`);
      }
    }
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  ${def.id} FAILED: ${result.error}`);
  } finally {
    await harness.dispose();
  }
  for (const client of def.clients) {
    const list = result.rounds[client];
    if (!list || list.length === 0) continue;
    const keys = new Set(list.flatMap((x) => Object.keys(x)));
    const summary: Record<string, ReturnType<typeof summarize>> = {};
    for (const key of keys) summary[key] = summarize(list.map((x) => x[key] ?? NaN));
    result.summary[client] = summary;
  }
  result.durationSec = (Date.now() - started) / 1000;
  return result;
}

function ratio(
  w: WorkloadResult | undefined,
  spec: Omit<Ratio, "value" | "perRound" | "pass" | "workload"> & { workload: Ratio["workload"] },
): Ratio | undefined {
  const a = w?.rounds[spec.numerator];
  const b = w?.rounds[spec.denominator];
  if (!a?.length || !b?.length) return undefined;
  const va = a.map((x) => x[spec.metric] ?? NaN);
  const vb = b.map((x) => x[spec.metric] ?? NaN);
  const value = median(va) / median(vb);
  const paired = va.slice(0, Math.min(va.length, vb.length)).map((v, i) => v / (vb[i] ?? NaN));
  const r: Ratio = {
    ...spec,
    value: round(value),
    perRound: { min: round(Math.min(...paired)), max: round(Math.max(...paired)) },
  };
  if (spec.target) r.pass = spec.target.op === ">=" ? value >= spec.target.value : value <= spec.target.value;
  return r;
}

function ratios(ws: WorkloadResult[]): Ratio[] {
  const w = (id: string): WorkloadResult | undefined => ws.find((x) => x.id === id);
  const ge = (value: number) => ({ op: ">=" as const, value, text: `≥ ${value}` });
  const le = (value: number, text = `≤ ${value}`) => ({ op: "<=" as const, value, text });
  const list = [
    ratio(w("W1"), {
      id: "W1.ready",
      label: "W1 spawn → ready",
      workload: "W1",
      metric: "readyMs",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
      target: le(1.1),
    }),
    ratio(w("W1"), {
      id: "W1.startCpu",
      label: "W1 client CPU, spawn → ready",
      workload: "W1",
      metric: "startCpuMs",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W1"), {
      id: "W1.processReady",
      label: "W1 Node start → ready",
      workload: "W1",
      metric: "processReadyMs",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
      // Tighter than spawn → ready since the main entry is bundled (issue 20): loading the SDK's
      // code is the only part of it that is the SDK's own.
      target: le(1.05),
    }),
    ratio(w("W1"), {
      id: "W1.processCpu",
      label: "W1 client CPU, Node start → ready",
      workload: "W1",
      metric: "processCpuMs",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W2"), {
      id: "W2.throughput",
      label: "W2 sequential turns/s",
      workload: "W2",
      metric: "turnsPerSec",
      numerator: "sdk",
      denominator: "raw",
      better: "higher",
      target: ge(0.95),
    }),
    ratio(w("W2"), {
      id: "W2.cpuPerTurn",
      label: "W2 client CPU per turn",
      workload: "W2",
      metric: "clientCpuMsPerTurn",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
      target: le(1.25),
    }),
    ratio(w("W2"), {
      id: "W2.p95",
      label: "W2 turn latency p95",
      workload: "W2",
      metric: "p95Ms",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W3"), {
      id: "W3.throughput",
      label: "W3 concurrent turns/s",
      workload: "W3",
      metric: "turnsPerSec",
      numerator: "sdk",
      denominator: "raw",
      better: "higher",
      target: ge(0.95),
    }),
    ratio(w("W4"), {
      id: "W4.cpu",
      label: "W4 client CPU per delta",
      workload: "W4",
      metric: "cpuUsPerDelta",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
      target: le(1.25),
    }),
    ratio(w("W4"), {
      id: "W4.rate",
      label: "W4 deltas/s",
      workload: "W4",
      metric: "deltasPerSec",
      numerator: "sdk",
      denominator: "raw",
      better: "higher",
    }),
    ratio(w("W5"), {
      id: "W5.throughput",
      label: "W5 flood lines/s",
      workload: "W5",
      metric: "linesPerSec",
      numerator: "sdk",
      denominator: "raw",
      better: "higher",
      target: ge(0.8),
    }),
    ratio(w("W5"), {
      id: "W5.peakRss",
      label: "W5 peak RSS",
      workload: "W5",
      metric: "peakRssMiB",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W6"), {
      id: "W6.idleClient",
      label: "W6 client RSS, idle threads",
      workload: "W6",
      metric: "idleClientRssMiB",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W6"), {
      id: "W6.busyClient",
      label: "W6 client RSS, running turns",
      workload: "W6",
      metric: "busyClientRssMiB",
      numerator: "sdk",
      denominator: "raw",
      better: "lower",
    }),
    ratio(w("W2"), {
      id: "W2.vsCodexSdk",
      label: "W2 sequential turns/s",
      workload: "W2",
      metric: "turnsPerSec",
      numerator: "sdk",
      denominator: "codex-sdk",
      better: "higher",
      target: ge(3),
    }),
    ratio(w("W3"), {
      id: "W3.vsCodexSdk",
      label: "W3 concurrent turns/s",
      workload: "W3",
      metric: "turnsPerSec",
      numerator: "sdk",
      denominator: "codex-sdk",
      better: "higher",
      target: ge(3),
    }),
    // The drop-in: the same code as the @openai/codex-sdk client but for its import.
    ratio(w("W2"), {
      id: "W2.compatVsCodexSdk",
      label: "W2 sequential turns/s, drop-in",
      workload: "W2",
      metric: "turnsPerSec",
      numerator: "compat",
      denominator: "codex-sdk",
      better: "higher",
    }),
    ratio(w("W3"), {
      id: "W3.compatVsCodexSdk",
      label: "W3 concurrent turns/s, drop-in",
      workload: "W3",
      metric: "turnsPerSec",
      numerator: "compat",
      denominator: "codex-sdk",
      better: "higher",
    }),
    ratio(w("W2"), {
      id: "W2.compatVsSdk",
      label: "W2 sequential turns/s, drop-in vs codex-app-sdk",
      workload: "W2",
      metric: "turnsPerSec",
      numerator: "compat",
      denominator: "sdk",
      better: "higher",
    }),
    ratio(w("W3"), {
      id: "W3.compatVsSdk",
      label: "W3 concurrent turns/s, drop-in vs codex-app-sdk",
      workload: "W3",
      metric: "turnsPerSec",
      numerator: "compat",
      denominator: "sdk",
      better: "higher",
    }),
    ratio(w("W6"), {
      id: "W6.vsCodexSdk",
      label: "W6 total PSS, running turns",
      workload: "W6",
      metric: "busyTotalPssMiB",
      numerator: "sdk",
      denominator: "codex-sdk",
      better: "lower",
      target: le(1, "< 1 (a fraction)"),
    }),
    ratio(w("W6"), {
      id: "W6.vsCodexSdkRss",
      label: "W6 total RSS, running turns",
      workload: "W6",
      metric: "busyTotalRssMiB",
      numerator: "sdk",
      denominator: "codex-sdk",
      better: "lower",
    }),
  ];
  const before = list
    .filter((r) => r?.numerator === "sdk")
    .map((r) =>
      r === undefined
        ? undefined
        : ratio(w(r.workload), {
            id: `${r.id}.before`,
            label: `${r.label} (before)`,
            workload: r.workload,
            metric: r.metric,
            numerator: "sdk-before",
            denominator: r.denominator,
            better: r.better,
            ...(r.target ? { target: r.target } : {}),
          }),
    );
  return [...list, ...before].filter((r): r is Ratio => r !== undefined);
}

function checks(ws: WorkloadResult[]): Check[] {
  const out: Check[] = [];
  const w1 = ws.find((x) => x.id === "W1")?.summary.sdk?.["exitAfterCloseMs"];
  if (w1 && w1.n > 0) {
    out.push({
      id: "W1.exitAfterClose",
      label: `W1 codex-app-sdk: close() → Node process exited (median; max of ${w1.n} rounds ${w1.max.toFixed(0)} ms)`,
      value: round(w1.median),
      unit: "ms",
      target: { op: "<=", value: 100, text: "≤ 100 ms" },
      pass: w1.median <= 100,
    });
  }
  const w5 = ws.find((x) => x.id === "W5")?.summary.sdk?.["heapRetainedMiB"];
  if (w5 && w5.n > 0) {
    out.push({
      id: "W5.heapRetained",
      label: "W5 codex-app-sdk: heap retained after all turns finished (max of rounds)",
      value: round(w5.max),
      unit: "MiB",
      target: { op: "<=", value: 2, text: "≤ 2 MiB (no growth with finished turns)" },
      pass: w5.max <= 2,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!existsSync(join(ROOT, "dist", "index.js")))
    throw new Error("dist/ is missing: run `npm run build` first");
  const codexSdk = ensureBenchDeps();
  const bin = resolveCodexBinary(undefined, process.env).path;
  const codexVersion = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  const defs = workloads(sizes)
    .filter((d) => only.length === 0 || only.includes(d.id))
    .map((d) => (skip.length > 0 ? { ...d, clients: d.clients.filter((c) => !skip.includes(c)) } : d))
    .map((d) =>
      beforeDist
        ? { ...d, clients: d.clients.flatMap((c) => (c === "sdk" ? [c, "sdk-before" as const] : [c])) }
        : d,
    );
  if (beforeDist && !existsSync(join(beforeDist, "index.js")))
    throw new Error(`BENCH_BEFORE_DIST: no index.js in ${beforeDist}`);
  const fakeServer = defs.some((d) => d.id === "W5") ? floodServer(floodFile()) : undefined;
  const env: BenchResults["env"] = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    codex: codexVersion,
    codexBinary: bin,
    codexSdk,
    loadStart: loadavg().map((x) => round(x)),
  };
  log(
    `codex-app-sdk bench: ${rounds} rounds${quick ? " (quick)" : ""}; ${codexVersion}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const mock = await MockResponsesServer.start();
  const holds: Context["holds"] = { current: undefined };
  installResponder(mock, holds);
  const results: WorkloadResult[] = [];
  try {
    for (const def of defs) {
      log(`${def.id} ${def.title} (${def.clients.join(", ")})`);
      results.push(await runWorkload(def, { mock, holds, bin, fakeServer }));
    }
  } finally {
    await mock.close();
  }
  env["loadEnd"] = loadavg().map((x) => round(x));
  env["totalSec"] = Math.round((Date.now() - t0) / 1000);
  const out: BenchResults = {
    env,
    config: { rounds, quick, only, ...(beforeDist ? { beforeDist } : {}) },
    workloads: results,
    ratios: ratios(results),
    checks: checks(results),
  };
  const name = quick || only.length > 0 || skip.length > 0 || beforeDist ? "partial" : "latest";
  const dir = join(BENCH, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(out, null, 2) + "\n");
  writeFileSync(join(dir, `${name}.md`), renderMarkdown(out));
  writeFileSync(join(dir, `${name}.svg`), renderSvg(out));
  log("");
  for (const r of out.ratios) {
    const verdict = r.pass === undefined ? "" : r.pass ? "  met" : "  MISSED";
    log(
      `${r.label.padEnd(34)} ${r.numerator}/${r.denominator} = ${r.value.toFixed(3)} ${r.target?.text ?? ""}${verdict}`,
    );
  }
  for (const c of out.checks)
    log(`${c.label}: ${c.value} ${c.unit} ${c.target.text}${c.pass ? "  met" : "  MISSED"}`);
  log(`\nWrote bench/results/${name}.{json,md,svg} in ${env["totalSec"]} s`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
