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
   *
   * The complete lines of a chunk are decoded with one call and split as a string: a newline byte
   * never occurs inside a multi-byte UTF-8 sequence, so decoding several lines at once gives the
   * same text as decoding each. (Searching and decoding per line took two calls into Node's buffer
   * code per message: about 0.2 ms of client CPU per turn, bench W2.)
   */
  push(chunk: Buffer): void {
    const length = chunk.length;
    // Where the chunk's trailing partial line starts (`length`: there is none).
    let rest = length;
    let text: string;
    if (length > 0 && chunk[length - 1] === NEWLINE && !this.#discarding && this.#pendingBytes === 0) {
      // Usually a read ends where a line does: the chunk is whole lines, and `toString()` without
      // arguments is Buffer's fastest decode.
      text = chunk.toString();
    } else {
      const last = chunk.lastIndexOf(NEWLINE);
      if (last === -1) {
        if (length > 0) this.#keep(chunk);
        return;
      }
      rest = last + 1;
      text = this.#linesEndingAt(chunk, last);
    }
    let failure: { error: unknown } | undefined;
    let start = 0;
    for (;;) {
      const idx = text.indexOf("\n", start);
      try {
        this.#line(text, start, idx === -1 ? text.length : idx);
      } catch (error) {
        failure ??= { error };
      }
      if (idx === -1) break;
      start = idx + 1;
    }
    if (rest < length) this.#keep(chunk.subarray(rest));
    if (failure) throw failure.error;
  }

  /** The text of the lines completed by `chunk` up to its newline at `last`, with what was pending. */
  #linesEndingAt(chunk: Buffer, last: number): string {
    if (this.#discarding) {
      // The rest of a dropped line ends at the chunk's first newline.
      this.#discarding = false;
      return chunk.toString("utf8", chunk.indexOf(NEWLINE) + 1, last);
    }
    if (this.#pendingBytes === 0) return chunk.toString("utf8", 0, last);
    this.#pending.push(chunk.subarray(0, last));
    const whole = Buffer.concat(this.#pending, this.#pendingBytes + last);
    this.#pending = [];
    this.#pendingBytes = 0;
    return whole.toString("utf8");
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

  #line(text: string, start: number, end: number): void {
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (end === start) return; // blank lines carry nothing
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    const decoded = decodeMessage(line);
    if (decoded.error) this.#handlers.onMalformed(preview(line), decoded.error);
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
