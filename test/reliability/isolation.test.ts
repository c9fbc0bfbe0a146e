/**
 * Isolation and bounded cancellation, over the in-memory scripted server (no process):
 * - a `codex.on()` listener that throws never breaks routing for the other listeners, iterators and
 *   turn streams, and never takes the process down (its error becomes a process warning);
 * - an abort while `turn/start` is unanswered (a wedged server) still ends the call within a bound,
 *   and the turn, should it start later, is interrupted; no timer is left behind.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

import { AbortError, Codex } from "../../src/index.js";
import { START_ABORT_WAIT_MS } from "../../src/api/turns/turn-start.js";
import { listenersCalled } from "../support/listeners.js";
import { createMemoryTransport, initializeResult, type FakeAppServer } from "../support/memory-transport.js";

const clients: Codex[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function started(): Promise<{ codex: Codex; server: FakeAppServer }> {
  const { transport, server } = createMemoryTransport();
  server.handle("initialize", () => initializeResult());
  server.handle("thread/start", () => ({ thread: { id: "thread-1", turns: [] } }));
  const codex = new Codex({ transport });
  clients.push(codex);
  await codex.start();
  return { codex, server };
}

function turnObject(id: string, status: string) {
  return { id, status, items: [], error: null, startedAt: null, completedAt: null, durationMs: null };
}

describe("a throwing codex.on() listener", () => {
  it("does not stop the other listeners, the iterators or the turn streams, and becomes a process warning", async () => {
    const { codex, server } = await started();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on("warning", onWarning);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => {
      uncaught.push(e);
    };
    process.on("uncaughtException", onUncaught);
    try {
      codex.on("*", () => {
        throw new Error("listener bug");
      });
      codex.on("item/agentMessage/delta", () => {
        throw new TypeError("another bug");
      });
      const seen: string[] = [];
      codex.on("*", (n) => seen.push(n.method));
      const iterated = codex.notifications({ methods: ["item/agentMessage/delta"] });

      const thread = await codex.threadStart();
      const starting = thread.turn("hi");
      const request = await server.nextRequest("turn/start");
      server.respond(request.id, { turn: turnObject("turn-1", "inProgress") });
      const turn = await starting;
      const params = (delta: string) => ({ threadId: thread.id, turnId: "turn-1", itemId: "m", delta });
      server.notify("turn/started", { threadId: thread.id, turn: turnObject("turn-1", "inProgress") });
      server.notify("item/agentMessage/delta", params("a"));
      server.notify("item/agentMessage/delta", params("b"));
      server.notify("turn/completed", { threadId: thread.id, turn: turnObject("turn-1", "completed") });

      const events: string[] = [];
      for await (const e of turn.stream()) events.push(e.method);
      expect(events).toEqual([
        "turn/started",
        "item/agentMessage/delta",
        "item/agentMessage/delta",
        "turn/completed",
      ]);
      const first = await iterated.next();
      expect(first.done === false && first.value.params.delta).toBe("a");
      // Listeners are called in a later batch (src/api/codex/listeners.ts), and warnings are
      // emitted on the next tick after that.
      await listenersCalled();
      expect(seen).toEqual(events);
      await new Promise((resolve) => process.nextTick(resolve));
      expect(uncaught).toEqual([]);
      const names = warnings.map((w) => w.name);
      expect(names.every((n) => n === "CodexListenerError")).toBe(true);
      expect(warnings.filter((w) => w.message.includes("listener bug")).length).toBe(seen.length);
      expect(warnings.filter((w) => w.message.includes("another bug"))).toHaveLength(2);
      expect((warnings[0]?.cause as Error).message).toBe("listener bug");
    } finally {
      process.off("warning", onWarning);
      process.off("uncaughtException", onUncaught);
    }
  });
});

describe("aborting while turn/start is unanswered", () => {
  it(`rejects with AbortError ${START_ABORT_WAIT_MS} ms after the abort, then interrupts the turn if it starts late`, async () => {
    const { codex, server } = await started();
    const thread = await codex.threadStart();
    vi.useFakeTimers();
    const controller = new AbortController();
    const outcome = thread.turn("hi", { signal: controller.signal }).then(
      () => "resolved",
      (e: unknown) => e,
    );
    const request = await server.nextRequest("turn/start");
    controller.abort();
    await vi.advanceTimersByTimeAsync(START_ABORT_WAIT_MS - 1);
    let settled: unknown = "pending";
    void outcome.then((o) => (settled = o));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeInstanceOf(AbortError);
    expect((settled as Error).message).toBe("turn was aborted");
    expect(vi.getTimerCount()).toBe(0);

    // The server wakes up: the turn it starts now is stopped at once.
    server.respond(request.id, { turn: turnObject("late-turn", "inProgress") });
    const interrupt = await server.nextRequest("turn/interrupt");
    expect(interrupt.params).toEqual({ threadId: thread.id, turnId: "late-turn" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an answer that arrives in time still gives the handle, which interrupts the turn (nothing changes)", async () => {
    const { codex, server } = await started();
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const starting = thread.turn("hi", { signal: controller.signal });
    const request = await server.nextRequest("turn/start");
    controller.abort();
    server.respond(request.id, { turn: turnObject("turn-1", "inProgress") });
    const turn = await starting;
    server.notify("turn/started", { threadId: thread.id, turn: turnObject("turn-1", "inProgress") });
    const interrupt = await server.nextRequest("turn/interrupt");
    server.respond(interrupt.id, {});
    server.notify("turn/completed", { threadId: thread.id, turn: turnObject("turn-1", "interrupted") });
    await expect(turn.run()).rejects.toBeInstanceOf(AbortError);
  });
});
