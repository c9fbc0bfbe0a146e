/**
 * The per-thread turn queue on its own: call order, what counts as busy, an abort while queued,
 * a turn/completed that arrives before the turn/start answer, and the activity it reports.
 */
import { describe, expect, it } from "vitest";

import type { Notification } from "../../src/api/events.js";
import { TurnQueue, type TurnSlot } from "../../src/api/turns/turn-queue.js";
import { AbortError } from "../../src/errors.js";

const T = "thread-1";

function started(turnId: string, threadId = T): Notification {
  return { method: "turn/started", params: { threadId, turn: { id: turnId } } } as unknown as Notification;
}
function completed(turnId: string, threadId = T): Notification {
  return { method: "turn/completed", params: { threadId, turn: { id: turnId } } } as unknown as Notification;
}

/** Which of `promises` have settled so far (after pending microtasks ran). */
async function settled(promises: Promise<unknown>[]): Promise<boolean[]> {
  const state = promises.map(() => false);
  for (const [i, p] of promises.entries()) {
    p.then(
      () => (state[i] = true),
      () => (state[i] = true),
    ).catch(() => undefined);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

describe("TurnQueue", () => {
  it("grants one slot per thread at a time, in call order; other threads are independent", async () => {
    const queue = new TurnQueue();
    const a = queue.acquire(T, undefined);
    const b = queue.acquire(T, undefined);
    const other = queue.acquire("thread-2", undefined);
    expect(await settled([a, b, other])).toEqual([true, false, true]);
    (await a).bind("turn-a");
    expect(await settled([b])).toEqual([false]); // turn-a still runs
    queue.observe(completed("turn-a"));
    expect(await settled([b])).toEqual([true]);
  });

  it("a child turn (a review's model turn, whose rootTurnId names the review turn) is freed by its root's completion", async () => {
    const queue = new TurnQueue();
    queue.observe({
      method: "turn/started",
      params: { threadId: T, turn: { id: "child", rootTurnId: "review" } },
    } as unknown as Notification);
    const next = queue.acquire(T, undefined);
    expect(await settled([next])).toEqual([false]);
    // The runtime never completes the child turn itself.
    queue.observe(completed("review"));
    expect(await settled([next])).toEqual([true]);
  });

  it("a slot released without a turn lets the next call go at once", async () => {
    const queue = new TurnQueue();
    const a = await queue.acquire(T, undefined);
    const b = queue.acquire(T, undefined);
    a.release();
    expect(await settled([b])).toEqual([true]);
  });

  it("a turn that completed before its turn/start answer does not keep the thread busy", async () => {
    const queue = new TurnQueue();
    const a = await queue.acquire(T, undefined);
    queue.observe(started("fast"));
    queue.observe(completed("fast"));
    a.bind("fast");
    expect(await settled([queue.acquire(T, undefined)])).toEqual([true]);
  });

  it("a turn seen through turn/started (another client, a compaction) makes the thread busy until it completes", async () => {
    const queue = new TurnQueue();
    queue.observe(started("foreign"));
    const a = queue.acquire(T, undefined);
    expect(await settled([a])).toEqual([false]);
    queue.observe(completed("foreign"));
    expect(await settled([a])).toEqual([true]);
  });

  it("an abort while queued rejects that call only; the queue goes on", async () => {
    const queue = new TurnQueue();
    const first = await queue.acquire(T, undefined);
    const controller = new AbortController();
    const aborted = queue.acquire(T, controller.signal);
    const after = queue.acquire(T, undefined);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    first.release();
    const slot: TurnSlot = await after;
    slot.release();
  });

  it("reports activity for SDK turns only, and reset() frees every thread", async () => {
    const changes: boolean[] = [];
    const queue = new TurnQueue((active) => changes.push(active));
    queue.observe(started("foreign"));
    expect(changes).toEqual([]);
    const a = await queue.acquire("thread-2", undefined);
    a.bind("mine");
    const queued = queue.acquire("thread-2", undefined);
    expect(changes).toEqual([true]);
    queue.reset();
    (await queued).release();
    expect(changes).toEqual([true, false]);
  });

  describe("acquireNow (the turn path's no-wait grant)", () => {
    it("grants at once on an idle thread, and the slot holds the thread like acquire()'s", async () => {
      const changes: boolean[] = [];
      const queue = new TurnQueue((active) => changes.push(active));
      const slot = queue.acquireNow(T, undefined);
      expect(slot).toBeDefined();
      expect(changes).toEqual([true]);
      expect(queue.isBusy(T)).toBe(true);
      expect(queue.acquireNow(T, undefined)).toBeUndefined(); // starting: nothing else goes
      const next = queue.acquire(T, undefined);
      expect(await settled([next])).toEqual([false]);
      slot?.bind("turn-a");
      queue.observe(completed("turn-a"));
      expect(await settled([next])).toEqual([true]);
      (await next).release();
      expect(queue.isBusy(T)).toBe(false);
      expect(changes).toEqual([true, false]);
    });

    it("gives nothing while the thread runs a turn, while calls wait (call order), or once the signal aborted", async () => {
      const queue = new TurnQueue();
      queue.observe(started("foreign"));
      expect(queue.acquireNow(T, undefined)).toBeUndefined();
      const waiting = queue.acquire(T, undefined);
      queue.observe(completed("foreign")); // the waiting call is granted first...
      expect(await settled([waiting])).toEqual([true]);
      expect(queue.acquireNow(T, undefined)).toBeUndefined(); // ...and holds the thread
      (await waiting).release();
      const controller = new AbortController();
      controller.abort();
      expect(queue.acquireNow(T, controller.signal)).toBeUndefined();
      await expect(queue.acquire(T, controller.signal)).rejects.toBeInstanceOf(AbortError);
      expect(queue.acquireNow("thread-2", undefined)).toBeDefined(); // other threads are independent
    });
  });
});
