// The alternative: @openai/codex-sdk (installed in bench/node_modules), which runs one
// `codex exec --experimental-json` process per turn. Pointed at the same native binary through
// `codexPathOverride`; `codex exec` reads CODEX_HOME/config.toml, so it talks to the same mock.
// It has no long-lived process (W1), does not stream text deltas (W4) and cannot be attached to
// a scripted server (W5), so it runs W2, W3 and W6 only.
import { Codex } from "@openai/codex-sdk";
import {
  PROMPT,
  cpuMsSince,
  doneSampling,
  emit,
  job,
  now,
  peakRssMiB,
  percentile,
  requestSample,
} from "./common.mjs";

const j = job();

function codex() {
  // Its `env` option replaces the whole environment, so pass ours with the harness's on top.
  return new Codex({ codexPathOverride: j.bin, env: { ...process.env, ...j.env } });
}

function thread(c) {
  return c.startThread({ workingDirectory: j.cwd, skipGitRepoCheck: true });
}

const workloads = {
  async W2() {
    const t = thread(codex());
    await t.run(PROMPT.short(-1)); // warm-up (creates the thread), not measured
    const latencies = [];
    const cpu0 = process.cpuUsage();
    const t0 = now();
    for (let i = 0; i < j.params.turns; i++) {
      const s = now();
      const result = await t.run(PROMPT.short(i));
      latencies.push(now() - s);
      if (!result.finalResponse.startsWith("ok"))
        throw new Error(`unexpected answer ${result.finalResponse}`);
    }
    const wallMs = now() - t0;
    const cpuMs = cpuMsSince(cpu0);
    emit({
      turnsPerSec: (j.params.turns / wallMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      clientCpuMsPerTurn: cpuMs / j.params.turns,
      wallMs,
    });
  },

  async W3() {
    const c = codex();
    const { threads: n, turnsPerThread } = j.params;
    const threads = Array.from({ length: n }, () => thread(c));
    await Promise.all(threads.map((t, k) => t.run(PROMPT.short(-1 - k)))); // warm-up
    const latencies = [];
    const cpu0 = process.cpuUsage();
    const t0 = now();
    await Promise.all(
      threads.map(async (t, k) => {
        for (let i = 0; i < turnsPerThread; i++) {
          const s = now();
          await t.run(PROMPT.short(k * 100 + i));
          latencies.push(now() - s);
        }
      }),
    );
    const wallMs = now() - t0;
    const cpuMs = cpuMsSince(cpu0);
    const total = n * turnsPerThread;
    emit({
      wallMs,
      turnsPerSec: (total / wallMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      clientCpuMsPerTurn: cpuMs / total,
    });
  },

  async W6() {
    const c = codex();
    // A thread is a plain object until its first turn: no process exists yet.
    const threads = Array.from({ length: j.params.idleThreads }, () => thread(c));
    await requestSample("idleThreads");
    // One `codex exec` process per running turn; the orchestrator samples while the mock holds them.
    await Promise.all(threads.slice(0, j.params.concurrentTurns).map((t, i) => t.run(PROMPT.hold(i))));
    doneSampling();
    emit({ peakRssMiB: peakRssMiB() });
  },
};

await workloads[j.workload]();
