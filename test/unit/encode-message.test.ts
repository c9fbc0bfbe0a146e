import { describe, expect, it } from "vitest";
import { encodeMessage } from "../../src/transport/framer.js";
import { CodexError } from "../../src/errors.js";

describe("encodeMessage", () => {
  it("serialises ordinary messages, including astral characters and escaped backslashes", () => {
    for (const s of ["plain", "emoji 😀", "\\ud800 is text here", "\u00e9"]) {
      const line = encodeMessage({ id: 1, method: "x", params: { s } });
      expect(JSON.parse(line)).toEqual({ id: 1, method: "x", params: { s } });
    }
  });

  it("refuses a lone high or low surrogate anywhere in the message, naming the method", () => {
    for (const s of ["a\ud800b", "\udc00", "end\ud83d", ["nested", { deep: "\ude00x" }]]) {
      expect(() => encodeMessage({ id: 1, method: "thread/name/set", params: { s } })).toThrowError(
        CodexError,
      );
      expect(() => encodeMessage({ id: 1, method: "thread/name/set", params: { s } })).toThrow(
        /thread\/name\/set: a string in it contains a lone UTF-16 surrogate/,
      );
    }
  });
});
