/**
 * Property tests of the stdio framer: however the byte stream is cut into chunks, the same messages
 * come out, in order; garbage lines are reported one by one and never swallow a valid line.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { LineFramer } from "../../src/transport/framer.js";
import type { JsonRpcMessage } from "../../src/transport/transport.js";

interface Output {
  messages: JsonRpcMessage[];
  malformed: string[];
}

function run(chunks: Buffer[], end = true): Output {
  const out: Output = { messages: [], malformed: [] };
  const framer = new LineFramer({
    onMessage: (m) => out.messages.push(m),
    onMalformed: (raw) => out.malformed.push(raw),
  });
  for (const chunk of chunks) framer.push(chunk);
  if (end) framer.end();
  return out;
}

/** Cuts `bytes` at the given offsets (any order, duplicates allowed, taken modulo the length). */
function split(bytes: Buffer, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets.map((o) => (bytes.length === 0 ? 0 : o % (bytes.length + 1))))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(prev, cut)); // empty chunks included on purpose
    prev = cut;
  }
  chunks.push(bytes.subarray(prev));
  return chunks;
}

// JSON objects with every kind of string: 1- to 4-byte UTF-8, lone surrogates (escaped by JSON.stringify),
// control characters and "\r" / "\n" inside strings (escaped too).
const message = fc.dictionary(
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }),
  { maxKeys: 6 },
);
const ending = fc.constantFrom("\n", "\r\n");
const line = fc
  .tuple(message, ending, fc.constantFrom("", "", "", "\n", "\r\n"))
  .map(([m, end, blank]) => ({ text: JSON.stringify(m) + end + blank, json: JSON.stringify(m) }));
const offsets = fc.array(fc.nat(), { maxLength: 40 });

describe("LineFramer properties", () => {
  it("any split of any sequence of valid lines yields the same messages as the whole", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), offsets, (lines, cuts) => {
        const bytes = Buffer.from(lines.map((l) => l.text).join(""), "utf8");
        const expected = lines.map((l) => JSON.parse(l.json) as JsonRpcMessage);
        const whole = run([bytes]);
        const pieces = run(split(bytes, cuts));
        expect(whole.messages).toEqual(expected);
        expect(pieces.messages).toEqual(expected);
        expect(pieces.malformed).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("byte-by-byte feeding yields the same messages", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const bytes = Buffer.from(lines.map((l) => l.text).join(""), "utf8");
        const chunks = [...bytes].map((b) => Buffer.from([b]));
        expect(run(chunks).messages).toEqual(lines.map((l) => JSON.parse(l.json) as JsonRpcMessage));
      }),
      { numRuns: 100 },
    );
  });

  it("garbage lines are reported one each and every valid line around them still arrives", () => {
    // A garbage line starts with a character no JSON text can start with, and has no newline.
    const garbage = fc
      .string({ unit: "binary", maxLength: 30 })
      .map((s) => "#" + s.replace(/[\r\n]/g, ""))
      .map((text) => ({ garbage: true as const, text: text + "\n" }));
    const valid = line.map((l) => ({ garbage: false as const, ...l }));
    fc.assert(
      fc.property(fc.array(fc.oneof(valid, garbage), { maxLength: 20 }), offsets, (items, cuts) => {
        const bytes = Buffer.from(items.map((i) => i.text).join(""), "utf8");
        const out = run(split(bytes, cuts));
        const expected = items.flatMap((i) => (i.garbage ? [] : [JSON.parse(i.json) as JsonRpcMessage]));
        expect(out.messages).toEqual(expected);
        expect(out.malformed).toHaveLength(items.filter((i) => i.garbage).length);
        for (const raw of out.malformed) expect(raw.startsWith("#")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("any split of ANY byte sequence (garbage, invalid UTF-8, stray CRs) gives exactly the output of the whole", () => {
    // Bytes biased towards what matters to a line framer: newlines, CRs, JSON punctuation, and the
    // lead and continuation bytes of multi-byte UTF-8 (also in invalid orders).
    const byte = fc.oneof(
      fc.constantFrom(0x0a, 0x0a, 0x0d, 0x7b, 0x7d, 0x22, 0x3a, 0x20),
      fc.constantFrom(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0x89, 0xff),
      fc.integer({ min: 0, max: 255 }),
    );
    // Whole valid lines mixed in, so that messages come out too.
    const piece = fc.oneof(
      fc.array(byte, { maxLength: 30 }).map((b) => Buffer.from(b)),
      line.map((l) => Buffer.from(l.text, "utf8")),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), offsets, (pieces, cuts) => {
        const bytes = Buffer.concat(pieces);
        const whole = run([bytes]);
        expect(run(split(bytes, cuts))).toEqual(whole);
        expect(run([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("a trailing partial line is reported by end() and never delivered", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), message, offsets, (lines, last, cuts) => {
        const partial = JSON.stringify(last).slice(0, -1); // cut before the closing brace
        const bytes = Buffer.from(lines.map((l) => l.text).join("") + partial, "utf8");
        const out = run(split(bytes, cuts));
        expect(out.messages).toEqual(lines.map((l) => JSON.parse(l.json) as JsonRpcMessage));
        expect(out.malformed).toHaveLength(partial.length > 0 ? 1 : 0);
      }),
      { numRuns: 200 },
    );
  });
});
