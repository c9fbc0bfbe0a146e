/** The six workloads: what each measures, its size, which clients run it, and derived metrics. */
import type { ClientId, MetricDef, WorkloadId } from "./model.js";
import type { TreeSample } from "./proc.js";

export interface Sizes {
  w2Turns: number;
  w3Threads: number;
  w3TurnsPerThread: number;
  w4Deltas: number;
  w5Lines: number;
  w5Turns: number;
  w6IdleThreads: number;
  w6ConcurrentTurns: number;
  w7Calls: number;
}

export const FULL: Sizes = {
  w2Turns: 50,
  w3Threads: 8,
  w3TurnsPerThread: 5,
  w4Deltas: 20_000,
  w5Lines: 1_000_000,
  w5Turns: 100,
  w6IdleThreads: 100,
  w6ConcurrentTurns: 50,
  w7Calls: 100,
};

export const QUICK: Sizes = {
  w2Turns: 10,
  w3Threads: 8,
  w3TurnsPerThread: 2,
  w4Deltas: 5_000,
  w5Lines: 200_000,
  w5Turns: 100,
  w6IdleThreads: 20,
  w6ConcurrentTurns: 10,
  w7Calls: 30,
};

/** What the orchestrator observed around one client run. */
export interface RunContext {
  exitAt: number;
  samples: Record<string, TreeSample>;
}

export interface WorkloadDef {
  id: WorkloadId;
  title: string;
  what: string;
  clients: ClientId[];
  params: Record<string, number>;
  metrics: MetricDef[];
  /** Rounds (W1 is cheap and noisy, so it gets more). */
  rounds: (base: number) => number;
  warmup: boolean;
  nodeArgs?: string[];
  /** Turns the client's result line plus the orchestrator's observations into the metrics. */
  derive: (result: Record<string, number>, ctx: RunContext) => Record<string, number>;
}

const m = (key: string, label: string, unit: string, better: MetricDef["better"], digits = 1): MetricDef => ({
  key,
  label,
  unit,
  better,
  digits,
});

const turnMetrics = [
  m("turnsPerSec", "throughput", "turns/s", "higher", 2),
  m("p50Ms", "turn latency p50", "ms", "lower"),
  m("p95Ms", "turn latency p95", "ms", "lower"),
  m("clientCpuMsPerTurn", "client CPU per turn", "ms", "lower", 2),
];

function treeMetrics(prefix: string, s: TreeSample | undefined): Record<string, number> {
  if (!s) return {};
  return {
    [`${prefix}ClientRssMiB`]: s.clientRssMiB,
    [`${prefix}ChildrenRssMiB`]: s.childrenRssMiB,
    [`${prefix}TotalRssMiB`]: s.totalRssMiB,
    [`${prefix}TotalPssMiB`]: s.totalPssMiB,
    [`${prefix}Processes`]: s.processes,
  };
}

export function workloads(sizes: Sizes): WorkloadDef[] {
  return [
    {
      id: "W1",
      title: "cold start",
      what:
        "Spawn the app-server and complete the `initialize` handshake (`new Codex(...).start()` vs the raw client spawning the " +
        "native binary), measured inside the client process from just before the spawn, and from the client Node process's own " +
        "start (so including Node's boot and loading the client's modules). Then `close()`: time until it resolves, and until the client " +
        "Node process has actually exited with nothing left to keep it alive (measured by the orchestrator; includes Node's own teardown).",
      clients: ["sdk", "raw"],
      params: {},
      metrics: [
        m("readyMs", "spawn → initialize answered", "ms", "lower"),
        m("processReadyMs", "Node process start → initialize answered", "ms", "lower"),
        m("startCpuMs", "client CPU, spawn → initialize answered", "ms", "lower"),
        m("processCpuMs", "client CPU, Node process start → initialize answered", "ms", "lower"),
        m("closeMs", "close() resolves", "ms", "lower"),
        m("exitAfterCloseMs", "close() → client process exited", "ms", "lower"),
      ],
      // Cheap (half a second per run) and sensitive to anything else running on the machine.
      rounds: (base) => base * 4,
      warmup: true,
      derive: (r, ctx) => ({ ...r, exitAfterCloseMs: ctx.exitAt - (r["closeCalledAt"] ?? NaN) }),
    },
    {
      id: "W2",
      title: "sequential turns",
      what:
        `${sizes.w2Turns} short turns (3 text deltas each) one after another on one thread, after one warm-up turn. ` +
        "Latency: turn/start sent → turn/completed received (`thread.run()`).",
      clients: ["sdk", "raw", "codex-sdk", "compat"],
      params: { turns: sizes.w2Turns },
      metrics: [...turnMetrics, m("wallMs", "wall time", "ms", "lower", 0)],
      rounds: (base) => base,
      warmup: true,
      derive: (r) => r,
    },
    {
      id: "W3",
      title: "concurrent turns",
      what: `${sizes.w3Threads} threads × ${sizes.w3TurnsPerThread} sequential turns each, all threads at once (after one warm-up turn per thread).`,
      clients: ["sdk", "raw", "codex-sdk", "compat"],
      params: { threads: sizes.w3Threads, turnsPerThread: sizes.w3TurnsPerThread },
      metrics: [m("wallMs", "wall time", "ms", "lower", 0), ...turnMetrics],
      rounds: (base) => base,
      warmup: true,
      derive: (r) => r,
    },
    {
      id: "W4",
      title: "streaming",
      what:
        `One turn streaming ${sizes.w4Deltas.toLocaleString("en")} text deltas; every delta consumed by user code ` +
        "(`for await (const e of turn.stream())` for the SDK, the notification callback for the raw client). Client CPU is " +
        "`process.cpuUsage()` of the client process from turn/start to the end of the stream. @openai/codex-sdk does not stream text deltas.",
      clients: ["sdk", "raw"],
      params: { deltas: sizes.w4Deltas },
      metrics: [
        m("clientCpuMs", "client CPU for the turn", "ms", "lower", 0),
        m("cpuUsPerDelta", "client CPU per delta", "µs", "lower", 2),
        m("userCpuMs", "… of which user", "ms", "lower", 0),
        m("sysCpuMs", "… of which system", "ms", "lower", 0),
        m("readSyscalls", "read() system calls", "", "none", 0),
        m("deltasPerSec", "deltas received", "deltas/s", "higher", 0),
        m("wallMs", "turn wall time", "ms", "lower", 0),
      ],
      // Cheap, and its CPU per delta swings with how the deltas happen to be batched into reads.
      rounds: (base) => base * 2,
      warmup: true,
      derive: (r) => r,
    },
    {
      id: "W5",
      title: "notification flood (no app-server)",
      what:
        `The scripted fake app-server of the unit tests (test/support/fake-app-server.mjs, spawned by the SDK as its \`codexPath\`) answers ` +
        `initialize, ${sizes.w5Turns} thread/start and ${sizes.w5Turns} turn/start, then writes ${sizes.w5Lines.toLocaleString("en")} ` +
        `pre-generated notification lines (~255 B each, ${sizes.w5Turns} turns interleaved round-robin) as fast as the pipe takes them. ` +
        "Measures parse + route + deliver (each turn consumed by its own `for await`) from the first turn/start to the last turn's end. " +
        "Retained heap: heap after GC once all turns finished, minus before they started.",
      clients: ["sdk", "raw"],
      params: { lines: sizes.w5Lines, turns: sizes.w5Turns },
      metrics: [
        m("klinesPerSec", "throughput", "k lines/s", "higher", 0),
        m("cpuUsPerLine", "client CPU per line", "µs", "lower", 2),
        m("clientCpuMs", "client CPU", "ms", "lower", 0),
        m("userCpuMs", "… of which user", "ms", "lower", 0),
        m("sysCpuMs", "… of which system", "ms", "lower", 0),
        m("readSyscalls", "read() system calls", "", "none", 0),
        m("peakRssMiB", "peak RSS of the client", "MiB", "lower", 0),
        m("heapRetainedMiB", "retained heap after all turns", "MiB", "lower", 2),
      ],
      rounds: (base) => base,
      warmup: true,
      nodeArgs: ["--expose-gc"],
      derive: (r) => ({
        ...r,
        klinesPerSec: (r["linesPerSec"] ?? NaN) / 1000,
        heapRetainedMiB: (r["heapAfterMiB"] ?? NaN) - (r["heapBeforeMiB"] ?? NaN),
      }),
    },
    {
      id: "W6",
      title: "memory",
      what:
        `Resident memory with ${sizes.w6IdleThreads} idle threads, then with ${sizes.w6ConcurrentTurns} turns running at once ` +
        "(sampled while the mock holds every one of them mid-stream). Client = the client's Node process; total = it plus every " +
        "process it spawned (the app-server, or one `codex exec` per running turn). PSS splits shared pages (the binary's code) fairly " +
        "between processes, so the total PSS is what the processes really cost together.",
      clients: ["sdk", "raw", "codex-sdk"],
      params: { idleThreads: sizes.w6IdleThreads, concurrentTurns: sizes.w6ConcurrentTurns },
      metrics: [
        m("idleClientRssMiB", "idle threads: client RSS", "MiB", "lower", 0),
        m("idleTotalRssMiB", "idle threads: total RSS", "MiB", "lower", 0),
        m("idleTotalPssMiB", "idle threads: total PSS", "MiB", "lower", 0),
        m("busyClientRssMiB", "running turns: client RSS", "MiB", "lower", 0),
        m("busyTotalRssMiB", "running turns: total RSS", "MiB", "lower", 0),
        m("busyTotalPssMiB", "running turns: total PSS", "MiB", "lower", 0),
        m("busyProcesses", "running turns: processes", "", "none", 0),
      ],
      rounds: (base) => base,
      warmup: false,
      derive: (r, ctx) => ({
        ...r,
        ...treeMetrics("idle", ctx.samples["idleThreads"]),
        ...treeMetrics("busy", ctx.samples["busy"]),
      }),
    },
    {
      id: "W7",
      title: "custom tool calls",
      what:
        `One turn in which the model calls a custom tool ${sizes.w7Calls} times in a row (one call per model response). ` +
        "Overhead: from the client holding the parsed `item/tool/call` request to handing the answer to the transport " +
        "(the SDK: through a wrapping Transport, so its dispatch, argument parsing, handler call and answer encoding are inside; " +
        "the raw client: its callback answering directly). The tool itself does nothing (it echoes its argument).",
      clients: ["sdk", "raw"],
      params: { calls: sizes.w7Calls },
      metrics: [
        m("callP50Us", "request → answer p50", "µs", "lower", 0),
        m("callP95Us", "request → answer p95", "µs", "lower", 0),
        m("clientCpuMsPerCall", "client CPU per call (whole turn)", "ms", "lower", 3),
        m("wallMs", "turn wall time", "ms", "lower", 0),
      ],
      rounds: (base) => base,
      warmup: true,
      derive: (r) => r,
    },
  ];
}
