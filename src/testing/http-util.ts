/**
 * Small HTTP helpers of the mock server: body decoding, plain responses and an abortable sleep.
 *
 * @module
 * @internal
 */
import { clampDelay } from "../internal/limits.js";
import { setMaxListeners } from "node:events";
import type { ServerResponse } from "node:http";
import * as zlib from "node:zlib";

import type { MockHttpResponse } from "./mock-response.js";

/** A decoded body, or the reason it could not be decoded (with the bytes as received). */
export type DecodedBody = { readonly body: Buffer } | { readonly error: string; readonly raw: Buffer };

// zstd arrived in node:zlib after Node 20; look it up at run time so the kit works on both.
type ZstdDecompress = (buffer: Buffer) => Buffer;
const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: ZstdDecompress }).zstdDecompressSync;

/**
 * Undoes a request's `content-encoding`. The runtime compresses request bodies with zstd only for
 * some providers (feature `enable_request_compression`); the harness turns that off, but a user's
 * own setup might not, so an encoding we cannot read becomes a clear error instead of garbage.
 */
export function decodeBody(raw: Buffer, contentEncoding: string | undefined): DecodedBody {
  const encodings = (contentEncoding ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "" && e !== "identity");
  let body = raw;
  try {
    // Encodings are listed in the order they were applied, so undo them from the last one.
    for (const encoding of encodings.reverse()) {
      if (encoding === "gzip" || encoding === "x-gzip") body = zlib.gunzipSync(body);
      else if (encoding === "deflate") body = zlib.inflateSync(body);
      else if (encoding === "br") body = zlib.brotliDecompressSync(body);
      else if (encoding === "zstd" && zstdDecompressSync !== undefined) body = zstdDecompressSync(body);
      else if (encoding === "zstd") {
        return {
          error:
            `the request body is zstd-compressed and this Node.js (${process.version}) cannot decompress zstd; ` +
            "disable the runtime's `enable_request_compression` feature (AppServerHarness does) or use Node >= 22.15",
          raw,
        };
      } else return { error: `unsupported content-encoding "${encoding}"`, raw };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `could not decode the ${contentEncoding} request body: ${message}`, raw };
  }
  return { body };
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, clampDelay(ms));
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Sends `body` as a complete JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a queued plain HTTP answer. */
export function sendHttp(res: ServerResponse, response: MockHttpResponse): void {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    "content-type": typeof response.body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
    ...response.headers,
  });
  res.end(text);
}

/** Every open stream listens on this signal: many concurrent streams are normal, not a leak. */
export function closingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
