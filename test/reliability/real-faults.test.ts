/**
 * Faults with the REAL pinned app-server and the mock Responses API:
 * - SIGKILL of the app-server mid-turn: the turn's stream and every other waiting call reject with
 *   `TransportClosedError` within 1 s, later calls reject at once and say the client cannot be used
 *   any more;
 * - SIGSTOP then SIGCONT mid-turn: the turn (and a request sent meanwhile) still completes;
 * - the model endpoint dropping the connection mid-stream, answering HTTP 500, or failing the
 *   response: each turn ends with status `failed` and a `TurnFailedError` carrying the server's
 *   message, and the same client and thread run the next turn normally.
 * The measured latencies are printed.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { TransportClosedError, TurnFailedError, type Codex } from "../../src/index.js";
import type { StdioTransport } from "../../src/transport/stdio.js";
import { failedResponse, httpError, textResponse, type SseGate } from "../../src/testing/index.js";
import { processExists } from "../support/process-tree.js";
import { collect, deltasOf, immediateRejection, rejection, SdkEnv, signal, within } from "../support/sdk.js";
import { PROMPT_MS } from "../support/bounds.js";

let env: SdkEnv;
const figures: string[] = [];

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

afterAll(() => {
  console.log(`real app-server faults:\n${figures.map((f) => `  ${f}`).join("\n")}`);
});

/** A client whose app-server pid is known, with a thread and a turn held mid-stream at a gate. */
async function turnHeldMidStream(text = "held reply", deltas = ["held", " reply"]) {
  const { codex, spy } = env.spiedCodex();
  const gate: SseGate = env.mock.gate();
  env.mock.enqueue(textResponse(text, { deltas }), { gate, gateAfter: 3 });
  const thread = await codex.threadStart();
  const turn = await thread.turn("hold on");
  const firstDelta = signal();
  const streamed = collect(turn.stream(), () => firstDelta.resolve());
  await gate.waitUntilReached({ timeoutMs: 15_000 });
  await within(firstDelta.promise, "the first delta");
  const pid = (spy.inner as StdioTransport).pid;
  if (pid === undefined) throw new Error("the app-server has no pid");
  return { codex, thread, turn, gate, streamed, pid };
}

/** The state letter of a process (R, S, T for stopped, Z, ...) from /proc. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "?";
}

describe("real app-server killed or stopped mid-turn", () => {
  it("SIGKILL: the stream and a pending call reject with TransportClosedError in < 1 s; later calls reject at once", async () => {
    const { codex, thread, streamed, pid } = await turnHeldMidStream();
    const other = await codex.threadStart();
    // A second turn waiting for the model (nothing queued for it is answered before the kill).
    const gate2 = env.mock.gate();
    env.mock.enqueue(textResponse("second"), { gate: gate2, gateAfter: 0 });
    const running = rejection(other.run("second"), "the other run()");
    await gate2.waitUntilReached({ timeoutMs: 15_000 });
    const failed = streamed.then(
      () => new Error("the stream ended normally after SIGKILL"),
      (e: unknown) => ({ error: e, at: performance.now() }),
    );

    const killedAt = performance.now();
    process.kill(pid, "SIGKILL");
    const outcome = await within(failed, "the stream to fail");
    if (outcome instanceof Error) throw outcome;
    const ms = outcome.at - killedAt;
    figures.push(`SIGKILL mid-turn -> stream rejects: ${ms.toFixed(0)} ms (bound ${PROMPT_MS})`);
    expect(ms).toBeLessThan(PROMPT_MS);
    const error = outcome.error as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.signal).toBe("SIGKILL");
    expect(error.message).toMatch(/^codex app-server was killed by SIGKILL/);
    const second = await running;
    expect(second).toBeInstanceOf(TransportClosedError);
    expect((second as TransportClosedError).signal).toBe("SIGKILL");

    for (const call of [() => codex.threadStart(), () => thread.run("again"), () => codex.models()]) {
      const later = await immediateRejection(call(), "a later call");
      expect(later).toBeInstanceOf(TransportClosedError);
      expect((later as Error).message).toMatch(
        /^this Codex client cannot be used any more: its app-server connection is gone \(codex app-server was killed by SIGKILL\); create a new Codex to continue/,
      );
      expect((later as TransportClosedError).signal).toBe("SIGKILL");
    }
    figures.push(`SIGKILL: later calls reject at once (before any I/O)`);
    await codex.close();
    expect(processExists(pid) && processState(pid) !== "Z").toBe(false);
    expect(env.pids()).toEqual([]);
  });

  it("SIGSTOP then SIGCONT: the turn completes with its full text, and a request sent meanwhile is answered", async () => {
    const { codex, gate, streamed, pid } = await turnHeldMidStream("held reply", ["held", " reply"]);
    process.kill(pid, "SIGSTOP");
    let continued = false;
    try {
      await waitForState(pid, "T");
      gate.release(); // the rest of the stream goes out while the server cannot read it
      const listing = codex.threadList();
      const stoppedAt = performance.now();
      process.kill(pid, "SIGCONT");
      continued = true;
      const events = await within(streamed, "the stream after SIGCONT");
      figures.push(
        `SIGSTOP/SIGCONT: turn completed ${(performance.now() - stoppedAt).toFixed(0)} ms after SIGCONT`,
      );
      expect(deltasOf(events)).toEqual(["held", " reply"]);
      const last = events.at(-1);
      expect(last?.method === "turn/completed" && last.params.turn.status).toBe("completed");
      expect((await within(listing, "thread/list after SIGCONT")).data).toEqual(expect.any(Array));
      env.mock.enqueue(textResponse("still fine"));
      const next = await within(codex.threadStart(), "thread/start after SIGCONT");
      expect((await within(next.run("next"), "a next turn")).finalResponse).toBe("still fine");
    } finally {
      if (!continued) process.kill(pid, "SIGCONT");
    }
  });
});

describe("model endpoint failures through the real app-server", () => {
  it("a dropped connection, an HTTP 500 and response.failed each fail their turn with the server's message; the next turn works", async () => {
    const codex: Codex = env.codex();
    const thread = await codex.threadStart();
    const cases = [
      {
        what: "connection dropped mid-stream",
        answer: () => env.mock.enqueue(textResponse("cut short", { deltas: 3 }), { disconnectAfter: 3 }),
        message: /^stream disconnected before completion/,
      },
      {
        what: "HTTP 500",
        answer: () => env.mock.enqueue(httpError(500)),
        message: /experiencing high demand/,
        info: "internalServerError",
      },
      {
        what: "response.failed",
        answer: () => env.mock.enqueue(failedResponse("model exploded")),
        message: /model exploded/,
      },
    ];
    for (const c of cases) {
      c.answer();
      const started = performance.now();
      const error = await rejection(thread.run(`fail: ${c.what}`), `the turn with ${c.what}`);
      figures.push(`${c.what}: TurnFailedError after ${(performance.now() - started).toFixed(0)} ms`);
      expect(error, c.what).toBeInstanceOf(TurnFailedError);
      const failed = error as TurnFailedError;
      expect(failed.result.status).toBe("failed");
      expect(failed.message, c.what).toMatch(c.message);
      expect(failed.result.error?.message).toBe(failed.message);
      if (c.info) expect(failed.codexErrorInfo).toBe(c.info);

      env.mock.enqueue(textResponse(`recovered after ${c.what}`));
      const next = await within(thread.run(`after ${c.what}`), `the turn after ${c.what}`);
      expect(next.status).toBe("completed");
      expect(next.finalResponse).toBe(`recovered after ${c.what}`);
    }
    // The streaming view of a failed turn: an error event, then turn/completed with status failed.
    env.mock.enqueue(failedResponse("streamed failure"));
    const turn = await thread.turn("fail while streamed");
    const events = await within(collect(turn.stream()), "the failed turn's stream");
    const last = events.at(-1);
    expect(last?.method === "turn/completed" && last.params.turn.status).toBe("failed");
    expect(events.some((e) => e.method === "error")).toBe(true);
    env.mock.assertAllConsumed();
  });
});

/** Resolves once the process is in `state` (polls /proc), rejects after `ms`. */
async function waitForState(pid: number, state: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (processState(pid) !== state) {
    if (Date.now() > deadline) throw new Error(`process ${pid} not in state ${state} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
