/**
 * What identifies a model request for replay: the route, the latest user input, the tool outputs
 * sent back and the tools offered. Everything else (ids, timestamps, `prompt_cache_key`, client
 * metadata, headers, the runtime's own instructions) changes from run to run and is left out.
 *
 * @module
 */
import { createHash } from "node:crypto";

import { isRecord } from "../../internal/guards.js";

/** One tool result the runtime sent back to the model, as matched. */
export interface FingerprintToolOutput {
  /** The `call_id` of the call it answers (from the recorded model response, so stable). */
  readonly callId: string;
  /** The output text, normalised (see {@link CassetteMatchOptions}). */
  readonly output: string;
}

/**
 * The parts of a request that replay compares. Model requests (`POST …/responses`) carry all
 * fields; any other request (`GET …/models`) only `route`.
 */
export interface RequestFingerprint {
  /** Method and path below the base URL, without the query string: `POST /responses`. */
  readonly route: string;
  /** The text of the latest user message (images as `<image sha256:…>`), or `null`. */
  readonly userInput?: string | null;
  /** The tool outputs after the latest user message, in order. */
  readonly toolOutputs?: readonly FingerprintToolOutput[];
  /** The names of the tools offered, sorted (`namespace.tool` for tools inside a namespace). */
  readonly tools?: readonly string[];
}

/** Which parts of a model request replay compares, and what it ignores inside them. */
export interface CassetteMatchOptions {
  /** Compare the latest user input (default true). */
  readonly userInput?: boolean | undefined;
  /** Compare the tool outputs sent back (default true). */
  readonly toolOutputs?: boolean | undefined;
  /** Compare the names of the tools offered (default true). */
  readonly tools?: boolean | undefined;
  /**
   * Texts or patterns replaced by `<ignored>` in user input and tool outputs before comparing,
   * for values that differ from run to run in your own prompts or tools (a date, a temp path).
   * The shell tool's chunk id, wall time and session id are always ignored.
   */
  readonly ignore?: readonly (string | RegExp)[] | undefined;
}

/** Run-to-run noise in the runtime's own tool output headers. */
const BUILT_IN_NOISE: readonly [RegExp, string][] = [
  [/Chunk ID: [0-9a-zA-Z]+/g, "Chunk ID: <id>"],
  [/Wall time: [0-9.]+ seconds/g, "Wall time: <t> seconds"],
  [/session ID \d+/g, "session ID <id>"],
];

/** The route of a request: its method and its path below the `/v1` base, without the query. */
export function routeOf(method: string, url: string): string {
  const path = (url.split("?", 1)[0] ?? url).replace(/^\/v1(?=\/|$)/, "");
  return `${method.toUpperCase()} ${path === "" ? "/" : path}`;
}

/** True for the routes that are matched in order and consumed once: model requests. */
export function isModelRoute(route: string): boolean {
  return route.startsWith("POST ") && route.endsWith("/responses");
}

/** Computes the fingerprint of a request. `normalize` runs over every compared text. */
export function fingerprint(
  method: string,
  url: string,
  body: unknown,
  normalize: (text: string) => string = (text) => text,
  match: CassetteMatchOptions = {},
): RequestFingerprint {
  const route = routeOf(method, url);
  if (!isModelRoute(route)) return { route };
  const input = isRecord(body) && Array.isArray(body["input"]) ? body["input"].filter(isRecord) : [];
  const lastUser = input.findLastIndex(isUserPrompt);
  const result: { -readonly [K in keyof RequestFingerprint]: RequestFingerprint[K] } = { route };
  if (match.userInput !== false) {
    const message = input[lastUser];
    result.userInput = message === undefined ? null : normalize(contentText(message["content"]));
  }
  if (match.toolOutputs !== false) {
    result.toolOutputs = input.slice(lastUser + 1).flatMap((item) => {
      const type = typeof item["type"] === "string" ? item["type"] : "";
      if (!type.endsWith("_output") || typeof item["call_id"] !== "string") return [];
      return [{ callId: item["call_id"], output: normalize(contentText(item["output"])) }];
    });
  }
  if (match.tools !== false) {
    const tools = isRecord(body) && Array.isArray(body["tools"]) ? body["tools"] : [];
    result.tools = tools.flatMap((tool) => toolNames(tool, "")).sort();
  }
  return result;
}

/** A normaliser applying the built-in noise rules and the user's `ignore` list. */
export function normalizer(ignore: readonly (string | RegExp)[] = []): (text: string) => string {
  return (text) => {
    let out = text;
    for (const [pattern, replacement] of BUILT_IN_NOISE) out = out.replace(pattern, replacement);
    for (const rule of ignore) {
      if (typeof rule === "string") {
        if (rule !== "") out = out.split(rule).join("<ignored>");
      } else {
        const global = rule.global ? rule : new RegExp(rule.source, `${rule.flags}g`);
        out = out.replace(global, "<ignored>");
      }
    }
    return out;
  };
}

function isUserPrompt(item: Record<string, unknown>): boolean {
  if (item["role"] !== "user" || (item["type"] !== undefined && item["type"] !== "message")) return false;
  // The runtime's own context message is a user message too; it is not what the user typed.
  return !contentText(item["content"]).trimStart().startsWith("<environment_context>");
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content === undefined ? "" : JSON.stringify(content);
  return content
    .map((part) => {
      if (!isRecord(part)) return "";
      if (typeof part["text"] === "string") return part["text"];
      const url = part["image_url"];
      if (typeof url === "string")
        return `<image sha256:${createHash("sha256").update(url).digest("hex").slice(0, 16)}>`;
      return "";
    })
    .join("\n");
}

function toolNames(tool: unknown, prefix: string): string[] {
  if (!isRecord(tool)) return [];
  const type = typeof tool["type"] === "string" ? tool["type"] : "?";
  const name = typeof tool["name"] === "string" ? tool["name"] : type;
  const nested = Array.isArray(tool["tools"]) ? tool["tools"] : undefined;
  if (nested !== undefined) return nested.flatMap((inner) => toolNames(inner, `${prefix}${name}.`));
  return [`${prefix}${name}`];
}
