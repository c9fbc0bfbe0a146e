import { describe, expect, it } from "vitest";

import { CodexError } from "../../src/errors.js";
import { LineFramer, MALFORMED_PREVIEW_CHARS, preview } from "../../src/transport/framer.js";
import type { JsonRpcMessage } from "../../src/transport/transport.js";

interface Seen {
  messages: JsonRpcMessage[];
  malformed: { raw: string; error: Error }[];
}

function framer(maxLineBytes?: number): { f: LineFramer; seen: Seen } {
  const seen: Seen = { messages: [], malformed: [] };
  const f = new LineFramer(
    {
      onMessage: (m) => seen.messages.push(m),
      onMalformed: (raw, error) => seen.malformed.push({ raw, error }),
    },
    maxLineBytes,
  );
  return { f, seen };
}

/** Feeds `bytes` cut at the given offsets. */
function feed(f: LineFramer, bytes: Buffer, cuts: number[]): void {
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    f.push(bytes.subarray(prev, cut));
    prev = cut;
  }
}

const MESSAGES: JsonRpcMessage[] = [
  { id: 1, result: { userAgent: "codex_app_sdk/0.169.0" } },
  { method: "item/agentMessage/delta", params: { delta: "héllo wörld — ✓ 𝄞 日本語 🎉" }, emittedAtMs: 1 },
  { method: "x", id: 0, params: { nested: [1, { a: null }], empty: "" } },
];
const STREAM = Buffer.from(MESSAGES.map((m) => JSON.stringify(m) + "\n").join(""), "utf8");

describe("LineFramer", () => {
  it("delivers several messages from one chunk, in order", () => {
    const { f, seen } = framer();
    f.push(STREAM);
    expect(seen.messages).toEqual(MESSAGES);
    expect(seen.malformed).toEqual([]);
  });

  it("survives every single split point of the stream, including inside multi-byte characters", () => {
    // The emoji, the G clef and the CJK characters are 3- and 4-byte sequences: some cut lands inside each.
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const { f, seen } = framer();
      feed(f, STREAM, [cut]);
      expect(seen.messages, `cut at byte ${cut}`).toEqual(MESSAGES);
      expect(seen.malformed).toEqual([]);
    }
  });

  it("survives one byte per chunk", () => {
    const { f, seen } = framer();
    for (let i = 0; i < STREAM.length; i++) f.push(STREAM.subarray(i, i + 1));
    expect(seen.messages).toEqual(MESSAGES);
  });

  it("decodes a 4-byte character split into four chunks without replacement characters", () => {
    const { f, seen } = framer();
    const bytes = Buffer.from(JSON.stringify({ method: "m", params: { s: "a🎉b" } }) + "\n", "utf8");
    const at = bytes.indexOf(Buffer.from("🎉", "utf8"));
    feed(f, bytes, [at + 1, at + 2, at + 3]);
    expect(seen.messages).toEqual([{ method: "m", params: { s: "a🎉b" } }]);
    expect(JSON.stringify(seen.messages)).not.toContain("\ufffd");
  });

  it("accepts CRLF line endings, also with the CR and LF in different chunks", () => {
    const { f, seen } = framer();
    f.push(Buffer.from('{"id":1,"result":1}\r\n{"id":2,"result":2}\r'));
    f.push(Buffer.from('\n{"id":3,"result":"a\\r"}\r\n'));
    expect(seen.messages).toEqual([
      { id: 1, result: 1 },
      { id: 2, result: 2 },
      { id: 3, result: "a\r" },
    ]);
    expect(seen.malformed).toEqual([]);
  });

  it("skips blank lines (LF, CRLF) without reporting them", () => {
    const { f, seen } = framer();
    f.push(Buffer.from('\n\r\n{"id":1,"result":1}\n\n'));
    f.push(Buffer.from('\n{"id":2,"result":2}\n'));
    expect(seen.messages).toEqual([
      { id: 1, result: 1 },
      { id: 2, result: 2 },
    ]);
    expect(seen.malformed).toEqual([]);
  });

  it("reports garbage lines between valid ones and keeps delivering the later lines", () => {
    const { f, seen } = framer();
    const garbage = ["{this is not json", "[]", "42", '"str"', "null", '[{"id":1}]', "\ufeff{}"];
    const lines = ['{"id":1,"result":1}', ...garbage, '{"id":2,"result":2}'];
    f.push(Buffer.from(lines.join("\n") + "\n"));
    expect(seen.messages).toEqual([
      { id: 1, result: 1 },
      { id: 2, result: 2 },
    ]);
    expect(seen.malformed.map((m) => m.raw)).toEqual(garbage);
    for (const m of seen.malformed) expect(m.error).toBeInstanceOf(Error);
    expect(seen.malformed[1]?.error.message).toBe("a JSON-RPC message must be a JSON object");
    expect(seen.malformed[0]?.error).toBeInstanceOf(CodexError);
    expect(seen.malformed[0]?.error.cause).toBeInstanceOf(SyntaxError);
  });

  it("truncates the preview of a long malformed line", () => {
    const { f, seen } = framer();
    const long = "x".repeat(10_000);
    f.push(Buffer.from(long + '\n{"id":1,"result":1}\n'));
    expect(seen.messages).toEqual([{ id: 1, result: 1 }]);
    const raw = seen.malformed[0]?.raw ?? "";
    expect(raw.startsWith("x".repeat(MALFORMED_PREVIEW_CHARS))).toBe(true);
    expect(raw.length).toBeLessThan(MALFORMED_PREVIEW_CHARS + 40);
    expect(raw).toContain("(10000 chars)");
  });

  it("assembles a 16 MiB line delivered in 64 KiB chunks", () => {
    const { f, seen } = framer();
    const big = "é".repeat(8 * 1024 * 1024); // 2 bytes each: 16 MiB of payload
    const bytes = Buffer.from(JSON.stringify({ method: "big", params: { big } }) + '\n{"id":1,"result":1}\n');
    expect(bytes.length).toBeGreaterThan(16 * 1024 * 1024);
    // 65_537 is odd, so cuts land inside the two-byte characters.
    for (let i = 0; i < bytes.length; i += 65_537) f.push(bytes.subarray(i, i + 65_537));
    expect(seen.malformed).toEqual([]);
    expect(seen.messages).toHaveLength(2);
    const first = seen.messages[0] as { params: { big: string } };
    expect(first.params.big.length).toBe(big.length);
    expect(first.params.big === big).toBe(true);
    expect(seen.messages[1]).toEqual({ id: 1, result: 1 });
  });

  it("drops a line longer than maxLineBytes, reports it once, and resumes at the next line", () => {
    const { f, seen } = framer(1024);
    f.push(Buffer.from('{"id":1,"result":"' + "a".repeat(600)));
    f.push(Buffer.from("b".repeat(600)));
    f.push(Buffer.from("c".repeat(600)));
    f.push(Buffer.from('"}\n{"id":2,"result":2}\n'));
    expect(seen.messages).toEqual([{ id: 2, result: 2 }]);
    expect(seen.malformed).toHaveLength(1);
    expect(seen.malformed[0]?.error.message).toBe("line longer than 1024 bytes dropped");
    expect(seen.malformed[0]?.raw.startsWith('{"id":1,"result":"aaa')).toBe(true);
  });

  it("previews the start of an oversized line even when its first chunk is already too long", () => {
    const { f, seen } = framer(1024);
    f.push(Buffer.from('{"id":1,"result":"' + "z".repeat(5000)));
    f.push(Buffer.from('"}\n{"id":2,"result":2}\n'));
    expect(seen.messages).toEqual([{ id: 2, result: 2 }]);
    expect(seen.malformed).toHaveLength(1);
    expect(seen.malformed[0]?.raw).toBe(
      ('{"id":1,"result":"' + "z".repeat(5000)).slice(0, MALFORMED_PREVIEW_CHARS),
    );
  });

  it("reports in arrival order: the lines a chunk completes, then its oversized partial line", () => {
    const order: string[] = [];
    const f = new LineFramer(
      {
        onMessage: (m) => order.push(`message ${String(m.id)}`),
        onMalformed: (_raw, error) => order.push(error.message),
      },
      1024,
    );
    f.push(Buffer.from('{"id":1,"result":1}\n{"id":2,"result":2}\n{"id":3,"result":"' + "x".repeat(2000)));
    f.push(Buffer.from('"}\n{"id":4,"result":4}\n'));
    expect(order).toEqual(["message 1", "message 2", "line longer than 1024 bytes dropped", "message 4"]);
  });

  it("decodes invalid UTF-8 in lines read together exactly as in lines read one by one", () => {
    // A truncated 3-byte sequence and a lone continuation byte, inside JSON strings, in several lines.
    const lines = [
      Buffer.concat([Buffer.from('{"id":1,"result":"a'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]),
      Buffer.concat([Buffer.from('{"id":2,"result":"'), Buffer.from([0x80]), Buffer.from('b"}')]),
      Buffer.from('{"id":3,"result":"✓"}\r'),
    ];
    const together = framer();
    together.f.push(Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")])));
    const alone = framer();
    for (const line of lines) {
      alone.f.push(line);
      alone.f.push(Buffer.from("\n"));
    }
    expect(together.seen.messages).toEqual(alone.seen.messages);
    expect(together.seen.messages.map((m) => m.result)).toEqual(["a\ufffd", "\ufffdb", "✓"]);
  });

  it("end() reports a trailing partial line as malformed, once, and is a no-op otherwise", () => {
    const { f, seen } = framer();
    f.push(Buffer.from('{"id":1,"result":1}\n{"id":2,"res'));
    expect(f.end()).toBe(true);
    expect(f.end()).toBe(false);
    expect(seen.messages).toEqual([{ id: 1, result: 1 }]);
    expect(seen.malformed).toEqual([
      { raw: '{"id":2,"res', error: new CodexError("stream ended in the middle of a line") },
    ]);

    const clean = framer();
    clean.f.push(Buffer.from('{"id":1,"result":1}\n'));
    expect(clean.f.end()).toBe(false);
    expect(clean.seen.malformed).toEqual([]);
  });

  it("end() resets: bytes pushed afterwards start a fresh line", () => {
    const { f, seen } = framer();
    f.push(Buffer.from('{"id":1,'));
    f.end();
    f.push(Buffer.from('{"id":2,"result":2}\n'));
    expect(seen.messages).toEqual([{ id: 2, result: 2 }]);
  });

  it("keeps framing consistent when a handler throws", () => {
    const messages: JsonRpcMessage[] = [];
    let throwOnce = true;
    const f = new LineFramer({
      onMessage: (m) => {
        if (throwOnce) {
          throwOnce = false;
          throw new Error("consumer bug");
        }
        messages.push(m);
      },
      onMalformed: () => undefined,
    });
    expect(() => f.push(Buffer.from('{"id":1,"result":1}\n{"id":2,"result":2}\n{"id":3,'))).toThrow(
      "consumer bug",
    );
    // The rest of the chunk was still delivered, and the partial line was kept.
    expect(messages).toEqual([{ id: 2, result: 2 }]);
    f.push(Buffer.from('"result":3}\n'));
    expect(messages).toEqual([
      { id: 2, result: 2 },
      { id: 3, result: 3 },
    ]);
  });
});

describe("preview", () => {
  it("keeps short text and shortens long text with its length", () => {
    expect(preview("abc")).toBe("abc");
    const long = "y".repeat(MALFORMED_PREVIEW_CHARS + 1);
    expect(preview(long)).toBe(
      `${"y".repeat(MALFORMED_PREVIEW_CHARS)}… (${MALFORMED_PREVIEW_CHARS + 1} chars)`,
    );
  });
});
