import { describe, expect, it } from "vitest";

import type { Notification } from "../../src/api/events.js";
import { NotificationBus } from "../../src/api/codex/notifications.js";
import { AbortError, InvalidArgumentError } from "../../src/errors.js";

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
    expect(seen).toEqual(["warning"]);
    expect(texts([(await it.next()).value])).toEqual(["x"]);
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
