import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";

import type { UserInput } from "../../src/generated/v2/UserInput.js";
import {
  imageInput,
  localImageInput,
  mentionInput,
  skillInput,
  textInput,
  type Input,
  type InputItem,
  type RunInput,
} from "../../src/api/inputs/inputs.js";
import { toWireInput, toWireInputSync } from "../../src/api/inputs/wire-input.js";
import { InvalidArgumentError, InvalidInputError } from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

const TYPES = `"text", "image", "localImage", "skill", "mention"`;
const DATA_URL = "data:image/png;base64,iVBORw0KGgo=";

/** Calls the converter with a value the types would not allow, as plain JavaScript could. */
const convert = (value: unknown): UserInput[] => toWireInputSync(value as RunInput);

/** The InvalidInputError thrown by `fn` (fails the test when it returns or throws anything else). */
function inputError(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}

describe("wire form", () => {
  it("turns a string into one text item with empty text_elements", () => {
    expect(toWireInputSync("Say hello")).toStrictEqual([
      { type: "text", text: "Say hello", text_elements: [] },
    ]);
  });

  it("converts every item type to its exact wire shape", () => {
    const input: InputItem[] = [
      { type: "text", text: "Describe" },
      { type: "image", url: DATA_URL },
      { type: "localImage", path: "/abs/cat.png" },
      { type: "skill", name: "changelog", path: "/repo/skills/changelog/SKILL.md" },
      { type: "mention", name: "utils.ts", path: "/repo/src/utils.ts" },
    ];
    expect(toWireInputSync(input)).toStrictEqual([
      { type: "text", text: "Describe", text_elements: [] },
      { type: "image", url: DATA_URL },
      { type: "localImage", path: "/abs/cat.png" },
      { type: "skill", name: "changelog", path: "/repo/skills/changelog/SKILL.md" },
      { type: "mention", name: "utils.ts", path: "/repo/src/utils.ts" },
    ]);
  });

  it("wraps a single item into a one-element list", () => {
    expect(toWireInputSync({ type: "image", url: DATA_URL })).toStrictEqual([
      { type: "image", url: DATA_URL },
    ]);
  });

  it("accepts a readonly array", () => {
    const input = [textInput("a"), textInput("b")] as const;
    expect(toWireInputSync(input)).toHaveLength(2);
  });

  it("keeps a valid image detail and leaves an undefined one out", () => {
    expect(
      toWireInputSync([
        { type: "image", url: DATA_URL, detail: "low" },
        { type: "localImage", path: "/a.png", detail: "original" },
        { type: "image", url: DATA_URL, detail: undefined },
      ]),
    ).toStrictEqual([
      { type: "image", url: DATA_URL, detail: "low" },
      { type: "localImage", path: "/a.png", detail: "original" },
      { type: "image", url: DATA_URL },
    ]);
  });

  it("ignores unknown fields and builds new objects", () => {
    const item = { type: "text", text: "hi", text_elements: [{ bogus: true }], extra: 1 } as InputItem;
    const wire = toWireInputSync([item]);
    expect(wire).toStrictEqual([{ type: "text", text: "hi", text_elements: [] }]);
    expect(wire[0]).not.toBe(item);
    (item as { text: string }).text = "changed later";
    expect(wire[0]).toMatchObject({ text: "hi" });
  });

  it("allows whitespace-only text (it is content, if odd)", () => {
    expect(toWireInputSync(" ")).toStrictEqual([{ type: "text", text: " ", text_elements: [] }]);
  });

  it("keeps well-formed non-ASCII text, including astral characters", () => {
    expect(toWireInputSync("héllo 😀 中文")[0]).toMatchObject({ text: "héllo 😀 中文" });
  });

  it("has the documented public types", () => {
    expectTypeOf<RunInput>().toEqualTypeOf<string | Input>();
    expectTypeOf<Input>().toEqualTypeOf<InputItem | readonly InputItem[]>();
    expectTypeOf(toWireInput).returns.toEqualTypeOf<Promise<UserInput[]>>();
  });
});

describe("factories", () => {
  it("build the plain item objects", () => {
    expect(textInput("t")).toStrictEqual({ type: "text", text: "t" });
    expect(imageInput(DATA_URL)).toStrictEqual({ type: "image", url: DATA_URL });
    expect(imageInput(DATA_URL, { detail: "high" })).toStrictEqual({
      type: "image",
      url: DATA_URL,
      detail: "high",
    });
    expect(imageInput(DATA_URL, { detail: undefined })).toStrictEqual({ type: "image", url: DATA_URL });
    expect(localImageInput("a.png")).toStrictEqual({ type: "localImage", path: "a.png" });
    expect(localImageInput("a.png", { detail: "auto" })).toStrictEqual({
      type: "localImage",
      path: "a.png",
      detail: "auto",
    });
    expect(skillInput("s", "/s/SKILL.md")).toStrictEqual({ type: "skill", name: "s", path: "/s/SKILL.md" });
    expect(mentionInput("m", "app://m")).toStrictEqual({ type: "mention", name: "m", path: "app://m" });
  });

  it.each([
    "not a url",
    "./cat.png",
    "ftp://example.com/a.png",
    "data:text/plain,hi",
    "javascript:alert(1)",
    "https://",
  ])("imageInput refuses %j: only data:image/… and http(s) URLs", (url) => {
    expect(() => imageInput(url)).toThrow(InvalidInputError);
    expect(() => imageInput(url)).toThrow(
      `imageInput(): "url" must be a data:image/… URL or an http(s) URL, got ${JSON.stringify(url)}`,
    );
  });

  it("imageInput accepts data:image/… and http(s) URLs, and points a path at localImageInput", () => {
    expect(imageInput("https://example.com/a.png").url).toBe("https://example.com/a.png");
    expect(imageInput("DATA:image/jpeg;base64,/9j/").url).toBe("DATA:image/jpeg;base64,/9j/");
    expect(() => imageInput("./cat.png")).toThrow(
      /\(for a file use \{ type: "localImage", path \} \(localImageInput\)\)/,
    );
  });

  it("refuses more text than the runtime accepts (1,048,576 characters) before sending it", () => {
    const limit = 1_048_576;
    expect(toWireInputSync("a".repeat(limit))).toHaveLength(1);
    expect(() => toWireInputSync("a".repeat(10 * limit))).toThrow(
      `input holds ${10 * limit} characters of text; the runtime accepts at most ${limit} per turn.`,
    );
    // Counted over every text item of the input, in characters (an emoji is one).
    expect(() => toWireInputSync([textInput("a".repeat(limit)), textInput("b")])).toThrow(InvalidInputError);
    expect(toWireInputSync("😀".repeat(limit))).toHaveLength(1);
  });

  it("validate their arguments eagerly", () => {
    expect(() => textInput("")).toThrow(
      'textInput(): "text" must be a non-empty string, got an empty string; expected { type: "text", text: string }; item: {"type":"text","text":""}',
    );
    expect(() => imageInput("")).toThrow(/^imageInput\(\): "url" must be a non-empty string/);
    expect(() => imageInput(DATA_URL, { detail: "max" as never })).toThrow(
      /^imageInput\(\): "detail" must be one of "auto", "low", "high", "original", got "max"/,
    );
    expect(() => localImageInput("")).toThrow(/^localImageInput\(\): "path" must be a non-empty string/);
    expect(() => skillInput("", "/p")).toThrow(/^skillInput\(\): "name" must be a non-empty string/);
    expect(() => mentionInput("m", "")).toThrow(/^mentionInput\(\): "path" must be a non-empty string/);
    expect(() => textInput(42 as never)).toThrow(/"text" must be a non-empty string, got 42/);
    expect(inputError(() => textInput("")).index).toBeUndefined();
  });
});

describe("invalid input", () => {
  it.each([
    [42, "42"],
    [null, "null"],
    [undefined, "undefined"],
    [true, "true"],
    [10n, "10n"],
    [Symbol("s"), "Symbol(s)"],
    [() => 1, "[Function (anonymous)]"],
  ])("rejects %s as a whole input", (value, shown) => {
    const error = inputError(() => convert(value));
    expect(error.message).toBe(
      `input must be a string, an input item or an array of input items (type ${TYPES}); got ${shown}`,
    );
    expect(error.index).toBeUndefined();
  });

  it("rejects an empty string and an empty array", () => {
    expect(() => convert("")).toThrow("input must be a non-empty string or input items; got an empty string");
    expect(() => convert([])).toThrow(
      `input is an empty array; pass a string or at least one input item (type ${TYPES})`,
    );
  });

  it("names the index of a bad array element", () => {
    const error = inputError(() => convert([textInput("ok"), 42]));
    expect(error.index).toBe(1);
    expect(error.message).toBe(`input[1] must be an input item, an object with a "type" of ${TYPES}; got 42`);
  });

  it("rejects nested arrays and holes", () => {
    expect(() => convert([[textInput("x")]])).toThrow(/^input\[0\] must be an input item.*got \[\{"type"/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => convert([textInput("x"), , textInput("y")])).toThrow(
      /^input\[1\] must be an input item.*got undefined$/,
    );
  });

  it("rejects a missing or unknown type, listing the valid ones", () => {
    expect(() => convert({ text: "hi" })).toThrow(
      `input has no type; expected one of ${TYPES}; item: {"text":"hi"}`,
    );
    expect(() => convert([{ type: "audio", url: "x" }])).toThrow(
      `input[0] has an unknown type "audio"; expected one of ${TYPES}; item: {"type":"audio","url":"x"}`,
    );
    expect(() => convert({ type: 7 })).toThrow(`input has an unknown type 7; expected one of ${TYPES}`);
  });

  it("guesses nothing rather than something wrong", () => {
    expect(() => convert({ type: "audio" })).toThrow(`input has an unknown type "audio"; expected one of`);
    expect(() => convert({ type: "x" })).toThrow(`input has an unknown type "x"; expected one of`);
  });

  it.each([
    ["imag", "image"],
    ["txt", "text"],
    ["mentoin", "mention"],
    ["IMAGE", "image"],
    ["local_image", "localImage"],
    ["localimage", "localImage"],
    ["local-image", "localImage"],
    ["input_text", "text"],
    ["input_image", "image"],
    ["image_url", "image"],
  ])("suggests the intended type for %j", (type, meant) => {
    expect(() => convert({ type })).toThrow(`(did you mean "${meant}"?)`);
  });

  it.each<[unknown, string]>([
    [
      { type: "text" },
      `input: "text" must be a non-empty string, got undefined; expected { type: "text", text: string }; item: {"type":"text"}`,
    ],
    [{ type: "text", text: "" }, `input: "text" must be a non-empty string, got an empty string;`],
    [{ type: "text", text: ["a"] }, `input: "text" must be a non-empty string, got ["a"];`],
    [
      { type: "image", uri: DATA_URL },
      `input: "url" must be a non-empty string, got undefined; expected { type: "image", url: string, detail?: "auto" | "low" | "high" | "original" }; item: {"type":"image","uri":"data:image/png;base64,iVBORw0KGgo="}`,
    ],
    [
      { type: "image", url: DATA_URL, detail: "max" },
      `input: "detail" must be one of "auto", "low", "high", "original", got "max";`,
    ],
    [
      { type: "image", url: DATA_URL, detail: null },
      `input: "detail" must be one of "auto", "low", "high", "original", got null;`,
    ],
    [
      { type: "localImage" },
      `input: "path" must be a non-empty string, got undefined; expected { type: "localImage", path: string,`,
    ],
    [{ type: "localImage", path: "a\0b.png" }, `input: "path" must not contain a NUL character;`],
    [
      { type: "skill", name: "s" },
      `input: "path" must be a non-empty string, got undefined; expected { type: "skill", name: string, path: string }`,
    ],
    [{ type: "skill", path: "/p" }, `input: "name" must be a non-empty string, got undefined;`],
    [
      { type: "mention", name: "", path: "/p" },
      `input: "name" must be a non-empty string, got an empty string; expected { type: "mention", name: string, path: string }`,
    ],
  ])("rejects a bad field: %j", (item, message) => {
    expect(inputError(() => convert(item)).message.startsWith(message)).toBe(true);
  });

  it("rejects lone surrogates (the app-server would never answer)", () => {
    expect(() => convert("ab\uD800")).toThrow(
      /^input contains a lone UTF-16 surrogate at index 2, which the app-server cannot parse/,
    );
    expect(() => convert([textInput("ok"), { type: "mention", name: "\uDC00x", path: "/p" }])).toThrow(
      /^input\[1\]: "name" contains a lone UTF-16 surrogate at index 0/,
    );
    expect(() => convert("😀")).not.toThrow();
  });

  it("keeps messages short for huge items", () => {
    const error = inputError(() =>
      convert([{ type: "imag", url: "x".repeat(5_000_000), more: "y".repeat(1000) }]),
    );
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain("…");
  });

  it("is an InvalidArgumentError and a CodexError with the argument name", () => {
    const error = inputError(() => convert(42));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("InvalidInputError");
    expect(error.argument).toBe("input");
  });
});

describe("hostile objects", () => {
  it("turns a throwing getter into an InvalidInputError with the cause", () => {
    const boom = new Error("boom");
    const item = Object.defineProperty({ type: "text" }, "text", {
      enumerable: true,
      get() {
        throw boom;
      },
    });
    const error = inputError(() => convert([item]));
    expect(error.message).toBe("input[0].text cannot be read (boom)");
    expect(error.cause).toBe(boom);
    expect(error.index).toBe(0);
  });

  it("turns a throwing array element into an InvalidInputError", () => {
    const arr: unknown[] = [];
    Object.defineProperty(arr, 0, {
      get() {
        throw new Error("nope");
      },
    });
    expect(() => convert(arr)).toThrow("input[0] cannot be read (nope)");
  });

  it("handles a thrown non-Error", () => {
    const item = new Proxy(
      {},
      {
        get() {
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw Symbol("weird");
        },
      },
    );
    expect(() => convert(item)).toThrow(/^input\.type cannot be read \(Symbol\(weird\)\)$/);
  });

  it("handles a revoked Proxy", () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(() => convert(proxy)).toThrow(/^input cannot be inspected/);
    expect(() => convert([proxy])).toThrow(/^input\[0\] cannot be inspected/);
  });

  it("reads each field once, so the checked value is the sent value", () => {
    let reads = 0;
    const item = new Proxy(
      {},
      {
        get(_target, key) {
          if (key === "type") return "text";
          if (key === "text") return ++reads === 1 ? "first" : "";
          return undefined;
        },
      },
    );
    expect(convert(item)).toStrictEqual([{ type: "text", text: "first", text_elements: [] }]);
    expect(reads).toBe(1);
  });

  it("describes cyclic items", () => {
    const item: Record<string, unknown> = { type: "nope" };
    item.self = item;
    expect(() => convert(item)).toThrow(`item: {"type":"nope","self":[Circular]}`);
  });

  it("rejects an array-like Proxy with an invalid length", () => {
    const proxy = new Proxy([], {
      get(target, key) {
        return key === "length" ? -1 : (Reflect.get(target, key) as unknown);
      },
    });
    expect(() => convert(proxy)).toThrow("input is an array with an invalid length -1");
  });
});

describe("toWireInput", () => {
  let dir: string;
  let png: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "codex-sdk-inputs-"));
    png = join(dir, "cat.png");
    // The PNG signature and an IHDR start: the check reads the first bytes only.
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await mkdir(join(dir, "sub"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("never throws synchronously", async () => {
    const pending = toWireInput(42 as never);
    await expect(pending).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("converts strings and items like the sync form", async () => {
    await expect(toWireInput("hi")).resolves.toStrictEqual([{ type: "text", text: "hi", text_elements: [] }]);
  });

  it("accepts an existing file, absolute or relative to cwd, and sends an absolute path", async () => {
    await expect(toWireInput(localImageInput(png))).resolves.toStrictEqual([
      { type: "localImage", path: png },
    ]);
    await expect(
      toWireInput([textInput("x"), localImageInput("cat.png")], { cwd: dir }),
    ).resolves.toStrictEqual([
      { type: "text", text: "x", text_elements: [] },
      { type: "localImage", path: png },
    ]);
    await expect(toWireInput(localImageInput("sub/../cat.png"), { cwd: dir })).resolves.toStrictEqual([
      { type: "localImage", path: png },
    ]);
  });

  it.skipIf(process.platform === "win32")(
    "refuses a path that is a symbolic link unless followImageSymlinks",
    async () => {
      const link = join(dir, "link.png");
      await symlink(png, link);
      await expect(toWireInput(localImageInput(link))).rejects.toThrow(
        `input: local image ${JSON.stringify(link)} is a symbolic link (pass the file itself, or set followImageSymlinks)`,
      );
      await expect(toWireInput(localImageInput(link), { followImageSymlinks: true })).resolves.toHaveLength(
        1,
      );
    },
  );

  it("refuses a 200 MB image before sending anything (a sparse file)", async () => {
    const big = join(dir, "big.png");
    await copyFile(png, big);
    await truncate(big, 200 * 1000 * 1000);
    await expect(toWireInput([textInput("x"), localImageInput(big)])).rejects.toThrow(
      `input[1]: local image ${JSON.stringify(big)} is 200000000 bytes, more than the 20971520 bytes allowed for an image (the maxImageBytes option)`,
    );
    await expect(toWireInput(localImageInput(png), { maxImageBytes: 4 })).rejects.toThrow(
      /is 12 bytes, more than the 4/,
    );
  });

  it("refuses a file that is not an image by its first bytes", async () => {
    const text = join(dir, "notes.png");
    await writeFile(text, "just some text, named like an image\n");
    await expect(toWireInput(localImageInput(text))).rejects.toThrow(
      `input: local image ${JSON.stringify(text)} is not an image the model accepts (PNG, JPEG, GIF, WebP): its first bytes say otherwise`,
    );
    const jpeg = join(dir, "photo.jpg");
    await writeFile(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    await expect(toWireInput(localImageInput(jpeg))).resolves.toHaveLength(1);
  });

  it("refuses an image outside allowedImageRoots, also through a symlinked directory", async () => {
    const outside = await mkdtemp(join(tmpdir(), "codex-sdk-inputs-out-"));
    try {
      await copyFile(png, join(outside, "x.png"));
      await expect(toWireInput(localImageInput(png), { allowedImageRoots: [dir] })).resolves.toHaveLength(1);
      await expect(
        toWireInput(localImageInput(join(outside, "x.png")), { allowedImageRoots: [dir] }),
      ).rejects.toThrow(/lies outside the allowed image directories/);
      await symlink(outside, join(dir, "via"));
      await expect(
        toWireInput(localImageInput(join(dir, "via", "x.png")), { allowedImageRoots: [dir] }),
      ).rejects.toThrow(/lies outside the allowed image directories/);
      await expect(toWireInput(localImageInput(png), { allowedImageRoots: ["rel"] })).rejects.toThrow(
        InvalidArgumentError,
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("rejects a missing file with the index and the resolved path", async () => {
    await expect(toWireInput([textInput("x"), localImageInput("missing.png")], { cwd: dir })).rejects.toThrow(
      `input[1]: local image ${JSON.stringify(join(dir, "missing.png"))} does not exist`,
    );
    const inArray = await toWireInput([textInput("x"), localImageInput("missing.png")], { cwd: dir }).catch(
      (e: unknown) => e,
    );
    expect((inArray as InvalidInputError).index).toBe(1);
    const single = await toWireInput(localImageInput("missing.png"), { cwd: dir }).catch((e: unknown) => e);
    expect(single).toBeInstanceOf(InvalidInputError);
    expect((single as InvalidInputError).index).toBeUndefined();
    expect((single as InvalidInputError).cause).toMatchObject({ code: "ENOENT" });
  });

  it("resolves a relative path without cwd against the process's directory (and sends it as given)", async () => {
    const rel = "definitely-missing-dir-xyz/cat.png";
    await expect(toWireInput(localImageInput(rel))).rejects.toThrow(
      `input: local image "${rel}" (resolved to ${JSON.stringify(resolve(process.cwd(), rel))}) does not exist`,
    );
    expect(toWireInputSync(localImageInput(rel))).toStrictEqual([{ type: "localImage", path: rel }]);
  });

  it("rejects a path through a file (ENOTDIR) as missing", async () => {
    await expect(toWireInput(localImageInput(join(png, "x.png")))).rejects.toThrow(/does not exist$/);
  });

  it("rejects a directory", async () => {
    await expect(toWireInput(localImageInput(join(dir, "sub")))).rejects.toThrow(
      `input: local image ${JSON.stringify(join(dir, "sub"))} is not a regular file (it is a directory)`,
    );
  });

  it.skipIf(process.platform === "win32")(
    "rejects a named pipe (the runtime would block reading it)",
    async () => {
      const fifo = join(dir, "pipe.png");
      execFileSync("mkfifo", [fifo]);
      await expect(toWireInput(localImageInput(fifo))).rejects.toThrow(
        /is not a regular file \(it is a named pipe\)$/,
      );
    },
  );

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)(
    "rejects an unreadable file",
    async () => {
      const secret = join(dir, "secret.png");
      await writeFile(secret, "x", { mode: 0o000 });
      await expect(toWireInput(localImageInput(secret))).rejects.toThrow(/cannot be read \(EACCES/);
    },
  );

  it("hints at imageInput for URLs and at fileURLToPath for file: URLs", async () => {
    await expect(toWireInput(localImageInput(DATA_URL))).rejects.toThrow(
      /does not exist; for a URL use \{ type: "image", url \} \(imageInput\) instead$/,
    );
    await expect(toWireInput(localImageInput("https://example.com/a.png"))).rejects.toThrow(/for a URL use/);
    await expect(toWireInput(localImageInput("file:///tmp/a.png"))).rejects.toThrow(
      /not a file: URL \(see url\.fileURLToPath\)$/,
    );
  });

  it("skips file checks with checkFiles: false (for a remote app-server)", async () => {
    await expect(toWireInput(localImageInput("/nope/x.png"), { checkFiles: false })).resolves.toStrictEqual([
      { type: "localImage", path: "/nope/x.png" },
    ]);
  });

  it("validates its options", async () => {
    await expect(toWireInput("x", { cwd: "" })).rejects.toThrow('cwd must be a non-empty string; got ""');
    await expect(toWireInput("x", { checkFiles: "yes" as never })).rejects.toThrow(
      'checkFiles must be a boolean; got "yes"',
    );
    const error = await toWireInput("x", { cwd: 1 as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect((error as InvalidArgumentError).argument).toBe("cwd");
    expect(() => toWireInputSync("x", { cwd: "" })).toThrow(InvalidArgumentError);
  });

  it("treats null options (plain JavaScript) like no options", async () => {
    await expect(toWireInput("x", null as never)).resolves.toHaveLength(1);
    expect(toWireInputSync("x", null as never)).toHaveLength(1);
    expect(imageInput(DATA_URL, null as never)).toStrictEqual({ type: "image", url: DATA_URL });
  });

  it("resolves relative paths against cwd in the sync form too, and leaves absolute ones alone", () => {
    expect(
      toWireInputSync([localImageInput("a.png"), localImageInput("/abs/b.png")], { cwd: "/work" }),
    ).toStrictEqual([
      { type: "localImage", path: resolve("/work", "a.png") },
      { type: "localImage", path: "/abs/b.png" },
    ]);
  });
});
