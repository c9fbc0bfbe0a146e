/** A bounded record of the last lines a process wrote to stderr, for error messages. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Raw bytes kept before they are decoded into lines. Without an `onLine` callback nobody needs the
 * lines until the tail is read (an error message), so chunks are only stored: one array push per
 * read instead of a decode, a split and two regex replaces. A long-running process that logs a lot
 * is decoded in batches of this size, which keeps memory bounded.
 */
const MAX_PENDING_BYTES = 64 * 1024;
const MAX_PENDING_CHUNKS = 256;

/** Keeps the last `maxLines` stderr lines (each capped at `maxLineChars`), ANSI codes removed. */
export class StderrTail {
  readonly #lines: string[] = [];
  #partial = "";
  readonly #maxLines: number;
  readonly #maxLineChars: number;
  /** Chunks not yet split into lines (only when no `onLine` callback is given). */
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(maxLines = 50, maxLineChars = 1000) {
    this.#maxLines = maxLines;
    this.#maxLineChars = maxLineChars;
  }

  push(chunk: Buffer, onLine?: (line: string) => void): void {
    if (onLine === undefined) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#pendingBytes >= MAX_PENDING_BYTES || this.#pending.length >= MAX_PENDING_CHUNKS) {
        this.#flush();
      }
      return;
    }
    this.#flush();
    this.#split(chunk.toString("utf8"), onLine);
  }

  /** The last lines, newest last; at most `maxChars` characters. */
  tail(maxLines = 20, maxChars = 4000): string {
    this.#flush();
    const lines = this.#lines.slice(-maxLines);
    const partial = this.#partial.replace(ANSI, "");
    if (partial) lines.push(partial);
    const text = lines.join("\n");
    return text.length > maxChars ? text.slice(text.length - maxChars) : text;
  }

  /** Splits the stored chunks into lines. */
  #flush(): void {
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    this.#pendingBytes = 0;
    const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    this.#split(bytes.toString("utf8"), undefined);
  }

  #split(decoded: string, onLine: ((line: string) => void) | undefined): void {
    const text = this.#partial + decoded;
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    if (this.#partial.length > this.#maxLineChars) this.#partial = this.#partial.slice(0, this.#maxLineChars);
    for (const raw of parts) {
      const line = raw.replace(ANSI, "").replace(/\r$/, "");
      if (line === "") continue;
      onLine?.(line);
      this.#lines.push(line.length > this.#maxLineChars ? `${line.slice(0, this.#maxLineChars)}…` : line);
    }
    if (this.#lines.length > this.#maxLines) this.#lines.splice(0, this.#lines.length - this.#maxLines);
  }
}
