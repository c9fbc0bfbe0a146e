/** The internal kit: the one copy of each primitive several layers use. */
import { describe, expect, it } from "vitest";

import { isAbortSignal, isRecord } from "../../src/internal/guards.js";
import { settledWithin } from "../../src/internal/settle.js";
import { tomlKey, tomlNumber, tomlString } from "../../src/internal/toml.js";
import { AbortError, CodexError, InvalidArgumentError, TimeoutError } from "../../src/errors.js";
import { abortable, sleep } from "../../src/internal/abortable.js";
import { stringifyToml } from "../../src/testing/toml.js";
import { turnIdOf } from "../../src/api/events.js";
import { loneSurrogateIndex } from "../../src/internal/unicode.js";
import { encodeMessage } from "../../src/transport/framer.js";
import { decodeMessage } from "../../src/internal/json-message.js";

describe("guards", () => {
  it("isRecord accepts objects whose keys can be read, and nothing else", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    expect(isRecord(new Map())).toBe(true);
    for (const v of [null, undefined, [], "x", 1, true, () => 1, Symbol("s")])
      expect(isRecord(v)).toBe(false);
  });

  it("isAbortSignal accepts real and duck-typed signals", () => {
    expect(isAbortSignal(new AbortController().signal)).toBe(true);
    const duck = { aborted: false, addEventListener() {}, removeEventListener() {} };
    expect(isAbortSignal(duck)).toBe(true);
    expect(isAbortSignal({ aborted: false })).toBe(false);
    expect(isAbortSignal(null)).toBe(false);
  });
});

describe("settledWithin", () => {
  it("is true for a promise that fulfils in time", async () => {
    expect(await settledWithin(Promise.resolve(1), 60_000)).toBe(true);
  });

  // The copy in stdio.ts ignored rejection: it waited out the whole grace period (and left the
  // rejection unhandled) for a promise that had already settled.
  it("is true for a promise that rejects in time, and handles the rejection", async () => {
    expect(await settledWithin(Promise.reject(new Error("gone")), 60_000)).toBe(true);
  });

  it("is false when the promise is still pending at the deadline", async () => {
    expect(await settledWithin(new Promise(() => undefined), 0)).toBe(false);
  });
});

describe("TOML values (one encoder for --config and the testing kit's config.toml)", () => {
  it("writes NaN and the infinities as TOML floats", () => {
    expect([Number.NaN, Infinity, -Infinity].map(tomlNumber)).toEqual(["nan", "inf", "-inf"]);
    expect(stringifyToml({ a: Number.NaN, b: -Infinity })).toBe("a = nan\nb = -inf\n");
  });

  // testing/toml.ts wrote 1e20 as `100000000000000000000`, an integer no TOML parser accepts
  // (TOML integers are 64-bit); it is a float in exponent form now, as --config always wrote it.
  it("writes integers beyond TOML's 64-bit range as floats, and others as integers", () => {
    expect(stringifyToml({ huge: 1e20, big: 2 ** 53, neg: -(2 ** 62) })).toBe(
      "huge = 1e+20\nbig = 9007199254740992\nneg = -4611686018427387904\n",
    );
    expect(tomlNumber(2 ** 63)).toBe("9.223372036854776e+18");
    expect(tomlNumber(0.5)).toBe("0.5");
    expect(tomlNumber(1e-7)).toBe("1e-7");
  });

  it("refuses a lone surrogate in a value or key with an InvalidArgumentError, in both writers", () => {
    expect(() => tomlString("a\ud800", "k")).toThrow(InvalidArgumentError);
    expect(() => stringifyToml({ "k\udc00": 1 })).toThrow(InvalidArgumentError);
    expect(() => stringifyToml({ k: "x\ud800" })).toThrow(/lone UTF-16 surrogate/);
    expect(tomlString("a\u007fb", "k")).toBe('"a\\u007fb"');
    expect(tomlKey("needs quoting", "k")).toBe('"needs quoting"');
  });
});

describe("turnIdOf (the one turn-id reader for notifications and server requests)", () => {
  it("reads params.turnId, else params.turn.id", () => {
    expect(turnIdOf({ turnId: "t1" })).toBe("t1");
    expect(turnIdOf({ turn: { id: "t2" } })).toBe("t2");
    expect(turnIdOf({ threadId: "th" })).toBeUndefined();
    expect(turnIdOf(null)).toBeUndefined();
  });

  // turnIdOf took "" as a turn id while the server-request reader refused it: an empty id names no turn.
  it("reads an empty id as no id", () => {
    expect(turnIdOf({ turnId: "" })).toBeUndefined();
    expect(turnIdOf({ turn: { id: "" } })).toBeUndefined();
    expect(turnIdOf({ turnId: "", turn: { id: "t3" } })).toBe("t3");
  });
});

describe("loneSurrogateIndex (the one check before sending or writing a string)", () => {
  it("finds the first lone surrogate, and none in a well-formed string", () => {
    expect(loneSurrogateIndex("ok 😀")).toBe(-1);
    expect(loneSurrogateIndex("bad \ud800")).toBe(4);
    expect(loneSurrogateIndex("\udc00x")).toBe(0);
    expect(() => encodeMessage({ method: "m", params: { s: "x\udfff" } })).toThrow(/lone UTF-16 surrogate/);
    expect(encodeMessage({ method: "m", params: { s: "😀" } })).toBe('{"method":"m","params":{"s":"😀"}}');
  });
});

describe("decodeMessage (the one JSON-text decoder of the framer and the WebSocket engine)", () => {
  it("accepts a JSON object and refuses everything else without throwing", () => {
    expect(decodeMessage('{"id":1,"result":{}}')).toEqual({ message: { id: 1, result: {} } });
    expect(decodeMessage("{not json").error).toBeInstanceOf(CodexError);
    expect(decodeMessage("{not json").error?.cause).toBeInstanceOf(SyntaxError);
    for (const text of ["[1]", "null", "3", '"s"']) {
      expect(decodeMessage(text).error?.message).toBe("a JSON-RPC message must be a JSON object");
    }
  });
});

describe("abortable (the one abort + timeout + cleanup wait)", () => {
  const abortError = (s: AbortSignal): Error => new AbortError("aborted", { cause: s.reason });
  /** A signal that counts its live abort listeners. */
  function countingSignal(): { controller: AbortController; live: () => number } {
    const controller = new AbortController();
    let live = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = (...args: Parameters<typeof add>) => {
      live++;
      add(...args);
    };
    controller.signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      live--;
      remove(...args);
    };
    return { controller, live: () => live };
  }

  it("settles with the work and removes its listener", async () => {
    const { controller, live } = countingSignal();
    await expect(abortable(Promise.resolve(7), { signal: controller.signal, abortError })).resolves.toBe(7);
    expect(live()).toBe(0);
  });

  it("rejects at once on abort, and the work's later rejection is handled", async () => {
    const { controller, live } = countingSignal();
    let fail!: (e: Error) => void;
    const work = new Promise<never>((_, reject) => (fail = reject));
    const wait = abortable(work, { signal: controller.signal, abortError });
    controller.abort("stop");
    await expect(wait).rejects.toMatchObject({ name: "AbortError", cause: "stop" });
    fail(new Error("late"));
    expect(live()).toBe(0);
  });

  // The dispatcher's copy rejected for an already aborted signal and then added a listener anyway.
  it("adds no listener for a signal that has already aborted", async () => {
    const { controller, live } = countingSignal();
    controller.abort();
    await expect(
      abortable(new Promise(() => undefined), { signal: controller.signal, abortError }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(live()).toBe(0);
  });

  it("ends at the timeout with what onTimeout returns or throws", async () => {
    const never = new Promise<string>(() => undefined);
    await expect(abortable(never, { abortError, timeoutMs: 0, onTimeout: () => "late" })).resolves.toBe(
      "late",
    );
    const timeout = new TimeoutError("too slow", 0);
    await expect(
      abortable(never, {
        abortError,
        timeoutMs: 0,
        onTimeout: () => {
          throw timeout;
        },
      }),
    ).rejects.toBe(timeout);
  });

  // turn-start wrapped a non-Error rejection in a plain Error, the dispatcher in a CodexError: one rule now.
  it("turns a rejection that is not an Error into a CodexError with the value as cause", async () => {
    // A user handler may throw anything; Promise.reject is how such a value arrives.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const error = await abortable(Promise.reject("nope"), { abortError }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexError);
    expect((error as CodexError).cause).toBe("nope");
  });

  it("sleep resolves after its delay and rejects at once on abort", async () => {
    await expect(sleep(0, undefined, abortError)).resolves.toBeUndefined();
    const { controller, live } = countingSignal();
    const wait = sleep(60_000, controller.signal, abortError);
    controller.abort();
    await expect(wait).rejects.toBeInstanceOf(AbortError);
    expect(live()).toBe(0);
  });
});
