/**
 * Span names and attributes for turns, items and server requests: the OpenTelemetry GenAI
 * semantic conventions where they apply (`gen_ai.*`), `codex.*` for the rest.
 *
 * @module
 */
import type { Attributes } from "@opentelemetry/api";

/** The longest string attribute value written (commands and tool arguments can be long). */
const MAX_ATTRIBUTE_CHARS = 1000;

type Item = Record<string, unknown> & { type?: unknown; id?: unknown; status?: unknown };

/** Item types that take time (they get a span from `item/started` to `item/completed`). */
const TIMED_ITEMS = new Set([
  "commandExecution",
  "fileChange",
  "mcpToolCall",
  "dynamicToolCall",
  "collabAgentToolCall",
  "webSearch",
  "imageGeneration",
  "contextCompaction",
]);

/** Whether `item` gets a span. */
export function isTimedItem(item: Item): boolean {
  return typeof item.type === "string" && TIMED_ITEMS.has(item.type);
}

/** `value` when it is a string, `fallback` otherwise. */
export function textOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function clip(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_ATTRIBUTE_CHARS ? `${text.slice(0, MAX_ATTRIBUTE_CHARS)}…` : text;
}

function set(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === "number" || typeof value === "boolean") attributes[key] = value;
  else if (typeof value === "string") attributes[key] = clip(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === "string")) attributes[key] = value;
}

/** The tool name of an item that is a tool call, for `execute_tool {name}`. */
function toolName(item: Item): string | undefined {
  switch (item.type) {
    case "commandExecution":
      return "shell";
    case "fileChange":
      return "apply_patch";
    case "mcpToolCall":
    case "dynamicToolCall":
    case "collabAgentToolCall":
      return typeof item.tool === "string" ? item.tool : undefined;
    case "webSearch":
      return "web_search";
    case "imageGeneration":
      return "image_generation";
    default:
      return undefined;
  }
}

/** Name and attributes of an item's span when it starts. */
export function itemStart(item: Item): { name: string; attributes: Attributes } {
  const attributes: Attributes = {};
  set(attributes, "codex.item.id", item.id);
  set(attributes, "codex.item.type", item.type);
  const tool = toolName(item);
  if (tool !== undefined) {
    attributes["gen_ai.operation.name"] = "execute_tool";
    attributes["gen_ai.tool.name"] = tool;
    set(attributes, "gen_ai.tool.call.id", item.id);
    attributes["gen_ai.tool.type"] = item.type === "mcpToolCall" ? "extension" : "function";
  }
  if (item.type === "commandExecution") {
    set(attributes, "codex.command", item.command);
    set(attributes, "codex.command.cwd", item.cwd);
  }
  if (item.type === "mcpToolCall") set(attributes, "codex.mcp.server", item.server);
  if (item.type === "dynamicToolCall") set(attributes, "codex.tool.namespace", item.namespace);
  return { name: tool === undefined ? `codex.item ${String(item.type)}` : `execute_tool ${tool}`, attributes };
}

/** Attributes of a completed item, and the error message when it failed. */
export function itemEnd(item: Item): { attributes: Attributes; error: string | undefined } {
  const attributes: Attributes = {};
  set(attributes, "codex.item.status", item.status);
  set(attributes, "codex.command.exit_code", item.exitCode);
  set(attributes, "codex.item.duration_ms", item.durationMs);
  if (item.type === "fileChange" && Array.isArray(item.changes)) {
    const paths = item.changes.map((c) => (c as { path?: unknown }).path).filter((p) => typeof p === "string");
    set(attributes, "codex.file_change.paths", paths);
  }
  if (item.type === "dynamicToolCall") set(attributes, "codex.tool.success", item.success);
  const status = item.status;
  const failed = status === "failed" || status === "declined" || item.success === false;
  const mcpError = (item.error as { message?: unknown } | null | undefined)?.message;
  const error = failed
    ? typeof mcpError === "string"
      ? mcpError
      : `${textOr(item.type, "item")} ${textOr(status, "failed")}`
    : undefined;
  return { attributes, error };
}

/** Name and attributes of a server request's span (an approval, a custom tool call, a question). */
export function serverRequestStart(method: string, params: Record<string, unknown>): { name: string; attributes: Attributes } {
  const attributes: Attributes = { "codex.server_request.method": method };
  set(attributes, "codex.item.id", params.itemId);
  if (method === "item/tool/call") {
    const tool = typeof params.tool === "string" ? params.tool : "tool";
    attributes["gen_ai.operation.name"] = "execute_tool";
    attributes["gen_ai.tool.name"] = tool;
    attributes["gen_ai.tool.type"] = "function";
    set(attributes, "gen_ai.tool.call.id", params.callId);
    set(attributes, "codex.tool.namespace", params.namespace);
    return { name: `execute_tool ${tool}`, attributes };
  }
  if (/approval/i.test(method)) {
    set(attributes, "codex.command", params.command);
    set(attributes, "codex.approval.reason", params.reason);
    return { name: `codex.approval ${method}`, attributes };
  }
  return { name: `codex.server_request ${method}`, attributes };
}

/** Attributes of the client's answer to a server request: the approval decision, the tool's success. */
export function serverRequestAnswer(result: unknown): Attributes {
  const attributes: Attributes = {};
  if (typeof result !== "object" || result === null) return attributes;
  const r = result as Record<string, unknown>;
  const decision = r.decision;
  if (typeof decision === "string") attributes["codex.approval.decision"] = decision;
  else if (typeof decision === "object" && decision !== null) {
    attributes["codex.approval.decision"] = Object.keys(decision)[0] ?? "unknown";
  }
  set(attributes, "codex.tool.success", r.success);
  return attributes;
}
