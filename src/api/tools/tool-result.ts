/**
 * A tool's result on the wire: what `execute` returned, checked and turned into the protocol's
 * `DynamicToolCallResponse`, and the image helper for results the model should see as images.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import type { DynamicToolCallResponse } from "../../generated/v2/DynamicToolCallResponse.js";
import { imageMimeType } from "../inputs/image-format.js";
import { CodexError } from "../../errors.js";
import { isRecord } from "../../internal/guards.js";
import { describeValue, InvalidArgumentError } from "../validation.js";
import type { ToolContentItem } from "./tool.js";

/**
 * An image content item for a tool's result, from a file path or bytes (PNG, JPEG, GIF or WebP,
 * recognised by their first bytes), as a `data:` URL the model receives as an image.
 *
 * @example
 * ```ts
 * import { imageContent, tool } from "codex-app-sdk";
 * const screenshot = tool({
 *   name: "screenshot",
 *   description: "The current screen",
 *   parameters: { type: "object", properties: {} },
 *   execute: async () => [{ type: "inputText", text: "Here it is:" }, await imageContent("/tmp/screen.png")],
 * });
 * ```
 * @throws InvalidArgumentError when the bytes are not an image of a supported format
 */
export async function imageContent(source: string | Uint8Array): Promise<ToolContentItem> {
  let bytes: Buffer;
  if (typeof source === "string") bytes = await fs.readFile(source);
  else if (source instanceof Uint8Array)
    bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  else {
    throw new InvalidArgumentError(
      `imageContent() needs a file path or bytes, got ${describeValue(source)}`,
      {
        argument: "source",
      },
    );
  }
  const mime = imageMimeType(bytes);
  if (mime === undefined) {
    const what = typeof source === "string" ? source : "the bytes";
    throw new InvalidArgumentError(`imageContent(): ${what} is not a PNG, JPEG, GIF or WebP image`, {
      argument: "source",
    });
  }
  return { type: "inputImage", imageUrl: `data:${mime};base64,${bytes.toString("base64")}` };
}

/** A failed call's answer: the model reads `message` and can act on it. */
export function failure(message: string): DynamicToolCallResponse {
  return { contentItems: [{ type: "inputText", text: message }], success: false };
}

/** The wire answer of what `execute` returned; throws a description when it is not a {@link ToolResult}. */
export function toResponse(result: unknown): DynamicToolCallResponse {
  let content: unknown = result;
  let success = true;
  if (isRecord(result)) {
    const r = result as { content?: unknown; success?: unknown };
    content = r.content;
    if (r.success !== undefined) {
      if (typeof r.success !== "boolean")
        throw new CodexError(`success must be a boolean, got ${describeValue(r.success)}`);
      success = r.success;
    }
  }
  if (typeof content === "string") return { contentItems: [{ type: "inputText", text: content }], success };
  if (Array.isArray(content) && content.every(isContentItem)) {
    return { contentItems: content.map((item) => ({ ...item })), success };
  }
  throw new CodexError(
    `execute must return a string, content items ({ type: "inputText", text } / { type: "inputImage", imageUrl }) or { content, success }; got ${describeValue(result)}`,
  );
}

function isContentItem(value: unknown): value is ToolContentItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as { type?: unknown; text?: unknown; imageUrl?: unknown };
  return (
    (item.type === "inputText" && typeof item.text === "string") ||
    (item.type === "inputImage" && typeof item.imageUrl === "string")
  );
}
