/** The internal kit: the one copy of each primitive several layers use. */
import { describe, expect, it } from "vitest";

import { isAbortSignal, isRecord } from "../../src/internal/guards.js";
import { settledWithin } from "../../src/internal/settle.js";

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
