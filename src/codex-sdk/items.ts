/**
 * The items and events of `@openai/codex-sdk` (the JSONL of `codex exec --experimental-json`),
 * with the same `type` strings and field names, so code written against that package type-checks
 * against this entry point unchanged.
 *
 * @module
 */
import type { ContentBlock } from "@modelcontextprotocol/sdk/types.js";

/** The status of a command execution. */
export type CommandExecutionStatus = "in_progress" | "completed" | "failed";

/** A command executed by the agent. */
export type CommandExecutionItem = {
  id: string;
  type: "command_execution";
  /** The command line executed by the agent. */
  command: string;
  /** Aggregated stdout and stderr captured while the command was running. */
  aggregated_output: string;
  /** Set when the command exits; omitted while still running. */
  exit_code?: number;
  /** Current status of the command execution. */
  status: CommandExecutionStatus;
};

/** Indicates the type of the file change. */
export type PatchChangeKind = "add" | "delete" | "update";

/** One file of a {@link FileChangeItem}. */
export type FileUpdateChange = {
  path: string;
  kind: PatchChangeKind;
};

/** The status of a file change. */
export type PatchApplyStatus = "completed" | "failed";

/** A set of file changes by the agent. Emitted once the patch succeeds or fails. */
export type FileChangeItem = {
  id: string;
  type: "file_change";
  /** Individual file changes that comprise the patch. */
  changes: FileUpdateChange[];
  /** Whether the patch ultimately succeeded or failed. */
  status: PatchApplyStatus;
};

/** The status of an MCP tool call. */
export type McpToolCallStatus = "in_progress" | "completed" | "failed";

/** A call to an MCP tool: starts when the call is dispatched, completes when the server answers. */
export type McpToolCallItem = {
  id: string;
  type: "mcp_tool_call";
  /** Name of the MCP server handling the request. */
  server: string;
  /** The tool invoked on the MCP server. */
  tool: string;
  /** Arguments forwarded to the tool invocation. */
  arguments: unknown;
  /** Result payload returned by the MCP server for successful calls. */
  result?: {
    content: ContentBlock[];
    _meta?: unknown;
    structured_content: unknown;
  };
  /** Error message reported for failed calls. */
  error?: {
    message: string;
  };
  /** Current status of the tool invocation. */
  status: McpToolCallStatus;
};

/** Response from the agent: natural-language text, or JSON when an output schema was given. */
export type AgentMessageItem = {
  id: string;
  type: "agent_message";
  /** Either natural-language text or JSON when structured output is requested. */
  text: string;
};

/** The agent's reasoning summary. */
export type ReasoningItem = {
  id: string;
  type: "reasoning";
  text: string;
};

/** A web search request; completes when results are returned to the agent. */
export type WebSearchItem = {
  id: string;
  type: "web_search";
  query: string;
};

/** A non-fatal error surfaced as an item (a warning of the runtime, say). */
export type ErrorItem = {
  id: string;
  type: "error";
  message: string;
};

/** An entry of the agent's to-do list. */
export type TodoItem = {
  text: string;
  completed: boolean;
};

/** The agent's running to-do list: starts with the plan, updates as steps change, completes with the turn. */
export type TodoListItem = {
  id: string;
  type: "todo_list";
  items: TodoItem[];
};

/** Every item of a thread, discriminated by `type`. */
export type ThreadItem =
  | AgentMessageItem
  | ReasoningItem
  | CommandExecutionItem
  | FileChangeItem
  | McpToolCallItem
  | WebSearchItem
  | TodoListItem
  | ErrorItem;

/** The first event of every run: the thread it runs on. */
export type ThreadStartedEvent = {
  type: "thread.started";
  /** The identifier of the thread. Can be used to resume the thread later. */
  thread_id: string;
};

/** The turn started: the prompt was sent to the agent. */
export type TurnStartedEvent = {
  type: "turn.started";
};

/**
 * Token usage. As with `@openai/codex-sdk`, the numbers are the thread's running totals reported
 * by the runtime at the end of the turn (a second run reports both turns), not the turn's alone.
 */
export type Usage = {
  /** Input tokens. */
  input_tokens: number;
  /** Cached input tokens. */
  cached_input_tokens: number;
  /** Input tokens written to the prompt cache. */
  cache_write_input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
  /** Reasoning output tokens. */
  reasoning_output_tokens: number;
};

/** The turn completed (right after the agent's final response). */
export type TurnCompletedEvent = {
  type: "turn.completed";
  usage: Usage;
};

/** The turn failed; `error.message` is the runtime's message. */
export type TurnFailedEvent = {
  type: "turn.failed";
  error: ThreadError;
};

/** An item was added to the thread (usually `in_progress`). */
export type ItemStartedEvent = {
  type: "item.started";
  item: ThreadItem;
};

/** An item changed. */
export type ItemUpdatedEvent = {
  type: "item.updated";
  item: ThreadItem;
};

/** An item reached its final state, success or failure. */
export type ItemCompletedEvent = {
  type: "item.completed";
  item: ThreadItem;
};

/** The error of a failed turn. */
export type ThreadError = {
  message: string;
};

/** An error the runtime reported during the turn (a retried stream error, say). */
export type ThreadErrorEvent = {
  type: "error";
  message: string;
};

/** Every event of a run, discriminated by `type`. */
export type ThreadEvent =
  | ThreadStartedEvent
  | TurnStartedEvent
  | TurnCompletedEvent
  | TurnFailedEvent
  | ItemStartedEvent
  | ItemUpdatedEvent
  | ItemCompletedEvent
  | ThreadErrorEvent;
