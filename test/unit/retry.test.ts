import { getEventListeners } from "node:events";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  AbortError,
  CodexError,
  InternalRpcError,
  InvalidArgumentError,
  InvalidParamsError,
  JsonRpcError,
  RetryLimitExceededError,
  ServerBusyError,
  TimeoutError,
  TransportClosedError,
} from "../../src/errors.js";
import { isRetryableError, retryOnOverload } from "../../src/retry.js";
import type { RetryInfo, RetryOptions } from "../../src/retry.js";

const busy = (n = 0): ServerBusyError =>
  new ServerBusyError({ code: -32000, message: `busy ${n}`, data: { codexErrorInfo: "serverOverloaded" } });

/** A stand-in for the SDK's TurnFailedError: only the `codexErrorInfo` property matters. */
class FakeTurnFailedError extends CodexError {
  override name = "TurnFailedError";
  constructor(readonly codexErrorInfo: unknown) {
    super("turn failed");
  }
}

/** An op that fails with `errors[i]` on attempt `i + 1` and then returns `value`. */
function failingOp<T>(errors: Error[], value: T) {
  const calls: { attempt: number; at: number }[] = [];
  const op = vi.fn((attempt: number): Promise<T> => {
    calls.push({ attempt, at: Date.now() });
    const error = errors[attempt - 1];
    return error === undefined ? Promise.resolve(value) : Promise.reject(error);
  });
  return { op, calls };
}

/** An op that always fails with a fresh retryable error. */
function alwaysBusy() {
  return failingOp(
    Array.from({ length: 100 }, (_, i) => busy(i + 1)),
    "never",
  );
}

/** Settles `promise` while running fake timers; returns the rejection reason (or fails). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const settled = promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await vi.runAllTimersAsync();
  const result = await settled;
  if (result.ok) throw new Error("expected a rejection");
  return result.error;
}

/** Delays between consecutive calls, measured on the fake clock. */
const gaps = (calls: { at: number }[]): number[] => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("retryOnOverload: attempts", () => {
  it("returns the first success and passes 1-based attempt numbers", async () => {
    const { op } = failingOp([busy(1), busy(2)], "ok");
    const promise = retryOnOverload(op);
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("ok");
    expect(op.mock.calls).toEqual([[1], [2], [3]]);
  });

  it("does not retry a first-time success and sets no timer", async () => {
    const op = vi.fn(() => 42);
    await expect(retryOnOverload(op)).resolves.toBe(42);
    expect(op).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([1, 2, 3, 5])(
    "makes exactly maxAttempts=%i attempts and rethrows the last error as-is",
    async (n) => {
      const { op } = alwaysBusy();
      const error = await rejection(retryOnOverload(op, { maxAttempts: n }));
      expect(op).toHaveBeenCalledTimes(n);
      expect(error).toBeInstanceOf(ServerBusyError);
      expect((error as ServerBusyError).rpcMessage).toBe(`busy ${n}`);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it("makes 3 attempts by default", async () => {
    const { op } = alwaysBusy();
    const error = await rejection(retryOnOverload(op));
    expect(op).toHaveBeenCalledTimes(3);
    expect((error as ServerBusyError).rpcMessage).toBe("busy 3");
  });

  it("rethrows a non-retryable error after one attempt, same object", async () => {
    const invalid = new InvalidParamsError({
      code: -32600,
      message: "Invalid request: missing field `threadId`",
    });
    const op = vi.fn(() => Promise.reject(invalid));
    const error = await rejection(retryOnOverload(op, { maxAttempts: 5 }));
    expect(error).toBe(invalid);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("does not retry RetryLimitExceededError by default", async () => {
    const limit = JsonRpcError.fromResponse("turn/start", {
      code: -32000,
      message: "retry limit exceeded",
      data: "serverOverloaded",
    });
    expect(limit).toBeInstanceOf(RetryLimitExceededError);
    const op = vi.fn(() => Promise.reject(limit));
    expect(await rejection(retryOnOverload(op))).toBe(limit);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("catches synchronous throws and non-Error values", async () => {
    const thrown = { codexErrorInfo: "serverOverloaded" };
    const op = vi.fn((attempt: number) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error thrown value on purpose
      if (attempt < 3) throw thrown;
      return "done";
    });
    const promise = retryOnOverload(op);
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("done");
    expect(op).toHaveBeenCalledTimes(3);

    const plain = vi.fn(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error thrown value on purpose
      throw "string error";
    });
    expect(await rejection(retryOnOverload(plain))).toBe("string error");
    expect(plain).toHaveBeenCalledTimes(1);
  });

  it("retries turn failures whose codexErrorInfo is serverOverloaded", async () => {
    const { op } = failingOp([new FakeTurnFailedError("serverOverloaded")], "ok");
    const promise = retryOnOverload(op);
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("ok");
    expect(op).toHaveBeenCalledTimes(2);
  });
});

describe("retryOnOverload: backoff schedule", () => {
  const schedule = async (random: number, options: RetryOptions = {}) => {
    vi.spyOn(Math, "random").mockReturnValue(random);
    const { op, calls } = alwaysBusy();
    const delays: number[] = [];
    await rejection(
      retryOnOverload(op, { maxAttempts: 6, ...options, onRetry: (i) => delays.push(i.delayMs) }),
    );
    expect(gaps(calls)).toEqual(delays);
    return delays;
  };

  it("low extreme (random = 0): base - 20%", async () => {
    expect(await schedule(0)).toEqual([200, 400, 800, 1600, 1600]);
  });

  it("center (random = 0.5): exactly the base, doubling up to maxDelayMs", async () => {
    expect(await schedule(0.5)).toEqual([250, 500, 1000, 2000, 2000]);
  });

  it("high extreme (random = 1): base + 20%, capped at maxDelayMs", async () => {
    expect(await schedule(1)).toEqual([300, 600, 1200, 2000, 2000]);
  });

  it("jitterRatio 0 gives the bare schedule whatever Math.random says", async () => {
    expect(await schedule(0.93, { jitterRatio: 0 })).toEqual([250, 500, 1000, 2000, 2000]);
  });

  it("jitterRatio 1 spans [0, 2 * base], clamped", async () => {
    expect(await schedule(0, { jitterRatio: 1 })).toEqual([0, 0, 0, 0, 0]);
    expect(await schedule(1, { jitterRatio: 1, maxDelayMs: 10_000 })).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it("caps every delay, jitter included, at maxDelayMs", async () => {
    const opts = { initialDelayMs: 1000, maxDelayMs: 1500 };
    expect(await schedule(1, opts)).toEqual([1200, 1500, 1500, 1500, 1500]);
    expect(await schedule(0, opts)).toEqual([800, 1200, 1200, 1200, 1200]);
  });

  it("rounds delays to whole milliseconds, never above maxDelayMs", async () => {
    expect(await schedule(0.5, { initialDelayMs: 10.4, maxDelayMs: 30.7 })).toEqual([10, 21, 30, 30, 30]);
    expect(await schedule(0.75, { initialDelayMs: 1, jitterRatio: 0.5 })).toEqual([1, 3, 5, 10, 20]);
  });

  it("allows maxDelayMs below initialDelayMs (every base is maxDelayMs)", async () => {
    expect(await schedule(0.5, { initialDelayMs: 5000, maxDelayMs: 100 })).toEqual([100, 100, 100, 100, 100]);
    expect(await schedule(0, { initialDelayMs: 5000, maxDelayMs: 100 })).toEqual([80, 80, 80, 80, 80]);
  });

  it("keeps random delays within the jitter bounds", async () => {
    const values = [0, 0.001, 0.25, 0.5, 0.75, 0.999, 0.999999];
    for (const random of values) {
      const delays = await schedule(random, { maxDelayMs: 100_000 });
      [250, 500, 1000, 2000, 4000].forEach((base, i) => {
        expect(delays[i]).toBeGreaterThanOrEqual(base * 0.8);
        expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
        expect(Number.isInteger(delays[i])).toBe(true);
      });
    }
  });

  it("waits the full delay before the next attempt, not less", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { op } = failingOp([busy(1), busy(2)], "ok");
    const promise = retryOnOverload(op);
    await vi.advanceTimersByTimeAsync(0);
    expect(op).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(op).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(op).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(op).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(op).toHaveBeenCalledTimes(3);
    await expect(promise).resolves.toBe("ok");
  });

  it("does not sleep (no timer) when the delay is 0", async () => {
    const { op } = failingOp([busy(1), busy(2)], "ok");
    const timers: number[] = [];
    const promise = retryOnOverload(op, {
      initialDelayMs: 0,
      onRetry: () => timers.push(vi.getTimerCount()),
    });
    await expect(promise).resolves.toBe("ok");
    expect(op).toHaveBeenCalledTimes(3);
    expect(timers).toEqual([0, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("retryOnOverload: hooks", () => {
  it("uses a custom isRetryable instead of the default", async () => {
    const flaky = new TypeError("fetch failed");
    const { op } = failingOp([flaky, flaky], "ok");
    const isRetryable = vi.fn((e: unknown) => e instanceof TypeError);
    const promise = retryOnOverload(op, { isRetryable });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("ok");
    expect(isRetryable).toHaveBeenCalledTimes(2);
    expect(isRetryable).toHaveBeenCalledWith(flaky);

    const overload = busy();
    const op2 = vi.fn(() => Promise.reject(overload));
    expect(await rejection(retryOnOverload(op2, { isRetryable: () => false }))).toBe(overload);
    expect(op2).toHaveBeenCalledTimes(1);
  });

  it("does not ask isRetryable about the last attempt's error", async () => {
    const { op } = alwaysBusy();
    const isRetryable = vi.fn(() => true);
    await rejection(retryOnOverload(op, { maxAttempts: 3, isRetryable }));
    expect(isRetryable).toHaveBeenCalledTimes(2);
  });

  it("calls onRetry with the failed attempt, the delay and the error, before sleeping", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const e1 = busy(1);
    const e2 = busy(2);
    const { op } = failingOp([e1, e2], "ok");
    const infos: RetryInfo[] = [];
    const timersAtCall: number[] = [];
    const promise = retryOnOverload(op, {
      onRetry: (info) => {
        infos.push(info);
        timersAtCall.push(vi.getTimerCount());
      },
    });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("ok");
    expect(infos).toEqual([
      { attempt: 1, delayMs: 250, error: e1 },
      { attempt: 2, delayMs: 500, error: e2 },
    ]);
    expect(infos[0]!.error).toBe(e1);
    expect(timersAtCall).toEqual([0, 0]);
  });

  it("does not call onRetry after the last attempt or for a non-retryable error", async () => {
    const onRetry = vi.fn();
    await rejection(retryOnOverload(alwaysBusy().op, { maxAttempts: 2, onRetry }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    onRetry.mockClear();
    await rejection(retryOnOverload(() => Promise.reject(new Error("x")), { onRetry }));
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("stops with onRetry's error when onRetry throws", async () => {
    const hookError = new Error("hook failed");
    const { op } = alwaysBusy();
    const error = await rejection(
      retryOnOverload(op, {
        onRetry: () => {
          throw hookError;
        },
      }),
    );
    expect(error).toBe(hookError);
    expect(op).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("retryOnOverload: abort", () => {
  it("rejects at once without calling op when the signal is already aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    controller.abort(reason);
    const op = vi.fn(() => "never");
    const error = await retryOnOverload(op, { signal: controller.signal }).catch((e: unknown) => e);
    expect(op).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).name).toBe("AbortError");
    expect((error as AbortError).cause).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with a CodexError abort reason as-is", async () => {
    const reason = new TimeoutError("gave up after 5 ms", 5);
    const error = await retryOnOverload(() => 1, { signal: AbortSignal.abort(reason) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(reason);
  });

  it("rejects immediately on abort during a backoff sleep, clearing the timer and the listener", async () => {
    const controller = new AbortController();
    const { op } = alwaysBusy();
    const promise = retryOnOverload(op, {
      signal: controller.signal,
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(op).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);

    controller.abort();
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).name).toBe("AbortError");
    expect((error as AbortError).cause).toBe(controller.signal.reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it("removes its abort listener after every completed sleep", async () => {
    const controller = new AbortController();
    const { op } = failingOp([busy(1), busy(2)], "ok");
    const promise = retryOnOverload(op, { signal: controller.signal });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe("ok");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after an abort while op runs, stops instead of retrying a retryable failure", async () => {
    const controller = new AbortController();
    let fail!: (e: unknown) => void;
    const op = vi.fn(() => new Promise<string>((_, reject) => (fail = reject)));
    const onRetry = vi.fn();
    const promise = retryOnOverload(op, { signal: controller.signal, onRetry });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    fail(busy());
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(op).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after an abort while op runs, keeps op's own result or non-retryable error", async () => {
    const controller = new AbortController();
    let succeed!: (v: string) => void;
    const promise = retryOnOverload(() => new Promise<string>((resolve) => (succeed = resolve)), {
      signal: controller.signal,
    });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    succeed("finished anyway");
    await expect(promise).resolves.toBe("finished anyway");

    const controller2 = new AbortController();
    const own = new TransportClosedError("closed");
    let fail!: (e: unknown) => void;
    const promise2 = retryOnOverload(() => new Promise<string>((_, reject) => (fail = reject)), {
      signal: controller2.signal,
    });
    await vi.advanceTimersByTimeAsync(0);
    controller2.abort();
    fail(own);
    await expect(promise2).rejects.toBe(own);
  });

  it("an abort inside onRetry prevents the sleep", async () => {
    const controller = new AbortController();
    const { op } = alwaysBusy();
    const error = await retryOnOverload(op, {
      signal: controller.signal,
      onRetry: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(op).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("with a zero delay, checks the signal before each attempt", async () => {
    const controller = new AbortController();
    const op = vi.fn((attempt: number) => {
      if (attempt === 2) controller.abort();
      return Promise.reject(busy(attempt));
    });
    const error = await retryOnOverload(op, {
      signal: controller.signal,
      initialDelayMs: 0,
      maxAttempts: 5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(op).toHaveBeenCalledTimes(2);
  });
});

describe("retryOnOverload: option validation", () => {
  const bad = (options: Record<string, unknown>) => options as RetryOptions;

  it.each<[string, Record<string, unknown>, typeof InvalidArgumentError, string]>([
    [
      "maxAttempts 0",
      { maxAttempts: 0 },
      InvalidArgumentError,
      "options.maxAttempts must be an integer >= 1 (or Infinity), got 0",
    ],
    [
      "maxAttempts -1",
      { maxAttempts: -1 },
      InvalidArgumentError,
      "options.maxAttempts must be an integer >= 1 (or Infinity), got -1",
    ],
    [
      "maxAttempts 1.5",
      { maxAttempts: 1.5 },
      InvalidArgumentError,
      "options.maxAttempts must be an integer >= 1 (or Infinity), got 1.5",
    ],
    [
      "maxAttempts NaN",
      { maxAttempts: NaN },
      InvalidArgumentError,
      "options.maxAttempts must be an integer >= 1 (or Infinity), got NaN",
    ],
    [
      "maxAttempts string",
      { maxAttempts: "3" },
      InvalidArgumentError,
      'options.maxAttempts must be a number, got "3"',
    ],
    [
      "maxAttempts null",
      { maxAttempts: null },
      InvalidArgumentError,
      "options.maxAttempts must be a number, got null",
    ],
    [
      "initialDelayMs -1",
      { initialDelayMs: -1 },
      InvalidArgumentError,
      "options.initialDelayMs must be a number of milliseconds >= 0 (finite); got -1",
    ],
    [
      "initialDelayMs NaN",
      { initialDelayMs: NaN },
      InvalidArgumentError,
      "options.initialDelayMs must be a number of milliseconds >= 0 (finite); got NaN",
    ],
    [
      "initialDelayMs Infinity",
      { initialDelayMs: Infinity },
      InvalidArgumentError,
      "options.initialDelayMs must be a number of milliseconds >= 0 (finite); got Infinity",
    ],
    [
      "initialDelayMs object",
      { initialDelayMs: {} },
      InvalidArgumentError,
      "options.initialDelayMs must be a number of milliseconds >= 0 (finite); got an object",
    ],
    [
      "maxDelayMs -5",
      { maxDelayMs: -5 },
      InvalidArgumentError,
      "options.maxDelayMs must be a number of milliseconds >= 0, or Infinity for no limit; got -5",
    ],
    [
      "maxDelayMs NaN",
      { maxDelayMs: NaN },
      InvalidArgumentError,
      "options.maxDelayMs must be a number of milliseconds >= 0, or Infinity for no limit; got NaN",
    ],
    [
      "maxDelayMs boolean",
      { maxDelayMs: true },
      InvalidArgumentError,
      "options.maxDelayMs must be a number of milliseconds >= 0, or Infinity for no limit; got true",
    ],
    [
      "jitterRatio 1.5",
      { jitterRatio: 1.5 },
      InvalidArgumentError,
      "options.jitterRatio must be between 0 and 1, got 1.5",
    ],
    [
      "jitterRatio -0.1",
      { jitterRatio: -0.1 },
      InvalidArgumentError,
      "options.jitterRatio must be between 0 and 1, got -0.1",
    ],
    [
      "jitterRatio NaN",
      { jitterRatio: NaN },
      InvalidArgumentError,
      "options.jitterRatio must be between 0 and 1, got NaN",
    ],
    [
      "jitterRatio string",
      { jitterRatio: "0.2" },
      InvalidArgumentError,
      'options.jitterRatio must be a number, got "0.2"',
    ],
    [
      "signal object",
      { signal: {} },
      InvalidArgumentError,
      "options.signal must be an AbortSignal (e.g. AbortSignal.timeout(ms) or an AbortController's signal); got an object",
    ],
    [
      "signal true",
      { signal: true },
      InvalidArgumentError,
      "options.signal must be an AbortSignal (e.g. AbortSignal.timeout(ms) or an AbortController's signal); got true",
    ],
    [
      "isRetryable true",
      { isRetryable: true },
      InvalidArgumentError,
      "options.isRetryable must be a function, got true",
    ],
    [
      "onRetry string",
      { onRetry: "log" },
      InvalidArgumentError,
      'options.onRetry must be a function, got "log"',
    ],
    [
      "onRetry array",
      { onRetry: [] },
      InvalidArgumentError,
      "options.onRetry must be a function, got an array",
    ],
  ])("%s", async (_label, options, cls, message) => {
    const op = vi.fn(() => "x");
    const error = await retryOnOverload(op, bad(options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect((error as Error).message).toBe(`retryOnOverload: ${message}`);
    expect(op).not.toHaveBeenCalled();
  });

  it("rejects a non-function op and non-object options", async () => {
    const notAFunction = "op" as unknown as () => string;
    await expect(retryOnOverload(notAFunction)).rejects.toThrow(
      new InvalidArgumentError('retryOnOverload: op must be a function, got "op"', { argument: "op" }),
    );
    await expect(retryOnOverload(() => 1, null as unknown as RetryOptions)).rejects.toThrow(
      new InvalidArgumentError("retryOnOverload: options must be an object, got null", {
        argument: "options",
      }),
    );
  });

  it("validates before checking the signal", async () => {
    const error = await retryOnOverload(() => 1, { maxAttempts: 0, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  it("accepts the boundary values and explicit undefined", async () => {
    await expect(
      retryOnOverload(() => "ok", {
        maxAttempts: 1,
        initialDelayMs: 0,
        maxDelayMs: Infinity,
        jitterRatio: 1,
        signal: undefined,
        isRetryable: undefined,
        onRetry: undefined,
      }),
    ).resolves.toBe("ok");
    await expect(retryOnOverload(() => "ok", { jitterRatio: 0, maxDelayMs: 0 })).resolves.toBe("ok");
  });
});

describe("isRetryableError", () => {
  it.each<[string, unknown, boolean]>([
    ["ServerBusyError", busy(), true],
    ["ServerBusyError without data", new ServerBusyError({ code: -32000, message: "busy" }), true],
    [
      "RetryLimitExceededError (the server already retried)",
      new RetryLimitExceededError({ code: -32000, message: "retry limit", data: "serverOverloaded" }),
      false,
    ],
    [
      "InternalRpcError with overloaded data",
      new InternalRpcError({ code: -32603, message: "x", data: { codexErrorInfo: "serverOverloaded" } }),
      true,
    ],
    [
      "JsonRpcError with snake_case overloaded data",
      new JsonRpcError({ code: 1, message: "x", data: ["server_overloaded"] }),
      true,
    ],
    ["JsonRpcError without data", new JsonRpcError({ code: -32000, message: "x" }), false],
    [
      "InvalidParamsError",
      JsonRpcError.fromResponse("thread/start", {
        code: -32600,
        message: "Invalid request: missing field `x`",
      }),
      false,
    ],
    ["turn failure, serverOverloaded", new FakeTurnFailedError("serverOverloaded"), true],
    ["turn failure, tagged serverOverloaded", new FakeTurnFailedError({ serverOverloaded: {} }), true],
    ["turn failure, other", new FakeTurnFailedError("other"), false],
    [
      "turn failure, responseTooManyFailedAttempts",
      new FakeTurnFailedError({ responseTooManyFailedAttempts: { httpStatusCode: 503 } }),
      false,
    ],
    ["turn failure, null info", new FakeTurnFailedError(null), false],
    ["plain object with codexErrorInfo", { codexErrorInfo: "serverOverloaded" }, true],
    ["TransportClosedError", new TransportClosedError("gone"), false],
    ["AbortError", new AbortError(), false],
    ["TimeoutError", new TimeoutError("slow", 1), false],
    ["plain Error", new Error("serverOverloaded"), false],
    ["string", "serverOverloaded", false],
    ["null", null, false],
    ["undefined", undefined, false],
  ])("%s -> %s", (_label, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});
