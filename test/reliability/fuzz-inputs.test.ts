/**
 * Property tests for the input converter: whatever it is given, it either returns a valid wire
 * `UserInput[]` or fails with an InvalidInputError, never another exception, never a hang, never
 * an unbounded or ill-formed message.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { UserInput } from "../../src/generated/v2/UserInput.js";
import type { InputItem, RunInput } from "../../src/api/inputs/inputs.js";
import { toWireInput, toWireInputSync } from "../../src/api/inputs/wire-input.js";
import { InvalidInputError, loneSurrogateIndex } from "../../src/api/validation.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const MAX_MESSAGE = 2_000;

type Outcome = { ok: true; value: UserInput[] } | { ok: false; error: unknown };

function runSync(input: unknown): Outcome {
  try {
    return { ok: true, value: toWireInputSync(input as RunInput) };
  } catch (error) {
    return { ok: false, error };
  }
}

async function runAsync(input: unknown, checkFiles: boolean, cwd?: string): Promise<Outcome> {
  let pending: Promise<UserInput[]>;
  try {
    pending = toWireInput(input as RunInput, cwd === undefined ? { checkFiles } : { checkFiles, cwd });
  } catch (error) {
    throw new Error("toWireInput threw synchronously", { cause: error });
  }
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return { ok: false, error };
  }
}

const nonEmptyWellFormed = (s: unknown): boolean =>
  typeof s === "string" && s !== "" && loneSurrogateIndex(s) < 0;

/** A wire item is exactly one of the five shapes, with only the expected keys. */
function assertWireItem(item: UserInput): void {
  const keys = Object.keys(item).sort();
  switch (item.type) {
    case "text":
      expect(keys).toStrictEqual(["text", "text_elements", "type"]);
      expect(nonEmptyWellFormed(item.text)).toBe(true);
      expect(item.text_elements).toStrictEqual([]);
      return;
    case "image":
      expect(keys.filter((k) => k !== "detail")).toStrictEqual(["type", "url"]);
      expect("url" in item && nonEmptyWellFormed(item.url)).toBe(true);
      return;
    case "localImage":
      expect(keys.filter((k) => k !== "detail")).toStrictEqual(["path", "type"]);
      expect(nonEmptyWellFormed(item.path) && !item.path.includes("\0")).toBe(true);
      return;
    case "skill":
    case "mention":
      expect(keys).toStrictEqual(["name", "path", "type"]);
      expect(nonEmptyWellFormed(item.name) && nonEmptyWellFormed(item.path)).toBe(true);
      return;
    default:
      throw new Error(`unexpected wire item ${JSON.stringify(item)}`);
  }
}

/** The property every outcome must have. */
function assertOutcome(outcome: Outcome): void {
  if (outcome.ok) {
    expect(Array.isArray(outcome.value)).toBe(true);
    expect(outcome.value.length).toBeGreaterThan(0);
    outcome.value.forEach(assertWireItem);
    // What is sent survives JSON unchanged and is well-formed (the app-server can parse it).
    const json = JSON.stringify(outcome.value);
    expect(loneSurrogateIndex(json)).toBe(-1);
    expect(JSON.parse(json)).toStrictEqual(outcome.value);
    return;
  }
  if (!(outcome.error instanceof InvalidInputError)) {
    throw new Error(`expected an InvalidInputError, got ${String(outcome.error)}`, { cause: outcome.error });
  }
  const { message } = outcome.error;
  expect(typeof message).toBe("string");
  expect(message.length).toBeGreaterThan(0);
  expect(message.length).toBeLessThan(MAX_MESSAGE);
  expect(loneSurrogateIndex(message)).toBe(-1);
}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: "binary",
});

const types = fc.constantFrom("text", "image", "localImage", "skill", "mention");
const fieldNames = fc.constantFrom("type", "text", "url", "path", "name", "detail", "length", "0");
const detail = fc.constantFrom("auto", "low", "high", "original");
const goodString = fc.string({ minLength: 1, unit: "grapheme" });
const anyString = fc.string({ unit: "binary", maxLength: 30 });

/** Valid items, and the wire form they must produce (no cwd, so paths stay as given). */
const validItem: fc.Arbitrary<[InputItem, UserInput]> = fc.oneof(
  goodString.map((text): [InputItem, UserInput] => [
    { type: "text", text },
    { type: "text", text, text_elements: [] },
  ]),
  fc
    .tuple(
      // Only data:image/… and http(s) URLs are image URLs.
      fc.oneof(
        fc.base64String().map((b) => `data:image/png;base64,${b}`),
        fc.webUrl({ validSchemes: ["http", "https"] }),
      ),
      fc.option(detail, { nil: undefined }),
    )
    .map(([url, d]): [InputItem, UserInput] => [
      d === undefined ? { type: "image", url } : { type: "image", url, detail: d },
      d === undefined ? { type: "image", url } : { type: "image", url, detail: d },
    ]),
  goodString
    .filter((p) => !p.includes("\0"))
    .map((path): [InputItem, UserInput] => [
      { type: "localImage", path },
      { type: "localImage", path },
    ]),
  fc
    .tuple(fc.constantFrom("skill" as const, "mention" as const), goodString, goodString)
    .map(([type, name, path]): [InputItem, UserInput] => [
      { type, name, path },
      { type, name, path },
    ]),
);

/** Items that are nearly right: a known type with random field values. */
const nearItem = fc.record(
  {
    type: fc.oneof(types, anyString),
    text: anything,
    url: anything,
    path: anything,
    name: anything,
    detail: anything,
  },
  { requiredKeys: [] },
);

const boom = (): never => {
  throw new Error("boom");
};

/**
 * A value built only inside the property: fast-check inspects generated values (to clone and print
 * them), which hostile objects would break, so arbitraries produce recipes instead.
 */
interface Recipe {
  make: () => unknown;
  [fc.toStringMethod]: () => string;
}

const recipe = (label: string, make: () => unknown): Recipe => ({ make, [fc.toStringMethod]: () => label });
const plain = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<Recipe> =>
  arb.map((value) => recipe(fc.stringify(value), () => value));

/** Objects that fight back: throwing getters and traps, revoked proxies, lying proxies, cycles. */
const hostile: fc.Arbitrary<Recipe> = fc.oneof(
  fc.tuple(fieldNames, types).map(([key, type]) =>
    recipe(`${type} item with a throwing ${key} getter`, () =>
      Object.defineProperty({ type, text: "t", url: "u", path: "p", name: "n" }, key, {
        get: boom,
        enumerable: true,
      }),
    ),
  ),
  fc
    .constantFrom("get", "has", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor")
    .map((trap) =>
      recipe(
        `item Proxy throwing in ${trap}`,
        () => new Proxy({ type: "text", text: "t" }, { [trap]: boom }),
      ),
    ),
  fc
    .constantFrom("get", "ownKeys", "getPrototypeOf")
    .map((trap) =>
      recipe(
        `array Proxy throwing in ${trap}`,
        () => new Proxy([{ type: "text", text: "t" }], { [trap]: boom }),
      ),
    ),
  fc.constant(
    recipe("revoked item Proxy", () => {
      const { proxy, revoke } = Proxy.revocable({ type: "text", text: "t" }, {});
      revoke();
      return proxy;
    }),
  ),
  fc.constant(
    recipe("array holding a revoked array Proxy", () => {
      const { proxy, revoke } = Proxy.revocable([], {});
      revoke();
      return [proxy];
    }),
  ),
  fc.array(anything, { maxLength: 5 }).map((answers) =>
    recipe(`Proxy answering every get with the next of ${fc.stringify(answers)}`, () => {
      let i = 0;
      return new Proxy({}, { get: () => answers[i++ % Math.max(answers.length, 1)] });
    }),
  ),
  fc.oneof(anything, fc.integer()).map((length) =>
    recipe(`array Proxy with length ${fc.stringify(length)}`, () => {
      return new Proxy([], { get: (t, k) => (k === "length" ? length : (Reflect.get(t, k) as unknown)) });
    }),
  ),
  fc.tuple(types, fieldNames).map(([type, key]) =>
    recipe(`${type} item whose ${key} is itself`, () => {
      const item: Record<string, unknown> = { type };
      item[key] = item;
      return item;
    }),
  ),
  fc.constant(
    recipe("array containing itself", () => {
      const list: unknown[] = [];
      list.push(list);
      return list;
    }),
  ),
  fc.tuple(types, fc.integer({ min: 1_000_000, max: 3_000_000 })).map(([type, size]) =>
    recipe(`${type} item with ${size}-character fields`, () => ({
      type,
      text: "x".repeat(size),
      url: "y".repeat(size),
      name: size,
    })),
  ),
  fc.constant(recipe("symbol", () => Symbol("input"))),
  fc.constant(recipe("function", () => () => ({ type: "text", text: "fn" }))),
  fc.constant(
    recipe("inherited fields", () => Object.create({ type: "text", text: "inherited" }) as unknown),
  ),
);

const element: fc.Arbitrary<Recipe> = fc.oneof(
  plain(anything),
  plain(nearItem),
  plain(validItem.map(([item]) => item)),
  hostile,
);

const input: fc.Arbitrary<Recipe> = fc.oneof(
  element,
  plain(anyString),
  fc
    .array(element, { maxLength: 6 })
    .map((parts) =>
      recipe(`[${parts.map((part) => fc.stringify(part)).join(", ")}]`, () =>
        parts.map((part) => part.make()),
      ),
    ),
);

describe("input conversion never fails in an unexpected way", () => {
  it("sync: every input converts to valid wire items or throws an InvalidInputError", () => {
    fc.assert(
      fc.property(input, (value) => {
        assertOutcome(runSync(value.make()));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("async: every input resolves to valid wire items or rejects with an InvalidInputError", async () => {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        assertOutcome(await runAsync(value.make(), false));
      }),
      { numRuns: RUNS },
    );
  });

  it("valid items convert to exactly their wire form, one to one", () => {
    fc.assert(
      fc.property(fc.array(validItem, { minLength: 1, maxLength: 8 }), (pairs) => {
        expect(toWireInputSync(pairs.map(([item]) => item))).toStrictEqual(pairs.map(([, wire]) => wire));
      }),
      { numRuns: RUNS },
    );
  });

  it("a bare string converts exactly when it is non-empty and well-formed", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 20 }), (text) => {
        const outcome = runSync(text);
        assertOutcome(outcome);
        expect(outcome.ok).toBe(nonEmptyWellFormed(text));
      }),
      { numRuns: RUNS },
    );
  });

  it("one bad element fails the whole input and names its index", () => {
    fc.assert(
      fc.property(
        fc.array(
          validItem.map(([item]) => item),
          { maxLength: 4 },
        ),
        fc.oneof(
          fc.integer(),
          fc.constant(null),
          fc.record({ type: anyString.filter((t) => !/^(text|image|localImage|skill|mention)$/.test(t)) }),
        ),
        fc.array(
          validItem.map(([item]) => item),
          { maxLength: 4 },
        ),
        (before, bad, after) => {
          const outcome = runSync([...before, bad, ...after]);
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) {
            expect((outcome.error as InvalidInputError).index).toBe(before.length);
            expect((outcome.error as InvalidInputError).message.startsWith(`input[${before.length}]`)).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("file checks never fail in an unexpected way", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "codex-sdk-fuzz-"));
    await writeFile(
      join(dir, "a.png"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("random local image paths resolve or reject with an InvalidInputError", async () => {
    const path = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom(
        "a.png",
        "./a.png",
        ".",
        "..",
        "/",
        "a.png/x",
        "\0",
        "~",
        "file:///a.png",
        "data:image/png;base64,",
      ),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.boolean(), async (p, withCwd) => {
        const outcome = await runAsync({ type: "localImage", path: p }, true, withCwd ? dir : undefined);
        assertOutcome(outcome);
        if (withCwd && (p === "a.png" || p === "./a.png")) expect(outcome.ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
