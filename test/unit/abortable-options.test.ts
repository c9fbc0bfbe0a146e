import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortError, CodexError } from "../../src/errors.js";
import { abortable } from "../../src/internal/abortable.js";
import { START_ABORT_WAIT_MS, startTurn } from "../../src/api/turns/turn-start.js";
import type { AppServerClient } from "../../src/client/client.js";
import type { TurnStartParams } from "../../src/generated/v2/TurnStartParams.js";

const abortError = (s: AbortSignal): Error => new AbortError("aborted", { cause: s.reason });

/** A promise with its resolve and reject at hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("abortable options", () => {
  it("abortGraceMs still takes the work's answer within the grace after an abort", async () => {
    vi.useFakeTimers();
    const work = deferred<string>();
    const controller = new AbortController();
    const wait = abortable(work.promise, { signal: controller.signal, abortError, abortGraceMs: 1_000 });
    controller.abort();
    await vi.advanceTimersByTimeAsync(999);
    work.resolve("answer");
    await expect(wait).resolves.toBe("answer");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("abortGraceMs rejects with the abort error once the grace passed, and onLate gets a later value", async () => {
    vi.useFakeTimers();
    const work = deferred<string>();
    const controller = new AbortController();
    const late: string[] = [];
    const wait = abortable(work.promise, {
      signal: controller.signal,
      abortError,
      abortGraceMs: 1_000,
      onLate: (value) => late.push(value),
    });
    const outcome = wait.catch((e: unknown) => e);
    controller.abort("stop");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toMatchObject({ name: "AbortError", cause: "stop" });
    work.resolve("too late");
    await work.promise;
    await Promise.resolve();
    expect(late).toEqual(["too late"]);
  });

  it("onSettle runs once, before the caller sees the outcome, however the wait ends", async () => {
    const order: string[] = [];
    const work = deferred<number>();
    const wait = abortable(work.promise, { abortError, onSettle: () => order.push("settle") });
    work.resolve(1);
    await wait.then(() => order.push("caller"));
    const controller = new AbortController();
    const aborted = abortable(new Promise<number>(() => undefined), {
      signal: controller.signal,
      abortError,
      onSettle: () => order.push("settle"),
    });
    controller.abort();
    await aborted.catch(() => order.push("caller"));
    expect(order).toEqual(["settle", "caller", "settle", "caller"]);
  });

  it("unref leaves timers that do not keep the process alive", () => {
    const timers: { unref: () => unknown }[] = [];
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation((fn: () => void, ms?: number) => {
      const timer = real(fn, ms);
      const unref = vi.fn(() => timer);
      timers.push({ unref });
      Object.assign(timer, { unref });
      return timer;
    });
    void abortable(Promise.resolve(), {
      abortError,
      timeoutMs: 60_000,
      onTimeout: () => undefined,
      unref: true,
    });
    spy.mockRestore();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.unref).toHaveBeenCalledTimes(1);
  });
});

describe("startTurn", () => {
  const params = { threadId: "t1", input: [] } as unknown as TurnStartParams;

  // Before: a non-Error rejection became a plain `Error`; every error the SDK throws is a CodexError.
  it("turns a rejection that is not an Error into a CodexError with the value as cause", async () => {
    const client = {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      request: () => Promise.reject("nope"),
    } as unknown as AppServerClient;
    const error: unknown = await startTurn(client, params, new AbortController().signal).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CodexError);
    expect((error as CodexError).cause).toBe("nope");
  });

  it("after an abort waits START_ABORT_WAIT_MS, then rejects and interrupts a turn that starts later", async () => {
    vi.useFakeTimers();
    const started = deferred<{ turn: { id: string } }>();
    const calls: [string, unknown][] = [];
    const client = {
      request: (method: string, p: unknown) => {
        calls.push([method, p]);
        return method === "turn/start" ? started.promise : Promise.resolve({});
      },
    } as unknown as AppServerClient;
    const controller = new AbortController();
    const outcome = startTurn(client, params, controller.signal).catch((e: unknown) => e);
    controller.abort();
    await vi.advanceTimersByTimeAsync(START_ABORT_WAIT_MS - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(AbortError);
    started.resolve({ turn: { id: "turn-9" } });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[1]).toEqual(["turn/interrupt", { threadId: "t1", turnId: "turn-9" }]);
  });
});
