import { describe, expect, it } from "vitest";
import { finalResponseOf, ResultCollector, TurnFailedError } from "../../src/api/turns/result.js";
import type { ThreadItem } from "../../src/generated/v2/ThreadItem.js";
import type { Notification } from "../../src/api/events.js";

function msg(text: string, phase: "commentary" | "final_answer" | null): ThreadItem {
  return {
    type: "agentMessage",
    id: `msg_${text}`,
    text,
    phase,
    moderation: null,
    memoryCitation: null,
    delivery: null,
    questions: null,
  };
}
const user: ThreadItem = { type: "userMessage", id: "u", clientId: null, content: [] };

describe("final response rule", () => {
  it("prefers the latest final_answer message", () => {
    expect(finalResponseOf([msg("a", "final_answer"), msg("b", null), msg("c", "final_answer")])).toBe("c");
    expect(
      finalResponseOf([msg("draft", null), msg("Final answer", "final_answer"), msg("x", "commentary")]),
    ).toBe("Final answer");
  });
  it("falls back to the latest phase-less message", () => {
    expect(finalResponseOf([msg("first", null), msg("second", null)])).toBe("second");
  });
  it("never uses commentary", () => {
    expect(finalResponseOf([msg("thinking", "commentary")])).toBeNull();
    expect(finalResponseOf([msg("answer", null), msg("thinking", "commentary")])).toBe("answer");
  });
  it("keeps an empty answer and returns null without messages", () => {
    expect(finalResponseOf([msg("", null)])).toBe("");
    expect(finalResponseOf([user])).toBeNull();
    expect(finalResponseOf([])).toBeNull();
  });
});

describe("ResultCollector", () => {
  it("collects completed items in order, the last usage, and the turn fields", () => {
    const c = new ResultCollector("turn-1");
    const usage = (n: number) => ({
      total: {
        totalTokens: n,
        inputTokens: n,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        outputTokens: 0,
        reasoningOutputTokens: 0,
      },
      last: {
        totalTokens: n,
        inputTokens: n,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        outputTokens: 0,
        reasoningOutputTokens: 0,
      },
      modelContextWindow: null,
    });
    const events = [
      { method: "item/completed", params: { threadId: "t", turnId: "turn-1", item: user } },
      {
        method: "thread/tokenUsage/updated",
        params: { threadId: "t", turnId: "turn-1", tokenUsage: usage(1) },
      },
      { method: "item/completed", params: { threadId: "t", turnId: "turn-1", item: msg("hi", null) } },
      {
        method: "thread/tokenUsage/updated",
        params: { threadId: "t", turnId: "turn-1", tokenUsage: usage(2) },
      },
      {
        method: "turn/completed",
        params: {
          threadId: "t",
          turn: {
            id: "turn-1",
            status: "completed",
            error: null,
            startedAt: 10,
            completedAt: 11,
            durationMs: 900,
            items: [],
            itemsView: "summary",
            rootTurnId: null,
          },
        },
      },
    ] as unknown as Notification[];
    for (const e of events) c.observe(e);
    const r = c.result();
    expect(r).toMatchObject({
      id: "turn-1",
      status: "completed",
      startedAt: 10,
      completedAt: 11,
      durationMs: 900,
      finalResponse: "hi",
    });
    expect(r.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(r.usage?.total.totalTokens).toBe(2);
  });

  it("TurnFailedError carries the message, codexErrorInfo and the result", () => {
    const c = new ResultCollector("t1");
    c.observe({
      method: "turn/completed",
      params: {
        threadId: "t",
        turn: {
          id: "t1",
          status: "failed",
          error: {
            message: "boom",
            codexErrorInfo: "serverOverloaded",
            additionalDetails: null,
            misalignment: null,
          },
          startedAt: 1,
          completedAt: 2,
          durationMs: 3,
          items: [],
          itemsView: "summary",
          rootTurnId: null,
        },
      },
    } as unknown as Notification);
    const err = new TurnFailedError(c.result());
    expect(err.message).toBe("boom");
    expect(err.codexErrorInfo).toBe("serverOverloaded");
    expect(err.result.status).toBe("failed");
    expect(err).toBeInstanceOf(Error);
  });
});
