/**
 * The conversion of turn inputs to the wire's `UserInput[]`, with validation before anything is
 * sent.
 *
 * The app-server accepts an empty input list, empty strings and missing image files without
 * complaint (the model then gets an empty or placeholder message), and never answers a request
 * whose JSON contains a lone UTF-16 surrogate. So every input is checked here first, and rejected
 * with an {@link InvalidInputError} that names the bad item.
 *
 * Conversion reads each field of a user object exactly once and builds fresh wire objects, so a
 * getter or Proxy that changes its answer cannot make the SDK send something other than what it
 * checked, and nothing the caller later mutates leaks into a request.
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import type { ImageDetail } from "../../generated/ImageDetail.js";
import type { UserInput } from "../../generated/v2/UserInput.js";
import type { RunInput } from "./inputs.js";
import { deferredNow, loadDeferred } from "../load-deferred.js";
import {
  InvalidInputError,
  describeError,
  describeValue,
  loneSurrogateIndex,
  optionalBoolean,
  optionalNonEmptyString,
  suggest,
  surrogateMessage,
} from "../validation.js";

/**
 * Options of {@link toWireInputSync}.
 *
 * @example
 * ```ts
 * const options: WireInputOptions = { cwd: "/repo" };
 * ```
 */
export interface WireInputOptions {
  /**
   * Directory that relative `localImage` paths are relative to. When given, such paths are sent
   * as absolute paths, so the runtime reads the file that was meant (and checked) whatever its own
   * working directory is. When omitted, paths are sent as given.
   */
  cwd?: string | undefined;
}

/**
 * Options of {@link toWireInput}.
 *
 * @example
 * ```ts
 * const options: CheckedWireInputOptions = { cwd: thread.cwd, checkFiles: true };
 * ```
 */
export interface CheckedWireInputOptions extends WireInputOptions {
  /**
   * Check that every `localImage` path is a readable regular file (default `true`). Turn it off
   * when the app-server runs on another machine (WebSocket or unix-socket connections), where the
   * local file system says nothing about the server's.
   */
  checkFiles?: boolean | undefined;
  /** Most bytes of one local image (checked with `checkFiles`). Default 20 MiB. */
  maxImageBytes?: number | undefined;
  /**
   * Directories local images must lie in, after resolving symbolic links (checked with
   * `checkFiles`). Any directory when omitted. The runtime sends the image and its absolute path
   * to the model: keep images where a path says nothing you would not tell it.
   */
  allowedImageRoots?: readonly string[] | undefined;
  /** Accept a local image path that is itself a symbolic link. Default `false`. */
  followImageSymlinks?: boolean | undefined;
}

/**
 * Validates `input` and converts it to the wire's `UserInput[]`, then (by default) checks that
 * every local image is a readable regular file. Relative paths are checked against `cwd`, or the
 * process's working directory when no `cwd` is given. The returned objects are new; nothing of
 * `input` is reused.
 *
 * Never throws synchronously; the promise rejects with an {@link InvalidInputError} for any
 * invalid input (or an `InvalidArgumentError` for invalid options), and with nothing else.
 *
 * @example
 * ```ts
 * await toWireInput("hi");
 * // [{ type: "text", text: "hi", text_elements: [] }]
 * await toWireInput(localImageInput("img/cat.png"), { cwd: "/repo" });
 * // [{ type: "localImage", path: "/repo/img/cat.png" }]  (after checking the file exists)
 * ```
 */
export async function toWireInput(input: RunInput, options?: CheckedWireInputOptions): Promise<UserInput[]> {
  return wireInput(input, options);
}

/**
 * {@link toWireInput} without a wait where none is needed: the items at once when no local image
 * is to be checked and the deferred modules are loaded (every turn of a started client), else a
 * promise. Throws what `toWireInput` rejects with.
 */
export function wireInput(
  input: RunInput,
  options?: CheckedWireInputOptions,
): UserInput[] | Promise<UserInput[]> {
  const checkFiles = optionalBoolean("checkFiles", options?.checkFiles) ?? true;
  const cwd = optionalNonEmptyString("cwd", options?.cwd);
  // The file checks are deferred code: a turn's input is converted after the client started.
  const deferred = deferredNow();
  if (deferred === undefined) return loadDeferred().then(() => wireInput(input, options));
  const policy = deferred.localImagePolicy(options);
  const { items, isArray } = convert(input, cwd);
  if (!checkFiles || !items.some((item) => item.type === "localImage")) return items;
  return checkImages(items, isArray, (path, where, index) =>
    deferred.checkLocalImage(path, cwd, where, index, policy),
  );
}

async function checkImages(
  items: UserInput[],
  isArray: boolean,
  check: (path: string, where: string, index: number | undefined) => Promise<unknown>,
): Promise<UserInput[]> {
  for (const [index, item] of items.entries()) {
    if (item.type !== "localImage") continue;
    if (isArray) await check(item.path, `input[${index}]`, index);
    else await check(item.path, "input", undefined);
  }
  return items;
}

/**
 * The synchronous part of {@link toWireInput}: validation and conversion, without file checks.
 *
 * @throws {@link InvalidInputError} for invalid input, `InvalidArgumentError` for invalid
 * options.
 * @example
 * ```ts
 * toWireInputSync([textInput("Describe"), imageInput("data:image/png;base64,iVBOR...", { detail: "low" })]);
 * // [{ type: "text", text: "Describe", text_elements: [] },
 * //  { type: "image", url: "data:image/png;base64,iVBOR...", detail: "low" }]
 * ```
 */
export function toWireInputSync(input: RunInput, options?: WireInputOptions): UserInput[] {
  return convert(input, optionalNonEmptyString("cwd", options?.cwd)).items;
}

const INPUT_TYPES = ["text", "image", "localImage", "skill", "mention"] as const;
type InputType = (typeof INPUT_TYPES)[number];
const TYPE_LIST = INPUT_TYPES.map((t) => JSON.stringify(t)).join(", ");

/** Every value of the generated `ImageDetail`: this `Record` stops compiling when the type changes. */
const IMAGE_DETAIL: Readonly<Record<ImageDetail, true>> = {
  auto: true,
  low: true,
  high: true,
  original: true,
};
const DETAIL_LIST = Object.keys(IMAGE_DETAIL)
  .map((d) => JSON.stringify(d))
  .join(" | ");

const SHAPES: Readonly<Record<InputType, string>> = {
  text: `{ type: "text", text: string }`,
  image: `{ type: "image", url: string, detail?: ${DETAIL_LIST} }`,
  localImage: `{ type: "localImage", path: string, detail?: ${DETAIL_LIST} }`,
  skill: `{ type: "skill", name: string, path: string }`,
  mention: `{ type: "mention", name: string, path: string }`,
};

/** Names from other APIs that people reach for, normalized (lowercase, no `-`, `_`, spaces). */
const TYPE_ALIASES: Readonly<Record<string, InputType>> = {
  inputtext: "text",
  inputimage: "image",
  imageurl: "image",
  file: "localImage",
};

/** Where a problem is: `input`, `input[3]` or `textInput()`, and the item being read. */
interface Where {
  label: string;
  index: number | undefined;
  item: object;
  type?: InputType;
}

/** The runtime refuses a turn input with more text than this (in characters), after receiving it all. */
const MAX_INPUT_CHARS = 1_048_576;

function convert(input: unknown, cwd: string | undefined): { items: UserInput[]; isArray: boolean } {
  const converted = convertAll(input, cwd);
  const texts = converted.items.flatMap((item) => (item.type === "text" ? [item.text] : []));
  // UTF-16 length bounds the character count from above: count exactly only past the limit.
  const chars = texts.reduce((n, t) => n + t.length, 0) <= MAX_INPUT_CHARS ? 0 : characters(texts);
  if (chars > MAX_INPUT_CHARS) {
    throw new InvalidInputError(
      `input holds ${chars} characters of text; the runtime accepts at most ${MAX_INPUT_CHARS} per turn. ` +
        `Shorten it, or write the bulk to a file in the workspace and ask the agent to read it`,
    );
  }
  return converted;
}

/** Characters as the runtime counts them: code points (a surrogate pair is one). */
function characters(texts: readonly string[]): number {
  let n = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++;
    }
  }
  return n;
}

function convertAll(input: unknown, cwd: string | undefined): { items: UserInput[]; isArray: boolean } {
  if (typeof input === "string") return { items: [bareText(input)], isArray: false };
  if (typeof input !== "object" || input === null) {
    throw new InvalidInputError(
      `input must be a string, an input item or an array of input items (type ${TYPE_LIST}); ` +
        `got ${describeValue(input)}`,
    );
  }
  if (!isArray(input)) return { items: [convertItem(input, "input", undefined, cwd)], isArray: false };
  const whole: Where = { label: "input", index: undefined, item: input };
  const length = read(whole, "length");
  if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidInputError(`input is an array with an invalid length ${describeValue(length)}`);
  }
  if (length === 0) {
    throw new InvalidInputError(
      `input is an empty array; pass a string or at least one input item (type ${TYPE_LIST})`,
    );
  }
  const items: UserInput[] = [];
  for (let index = 0; index < length; index++) {
    items.push(convertItem(read(whole, index), `input[${index}]`, index, cwd));
  }
  return { items, isArray: true };
}

function isArray(value: object, label = "input", index?: number): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch (error) {
    // A revoked Proxy throws even here.
    throw new InvalidInputError(`${label} cannot be inspected (${describeError(error)})`, {
      index,
      cause: error,
    });
  }
}

/** Reads one property once, turning a throwing getter or Proxy trap into an InvalidInputError. */
function read(where: Where, key: string | number): unknown {
  try {
    return (where.item as Record<string | number, unknown>)[key];
  } catch (error) {
    const path = typeof key === "number" ? `${where.label}[${key}]` : `${where.label}.${key}`;
    throw new InvalidInputError(`${path} cannot be read (${describeError(error)})`, {
      index: typeof key === "number" ? key : where.index,
      cause: error,
    });
  }
}

/** `item`, with `detail` only when one was given (the wire omits an absent detail). */
export function withDetail<T extends object>(
  item: T,
  detail: ImageDetail | undefined,
): T & { detail?: ImageDetail } {
  return detail === undefined ? item : { ...item, detail };
}

/**
 * Checks and converts one item; `label` names it in errors (`input[3]`, or a factory such as
 * `textInput()`, which checks its item with this at once).
 */
export function convertItem(item: unknown, label: string, index: number | undefined, cwd?: string): UserInput {
  if (typeof item !== "object" || item === null || isArray(item, label, index)) {
    throw new InvalidInputError(
      `${label} must be an input item, an object with a "type" of ${TYPE_LIST}; got ${describeValue(item)}`,
      { index },
    );
  }
  const where: Where = { label, index, item };
  const type = read(where, "type");
  if (!(INPUT_TYPES as readonly unknown[]).includes(type)) {
    const guess = suggest(type, INPUT_TYPES, TYPE_ALIASES);
    const problem = type === undefined ? "has no type" : `has an unknown type ${describeValue(type)}`;
    const hint = guess === undefined ? "" : ` (did you mean ${JSON.stringify(guess)}?)`;
    throw new InvalidInputError(
      `${label} ${problem}${hint}; expected one of ${TYPE_LIST}; item: ${describeValue(item)}`,
      { index },
    );
  }
  where.type = type as InputType;
  switch (where.type) {
    case "text":
      return { type: "text", text: field(where, "text"), text_elements: [] };
    case "image":
      return withDetail({ type: "image", url: imageUrl(where) }, detail(where));
    case "localImage":
      return withDetail({ type: "localImage", path: localPath(where, cwd) }, detail(where));
    case "skill":
    case "mention":
      return { type: where.type, name: field(where, "name"), path: field(where, "path") };
  }
}

function bareText(text: string): UserInput {
  if (text === "")
    throw new InvalidInputError("input must be a non-empty string or input items; got an empty string");
  const bad = loneSurrogateIndex(text);
  if (bad >= 0) throw new InvalidInputError(`input ${surrogateMessage(bad)}`);
  return { type: "text", text, text_elements: [] };
}

/** A required string field: non-empty and well-formed. */
function field(where: Where, key: string): string {
  const value = read(where, key);
  if (typeof value !== "string" || value === "") {
    return fail(
      where,
      key,
      `must be a non-empty string, got ${value === "" ? "an empty string" : describeValue(value)}`,
    );
  }
  const bad = loneSurrogateIndex(value);
  return bad < 0 ? value : fail(where, key, surrogateMessage(bad));
}

function detail(where: Where): ImageDetail | undefined {
  const value = read(where, "detail");
  if (value === undefined || (typeof value === "string" && Object.hasOwn(IMAGE_DETAIL, value))) {
    return value as ImageDetail | undefined;
  }
  return fail(
    where,
    "detail",
    `must be one of ${DETAIL_LIST.replaceAll(" |", ",")}, got ${describeValue(value)}`,
  );
}

/** An http(s) URL or a `data:image/…` URL: anything else the runtime would pass on or drop. */
function imageUrl(where: Where): string {
  const url = field(where, "url");
  if (/^data:image\/[\w.+-]+[;,]/i.test(url)) return url;
  if (/^https?:\/\//i.test(url) && URL.canParse(url)) return url;
  return fail(
    where,
    "url",
    `must be a data:image/… URL or an http(s) URL, got ${describeValue(url)}` +
      (/^[./~]|^[a-z]:\\/i.test(url) || !url.includes(":")
        ? ` (for a file use { type: "localImage", path } (localImageInput))`
        : ""),
  );
}

function localPath(where: Where, cwd: string | undefined): string {
  const path = field(where, "path");
  if (path.includes("\0")) return fail(where, "path", "must not contain a NUL character");
  return cwd === undefined || isAbsolute(path) ? path : resolve(cwd, path);
}

function fail(where: Where, key: string, problem: string): never {
  const shape = where.type === undefined ? "" : `; expected ${SHAPES[where.type]}`;
  throw new InvalidInputError(
    `${where.label}: "${key}" ${problem}${shape}; item: ${describeValue(where.item)}`,
    {
      index: where.index,
    },
  );
}
