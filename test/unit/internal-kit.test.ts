/** The internal kit: the one copy of each primitive several layers use. */
import { describe, expect, it } from "vitest";

import { isAbortSignal, isRecord } from "../../src/internal/guards.js";
import { settledWithin } from "../../src/internal/settle.js";
import { tomlKey, tomlNumber, tomlString } from "../../src/internal/toml.js";
import { InvalidArgumentError } from "../../src/errors.js";
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
    expect(decodeMessage("{not json").error).toBeInstanceOf(SyntaxError);
    for (const text of ["[1]", "null", "3", '"s"']) {
      expect(decodeMessage(text).error?.message).toBe("a JSON-RPC message must be a JSON object");
    }
  });
});
