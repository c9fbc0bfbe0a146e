/**
 * Newline-delimited JSON framing for byte streams (stdio). Splitting happens on bytes, before UTF-8
 * decoding, so a multi-byte character split across chunks is never corrupted; `\r\n` endings are
 * accepted; lines of many megabytes are assembled without quadratic copying.
 */
import { CodexError } from "../errors.js";
import { decodeMessage } from "../internal/json-message.js";
import { loneSurrogateIndex } from "../internal/unicode.js";
import type { JsonRpcMessage } from "./transport.js";

/** Longest line kept in an error message about a malformed line. */
export const MALFORMED_PREVIEW_CHARS = 500;

/** What the framer reports. */
export interface LineFramerHandlers {
  onMessage(message: JsonRpcMessage): void;
  onMalformed(raw: string, error: Error): void;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Splits a byte stream into JSON objects, one per line. */
export class LineFramer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #discarding = false;
  readonly #handlers: LineFramerHandlers;
  readonly #maxLineBytes: number;

  /**
   * @param handlers where messages and malformed lines go
   * @param maxLineBytes a line longer than this is dropped (reported as malformed) instead of
   *   buffered without bound
   */
  constructor(handlers: LineFramerHandlers, maxLineBytes = 256 * 1024 * 1024) {
    this.#handlers = handlers;
    this.#maxLineBytes = maxLineBytes;
  }

  /**
   * Feeds one chunk of bytes. Every complete line in it is delivered even if a handler throws; the
   * first such error is rethrown once the chunk has been consumed, so framing never goes out of step.
   */
  push(chunk: Buffer): void {
    let start = 0;
    let failure: { error: unknown } | undefined;
    for (;;) {
      const idx = chunk.indexOf(NEWLINE, start);
      if (idx === -1) {
        if (start < chunk.length) this.#keep(chunk.subarray(start));
        break;
      }
      try {
        if (this.#discarding) {
          this.#discarding = false;
        } else if (this.#pendingBytes === 0) {
          this.#line(chunk, start, idx);
        } else {
          this.#pending.push(chunk.subarray(start, idx));
          const whole = Buffer.concat(this.#pending, this.#pendingBytes + idx - start);
          this.#pending = [];
          this.#pendingBytes = 0;
          this.#line(whole, 0, whole.length);
        }
      } catch (error) {
        failure ??= { error };
      }
      start = idx + 1;
    }
    if (failure) throw failure.error;
  }

  /** Reports a trailing partial line (no newline before EOF) as malformed; returns whether there was one. */
  end(): boolean {
    const had = this.#pendingBytes > 0;
    if (had) {
      const raw = Buffer.concat(this.#pending, this.#pendingBytes).toString("utf8");
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#handlers.onMalformed(preview(raw), new CodexError("stream ended in the middle of a line"));
    }
    this.#discarding = false;
    return had;
  }

  #keep(part: Buffer): void {
    if (this.#discarding) return;
    if (this.#pendingBytes + part.length > this.#maxLineBytes) {
      const head = headOf([...this.#pending, part]);
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#discarding = true;
      this.#handlers.onMalformed(
        preview(head),
        new CodexError(`line longer than ${this.#maxLineBytes} bytes dropped`),
      );
      return;
    }
    this.#pending.push(part);
    this.#pendingBytes += part.length;
  }

  #line(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) return; // blank lines carry nothing
    const text = buf.toString("utf8", start, end);
    const decoded = decodeMessage(text);
    if (decoded.error) this.#handlers.onMalformed(preview(text), decoded.error);
    else this.#handlers.onMessage(decoded.message);
  }
}

/** The first bytes of a dropped line, decoded, for its error report (no copy of the whole line). */
function headOf(parts: Buffer[]): string {
  const taken: Buffer[] = [];
  let bytes = 0;
  for (const part of parts) {
    if (bytes >= MALFORMED_PREVIEW_CHARS) break;
    taken.push(part);
    bytes += part.length;
  }
  return Buffer.concat(taken).subarray(0, MALFORMED_PREVIEW_CHARS).toString("utf8");
}

/** Shortens a raw line for error messages. */
export function preview(raw: string): string {
  return raw.length > MALFORMED_PREVIEW_CHARS
    ? `${raw.slice(0, MALFORMED_PREVIEW_CHARS)}… (${raw.length} chars)`
    : raw;
}

// JSON.stringify writes a lone UTF-16 surrogate as a `\udXXX` escape; the app-server's decoder
// rejects such a line ("unexpected end of hex escape") and never answers the request, so a message
// carrying one would hang its caller. Such messages are refused before they are written. The
// serialised text is only searched further when it holds a `\ud` escape at all.

function findLoneSurrogate(value: unknown, depth = 0): string | undefined {
  if (typeof value === "string") return loneSurrogateIndex(value) >= 0 ? value : undefined;
  if (typeof value !== "object" || value === null || depth > 64) return undefined;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const found = findLoneSurrogate(v, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Serialises one message for the wire.
 * @throws CodexError when a string in it holds a lone UTF-16 surrogate (the server could not decode it)
 */
export function encodeMessage(message: JsonRpcMessage): string {
  const text = JSON.stringify(message);
  if ((text.includes("\\ud") || text.includes("\\uD")) && findLoneSurrogate(message) !== undefined) {
    const what = typeof message.method === "string" ? message.method : "message";
    throw new CodexError(
      `cannot send ${what}: a string in it contains a lone UTF-16 surrogate, which the app-server cannot decode (it would never answer)`,
    );
  }
  return text;
}
