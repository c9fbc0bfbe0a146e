/**
 * Streaming turns through the public `Codex` against the real pinned binary: per-turn routing of
 * deltas, `run()` results, many concurrent turns, single consumption, releasing the routing on
 * `break`, and the thread-level notifications of `codex.on()` / `codex.notifications()`.
 * Ports python-sdk.md §3.4 (test_app_server_streaming.py).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  CodexError,
  type Notification,
  type Thread,
  type TurnEvent,
  type TurnHandle,
} from "../../src/index.js";
import { TurnRouter } from "../../src/api/turns/turn-router.js";
import { listenersCalled } from "../support/listeners.js";
import { sseResponse, textResponse, type SseGate } from "../../src/testing/index.js";
import { agentTexts, collect, deltasOf, SdkEnv, signal, turnOf, userTexts, within } from "../support/sdk.js";

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await env.dispose();
});

/** The value of an iterator result, `undefined` once done. */
function valueOf<T>(result: IteratorResult<T>): T | undefined {
  return result.done === true ? undefined : result.value;
}

/** Resolves with the `turn/completed` of `turnId`, seen through `codex.on`. */
function completionOf(codex: ReturnType<SdkEnv["codex"]>, turnId: () => string | undefined) {
  const done = signal<Notification>();
  const off = codex.on("turn/completed", (n) => {
    if (n.params.turn.id === turnId()) done.resolve(n);
  });
  return within(done.promise, "turn/completed").finally(off);
}

describe("stream()", () => {
  it("routes the text deltas and the completed message of its turn, ending after turn/completed", async () => {
    const codex = env.codex();
    env.mock.enqueue(textResponse("hello", { deltas: ["he", "llo"] }));
    const thread = await codex.threadStart();
    const turn = await thread.turn("say hello");
    expect(turn.threadId).toBe(thread.id);

    const events = await within(collect(turn.stream()), "the stream");
    expect(deltasOf(events)).toEqual(["he", "llo"]);
    const completedItems = events.flatMap((e) => (e.method === "item/completed" ? [e.params.item] : []));
    expect(agentTexts(completedItems)).toEqual(["hello"]);
    expect(userTexts(completedItems)).toEqual(["say hello"]);
    expect(events.map(turnOf).every((id) => id === turn.id)).toBe(true);
    expect(events[0]?.method).toBe("turn/started");
    const completions = events.filter((e) => e.method === "turn/completed");
    expect(completions).toHaveLength(1);
    expect(events.at(-1)).toBe(completions[0]);
    expect(completions[0]?.method === "turn/completed" && completions[0].params.turn.status).toBe(
      "completed",
    );

    const [request] = await env.mock.waitForRequests(1);
    expect(request?.lastUserText()).toBe("say hello");
  });

  it("TurnHandle.run() returns id, status, items, finalResponse and usage", async () => {
    const codex = env.codex();
    env.mock.enqueue(textResponse("the answer", { deltas: 3 }));
    const thread = await codex.threadStart();
    const turn = await thread.turn("question");
    const result = await turn.run();
    expect(result.id).toBe(turn.id);
    expect(result.status).toBe("completed");
    expect(result.error).toBeNull();
    expect(result.finalResponse).toBe("the answer");
    expect(result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(result.usage?.last.totalTokens).toBeGreaterThan(0);
    expect(result.startedAt).toEqual(expect.any(Number));
    expect(result.completedAt).toEqual(expect.any(Number));
    expect(result.durationMs).toEqual(expect.any(Number));
  });

  it("streams 8 turns on 8 threads concurrently, each seeing only its own interleaved events", async () => {
    const codex = env.codex();
    const N = 8;
    const gates: SseGate[] = Array.from({ length: N }, () => env.mock.gate());
    const prompt = (k: number): string => `prompt for thread ${k}`;
    const parts = (k: number): string[] => [`<${k}:a>`, `<${k}:b>`, `<${k}:c>`, `<${k}:d>`];
    // Every stream writes created, item added and its first delta, then waits at its own gate.
    env.mock.setResponder((request) => {
      const k = Array.from({ length: N }, (_, i) => prompt(i)).indexOf(request.lastUserText() ?? "");
      if (k < 0) throw new Error(`unexpected prompt ${request.lastUserText()}`);
      return sseResponse(textResponse(parts(k).join(""), { deltas: parts(k) }), {
        gate: gates[k] as SseGate,
        gateAfter: 3,
      });
    });
    const order: string[] = [];
    codex.on("*", (n) => {
      if (n.method === "item/agentMessage/delta" || n.method === "turn/completed") order.push(n.method);
    });

    const threads = await Promise.all(Array.from({ length: N }, () => codex.threadStart()));
    const turns = await Promise.all(threads.map((t, k) => t.turn(prompt(k))));
    const firstDeltas = turns.map(() => signal());
    const streams = turns.map((turn, k) => collect(turn.stream(), () => firstDeltas[k]?.resolve()));

    // All 8 turns are mid-stream at once before any of them may go on.
    await within(Promise.all(gates.map((g) => g.waitUntilReached({ timeoutMs: 15_000 }))), "all gates");
    await within(Promise.all(firstDeltas.map((d) => d.promise)), "a first delta on every stream");
    expect(order.filter((m) => m === "turn/completed")).toHaveLength(0);
    for (const g of gates) g.release();

    const results = await within(Promise.all(streams), "8 streams");
    results.forEach((events, k) => {
      const turn = turns[k] as TurnHandle;
      const thread = threads[k] as Thread;
      expect(deltasOf(events), `turn ${k}`).toEqual(parts(k));
      const items = events.flatMap((e) => (e.method === "item/completed" ? [e.params.item] : []));
      expect(agentTexts(items), `turn ${k}`).toEqual([parts(k).join("")]);
      expect(userTexts(items), `turn ${k}`).toEqual([prompt(k)]);
      for (const e of events) {
        expect(turnOf(e), `${e.method} in turn ${k}`).toBe(turn.id);
        expect((e.params as { threadId?: string }).threadId, `${e.method} in turn ${k}`).toBe(thread.id);
      }
      expect(events.at(-1)?.method).toBe("turn/completed");
    });
  });

  it("streams once and returns: a second stream() fails clearly; run()/result() after the stream give the RunResult", async () => {
    const codex = env.codex();
    env.mock.enqueue(textResponse("once", { deltas: ["on", "ce"] }));
    const thread = await codex.threadStart();
    const turn = await thread.turn("consume me");
    const events = await within(collect(turn), "the first stream (for await on the handle)");
    expect(deltasOf(events).join("")).toBe("once");

    expect(() => turn.stream()).toThrow(CodexError);
    expect(() => turn.stream()).toThrow(/already consumed by stream\(\)/);
    const result = await within(turn.result(), "result() after stream()");
    expect(result).toMatchObject({ id: turn.id, status: "completed", finalResponse: "once" });
    expect(result.usage).not.toBeNull();
    expect(await turn.run()).toBe(result);

    // The other way round: after run(), stream() is refused (the events were not kept).
    env.mock.enqueue(textResponse("twice"));
    const second = await thread.turn("run me");
    await second.run();
    expect(() => second.stream()).toThrow(/already consumed by result\(\)/);
  });

  it("breaking out with interruptOnExit: false leaves the turn running, routed to its result until it completes; nothing leaks", async () => {
    const register = vi.spyOn(TurnRouter.prototype, "register");
    const codex = env.codex();
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("abandoned reply", { deltas: ["aban", "doned", " reply"] }), {
      gate,
      gateAfter: 3,
    });
    const thread = await codex.threadStart();
    const turn = await thread.turn("start and abandon");
    const router = register.mock.contexts[0] as TurnRouter;
    expect(router.registeredCount).toBe(1);

    const seen: TurnEvent[] = [];
    for await (const event of turn.stream({ interruptOnExit: false })) {
      seen.push(event);
      if (event.method === "item/agentMessage/delta") break;
    }
    expect(deltasOf(seen)).toEqual(["aban"]);
    // Still routed (to its result), no longer queued for the stream.
    expect(router.registeredCount).toBe(1);

    // The turn still runs on the server; let it finish before the next one.
    const finished = completionOf(codex, () => turn.id);
    gate.release();
    await finished;
    expect(await within(turn.result(), "the abandoned turn's result")).toMatchObject({
      status: "completed",
      finalResponse: "abandoned reply",
    });
    expect(router.registeredCount).toBe(0);
    expect(router.pendingCount).toBe(0);
    expect(() => turn.stream()).toThrow(/already consumed/);

    env.mock.enqueue(textResponse("follow-up reply", { deltas: 2 }));
    const next = await thread.turn("follow up");
    const events = await within(collect(next.stream()), "the follow-up stream");
    expect(deltasOf(events).join("")).toBe("follow-up reply");
    expect(events.every((e) => turnOf(e) === next.id)).toBe(true);
    expect(router.registeredCount).toBe(0);
    expect(router.pendingCount).toBe(0);
  });

  it("turn() while a turn left running (interruptOnExit: false) still runs waits for it, then runs its own turn", async () => {
    const codex = env.codex();
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("first reply", { deltas: ["first", " reply"] }), { gate, gateAfter: 3 });
    env.mock.enqueue(textResponse("second reply"));
    const thread = await codex.threadStart();
    const first = await thread.turn("first");
    for await (const event of first.stream({ interruptOnExit: false })) {
      if (event.method === "item/agentMessage/delta") break;
    }

    const finished = completionOf(codex, () => first.id);
    const second = thread.run("second");
    gate.release();
    const firstDone = await finished;
    const result = await within(second, "the queued run()");
    expect(firstDone.method === "turn/completed" && firstDone.params.turn.status).toBe("completed");
    expect(result.id).not.toBe(first.id);
    expect(result.finalResponse).toBe("second reply");
    const requests = await env.mock.waitForRequests(2);
    expect(requests.map((r) => r.lastUserText())).toEqual(["first", "second"]);
  });

  it("other requests complete while a stream is open", async () => {
    const codex = env.codex();
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("slow reply", { deltas: ["slow", " reply"] }), { gate, gateAfter: 3 });
    const thread = await codex.threadStart();
    const turn = await thread.turn("slow please");
    const stream = turn.stream();
    await gate.waitUntilReached({ timeoutMs: 10_000 });

    const models = await within(codex.models(), "models() during a stream", 5_000);
    expect(models.data.length).toBeGreaterThan(0);
    gate.release();
    const rest: TurnEvent[] = [];
    for await (const event of stream) rest.push(event);
    expect(deltasOf(rest).join("")).toBe("slow reply");
  });
});

describe("codex.on() and codex.notifications()", () => {
  it("deliver thread-level notifications, typed, until removed or closed", async () => {
    const codex = env.codex();
    const started = signal<Notification>();
    let startedCount = 0;
    const offStarted = codex.on("thread/started", (n) => {
      startedCount++;
      expect(n.params.thread.id).toEqual(expect.any(String));
      started.resolve(n);
    });
    const methods: string[] = [];
    const offAll = codex.on("*", (n) => methods.push(n.method));
    const iterator = codex.notifications({ methods: ["thread/started", "turn/completed"] });

    const thread = await codex.threadStart();
    const n = await within(started.promise, "thread/started");
    expect(n.method === "thread/started" && n.params.thread.id).toBe(thread.id);

    env.mock.enqueue(textResponse("hi"));
    const result = await thread.run("hello");
    // Listeners are called off the read path, in a later batch: possibly after run() resolved.
    await listenersCalled();
    expect(methods).toEqual(
      expect.arrayContaining([
        "thread/started",
        "thread/status/changed",
        "turn/started",
        "item/agentMessage/delta",
        "thread/tokenUsage/updated",
        "turn/completed",
      ]),
    );

    const first = valueOf(await within(iterator.next(), "the first notification"));
    expect(first?.method).toBe("thread/started");
    const second = valueOf(await within(iterator.next(), "the second notification"));
    expect(second?.method === "turn/completed" && second.params.turn.id).toBe(result.id);

    offStarted();
    offAll();
    const count = methods.length;
    const other = await codex.threadStart();
    const third = valueOf(await within(iterator.next(), "thread/started of the second thread"));
    expect(third?.method === "thread/started" && third.params.thread.id).toBe(other.id);
    expect(startedCount).toBe(1);
    expect(methods).toHaveLength(count);

    await codex.close();
    expect(await within(iterator.next(), "the end of the iterator")).toEqual({
      value: undefined,
      done: true,
    });
  });

  it("a throwing codex.on() listener changes nothing for a turn: same stream, same result, a process warning", async () => {
    const codex = env.codex();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      if (w.name === "CodexListenerError") warnings.push(w);
    };
    process.on("warning", onWarning);
    try {
      let thrown = 0;
      codex.on("*", () => {
        thrown++;
        throw new Error("listener bug");
      });
      env.mock.enqueue(textResponse("unaffected", { deltas: ["unaf", "fected"] }));
      const thread = await codex.threadStart();
      const turn = await thread.turn("go");
      const events = await within(collect(turn), "the stream");
      expect(deltasOf(events).join("")).toBe("unaffected");
      const result = await within(turn.result(), "the result");
      expect(result).toMatchObject({ status: "completed", finalResponse: "unaffected" });
      expect(result.usage).not.toBeNull();
      await listenersCalled();
      await new Promise((resolve) => process.nextTick(resolve)); // warnings are emitted on the next tick
      expect(thrown).toBeGreaterThanOrEqual(events.length);
      expect(warnings).toHaveLength(thrown);
      expect((warnings[0]?.cause as Error).message).toBe("listener bug");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("keep at most bufferSize notifications for a slow consumer and count the dropped ones", async () => {
    const codex = env.codex();
    const all: Notification[] = [];
    codex.on("*", (n) => all.push(n));
    const slow = codex.notifications({ bufferSize: 2 });
    env.mock.enqueue(textResponse("many events", { deltas: 5 }));
    const thread = await codex.threadStart();
    await thread.run("flood");
    await listenersCalled(); // after it, `all` holds everything received, as the iterator does

    expect(all.length).toBeGreaterThan(5);
    expect(slow.dropped).toBe(all.length - 2);
    const a = await slow.next();
    const b = await slow.next();
    expect([valueOf(a), valueOf(b)]).toEqual(all.slice(-2));
    await slow.return?.();
  });
});
