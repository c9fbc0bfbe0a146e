// codex-app-sdk (the built package in dist/) running each workload through its public API.
import { URL, pathToFileURL } from "node:url";
import {
  PROMPT,
  cpuMsSince,
  toolPrompt,
  toolResult,
  doneSampling,
  emit,
  floodResult,
  heapAfterGcMiB,
  job,
  now,
  peakRssMiB,
  requestSample,
  startWindow,
  streamResult,
  timeConcurrentTurns,
  timeSequentialTurns,
  turnsResult,
  wallNow,
} from "./common.mjs";

const j = job();
// `sdkDist` (BENCH_BEFORE_DIST) runs another build of the SDK, for before/after comparisons.
const { Codex, StdioTransport, tool } = await import(
  j.sdkDist
    ? pathToFileURL(`${j.sdkDist}/index.js`).href
    : new URL("../../dist/index.js", import.meta.url).href
);

async function started(extra = {}) {
  const codex = new Codex({ cwd: j.cwd, env: j.env, ...extra });
  await codex.start();
  return codex;
}

/**
 * A stdio transport that notes when an `item/tool/call` request reaches the SDK (parsed, as the raw
 * client has it) and when its answer is handed back to the transport.
 */
function timingTransport(overheads) {
  const inner = new StdioTransport({ cwd: j.cwd, env: j.env });
  const arrived = new Map();
  return {
    description: inner.description,
    start: (handlers) =>
      inner.start({
        ...handlers,
        onMessage: (message) => {
          if (message.method === "item/tool/call") arrived.set(message.id, now());
          handlers.onMessage(message);
        },
      }),
    send: (message) => {
      const t0 = message.method === undefined ? arrived.get(message.id) : undefined;
      if (t0 !== undefined) {
        overheads.push(now() - t0);
        arrived.delete(message.id);
      }
      return inner.send(message);
    },
    close: () => inner.close(),
    unref: () => inner.unref?.(),
    ref: () => inner.ref?.(),
  };
}

const workloads = {
  async W7() {
    const overheads = [];
    const codex = new Codex({ cwd: j.cwd, env: j.env, transport: timingTransport(overheads) });
    const echo = tool({
      name: "bench_echo",
      description: "Echoes i",
      parameters: { type: "object", properties: { i: { type: "integer" } }, required: ["i"] },
      execute: ({ i }) => `echo ${i}`,
    });
    const thread = await codex.threadStart({ tools: [echo] });
    await thread.run(toolPrompt(2)); // warm-up
    overheads.length = 0;
    const w = startWindow();
    await thread.run(toolPrompt(j.params.calls));
    const window = w.end();
    await codex.close();
    emit(toolResult(overheads, j.params.calls, window));
  },

  async W1() {
    const cpu0 = process.cpuUsage();
    const t0 = now();
    // The SDK resolves the pinned native binary itself (the same file the raw client spawns).
    const codex = new Codex({ cwd: j.cwd, env: j.env });
    await codex.start();
    const ready = now();
    const readyMs = ready - t0;
    // CPU time is much less disturbed by other work on the machine than wall time.
    const startCpuMs = cpuMsSince(cpu0);
    const processCpuMs = cpuMsSince(undefined);
    const closeCalledAt = wallNow();
    const c0 = now();
    await codex.close();
    // No process.exit(): the orchestrator measures when this process actually ends.
    // performance.now() counts from this Node process's start: includes Node's boot and our imports.
    emit({ readyMs, processReadyMs: ready, startCpuMs, processCpuMs, closeMs: now() - c0, closeCalledAt });
  },

  async W2() {
    const codex = await started();
    const thread = await codex.threadStart();
    await thread.run(PROMPT.short(-1)); // warm-up, not measured
    const timed = await timeSequentialTurns(
      j.params.turns,
      async (i) => (await thread.run(PROMPT.short(i))).finalResponse,
    );
    await codex.close();
    emit(turnsResult(timed, j.params.turns));
  },

  async W3() {
    const codex = await started();
    const { threads: n, turnsPerThread } = j.params;
    const threads = await Promise.all(Array.from({ length: n }, () => codex.threadStart()));
    await Promise.all(threads.map((t, k) => t.run(PROMPT.short(-1 - k)))); // warm-up
    const timed = await timeConcurrentTurns(threads, turnsPerThread, (t, k, i) =>
      t.run(PROMPT.short(k * 100 + i)),
    );
    await codex.close();
    emit(turnsResult(timed, n * turnsPerThread));
  },

  async W4() {
    const codex = await started();
    const thread = await codex.threadStart();
    await thread.run(PROMPT.short(-1)); // warm-up
    let deltas = 0;
    let chars = 0;
    let first = 0;
    let last = 0;
    const w = startWindow();
    const turn = await thread.turn(PROMPT.stream);
    for await (const event of turn.stream()) {
      if (event.method === "item/agentMessage/delta") {
        const t = now();
        if (deltas === 0) first = t;
        last = t;
        deltas++;
        chars += event.params.delta.length;
      }
    }
    const window = w.end();
    await codex.close();
    emit(streamResult({ deltas, chars, first, last }, window));
  },

  async W5() {
    // The fake server stands in for the app-server: the stdio transport spawns it like the binary.
    const codex = await started({ codexPath: j.fakeServer });
    const { turns: nTurns } = j.params;
    const threads = await Promise.all(Array.from({ length: nTurns }, () => codex.threadStart()));
    const heapBeforeMiB = heapAfterGcMiB();
    let deltas = 0;
    let chars = 0;
    let completed = 0;
    const w = startWindow();
    // The fake server starts the flood once it has answered the last turn/start.
    await Promise.all(
      threads.map(async (thread) => {
        const turn = await thread.turn(PROMPT.flood);
        for await (const event of turn.stream()) {
          if (event.method === "item/agentMessage/delta") {
            deltas++;
            chars += event.params.delta.length;
          } else if (event.method === "turn/completed") completed++;
        }
      }),
    );
    const window = w.end();
    const heapAfterMiB = heapAfterGcMiB();
    const peak = peakRssMiB();
    await codex.close();
    const lines = j.params.lines;
    emit(floodResult({ lines, deltas, chars, completed, heapBeforeMiB, heapAfterMiB, peak }, window));
  },

  async W6() {
    const codex = await started();
    const threads = [];
    for (let i = 0; i < j.params.idleThreads; i++) threads.push(await codex.threadStart());
    await requestSample("idleThreads");
    // The orchestrator samples again while all these turns are held mid-stream by the mock.
    await Promise.all(threads.slice(0, j.params.concurrentTurns).map((t, i) => t.run(PROMPT.hold(i))));
    doneSampling();
    await codex.close();
    emit({ peakRssMiB: peakRssMiB() });
  },
};

await workloads[j.workload]();
