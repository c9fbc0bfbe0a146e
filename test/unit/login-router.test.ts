/**
 * The per-login router: completions go to their own login's waiters only, early completions are
 * replayed, and abort / timeout / connection loss release everything they registered.
 */
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";

import { LoginRouter } from "../../src/api/login/login-router.js";
import { AbortError, TimeoutError, TransportClosedError } from "../../src/errors.js";

function completion(loginId: string | null, success = false, error: string | null = "Login cancelled") {
  return { loginId, success, error, onboardingEntrypoint: null };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("LoginRouter", () => {
  it("replays a completion that arrived before wait()", async () => {
    const router = new LoginRouter();
    expect(router.route(completion("a"))).toBe(false);
    expect(router.bufferedCount).toBe(1);
    await expect(router.wait("a")).resolves.toEqual(completion("a"));
    expect(router.bufferedCount).toBe(0);
    expect(router.waiterCount).toBe(0);
  });

  it("delivers a completion only to the waiters of its own login id", async () => {
    const router = new LoginRouter();
    const first = router.wait("first");
    const second = router.wait("second");
    const secondAgain = router.wait("second");
    expect(router.waiterCount).toBe(3);
    // The second login replaces the first: the server completes the first one.
    expect(router.route(completion("first", false, "Login server error: Login cancelled"))).toBe(true);
    await expect(first).resolves.toMatchObject({ loginId: "first", success: false });
    expect(router.waiterCount).toBe(2);
    router.route(completion("second", true, null));
    await expect(second).resolves.toMatchObject({ loginId: "second", success: true });
    await expect(secondAgain).resolves.toMatchObject({ loginId: "second", success: true });
    expect(router.waiterCount).toBe(0);
    expect(router.bufferedCount).toBe(0);
  });

  it("ignores completions without a login id (the API-key login's)", () => {
    const router = new LoginRouter();
    expect(router.route(completion(null, true, null))).toBe(false);
    expect(router.route({ loginId: "" })).toBe(false);
    expect(router.route(null)).toBe(false);
    expect(router.route("x")).toBe(false);
    expect(router.bufferedCount).toBe(0);
  });

  it("bounds the buffer of unclaimed completions, dropping the oldest", async () => {
    const router = new LoginRouter(3);
    for (const id of ["a", "b", "c", "d"]) router.route(completion(id));
    expect(router.bufferedCount).toBe(3);
    expect(router.take("a")).toBeUndefined();
    await expect(router.wait("d")).resolves.toMatchObject({ loginId: "d" });
  });

  it("rejects a timed-out wait with a TimeoutError and leaves no timer or waiter behind", async () => {
    vi.useFakeTimers();
    const router = new LoginRouter();
    const waiting = router.wait("slow", { timeoutMs: 50 });
    const outcome = waiting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(router.waiterCount).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect((error as Error).message).toMatch(/login slow did not complete within 50 ms.*cancel\(\)/);
    expect(router.waiterCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // The routing was released: a late completion is buffered for the next wait().
    expect(router.route(completion("slow"))).toBe(false);
    await expect(router.wait("slow")).resolves.toMatchObject({ loginId: "slow" });
  });

  it("rejects an aborted wait with an AbortError and removes its listener and timer", async () => {
    vi.useFakeTimers();
    const router = new LoginRouter();
    const controller = new AbortController();
    const waiting = router.wait("x", { signal: controller.signal, timeoutMs: 60_000 });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(router.waiterCount).toBe(0);
  });

  it("keeps the abort reason when it is an SDK error", async () => {
    const router = new LoginRouter();
    const reason = new TimeoutError("caller gave up", 1);
    await expect(router.wait("x", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(router.waiterCount).toBe(0);
  });

  it("rejects at once for a signal that is already aborted, registering nothing", async () => {
    const router = new LoginRouter();
    const signal = AbortSignal.abort();
    await expect(router.wait("x", { signal })).rejects.toBeInstanceOf(AbortError);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(router.waiterCount).toBe(0);
  });

  it("cleans up the timer and listener when the completion wins", async () => {
    vi.useFakeTimers();
    const router = new LoginRouter();
    const controller = new AbortController();
    const waiting = router.wait("x", { signal: controller.signal, timeoutMs: 1000 });
    router.route(completion("x"));
    await expect(waiting).resolves.toMatchObject({ loginId: "x" });
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("fails every waiter, and later waits, when the connection is gone; buffered completions survive", async () => {
    const router = new LoginRouter();
    router.route(completion("done"));
    const pending = router.wait("open");
    const closed = new TransportClosedError("app-server exited");
    router.fail(closed);
    await expect(pending).rejects.toBe(closed);
    expect(router.waiterCount).toBe(0);
    await expect(router.wait("open")).rejects.toBe(closed);
    await expect(router.wait("done")).resolves.toMatchObject({ loginId: "done" });
  });
});
