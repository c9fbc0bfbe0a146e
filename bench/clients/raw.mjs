// Baseline client: the minimal hand-written JSON-RPC client (raw-client.mjs) running each workload.
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
import { RawClient, RawTurns } from "./raw-client.mjs";

const j = job();
const ARGS = ["app-server", "--listen", "stdio://"];

async function started(bin = j.bin, experimentalApi = true) {
  const client = new RawClient(bin, ARGS, { cwd: j.cwd, env: j.env });
  await client.initialize(experimentalApi);
  return { client, turns: new RawTurns(client) };
}

/** The strict schema the SDK sends for W7's tool, so that both clients declare the same tool. */
const ECHO_SCHEMA = {
  type: "object",
  properties: { i: { type: "integer" } },
  required: ["i"],
  additionalProperties: false,
};

const workloads = {
  async W7() {
    const { client, turns } = await started(j.bin);
    const tool = { type: "function", name: "bench_echo", description: "Echoes i", inputSchema: ECHO_SCHEMA };
    const thread = await turns.threadStart({ dynamicTools: [tool] });
    const overheads = [];
    client.onRequest = (msg) => {
      const t0 = now();
      if (msg.method !== "item/tool/call") return client.respond(msg.id, {});
      client.respond(msg.id, {
        contentItems: [{ type: "inputText", text: `echo ${msg.params.arguments.i}` }],
        success: true,
      });
      overheads.push(now() - t0);
    };
    await turns.run(thread, toolPrompt(2)); // warm-up
    overheads.length = 0;
    const w = startWindow();
    await turns.run(thread, toolPrompt(j.params.calls));
    const window = w.end();
    await client.close();
    emit(toolResult(overheads, j.params.calls, window));
  },

  async W1() {
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const client = new RawClient(j.bin, ARGS, { cwd: j.cwd, env: j.env });
    await client.initialize();
    const ready = now();
    const readyMs = ready - t0;
    // CPU time is much less disturbed by other work on the machine than wall time.
    const startCpuMs = cpuMsSince(cpu0);
    const processCpuMs = cpuMsSince(undefined);
    const closeCalledAt = wallNow();
    const c0 = now();
    await client.close();
    // performance.now() counts from this Node process's start: includes Node's boot and our imports.
    emit({ readyMs, processReadyMs: ready, startCpuMs, processCpuMs, closeMs: now() - c0, closeCalledAt });
  },

  async W2() {
    const { client, turns } = await started();
    const thread = await turns.threadStart();
    await turns.run(thread, PROMPT.short(-1)); // warm-up, not measured
    const timed = await timeSequentialTurns(j.params.turns, (i) => turns.run(thread, PROMPT.short(i)));
    await client.close();
    emit(turnsResult(timed, j.params.turns));
  },

  async W3() {
    const { client, turns } = await started();
    const { threads: n, turnsPerThread } = j.params;
    const threads = await Promise.all(Array.from({ length: n }, () => turns.threadStart()));
    await Promise.all(threads.map((t, k) => turns.run(t, PROMPT.short(-1 - k)))); // warm-up
    const timed = await timeConcurrentTurns(threads, turnsPerThread, (t, k, i) =>
      turns.run(t, PROMPT.short(k * 100 + i)),
    );
    await client.close();
    emit(turnsResult(timed, n * turnsPerThread));
  },

  async W4() {
    const { client, turns } = await started();
    const thread = await turns.threadStart();
    await turns.run(thread, PROMPT.short(-1)); // warm-up
    let deltas = 0;
    let chars = 0;
    let first = 0;
    let last = 0;
    const w = startWindow();
    await turns.turn(thread, PROMPT.stream, (msg) => {
      if (msg.method === "item/agentMessage/delta") {
        const t = now();
        if (deltas === 0) first = t;
        last = t;
        deltas++;
        chars += msg.params.delta.length;
      }
    });
    const window = w.end();
    await client.close();
    emit(streamResult({ deltas, chars, first, last }, window));
  },

  async W5() {
    const { client, turns } = await started(j.fakeServer);
    const { turns: nTurns } = j.params;
    const threads = await Promise.all(Array.from({ length: nTurns }, () => turns.threadStart()));
    const heapBeforeMiB = heapAfterGcMiB();
    let deltas = 0;
    let chars = 0;
    let completed = 0;
    const w = startWindow();
    // The fake server starts the flood once it has answered the last turn/start.
    await Promise.all(
      threads.map((t) =>
        turns.turn(t, PROMPT.flood, (msg) => {
          if (msg.method === "item/agentMessage/delta") {
            deltas++;
            chars += msg.params.delta.length;
          } else if (msg.method === "turn/completed") completed++;
        }),
      ),
    );
    const window = w.end();
    const heapAfterMiB = heapAfterGcMiB();
    const peak = peakRssMiB();
    await client.close();
    const lines = j.params.lines;
    emit(floodResult({ lines, deltas, chars, completed, heapBeforeMiB, heapAfterMiB, peak }, window));
  },

  async W6() {
    const { client, turns } = await started();
    const threads = [];
    for (let i = 0; i < j.params.idleThreads; i++) threads.push(await turns.threadStart());
    await requestSample("idleThreads");
    // The orchestrator samples again while all these turns are held mid-stream by the mock.
    await Promise.all(threads.slice(0, j.params.concurrentTurns).map((t, i) => turns.run(t, PROMPT.hold(i))));
    doneSampling();
    await client.close();
    emit({ peakRssMiB: peakRssMiB() });
  },
};

await workloads[j.workload]();
