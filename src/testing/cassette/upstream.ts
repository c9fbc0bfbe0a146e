/**
 * Record mode's forwarding: one request sent on to the real API, its answer streamed back to the
 * runtime as it arrives and, at the same time, parsed into the events the cassette keeps.
 *
 * @module
 */
import type { ServerResponse } from "node:http";

import { isRecord } from "../../internal/guards.js";
import type { SseEvent } from "../sse.js";
import type { CassetteResponse } from "./format.js";

/** Request headers never forwarded: hop-by-hop ones, and those `fetch` computes itself. */
const NOT_FORWARDED = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "accept-encoding",
  "upgrade",
  "te",
  "trailer",
  "proxy-connection",
]);

/** Response headers kept: what a client reads (type, rate limits, request ids), never cookies. */
function keptResponseHeader(name: string): boolean {
  return (
    name === "content-type" ||
    name === "retry-after" ||
    name.startsWith("x-ratelimit-") ||
    name.startsWith("x-codex-") ||
    name === "x-request-id" ||
    name === "openai-model" ||
    name === "openai-version"
  );
}

/** What {@link forward} sends. */
export interface ForwardRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Sends `request` to `target` and pipes the answer to `res` while collecting it. Resolves with the
 * answer as the cassette stores it (streams unscrubbed: the caller scrubs; plain bodies already
 * pass through `scrubText`). Rejects when the upstream
 * cannot be reached (nothing has been written to `res` then).
 */
export async function forward(
  target: URL,
  request: ForwardRequest,
  res: ServerResponse,
  signal: AbortSignal,
  scrubText: (text: string) => string = (text) => text,
): Promise<CassetteResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!NOT_FORWARDED.has(name)) headers[name] = value;
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const upstream = await fetch(target, {
    method: request.method,
    headers,
    body: hasBody ? new Uint8Array(request.body) : null,
    signal,
    redirect: "manual",
  });
  const kept: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (keptResponseHeader(name.toLowerCase())) kept[name.toLowerCase()] = value;
  });
  res.writeHead(upstream.status, kept);
  const isStream = (kept["content-type"] ?? "").includes("text/event-stream");
  if (!isStream || upstream.body === null) {
    // Error bodies can echo a credential; the runtime puts them in turn errors, so it gets them scrubbed.
    const text = scrubText(await upstream.text());
    res.end(text);
    return { status: upstream.status, headers: kept, body: parseBody(text) };
  }
  res.flushHeaders();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let incomplete = false;
  try {
    // Node's fetch body is async-iterable (typed so by @types/node, not by the DOM library that
    // the browser tests' tsconfig adds).
    for await (const data of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      const chunk = data;
      if (res.destroyed) {
        incomplete = true;
        break;
      }
      res.write(chunk);
      parser.push(decoder.decode(chunk, { stream: true }));
    }
  } catch (error) {
    // The runtime hung up (we aborted the fetch) or the upstream cut the stream: keep what came.
    if (!res.destroyed && !signal.aborted) res.destroy(error instanceof Error ? error : undefined);
    incomplete = true;
  }
  parser.push(decoder.decode());
  if (!res.destroyed) res.end();
  const response: CassetteResponse = { status: upstream.status, headers: kept, events: parser.finish() };
  return incomplete ? { ...response, incomplete: true } : response;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * An incremental Server-Sent Events parser: `push` text as it arrives, `finish` for the events.
 * A frame's `data` that is a JSON object becomes the event (its `type` defaulting to the frame's
 * `event:` name); any other data is kept as `{ type, data }` with the text.
 */
export class SseParser {
  #buffer = "";
  readonly #events: SseEvent[] = [];

  push(text: string): void {
    this.#buffer += text.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = this.#buffer.indexOf("\n\n")) !== -1) {
      this.#frame(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end + 2);
    }
  }

  /** The events parsed so far (a final frame without its blank line included). */
  finish(): SseEvent[] {
    if (this.#buffer.trim() !== "") this.#frame(this.#buffer);
    this.#buffer = "";
    return [...this.#events];
  }

  #frame(frame: string): void {
    let name: string | undefined;
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    if (data.length === 0) return;
    const text = data.join("\n");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isRecord(parsed) && (typeof parsed["type"] === "string" || name !== undefined)) {
      this.#events.push({
        ...parsed,
        type: typeof parsed["type"] === "string" ? parsed["type"] : (name ?? "message"),
      });
    } else {
      this.#events.push({ type: name ?? "message", data: text });
    }
  }
}
