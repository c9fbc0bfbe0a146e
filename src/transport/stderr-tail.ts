/** A bounded record of the last lines a process wrote to stderr, for error messages. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Keeps the last `maxLines` stderr lines (each capped at `maxLineChars`), ANSI codes removed. */
export class StderrTail {
  readonly #lines: string[] = [];
  #partial = "";
  readonly #maxLines: number;
  readonly #maxLineChars: number;

  constructor(maxLines = 50, maxLineChars = 1000) {
    this.#maxLines = maxLines;
    this.#maxLineChars = maxLineChars;
  }

  push(chunk: Buffer, onLine?: (line: string) => void): void {
    const text = this.#partial + chunk.toString("utf8");
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    if (this.#partial.length > this.#maxLineChars) this.#partial = this.#partial.slice(0, this.#maxLineChars);
    for (const raw of parts) {
      const line = raw.replace(ANSI, "").replace(/\r$/, "");
      if (line === "") continue;
      onLine?.(line);
      this.#lines.push(line.length > this.#maxLineChars ? `${line.slice(0, this.#maxLineChars)}…` : line);
      if (this.#lines.length > this.#maxLines) this.#lines.shift();
    }
  }

  /** The last lines, newest last; at most `maxChars` characters. */
  tail(maxLines = 20, maxChars = 4000): string {
    const lines = this.#lines.slice(-maxLines);
    const partial = this.#partial.replace(ANSI, "");
    if (partial) lines.push(partial);
    const text = lines.join("\n");
    return text.length > maxChars ? text.slice(text.length - maxChars) : text;
  }
}
