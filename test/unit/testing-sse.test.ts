import fc from "fast-check";
import { loneSurrogateIndex } from "../../src/api/validation.js";
import { describe, expect, it } from "vitest";

import {
  assistantMessage,
  encodeSseEvent,
  failedResponse,
  functionCall,
  messageItemAdded,
  outputTextDelta,
  responseCompleted,
  responseCreated,
  responseFailed,
  shellCall,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
  usage,
} from "../../src/testing/index.js";

describe("SSE builders", () => {
  it("build the event shapes codex 0.169 consumes", () => {
    expect(responseCreated("resp_1")).toEqual({ type: "response.created", response: { id: "resp_1" } });
    expect(messageItemAdded("msg_1")).toEqual({
      type: "response.output_item.added",
      item: { type: "message", role: "assistant", id: "msg_1", content: [] },
    });
    expect(outputTextDelta("msg_1", "Hel")).toMatchObject({
      type: "response.output_text.delta",
      item_id: "msg_1",
      delta: "Hel",
    });
    expect(assistantMessage("msg_1", "Hello", { phase: "final_answer" })).toEqual({
      type: "response.output_item.done",
      item: {
        type: "message",
        role: "assistant",
        id: "msg_1",
        content: [{ type: "output_text", text: "Hello", annotations: [] }],
        phase: "final_answer",
      },
    });
    expect(responseFailed("resp_1", "boom")).toEqual({
      type: "response.failed",
      response: { id: "resp_1", error: { code: "server_error", message: "boom" } },
    });
  });

  it("serialise function-call arguments to a JSON string, or keep a given string", () => {
    expect(functionCall("call_1", "my_tool", { a: 1 })["item"]).toEqual({
      type: "function_call",
      id: "fc_call_1",
      call_id: "call_1",
      name: "my_tool",
      arguments: '{"a":1}',
    });
    expect(functionCall("call_1", "my_tool", "{not json")["item"]).toMatchObject({ arguments: "{not json" });
    const shell = shellCall("call_2", "echo hi", {
      sandboxPermissions: "require_escalated",
      justification: "why",
    });
    expect(shell["item"]).toMatchObject({ name: "exec_command", call_id: "call_2" });
    expect(JSON.parse((shell["item"] as { arguments: string }).arguments)).toEqual({
      cmd: "echo hi",
      sandbox_permissions: "require_escalated",
      justification: "why",
    });
  });

  it("fill usage with deterministic defaults and compute the total", () => {
    expect(usage()).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15,
    });
    expect(
      usage({ inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, reasoningOutputTokens: 7 }),
    ).toMatchObject({
      total_tokens: 120,
      input_tokens_details: { cached_tokens: 40 },
      output_tokens_details: { reasoning_tokens: 7 },
    });
    expect(responseCompleted("r", usage({ totalTokens: 1 }))).toMatchObject({
      response: { usage: { total_tokens: 1 } },
    });
    expect(() => usage({ inputTokens: -1 })).toThrow(/inputTokens must be a non-negative integer/);
  });

  it("compose a streamed text answer: created, added, deltas, done, completed", () => {
    const events = textResponse("Hello world", { deltas: 3, id: "resp_9", itemId: "msg_9" });
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    const deltas = events.filter((e) => e.type === "response.output_text.delta").map((e) => e["delta"]);
    expect(deltas.join("")).toBe("Hello world");
    expect(textResponse("x", { deltas: ["a", "b"] }).filter((e) => e["delta"] !== undefined)).toHaveLength(2);
    // Code points are never split, so a delta is always valid UTF-8.
    expect(
      textResponse("😀😀", { deltas: 2 })
        .map((e) => e["delta"])
        .filter(Boolean),
    ).toEqual(["😀", "😀"]);
  });

  it("split a text of at least n characters into exactly n non-empty deltas (property)", () => {
    const deltasOf = (text: string, n: number): unknown[] =>
      textResponse(text, { deltas: n })
        .filter((e) => e.type === "response.output_text.delta")
        .map((e) => e["delta"]);
    expect(deltasOf("slow", 3)).toEqual(["sl", "o", "w"]);
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        (text, n) => {
          const deltas = deltasOf(text, n) as string[];
          const length = Array.from(text).length;
          expect(deltas.join("")).toBe(text);
          expect(deltas).toHaveLength(length === 0 ? 1 : Math.min(n, length));
          if (length > 0) expect(deltas.every((d) => d !== "")).toBe(true);
          const sizes = deltas.map((d) => Array.from(d).length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          for (const d of deltas) expect(loneSurrogateIndex(d)).toBe(-1);
        },
      ),
    );
  });

  it("give every generated response and item a fresh id", () => {
    const [a, b] = [textResponse("a"), textResponse("b")];
    expect(a[0]).not.toEqual(b[0]);
    expect(a[1]).not.toEqual(b[1]);
  });

  it("compose tool-call and failing responses", () => {
    expect(toolCallResponse("call_1", "t", {}, { id: "r1" }).map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(shellCommandResponse("call_1", "ls")[1]?.["item"]).toMatchObject({ name: "exec_command" });
    expect(failedResponse("bad", { id: "r2", code: "rate_limit_exceeded" })).toEqual([
      responseCreated("r2"),
      responseFailed("r2", "bad", "rate_limit_exceeded"),
    ]);
  });

  it("encode one frame per event, with the JSON on a single data line", () => {
    expect(encodeSseEvent(outputTextDelta("m", "a\nb"))).toBe(
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"m","output_index":0,"content_index":0,"delta":"a\\nb"}\n\n',
    );
    expect(() => encodeSseEvent({ type: "" })).toThrow(/non-empty string `type`/);
  });

  it("reject bad arguments with the builder's name", () => {
    expect(() => responseCreated("")).toThrow(/responseCreated: responseId must be a non-empty string/);
    expect(() => functionCall("c", "n", [] as unknown as string)).toThrow(
      /functionCall: args must be an object or a JSON string/,
    );
    expect(() => shellCall("c", "")).toThrow(/shellCall: cmd must be a non-empty string/);
    expect(() => textResponse("x", { deltas: 0 })).toThrow(/parts must be an integer >= 1/);
  });
});
