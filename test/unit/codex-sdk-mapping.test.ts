/**
 * The drop-in's pure parts, on notifications and items made up here: what the real binary cannot
 * be made to produce on demand with the mock (plans, file changes, MCP results, empty reasoning,
 * items left unfinished at turn end, failure details), and the `config` flattening. The scenarios
 * against the real binary are in test/integration/codex-sdk-compat.test.ts.
 */
import { describe, expect, it } from "vitest";

import type { Notification } from "../../src/api/events.js";
import { RunMapper } from "../../src/codex-sdk/events.js";
import { flattenConfig } from "../../src/codex-sdk/options.js";
import type { ThreadItem } from "../../src/generated/v2/ThreadItem.js";

const ids = { threadId: "t", turnId: "u" };

function n(method: string, params: Record<string, unknown>): Notification {
  return { method, params: { ...ids, ...params } } as unknown as Notification;
}
const started = (item: Partial<ThreadItem>) => n("item/started", { item });
const completed = (item: Partial<ThreadItem>) => n("item/completed", { item });
function turnCompleted(
  status: string,
  items: Partial<ThreadItem>[] = [],
  error: unknown = null,
): Notification {
  return n("turn/completed", { turn: { id: "u", items, status, error } });
}

describe("RunMapper", () => {
  it("reports messages and reasoning once completed, skips empty reasoning, and numbers items per run", () => {
    const m = new RunMapper();
    expect(m.map(started({ type: "agentMessage", id: "a", text: "" }))).toEqual([]);
    expect(m.map(completed({ type: "reasoning", id: "r0", summary: [" "], content: [] }))).toEqual([]);
    expect(m.map(completed({ type: "reasoning", id: "r1", summary: ["one", "two"], content: [] }))).toEqual([
      { type: "item.completed", item: { id: "item_0", type: "reasoning", text: "one\ntwo" } },
    ]);
    expect(m.map(completed({ type: "agentMessage", id: "a", text: "hi" }))).toEqual([
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "hi" } },
    ]);
    expect(m.map(completed({ type: "userMessage", id: "x" }))).toEqual([]);
  });

  it("maps a file change once applied (declined as failed), and an MCP call with its result", () => {
    const m = new RunMapper();
    const change = {
      type: "fileChange",
      id: "f",
      status: "declined",
      changes: [{ path: "/w/a.txt", kind: { type: "update", move_path: null }, diff: "" }],
    } as Partial<ThreadItem>;
    expect(m.map(started({ ...change, status: "inProgress" }))).toEqual([]);
    expect(m.map(completed(change))).toEqual([
      {
        type: "item.completed",
        item: {
          id: "item_0",
          type: "file_change",
          changes: [{ path: "/w/a.txt", kind: "update" }],
          status: "failed",
        },
      },
    ]);
    const call = {
      type: "mcpToolCall",
      id: "c",
      server: "docs",
      tool: "find",
      arguments: { q: 1 },
      error: null,
    };
    const [start] = m.map(started({ ...call, status: "inProgress", result: null } as Partial<ThreadItem>));
    expect(start).toEqual({
      type: "item.started",
      item: {
        id: "item_1",
        type: "mcp_tool_call",
        server: "docs",
        tool: "find",
        arguments: { q: 1 },
        status: "in_progress",
      },
    });
    const result = { content: [{ type: "text", text: "found" }], structuredContent: { n: 1 }, _meta: null };
    expect(m.map(completed({ ...call, status: "completed", result } as Partial<ThreadItem>))).toEqual([
      {
        type: "item.completed",
        item: {
          id: "item_1",
          type: "mcp_tool_call",
          server: "docs",
          tool: "find",
          arguments: { q: 1 },
          status: "completed",
          result: { content: [{ type: "text", text: "found" }], structured_content: { n: 1 } },
        },
      },
    ]);
  });

  it("turns the plan into a todo_list that starts, updates and completes with the turn; usage is the total", () => {
    const m = new RunMapper();
    const plan = (done: boolean) => [
      { step: "read", status: "completed" },
      { step: "fix", status: done ? "completed" : "inProgress" },
    ];
    expect(m.map(n("turn/plan/updated", { explanation: null, plan: plan(false) }))[0]).toEqual({
      type: "item.started",
      item: {
        id: "item_0",
        type: "todo_list",
        items: [
          { text: "read", completed: true },
          { text: "fix", completed: false },
        ],
      },
    });
    expect(m.map(n("turn/plan/updated", { explanation: null, plan: plan(true) }))[0]?.type).toBe(
      "item.updated",
    );
    const total = {
      totalTokens: 9,
      inputTokens: 7,
      cachedInputTokens: 1,
      cacheWriteInputTokens: 2,
      outputTokens: 2,
      reasoningOutputTokens: 1,
    };
    const last = { ...total, inputTokens: 3 };
    m.map(n("thread/tokenUsage/updated", { tokenUsage: { total, last, modelContextWindow: null } }));
    expect(m.map(turnCompleted("completed"))).toEqual([
      {
        type: "item.completed",
        item: {
          id: "item_0",
          type: "todo_list",
          items: [
            { text: "read", completed: true },
            { text: "fix", completed: true },
          ],
        },
      },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 7,
          cached_input_tokens: 1,
          cache_write_input_tokens: 2,
          output_tokens: 2,
          reasoning_output_tokens: 1,
        },
      },
    ]);
  });

  it("completes items left unfinished at turn end, and words a failure with its details (or the last error)", () => {
    const m = new RunMapper();
    const command = {
      type: "commandExecution",
      id: "c",
      command: "sleep 9",
      aggregatedOutput: null,
      exitCode: null,
    };
    m.map(started({ ...command, status: "inProgress" } as Partial<ThreadItem>));
    expect(
      m.map(
        n("error", { error: { message: "stream lost", additionalDetails: "retry 1/5" }, willRetry: true }),
      ),
    ).toEqual([{ type: "error", message: "stream lost (retry 1/5)" }]);
    const events = m.map(
      turnCompleted("failed", [{ ...command, status: "failed" } as Partial<ThreadItem>], {
        message: "quota",
        additionalDetails: "try later",
      }),
    );
    expect(events).toEqual([
      {
        type: "item.completed",
        item: {
          id: "item_0",
          type: "command_execution",
          command: "sleep 9",
          aggregated_output: "",
          status: "failed",
        },
      },
      { type: "turn.failed", error: { message: "quota (try later)" } },
    ]);
    const other = new RunMapper();
    other.map(n("error", { error: { message: "boom", additionalDetails: null }, willRetry: false }));
    expect(other.map(turnCompleted("failed"))).toEqual([{ type: "turn.failed", error: { message: "boom" } }]);
    expect(new RunMapper().map(turnCompleted("interrupted"))).toEqual([]);
    expect(new RunMapper().usage()).toEqual({
      input_tokens: 0,
      cached_input_tokens: 0,
      cache_write_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
    });
  });
});

describe("flattenConfig", () => {
  it("flattens nested objects into dotted keys, keeps arrays and empty tables, skips undefined", () => {
    expect(
      flattenConfig({ a: 1, b: { c: "x", d: { e: true } }, f: [1, "two"], g: {}, h: undefined }),
    ).toEqual({ a: 1, "b.c": "x", "b.d.e": true, f: [1, "two"], g: {} });
  });

  it("refuses what TOML cannot hold, naming the path", () => {
    expect(() => flattenConfig({ a: { b: null } })).toThrow("Codex config override at a.b cannot be null");
    expect(() => flattenConfig({ n: Infinity })).toThrow("at n must be a finite number");
    expect(() => flattenConfig({ "": 1 })).toThrow("non-empty strings");
    expect(() => flattenConfig([1])).toThrow("must be a plain object");
  });
});
