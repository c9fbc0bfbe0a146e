import { describe, expect, it } from "vitest";
import { TurnRouter, type TurnSink } from "../../src/api/turns/turn-router.js";
import type { Notification } from "../../src/api/events.js";

function delta(turnId: string, text: string): Notification {
  return {
    method: "item/agentMessage/delta",
    params: { threadId: "t", turnId, itemId: "i", delta: text },
  };
}
function completed(turnId: string): Notification {
  return {
    method: "turn/completed",
    params: { threadId: "t", turn: { id: turnId, status: "completed" } },
  } as unknown as Notification;
}

class Sink implements TurnSink {
  events: Notification[] = [];
  failure: Error | undefined;
  push(e: Notification): void {
    this.events.push(e);
  }
  fail(e: Error): void {
    this.failure = e;
  }
  texts(): string[] {
    return this.events.map((e) => (e.method === "item/agentMessage/delta" ? e.params.delta : e.method));
  }
}

describe("TurnRouter", () => {
  it("routes interleaved events of registered turns to their own sinks only", () => {
    const router = new TurnRouter();
    const a = new Sink();
    const b = new Sink();
    router.register("a", a);
    router.register("b", b);
    router.route("a", delta("a", "a1"));
    router.route("b", delta("b", "b1"));
    router.route("a", delta("a", "a2"));
    router.route("b", completed("b"));
    router.route("a", completed("a"));
    expect(a.texts()).toEqual(["a1", "a2", "turn/completed"]);
    expect(b.texts()).toEqual(["b1", "turn/completed"]);
    expect(router.registeredCount).toBe(0);
  });

  it("buffers events that arrive before registration and replays them in order", () => {
    const router = new TurnRouter();
    expect(router.route("a", delta("a", "early1"))).toBe(false);
    router.route("a", delta("a", "early2"));
    const sink = new Sink();
    router.register("a", sink);
    router.route("a", delta("a", "late"));
    expect(sink.texts()).toEqual(["early1", "early2", "late"]);
    expect(router.pendingCount).toBe(0);
  });

  it("drops a turn that completes with nobody registered and no turn/start in flight", () => {
    const router = new TurnRouter();
    router.route("x", delta("x", "1"));
    router.route("x", completed("x"));
    expect(router.pendingCount).toBe(0);
  });

  it("keeps a completed turn while a turn/start is in flight, so its handle still sees everything", () => {
    const router = new TurnRouter();
    const release = router.hold();
    router.route("a", delta("a", "1"));
    router.route("a", completed("a"));
    expect(router.pendingCount).toBe(1);
    const sink = new Sink();
    router.register("a", sink);
    release();
    expect(sink.texts()).toEqual(["1", "turn/completed"]);
    expect(router.registeredCount).toBe(0);
    expect(router.pendingCount).toBe(0);
  });

  it("purges completed unclaimed turns when the last hold is released", () => {
    const router = new TurnRouter();
    const r1 = router.hold();
    const r2 = router.hold();
    router.route("c", completed("c"));
    r1();
    r1(); // releasing twice is harmless
    expect(router.pendingCount).toBe(1);
    r2();
    expect(router.pendingCount).toBe(0);
  });

  it("after unregister, later events of the turn are dropped until its completion", () => {
    const router = new TurnRouter();
    const sink = new Sink();
    router.register("a", sink);
    router.route("a", delta("a", "1"));
    router.unregister("a");
    router.route("a", delta("a", "2"));
    expect(router.pendingCount).toBe(0);
    router.route("a", completed("a"));
    expect(sink.texts()).toEqual(["1"]);
    // The ignore marker is gone with the completion: a new turn with that id would buffer again.
    router.route("a", delta("a", "3"));
    expect(router.pendingCount).toBe(1);
  });

  it("isActive: registered, or released before completion; not once completed", () => {
    const router = new TurnRouter();
    expect(router.isActive("a")).toBe(false);
    router.register("a", new Sink());
    expect(router.isActive("a")).toBe(true);
    router.unregister("a");
    expect(router.isRegistered("a")).toBe(false);
    expect(router.isActive("a")).toBe(true);
    router.route("a", completed("a"));
    expect(router.isActive("a")).toBe(false);
    router.route("b", delta("b", "buffered only"));
    expect(router.isActive("b")).toBe(false);
  });

  it("bounds the buffered turns and events per turn", () => {
    const router = new TurnRouter({ maxPendingTurns: 3, maxPendingEvents: 2 });
    for (let i = 0; i < 10; i++) router.route(`t${i}`, delta(`t${i}`, "x"));
    expect(router.pendingCount).toBe(3);
    for (let i = 0; i < 5; i++) router.route("t9", delta("t9", String(i)));
    const sink = new Sink();
    router.register("t9", sink);
    expect(sink.events).toHaveLength(2);
    // The oldest turns were evicted, the newest kept.
    const old = new Sink();
    router.register("t0", old);
    expect(old.events).toHaveLength(0);
  });

  it("clear() forgets everything", () => {
    const router = new TurnRouter();
    router.register("a", new Sink());
    router.route("b", delta("b", "1"));
    router.clear();
    expect(router.registeredCount).toBe(0);
    expect(router.pendingCount).toBe(0);
  });
});
