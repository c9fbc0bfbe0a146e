/**
 * Maps the app-server's notifications of one turn to the events and items of `@openai/codex-sdk`,
 * the way `codex exec --experimental-json` does: items get ids `item_0`, `item_1`… per run; agent
 * messages and reasoning appear only once completed (reasoning with an empty summary not at all);
 * commands, MCP calls and web searches start then complete; a file change appears once applied; the
 * plan becomes a `todo_list` completed with the turn; runtime warnings become `error` items; the
 * usage is the thread's running total.
 *
 * @module
 */
import type { Notification } from "../api/events.js";
import type { ThreadItem as SdkItem } from "../generated/v2/ThreadItem.js";
import type { ThreadTokenUsage } from "../generated/v2/ThreadTokenUsage.js";
import type { TurnError } from "../generated/v2/TurnError.js";
import type { TurnPlanStep } from "../generated/v2/TurnPlanStep.js";
import type { McpToolCallItem, ThreadEvent, ThreadItem, TodoItem, Usage } from "./items.js";

type McpContent = NonNullable<McpToolCallItem["result"]>["content"];

type Status = "inProgress" | "completed" | "failed" | "declined";

function runStatus(status: Status): "in_progress" | "completed" | "failed" {
  if (status === "inProgress") return "in_progress";
  return status === "completed" ? "completed" : "failed";
}

function withDetails(message: string, details: string | null | undefined): string {
  return details ? `${message} (${details})` : message;
}

/** The runtime's message for a failed turn, as `codex exec` words it. */
export function turnErrorMessage(error: TurnError | null | undefined): string | undefined {
  return error ? withDetails(error.message, error.additionalDetails) : undefined;
}

function todoItems(plan: readonly TurnPlanStep[]): TodoItem[] {
  return plan.map((step) => ({ text: step.step, completed: step.status === "completed" }));
}

/** The state of one run: item ids, the running to-do list, the last usage and error. */
export class RunMapper {
  #next = 0;
  readonly #ids = new Map<string, string>();
  #todo: { id: string; items: TodoItem[] } | undefined;
  #usage: ThreadTokenUsage | undefined;
  #lastError: string | undefined;

  #newId(): string {
    return `item_${this.#next++}`;
  }

  #startedId(rawId: string): string {
    let id = this.#ids.get(rawId);
    if (id === undefined) {
      id = this.#newId();
      this.#ids.set(rawId, id);
    }
    return id;
  }

  #completedId(rawId: string): string {
    const id = this.#ids.get(rawId);
    this.#ids.delete(rawId);
    return id ?? this.#newId();
  }

  /** An `error` item for a warning of the runtime. */
  warning(message: string): ThreadEvent {
    return { type: "item.completed", item: { id: this.#newId(), type: "error", message } };
  }

  /** The events one notification of the turn maps to (often none). */
  map(n: Notification): ThreadEvent[] {
    switch (n.method) {
      case "turn/started":
        return [{ type: "turn.started" }];
      case "item/started": {
        const item = n.params.item;
        // Messages and reasoning are reported whole, once completed; a file change once applied.
        if (item.type === "agentMessage" || item.type === "reasoning" || item.type === "fileChange")
          return [];
        const mapped = convert(item, () => this.#startedId(item.id));
        return mapped ? [{ type: "item.started", item: mapped }] : [];
      }
      case "item/completed": {
        const item = n.params.item;
        const mapped = convert(item, () =>
          item.type === "agentMessage" || item.type === "reasoning"
            ? this.#newId()
            : this.#completedId(item.id),
        );
        return mapped ? [{ type: "item.completed", item: mapped }] : [];
      }
      case "turn/plan/updated": {
        const items = todoItems(n.params.plan);
        if (this.#todo) {
          this.#todo.items = items;
          return [{ type: "item.updated", item: { id: this.#todo.id, type: "todo_list", items } }];
        }
        this.#todo = { id: this.#newId(), items };
        return [{ type: "item.started", item: { id: this.#todo.id, type: "todo_list", items } }];
      }
      case "thread/tokenUsage/updated":
        this.#usage = n.params.tokenUsage;
        return [];
      case "error": {
        const message = withDetails(n.params.error.message, n.params.error.additionalDetails);
        this.#lastError = message;
        return [{ type: "error", message }];
      }
      case "model/rerouted":
        return [
          this.warning(`model rerouted: ${n.params.fromModel} -> ${n.params.toModel} (${n.params.reason})`),
        ];
      case "turn/completed":
        return this.#completed(n.params.turn);
      default:
        return [];
    }
  }

  #completed(turn: Extract<Notification, { method: "turn/completed" }>["params"]["turn"]): ThreadEvent[] {
    const events: ThreadEvent[] = [];
    if (this.#todo) {
      events.push({
        type: "item.completed",
        item: { id: this.#todo.id, type: "todo_list", items: this.#todo.items },
      });
      this.#todo = undefined;
    }
    // Items that started but never completed are reported completed with their last state.
    for (const item of turn.items) {
      if (!this.#ids.has(item.id)) continue;
      const mapped = convert(item, () => this.#completedId(item.id));
      if (mapped) events.push({ type: "item.completed", item: mapped });
    }
    if (turn.status === "completed") events.push({ type: "turn.completed", usage: this.usage() });
    else if (turn.status === "failed") {
      const message = turnErrorMessage(turn.error) ?? this.#lastError ?? "turn failed";
      events.push({ type: "turn.failed", error: { message } });
    }
    return events;
  }

  /** The thread's running total, zeros when the runtime reported none. */
  usage(): Usage {
    const total = this.#usage?.total;
    return {
      input_tokens: total?.inputTokens ?? 0,
      cached_input_tokens: total?.cachedInputTokens ?? 0,
      cache_write_input_tokens: total?.cacheWriteInputTokens ?? 0,
      output_tokens: total?.outputTokens ?? 0,
      reasoning_output_tokens: total?.reasoningOutputTokens ?? 0,
    };
  }
}

/** One item of this SDK as an item of `@openai/codex-sdk`; `undefined` for kinds it does not report. */
export function convert(item: SdkItem, id: () => string): ThreadItem | undefined {
  switch (item.type) {
    case "agentMessage":
      return { id: id(), type: "agent_message", text: item.text };
    case "reasoning": {
      const text = item.summary.join("\n");
      return text.trim() === "" ? undefined : { id: id(), type: "reasoning", text };
    }
    case "commandExecution": {
      const mapped: ThreadItem = {
        id: id(),
        type: "command_execution",
        command: item.command,
        aggregated_output: item.aggregatedOutput ?? "",
        status: runStatus(item.status),
      };
      if (item.exitCode !== null && item.exitCode !== undefined) mapped.exit_code = item.exitCode;
      return mapped;
    }
    case "fileChange":
      return {
        id: id(),
        type: "file_change",
        changes: item.changes.map((c) => ({ path: c.path, kind: c.kind.type })),
        status: item.status === "completed" ? "completed" : "failed",
      };
    case "mcpToolCall": {
      const mapped: McpToolCallItem = {
        id: id(),
        type: "mcp_tool_call",
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        status: runStatus(item.status),
      };
      if (item.result) {
        mapped.result = {
          // The runtime forwards the MCP server's content blocks as it received them.
          content: item.result.content as unknown as McpContent,
          structured_content: item.result.structuredContent,
        };
      }
      if (item.error) mapped.error = { message: item.error.message };
      return mapped;
    }
    case "webSearch":
      return { id: id(), type: "web_search", query: item.query };
    default:
      return undefined;
  }
}
