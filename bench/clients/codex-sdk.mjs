// The alternative: @openai/codex-sdk (installed in bench/node_modules), which runs one
// `codex exec --experimental-json` process per turn. Pointed at the same native binary through
// `codexPathOverride`; `codex exec` reads CODEX_HOME/config.toml, so it talks to the same mock.
// It has no long-lived process (W1), does not stream text deltas (W4) and cannot be attached to
// a scripted server (W5), so it runs W2, W3 and W6 only.
import { Codex } from "@openai/codex-sdk";
import {
  PROMPT,
  doneSampling,
  emit,
  job,
  peakRssMiB,
  requestSample,
  timeConcurrentTurns,
  timeSequentialTurns,
  turnsResult,
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
    const timed = await timeSequentialTurns(
      j.params.turns,
      async (i) => (await t.run(PROMPT.short(i))).finalResponse,
    );
    emit(turnsResult(timed, j.params.turns));
  },

  async W3() {
    const c = codex();
    const { threads: n, turnsPerThread } = j.params;
    const threads = Array.from({ length: n }, () => thread(c));
    await Promise.all(threads.map((t, k) => t.run(PROMPT.short(-1 - k)))); // warm-up
    const timed = await timeConcurrentTurns(threads, turnsPerThread, (t, k, i) =>
      t.run(PROMPT.short(k * 100 + i)),
    );
    emit(turnsResult(timed, n * turnsPerThread));
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
