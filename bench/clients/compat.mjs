// codex-app-sdk/codex-sdk (the built drop-in in dist/codex-sdk/): the code of the @openai/codex-sdk
// client, word for word but for the import, on one long-lived app-server per `Codex`. Runs W2 and
// W3, next to @openai/codex-sdk and the SDK itself.
import { URL } from "node:url";
import { PROMPT, emit, job, timeConcurrentTurns, timeSequentialTurns, turnsResult } from "./common.mjs";

const { Codex } = await import(new URL("../../dist/codex-sdk/index.js", import.meta.url).href);

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
    const c = codex();
    const t = thread(c);
    await t.run(PROMPT.short(-1)); // warm-up (starts the app-server and the thread), not measured
    const timed = await timeSequentialTurns(
      j.params.turns,
      async (i) => (await t.run(PROMPT.short(i))).finalResponse,
    );
    emit(turnsResult(timed, j.params.turns));
    await c.close();
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
    await c.close();
  },
};

await workloads[j.workload]();
