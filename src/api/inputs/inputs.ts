/**
 * Turn inputs: the public item types and the small factories that build them (each factory checks
 * its item at once, so a bad argument fails where it was written). Their conversion to the wire's
 * `UserInput[]` lives in `wire-input.ts`.
 *
 * @module
 */

import type { ImageDetail } from "../../generated/ImageDetail.js";
import { convertItem, withDetail } from "./wire-input.js";

/**
 * A text prompt. A plain string passed to `run()`/`turn()`/`steer()` means one `TextInput`.
 *
 * @example
 * ```ts
 * const item: TextInput = { type: "text", text: "Summarize README.md" };
 * ```
 */
export interface TextInput {
  readonly type: "text";
  /** The text; must be non-empty. */
  readonly text: string;
}

/**
 * An image given by URL. Use a base64 `data:image/...` URL; the runtime deprecates http(s) URLs
 * (download the image and send it as a {@link LocalImageInput} instead).
 *
 * @example
 * ```ts
 * const item: ImageInput = { type: "image", url: `data:image/png;base64,${png.toString("base64")}` };
 * ```
 */
export interface ImageInput {
  readonly type: "image";
  /** A `data:` URL (recommended) or an http(s) URL (deprecated by the runtime). */
  readonly url: string;
  /** Resolution the model should look at the image with; the runtime's default when omitted. */
  readonly detail?: ImageDetail | undefined;
}

/**
 * An image file on the machine that runs the app-server; the runtime reads it and sends it to the
 * model as a data URL. With a local app-server the SDK checks that it is a readable regular file.
 *
 * @example
 * ```ts
 * const item: LocalImageInput = { type: "localImage", path: "/tmp/screenshot.png" };
 * ```
 */
export interface LocalImageInput {
  readonly type: "localImage";
  /** Path of the image file; relative paths are resolved against the `cwd` given to the SDK. */
  readonly path: string;
  /** Resolution the model should look at the image with; the runtime's default when omitted. */
  readonly detail?: ImageDetail | undefined;
}

/**
 * Invokes a skill: the runtime loads the skill file and injects its body into the turn.
 *
 * @example
 * ```ts
 * const item: SkillInput = { type: "skill", name: "release-notes", path: "/repo/.codex/skills/release-notes/SKILL.md" };
 * ```
 */
export interface SkillInput {
  readonly type: "skill";
  /** The skill's name. */
  readonly name: string;
  /** Path of the skill's `SKILL.md`. */
  readonly path: string;
}

/**
 * Mentions a resource (for example a connector or a file) by name and path, as the Codex UIs do
 * with `@name`.
 *
 * @example
 * ```ts
 * const item: MentionInput = { type: "mention", name: "utils.ts", path: "/repo/src/utils.ts" };
 * ```
 */
export interface MentionInput {
  readonly type: "mention";
  /** Display name of the mentioned resource. */
  readonly name: string;
  /** Path or URI of the mentioned resource. */
  readonly path: string;
}

/**
 * One input item: plain objects with a `type`, or built with the factories ({@link textInput},
 * {@link imageInput}, {@link localImageInput}, {@link skillInput}, {@link mentionInput}).
 *
 * @example
 * ```ts
 * const items: InputItem[] = [textInput("What is in this picture?"), localImageInput("cat.png")];
 * ```
 */
export type InputItem = TextInput | ImageInput | LocalImageInput | SkillInput | MentionInput;

/**
 * Structured input: one item or a list of items (a single item is sent as a one-item list).
 *
 * @example
 * ```ts
 * const input: Input = [textInput("Compare these"), imageInput(dataUrlA), imageInput(dataUrlB)];
 * ```
 */
export type Input = InputItem | readonly InputItem[];

/**
 * What `run()`, `turn()` and `steer()` accept: a string (one text item) or an {@link Input}.
 *
 * @example
 * ```ts
 * await thread.run("Say hello");
 * await thread.run([textInput("Describe"), localImageInput("diagram.png")]);
 * ```
 */
export type RunInput = string | Input;

/**
 * Options of {@link imageInput} and {@link localImageInput}.
 *
 * @example
 * ```ts
 * const options: ImageInputOptions = { detail: "high" };
 * ```
 */
export interface ImageInputOptions {
  /** Resolution the model should look at the image with; the runtime's default when omitted. */
  detail?: ImageDetail | undefined;
}

/**
 * A text item.
 *
 * @throws {@link InvalidInputError} when `text` is not a non-empty, well-formed string.
 * @example
 * ```ts
 * await thread.run([textInput("Fix the failing test"), mentionInput("test.ts", "/repo/test.ts")]);
 * ```
 */
export function textInput(text: string): TextInput {
  return checked({ type: "text", text }, "textInput()");
}

/**
 * An image item from a URL; prefer a base64 `data:image/...` URL (http(s) URLs are deprecated by
 * the runtime).
 *
 * @throws {@link InvalidInputError} when `url` is empty or `detail` is not an image detail.
 * @example
 * ```ts
 * const png = await readFile("chart.png");
 * await thread.run([textInput("Explain this chart"), imageInput(`data:image/png;base64,${png.toString("base64")}`)]);
 * ```
 */
export function imageInput(url: string, options?: ImageInputOptions): ImageInput {
  return checked(withDetail({ type: "image", url }, options?.detail), "imageInput()");
}

/**
 * A local image item; the runtime reads the file and sends it as a data URL. The file is checked
 * (a readable regular file) when the input is sent by `run()`, `turn()` or `steer()`, not here.
 *
 * @throws {@link InvalidInputError} when `path` is empty or `detail` is not an image detail.
 * @example
 * ```ts
 * await thread.run([textInput("What does this screenshot show?"), localImageInput("./screenshot.png")]);
 * ```
 */
export function localImageInput(path: string, options?: ImageInputOptions): LocalImageInput {
  return checked(withDetail({ type: "localImage", path }, options?.detail), "localImageInput()");
}

/**
 * A skill item; the runtime injects the skill's body into the turn.
 *
 * @throws {@link InvalidInputError} when `name` or `path` is empty.
 * @example
 * ```ts
 * await thread.run([skillInput("changelog", "/repo/.codex/skills/changelog/SKILL.md"), textInput("for v2.1")]);
 * ```
 */
export function skillInput(name: string, path: string): SkillInput {
  return checked({ type: "skill", name, path }, "skillInput()");
}

/**
 * A mention item (`@name` in the Codex UIs).
 *
 * @throws {@link InvalidInputError} when `name` or `path` is empty.
 * @example
 * ```ts
 * await thread.run([textInput("Add tests for"), mentionInput("parser.ts", "/repo/src/parser.ts")]);
 * ```
 */
export function mentionInput(name: string, path: string): MentionInput {
  return checked({ type: "mention", name, path }, "mentionInput()");
}

function checked<T extends InputItem>(item: T, label: string): T {
  convertItem(item, label, undefined);
  return item;
}

