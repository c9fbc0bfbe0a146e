import { describe, expect, it } from "vitest";

import { StderrTail } from "../../src/transport/stderr-tail.js";

/** A chunk whose `toString` calls are counted (Buffer.concat copies bytes without calling it). */
function countedChunk(text: string, counter: { calls: number }): Buffer {
  const chunk = Buffer.from(text, "utf8");
  const original = chunk.toString.bind(chunk);
  chunk.toString = (...args: Parameters<Buffer["toString"]>) => {
    counter.calls++;
    return original(...args);
  };
  return chunk;
}

describe("StderrTail", () => {
  it("does not decode chunks as they arrive when nobody listens for lines", () => {
    const counter = { calls: 0 };
    const tail = new StderrTail();
    for (let i = 0; i < 20; i++) tail.push(countedChunk(`WARN line ${i}\n`, counter));
    tail.push(countedChunk("partial", counter));
    expect(counter.calls).toBe(0);
    expect(tail.tail(2)).toBe("WARN line 18\nWARN line 19\npartial");
  });

  it("gives the same tail and onLine lines whether lines are split eagerly or lazily", () => {
    const chunks = [
      "\u001b[2mfirst\u001b[0m li",
      "ne\r\n\nsec",
      "ond\n",
      "x".repeat(1500),
      "z\nlast partial",
    ];
    const eager = new StderrTail(50, 1000);
    const lazy = new StderrTail(50, 1000);
    const lines: string[] = [];
    for (const c of chunks) {
      eager.push(Buffer.from(c), (line) => lines.push(line));
      lazy.push(Buffer.from(c));
    }
    // A line is capped while it is still incomplete, so onLine sees the first 1000 characters.
    expect(lines).toEqual(["first line", "second", `${"x".repeat(1000)}z`]);
    expect(lazy.tail()).toBe(eager.tail());
    expect(lazy.tail()).toBe(`first line\nsecond\n${"x".repeat(1000)}…\nlast partial`);
  });

  it("stays bounded to the last maxLines lines across many batches", () => {
    const tail = new StderrTail(5);
    for (let i = 0; i < 5000; i++) tail.push(Buffer.from(`line ${i} ${"y".repeat(40)}\n`));
    expect(tail.tail(2)).toBe(`line 4998 ${"y".repeat(40)}\nline 4999 ${"y".repeat(40)}`);
  });

  it("decodes a character split across two chunks", () => {
    const bytes = Buffer.from("é\n", "utf8");
    const tail = new StderrTail();
    tail.push(bytes.subarray(0, 1));
    tail.push(bytes.subarray(1));
    expect(tail.tail()).toBe("é");
  });
});
