import { describe, expect, it } from "vitest";

import {
  InvalidArgumentError,
  InvalidInputError,
  describeError,
  describeValue,
  loneSurrogateIndex,
  nonEmptyString,
  oneOf,
  optionalBoolean,
  optionalInteger,
  optionalNonEmptyString,
  optionalOneOf,
  suggest,
  truncate,
} from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

/** The InvalidArgumentError thrown by `fn`. */
function argError(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("error classes", () => {
  it("InvalidArgumentError is a CodexError that names the argument", () => {
    const error = new InvalidArgumentError("bad", { argument: "model", cause: 1 });
    expect(error).toBeInstanceOf(CodexError);
    expect(error.name).toBe("InvalidArgumentError");
    expect(error.argument).toBe("model");
    expect(error.cause).toBe(1);
    expect(new InvalidArgumentError("bad").argument).toBe("");
  });

  it("InvalidInputError is an InvalidArgumentError for `input` with an index", () => {
    const error = new InvalidInputError("bad", { index: 3 });
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.name).toBe("InvalidInputError");
    expect(error.argument).toBe("input");
    expect(error.index).toBe(3);
    expect(new InvalidInputError("bad").index).toBeUndefined();
  });
});

describe("describeValue", () => {
  it.each<[unknown, string]>([
    ["hi", '"hi"'],
    ['a"b', '"a\\"b"'],
    [42, "42"],
    [-0, "0"],
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    [true, "true"],
    [null, "null"],
    [undefined, "undefined"],
    [12n, "12n"],
    [Symbol("tag"), "Symbol(tag)"],
    [Symbol(), "Symbol()"],
    [function named() {}, "[Function named]"],
    [[1, "a", null], '[1,"a",null]'],
    [{ a: 1, b: [true] }, '{"a":1,"b":[true]}'],
    [Object.assign(Object.create(null) as object, { a: 1 }), '{"a":1}'],
    [
      new (class Point {
        x = 1;
      })(),
      'Point {"x":1}',
    ],
    [new Map([[1, 2]]), "[Map(1)]"],
    [new Set([1, 2]), "[Set(2)]"],
    [new Uint8Array(4), "[Uint8Array]"],
    [new Date(0), '"1970-01-01T00:00:00.000Z"'],
    [new Date(Number.NaN), "[Invalid Date]"],
    [{ a: { b: { c: { d: 1 } } } }, '{"a":{"b":{"c":{…}}}}'],
    [Array.from({ length: 20 }, (_, i) => i), "[0,1,2,3,4,5,6,7,…]"],
  ])("describes %s", (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it("marks cycles", () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(describeValue(a)).toBe("[1,[Circular]]");
  });

  it("shows a repeated (non-cyclic) reference in full", () => {
    const shared = { x: 1 };
    expect(describeValue([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it("is bounded by maxLength, whatever the size of the value", () => {
    const huge = "x".repeat(10_000_000);
    expect(describeValue(huge, 20)).toBe(`"${"x".repeat(19)}…`);
    expect(describeValue({ a: huge, b: huge }).length).toBeLessThanOrEqual(201);
    expect(describeValue(Array.from({ length: 100_000 }, () => huge)).length).toBeLessThanOrEqual(201);
  });

  it("never splits a surrogate pair", () => {
    const text = describeValue("😀".repeat(10), 4);
    expect(loneSurrogateIndex(text)).toBe(-1);
  });

  it("survives throwing getters, throwing proxies and revoked proxies", () => {
    const getter = Object.defineProperty({ ok: 1 }, "bad", {
      enumerable: true,
      get() {
        throw new Error("x");
      },
    });
    expect(describeValue(getter)).toBe('{"ok":1,"bad":<unreadable>}');
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("x");
        },
      },
    );
    expect(describeValue(trap)).toBe("<unreadable>");
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeValue(proxy)).toBe("<unreadable>");
    const fn = new Proxy(() => 1, {
      get() {
        throw new Error("x");
      },
    });
    expect(describeValue(fn)).toBe("[Function (anonymous)]");
  });

  it("falls back to the default length for a bad maxLength", () => {
    expect(describeValue("x".repeat(500), Number.NaN).length).toBe(201);
    expect(describeValue("x".repeat(500), -5).length).toBe(201);
  });
});

describe("describeError", () => {
  it("uses an Error's message, bounded, and describes anything else", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
    expect(describeError(new Error(""))).toBe("Error {}");
    expect(describeError(new Error("m".repeat(1000))).length).toBe(301);
    expect(describeError("plain")).toBe('"plain"');
    expect(describeError(Symbol("s"))).toBe("Symbol(s)");
    const hostile = new Proxy(new Error("x"), {
      get() {
        throw new Error("trap");
      },
      getPrototypeOf() {
        throw new Error("trap");
      },
    });
    expect(typeof describeError(hostile)).toBe("string");
  });
});

describe("truncate", () => {
  it("cuts with an ellipsis and keeps surrogate pairs whole", () => {
    expect(truncate("abcdef", 3)).toBe("abc…");
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("a😀", 2)).toBe("a…");
  });
});

describe("loneSurrogateIndex", () => {
  it.each<[string, number]>([
    ["", -1],
    ["plain", -1],
    ["😀 pair", -1],
    ["\uD800", 0],
    ["ab\uDC00", 2],
    ["😀\uD83D", 2],
    ["x\uDE00\uD83D", 1],
  ])("finds the first lone surrogate in %j", (text, index) => {
    expect(loneSurrogateIndex(text)).toBe(index);
  });

  it("agrees with the regular-expression fallback when isWellFormed is missing", () => {
    const text = new String("ab\uD800") as unknown as string;
    Object.defineProperty(text, "isWellFormed", { value: undefined });
    expect(loneSurrogateIndex(text)).toBe(2);
  });
});

describe("suggest", () => {
  it("recognizes casing, separators, aliases and small typos", () => {
    expect(suggest("LOCAL_IMAGE", ["text", "localImage"])).toBe("localImage");
    expect(suggest("never", ["deny_all"], { never: "deny_all" })).toBe("deny_all");
    expect(suggest("imag", ["text", "image"])).toBe("image");
    expect(suggest("toString", ["a"], {})).toBeUndefined();
    expect(suggest("constructor", ["a"], { x: "a" })).toBeUndefined();
    expect(suggest("ab", ["ac", "ad"])).toBeUndefined();
    expect(suggest(42, ["a"])).toBeUndefined();
    expect(suggest("x".repeat(1000), ["x"])).toBeUndefined();
  });
});

describe("oneOf / optionalOneOf", () => {
  const levels = ["low", "medium", "high"] as const;

  it("returns an allowed value", () => {
    expect(oneOf("effort", "low", levels)).toBe("low");
    expect(optionalOneOf("effort", "high", levels)).toBe("high");
    expect(optionalOneOf("effort", undefined, levels)).toBeUndefined();
  });

  it("lists the allowed values and suggests a near miss", () => {
    expect(argError(() => oneOf("effort", "HIGH", levels)).message).toBe(
      'effort must be one of: "low", "medium", "high"; got "HIGH" (did you mean "high"?)',
    );
    const error = argError(() =>
      oneOf("effort", null, levels, { labels: { low: "L", medium: "M", high: "H" } }),
    );
    expect(error.message).toBe("effort must be one of: L, M, H; got null");
    expect(error.argument).toBe("effort");
    expect(() => optionalOneOf("effort", null, levels)).toThrow(InvalidArgumentError);
  });

  it("does not accept inherited property names", () => {
    expect(() => oneOf("x", "toString", ["a"])).toThrow('x must be one of: "a"; got "toString"');
  });
});

describe("string, boolean and integer helpers", () => {
  it("nonEmptyString / optionalNonEmptyString", () => {
    expect(nonEmptyString("name", "n")).toBe("n");
    expect(optionalNonEmptyString("name", undefined)).toBeUndefined();
    expect(argError(() => nonEmptyString("name", "")).message).toBe(
      'name must be a non-empty string; got ""',
    );
    expect(argError(() => nonEmptyString("name", 5)).message).toBe("name must be a non-empty string; got 5");
    expect(argError(() => optionalNonEmptyString("name", null)).message).toBe(
      "name must be a non-empty string; got null",
    );
    expect(argError(() => nonEmptyString("name", "a\uD800")).message).toMatch(
      /^name contains a lone UTF-16 surrogate at index 1/,
    );
  });

  it("optionalBoolean", () => {
    expect(optionalBoolean("flag", true)).toBe(true);
    expect(optionalBoolean("flag", undefined)).toBeUndefined();
    expect(argError(() => optionalBoolean("flag", "true")).message).toBe(
      'flag must be a boolean; got "true"',
    );
  });

  it("optionalInteger", () => {
    expect(optionalInteger("limit", 3, { min: 1 })).toBe(3);
    expect(optionalInteger("limit", undefined, { min: 1 })).toBeUndefined();
    expect(argError(() => optionalInteger("limit", 0, { min: 1 })).message).toBe(
      "limit must be an integer >= 1; got 0",
    );
    expect(argError(() => optionalInteger("n", 11, { min: 0, max: 10 })).message).toBe(
      "n must be an integer >= 0 and <= 10; got 11",
    );
    expect(argError(() => optionalInteger("n", 1.5)).message).toBe("n must be an integer; got 1.5");
    expect(argError(() => optionalInteger("n", Number.NaN)).message).toBe("n must be an integer; got NaN");
    expect(argError(() => optionalInteger("n", 2 ** 60)).message).toMatch(/^n must be an integer; got/);
    expect(argError(() => optionalInteger("n", "1")).message).toBe('n must be an integer; got "1"');
  });
});
