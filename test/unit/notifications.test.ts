import { describe, expect, it } from "vitest";

import type { Notification } from "../../src/api/events.js";
import { NotificationBus } from "../../src/api/codex/notifications.js";
import { MAX_PENDING_NOTIFICATIONS } from "../../src/api/codex/listeners.js";
import { AbortError, InvalidArgumentError } from "../../src/errors.js";
import { listenersCalled } from "../support/listeners.js";

function warning(message: string): Notification {
  return { method: "warning", params: { threadId: null, message } } as unknown as Notification;
}
function started(id: string): Notification {
  return { method: "thread/started", params: { thread: { id } } } as unknown as Notification;
}
function texts(ns: readonly (Notification | undefined)[]): string[] {
  return ns.map((n) =>
    n?.method === "warning" ? n.params.message : n?.method === "thread/started" ? n.params.thread.id : "?",
  );
}

describe("NotificationBus", () => {
  it("keeps nothing when nobody listens", () => {
    const bus = new NotificationBus();
    for (let i = 0; i < 10_000; i++) bus.emit(warning(String(i)));
    expect(bus.size).toBe(0);
    // An iterator made afterwards starts empty: nothing was buffered for it.
    const it = bus.iterate();
    bus.emit(warning("late"));
    return expect(it.next()).resolves.toEqual({ value: warning("late"), done: false });
  });

  it("bounds an iterator's buffer, dropping the oldest and counting them", async () => {
    const bus = new NotificationBus();
    const it = bus.iterate({ bufferSize: 3 });
    for (let i = 0; i < 10; i++) bus.emit(warning(String(i)));
    expect(it.dropped).toBe(7);
    const got = [await it.next(), await it.next(), await it.next()].map((r) =>
      r.done === true ? undefined : r.value,
    );
    expect(texts(got)).toEqual(["7", "8", "9"]);
  });

  it("defaults to a buffer of 1000", async () => {
    const bus = new NotificationBus();
    const it = bus.iterate();
    for (let i = 0; i < 1500; i++) bus.emit(warning(String(i)));
    expect(it.dropped).toBe(500);
    expect(texts([(await it.next()).value])).toEqual(["500"]);
  });

  it("filters by method and hands a waiting consumer the next notification directly", async () => {
    const bus = new NotificationBus();
    const it = bus.iterate({ methods: ["thread/started"] });
    const next = it.next();
    bus.emit(warning("ignored"));
    bus.emit(started("t1"));
    expect(texts([(await next).value])).toEqual(["t1"]);
    expect(it.dropped).toBe(0);
  });

  it("return() stops buffering for that iterator; listeners are removable", async () => {
    const bus = new NotificationBus();
    const it = bus.iterate();
    const seen: string[] = [];
    const off = bus.on("warning", (n) => seen.push(texts([n])[0] ?? ""));
    expect(bus.size).toBe(2);
    await it.return?.();
    off();
    off();
    expect(bus.size).toBe(0);
    bus.emit(warning("after"));
    expect(seen).toEqual([]);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it("a listener that throws does not stop the others; its error becomes a process warning", async () => {
    const bus = new NotificationBus();
    const seen: string[] = [];
    const warned = new Promise<Error>((resolve) => process.once("warning", resolve));
    bus.on("*", () => {
      throw new Error("listener bug");
    });
    bus.on("*", (n) => seen.push(n.method));
    const it = bus.iterate();
    bus.emit(warning("x"));
    bus.emit(warning("y"));
    expect(texts([(await it.next()).value])).toEqual(["x"]);
    await listenersCalled();
    expect(seen).toEqual(["warning", "warning"]);
    const reported = await warned;
    expect(reported.name).toBe("CodexListenerError");
    expect(reported.message).toContain("listener bug");
  });

  it("a signal ends the iteration with AbortError; endAll() ends every iterator", async () => {
    const bus = new NotificationBus();
    const controller = new AbortController();
    const aborted = bus.iterate({ signal: controller.signal });
    const pending = aborted.next();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(bus.size).toBe(0);

    const a = bus.iterate();
    const b = bus.iterate();
    const waiting = a.next();
    bus.endAll();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await b.next()).toEqual({ value: undefined, done: true });
    expect(bus.size).toBe(0);
  });

  it("an abort rejects the next next() even when none was pending, dropping what was buffered", async () => {
    const bus = new NotificationBus();
    const controller = new AbortController();
    const it = bus.iterate({ signal: controller.signal });
    bus.emit(warning("buffered"));
    controller.abort();
    await expect(it.next()).rejects.toBeInstanceOf(AbortError);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    // A signal aborted before the iterator was made: the same.
    const late = bus.iterate({ signal: controller.signal });
    await expect(late.next()).rejects.toBeInstanceOf(AbortError);
    expect(bus.size).toBe(0);
  });

  it("an iterator made after endAll() ends at once instead of waiting forever", async () => {
    const bus = new NotificationBus();
    bus.endAll();
    const it = bus.iterate();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(bus.size).toBe(0);
  });

  it("rejects a bufferSize that is not a positive integer", () => {
    const bus = new NotificationBus();
    expect(() => bus.iterate({ bufferSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => bus.iterate({ bufferSize: 1.5 })).toThrow(/bufferSize must be an integer >= 1/);
  });
});

describe("codex.on() listeners are called off the read path", () => {
  it("after emit() returned, in arrival order, exact-method listeners before '*' ones", async () => {
    const bus = new NotificationBus();
    const calls: string[] = [];
    bus.on("warning", (n) => calls.push(`warning:${texts([n])[0] ?? ""}`));
    bus.on("*", (n) => calls.push(`*:${texts([n])[0] ?? ""}`));
    bus.emit(warning("1"));
    bus.emit(started("t1"));
    bus.emit(warning("2"));
    expect(calls).toEqual([]); // nothing ran inside the emitting (read) path
    await listenersCalled();
    expect(calls).toEqual(["warning:1", "*:1", "*:t1", "warning:2", "*:2"]);
  });

  it("a listener gets what arrived after it was added and nothing after it was removed, even if queued", async () => {
    const bus = new NotificationBus();
    const early: string[] = [];
    const late: string[] = [];
    const offEarly = bus.on("warning", (n) => early.push(texts([n])[0] ?? ""));
    bus.emit(warning("before"));
    bus.on("warning", (n) => late.push(texts([n])[0] ?? ""));
    bus.emit(warning("after"));
    offEarly();
    await listenersCalled();
    expect(early).toEqual([]);
    expect(late).toEqual(["after"]);
  });

  it("bounds the backlog: beyond it, the oldest is delivered where a new one arrives, in order, none dropped", async () => {
    const bus = new NotificationBus();
    const seen: number[] = [];
    bus.on("warning", (n) => seen.push(Number(texts([n])[0])));
    const extra = 5;
    for (let i = 0; i < MAX_PENDING_NOTIFICATIONS + extra; i++) bus.emit(warning(String(i)));
    // The backlog is full: the first `extra` were delivered synchronously, oldest first.
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    while (seen.length < MAX_PENDING_NOTIFICATIONS + extra) await listenersCalled();
    expect(seen).toEqual([...Array(MAX_PENDING_NOTIFICATIONS + extra).keys()]);
  });
});
