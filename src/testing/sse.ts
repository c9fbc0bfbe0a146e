/**
 * Builders for the Server-Sent Events a Responses API stream is made of.
 *
 * Each builder returns one plain {@link SseEvent} object (`{ type, ...payload }`); the mock server
 * turns it into the wire frame `event: <type>\ndata: <json>\n\n`. Composite helpers
 * ({@link textResponse}, {@link toolCallResponse}, {@link shellCommandResponse}) return the whole
 * event list of one model response, which is what `MockResponsesServer.enqueue` takes.
 *
 * The shapes are the ones `codex app-server` 0.169 consumes: `response.created`, then output items
 * (`response.output_item.added`, `response.output_text.delta`, `response.output_item.done`), then
 * `response.completed` (or `response.failed`). Fields the runtime ignores are left out on purpose so
 * a test reads like the conversation it scripts.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.js";

/** One Responses API stream event: its `type` plus the event's payload fields. */
export interface SseEvent {
  /** The event type, e.g. `response.output_text.delta`; also the frame's `event:` line. */
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Token usage reported by `response.completed`, in the Responses API's snake_case wire form. */
export interface ResponseUsage {
  readonly input_tokens: number;
  readonly input_tokens_details: { readonly cached_tokens: number };
  readonly output_tokens: number;
  readonly output_tokens_details: { readonly reasoning_tokens: number };
  readonly total_tokens: number;
}

/** The friendlier input of {@link usage}: every count is optional. */
export interface UsageCounts {
  /** Default 10. */
  readonly inputTokens?: number;
  /** Default 0. */
  readonly cachedInputTokens?: number;
  /** Default 5. */
  readonly outputTokens?: number;
  /** Default 0. */
  readonly reasoningOutputTokens?: number;
  /** Defaults to `inputTokens + outputTokens`. */
  readonly totalTokens?: number;
}

/** The `phase` of an assistant message: progress commentary, or the turn's final answer. */
export type MessagePhase = "commentary" | "final_answer";

// A process-wide counter keeps generated ids unique across every stream a test file builds, so two
// responses never share an item id by accident (the runtime keys agent messages by that id).
let idCounter = 0;
function nextId(prefix: string): string {
  idCounter += 1;
  return `${prefix}_mock_${idCounter}`;
}

function requireNonEmpty(value: unknown, what: string, fn: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidArgumentError(`${fn}: ${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireCount(value: unknown, what: string, fn: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${fn}: ${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Builds a {@link ResponseUsage}. Every count defaults to a small fixed value so usage assertions
 * in tests stay deterministic.
 *
 * @example
 * ```ts
 * responseCompleted("resp_1", usage({ inputTokens: 100, outputTokens: 20 })); // total_tokens: 120
 * ```
 */
export function usage(counts: UsageCounts = {}): ResponseUsage {
  const input = requireCount(counts.inputTokens ?? 10, "inputTokens", "usage");
  const output = requireCount(counts.outputTokens ?? 5, "outputTokens", "usage");
  return {
    input_tokens: input,
    input_tokens_details: {
      cached_tokens: requireCount(counts.cachedInputTokens ?? 0, "cachedInputTokens", "usage"),
    },
    output_tokens: output,
    output_tokens_details: {
      reasoning_tokens: requireCount(counts.reasoningOutputTokens ?? 0, "reasoningOutputTokens", "usage"),
    },
    total_tokens: requireCount(counts.totalTokens ?? input + output, "totalTokens", "usage"),
  };
}

/** `response.created`: opens a model response. The runtime expects it first. */
export function responseCreated(responseId: string = nextId("resp")): SseEvent {
  requireNonEmpty(responseId, "responseId", "responseCreated");
  return { type: "response.created", response: { id: responseId } };
}

/** `response.output_item.added` for an arbitrary output item (see {@link messageItemAdded}). */
export function outputItemAdded(item: Readonly<Record<string, unknown>>): SseEvent {
  if (typeof item !== "object" || item === null || typeof item["type"] !== "string") {
    throw new InvalidArgumentError("outputItemAdded: item must be an object with a string `type`");
  }
  return { type: "response.output_item.added", item };
}

/**
 * `response.output_item.added` for an empty assistant message. Send it before the
 * {@link outputTextDelta} events of `itemId`: the runtime starts the `agentMessage` item here.
 */
export function messageItemAdded(itemId: string): SseEvent {
  requireNonEmpty(itemId, "itemId", "messageItemAdded");
  return outputItemAdded({ type: "message", role: "assistant", id: itemId, content: [] });
}

/** `response.output_text.delta`: one streamed piece of the message `itemId`. Each becomes one `item/agentMessage/delta`. */
export function outputTextDelta(itemId: string, delta: string): SseEvent {
  requireNonEmpty(itemId, "itemId", "outputTextDelta");
  if (typeof delta !== "string") throw new InvalidArgumentError("outputTextDelta: delta must be a string");
  return { type: "response.output_text.delta", item_id: itemId, output_index: 0, content_index: 0, delta };
}

/**
 * `response.output_item.done` with a complete assistant message. Its `text` is what the runtime
 * keeps as the agent message, whatever deltas preceded it.
 */
export function assistantMessage(
  itemId: string,
  text: string,
  options: { phase?: MessagePhase } = {},
): SseEvent {
  requireNonEmpty(itemId, "itemId", "assistantMessage");
  if (typeof text !== "string") throw new InvalidArgumentError("assistantMessage: text must be a string");
  const item: Record<string, unknown> = {
    type: "message",
    role: "assistant",
    id: itemId,
    content: [{ type: "output_text", text, annotations: [] }],
  };
  if (options.phase !== undefined) item["phase"] = options.phase;
  return { type: "response.output_item.done", item };
}

/**
 * `response.output_item.done` with a `function_call`: the model calls tool `name`. `args` may be an
 * object (serialised for you) or the raw JSON string the model would send. The runtime answers in
 * the next request with a `function_call_output` whose `call_id` is `callId`.
 */
export function functionCall(
  callId: string,
  name: string,
  args: Readonly<Record<string, unknown>> | string,
): SseEvent {
  requireNonEmpty(callId, "callId", "functionCall");
  requireNonEmpty(name, "name", "functionCall");
  if (typeof args !== "string" && (typeof args !== "object" || args === null || Array.isArray(args))) {
    throw new InvalidArgumentError("functionCall: args must be an object or a JSON string");
  }
  const argumentsJson = typeof args === "string" ? args : JSON.stringify(args);
  return {
    type: "response.output_item.done",
    item: { type: "function_call", id: `fc_${callId}`, call_id: callId, name, arguments: argumentsJson },
  };
}

/** Options of {@link shellCall}: the optional `exec_command` arguments tests use. */
export interface ShellCallOptions {
  /** `"require_escalated"` asks to run outside the sandbox (an approval under `on-request`). */
  readonly sandboxPermissions?: "use_default" | "require_escalated" | undefined;
  /** Shown to the user in the approval request (`reason`). */
  readonly justification?: string | undefined;
  /** Working directory; defaults to the thread's cwd. */
  readonly workdir?: string | undefined;
}

/**
 * A `function_call` to the shell tool. With `unified_exec` (the 0.169 default) the shell tool is
 * `exec_command`, taking `{ cmd, sandbox_permissions?, justification?, workdir? }`.
 *
 * @example
 * ```ts
 * shellCall("call_1", "echo hi > out.txt");
 * ```
 */
export function shellCall(callId: string, cmd: string, options: ShellCallOptions = {}): SseEvent {
  requireNonEmpty(cmd, "cmd", "shellCall");
  const args: Record<string, unknown> = { cmd };
  if (options.sandboxPermissions !== undefined) args["sandbox_permissions"] = options.sandboxPermissions;
  if (options.justification !== undefined) args["justification"] = options.justification;
  if (options.workdir !== undefined) args["workdir"] = options.workdir;
  return functionCall(callId, "exec_command", args);
}

/** `response.completed`: ends a response successfully. `usage` defaults to {@link usage}`()`. */
export function responseCompleted(responseId: string, responseUsage: ResponseUsage = usage()): SseEvent {
  requireNonEmpty(responseId, "responseId", "responseCompleted");
  return { type: "response.completed", response: { id: responseId, usage: responseUsage } };
}

/** `response.failed`: ends a response with an error; the turn completes with status `failed`. */
export function responseFailed(responseId: string, message: string, code = "server_error"): SseEvent {
  requireNonEmpty(responseId, "responseId", "responseFailed");
  requireNonEmpty(message, "message", "responseFailed");
  return { type: "response.failed", response: { id: responseId, error: { code, message } } };
}

/** Options of {@link textResponse}. */
export interface TextResponseOptions {
  /**
   * How the text is streamed: a number `n` splits it into `n` non-empty deltas whose lengths differ
   * by at most one code point, longer ones first (default 1). A text of fewer than `n` characters
   * gives one delta per character; the empty text one empty delta.
   * an array gives the deltas themselves (their concatenation need not equal `text`, which lets a
   * test check that the final message wins).
   */
  readonly deltas?: number | readonly string[] | undefined;
  /** The response id (default: a fresh `resp_mock_N`). */
  readonly id?: string | undefined;
  /** The message item id (default: a fresh `msg_mock_N`). */
  readonly itemId?: string | undefined;
  /** Usage reported by `response.completed` (default: {@link usage}`()`). */
  readonly usage?: ResponseUsage | undefined;
  /** The message's `phase`; `final_answer` marks it as the turn's answer. */
  readonly phase?: MessagePhase | undefined;
}

/**
 * Splits `text` into `parts` non-empty pieces whose lengths (in code points, so a surrogate pair is
 * never split) differ by at most one, longer pieces first; joined, they are `text`. A text shorter
 * than `parts` gives one piece per code point (fewer than `parts`, never an empty piece); the empty
 * text gives one empty piece, so a stream always has at least one delta.
 *
 * @example
 * ```ts
 * splitText("slow", 3); // ["sl", "o", "w"]
 * splitText("hi", 5); // ["h", "i"]
 * ```
 */
export function splitText(text: string, parts: number): string[] {
  if (!Number.isInteger(parts) || parts < 1)
    throw new InvalidArgumentError(`splitText: parts must be an integer >= 1`);
  const chars = Array.from(text);
  if (chars.length === 0) return [""];
  const count = Math.min(parts, chars.length);
  const base = Math.floor(chars.length / count);
  const longer = chars.length % count;
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const end = start + base + (i < longer ? 1 : 0);
    pieces.push(chars.slice(start, end).join(""));
    start = end;
  }
  return pieces;
}

/**
 * A complete text answer: created → message added → deltas → message done → completed.
 *
 * @example
 * ```ts
 * mock.enqueue(textResponse("Hello there", { deltas: ["Hel", "lo ", "there"] }));
 * ```
 */
export function textResponse(text: string, options: TextResponseOptions = {}): SseEvent[] {
  if (typeof text !== "string") throw new InvalidArgumentError("textResponse: text must be a string");
  const id = options.id ?? nextId("resp");
  const itemId = options.itemId ?? nextId("msg");
  const deltas =
    typeof options.deltas === "object" ? [...options.deltas] : splitText(text, options.deltas ?? 1);
  return [
    responseCreated(id),
    messageItemAdded(itemId),
    ...deltas.map((delta) => outputTextDelta(itemId, delta)),
    assistantMessage(itemId, text, options.phase === undefined ? {} : { phase: options.phase }),
    responseCompleted(id, options.usage),
  ];
}

/** Options of {@link toolCallResponse} and {@link shellCommandResponse}. */
export interface ToolCallResponseOptions {
  /** The response id (default: a fresh `resp_mock_N`). */
  readonly id?: string | undefined;
  /** Usage reported by `response.completed` (default: {@link usage}`()`). */
  readonly usage?: ResponseUsage | undefined;
}

/**
 * A complete response whose only output is one tool call: created → function_call → completed.
 * The runtime runs the tool and sends a follow-up request, so queue the next response too.
 */
export function toolCallResponse(
  callId: string,
  name: string,
  args: Readonly<Record<string, unknown>> | string,
  options: ToolCallResponseOptions = {},
): SseEvent[] {
  const id = options.id ?? nextId("resp");
  return [responseCreated(id), functionCall(callId, name, args), responseCompleted(id, options.usage)];
}

/** One call of {@link toolCallsResponse}: the model's call id, the tool's name and its arguments. */
export interface ToolCallSpec {
  /** The model's id of the call (the `call_id` of its `function_call_output`). */
  readonly callId: string;
  /** The tool's name, as the model calls it. */
  readonly name: string;
  /** The arguments: an object (serialised for you) or the raw JSON string. */
  readonly args: Readonly<Record<string, unknown>> | string;
  /** The tool's namespace, for a tool declared inside one (`toolNamespace()`). */
  readonly namespace?: string | undefined;
}

/**
 * A complete response whose output is several tool calls at once: the runtime runs them (custom
 * tools concurrently) and sends one follow-up request with every output.
 *
 * @example
 * ```ts
 * mock.enqueue(toolCallsResponse([
 *   { callId: "call_a", name: "lookup", args: { id: 1 } },
 *   { callId: "call_b", name: "lookup", args: { id: 2 } },
 * ]));
 * mock.enqueue(textResponse("Both found."));
 * ```
 */
export function toolCallsResponse(
  calls: readonly ToolCallSpec[],
  options: ToolCallResponseOptions = {},
): SseEvent[] {
  const id = options.id ?? nextId("resp");
  const items = calls.map((c) => {
    const event = functionCall(c.callId, c.name, c.args);
    if (c.namespace === undefined) return event;
    return { ...event, item: { ...(event["item"] as Record<string, unknown>), namespace: c.namespace } };
  });
  return [responseCreated(id), ...items, responseCompleted(id, options.usage)];
}

/**
 * A complete response that runs one shell command through `exec_command` (see {@link shellCall}).
 *
 * @example
 * ```ts
 * mock.enqueue(shellCommandResponse("call_1", "echo hi > out.txt"));
 * mock.enqueue(textResponse("Done."));
 * ```
 */
export function shellCommandResponse(
  callId: string,
  cmd: string,
  options: ToolCallResponseOptions & ShellCallOptions = {},
): SseEvent[] {
  const id = options.id ?? nextId("resp");
  return [responseCreated(id), shellCall(callId, cmd, options), responseCompleted(id, options.usage)];
}

/**
 * A complete response that fails: created → `response.failed`. The turn completes with status
 * `failed` and the error message contains `message`.
 */
export function failedResponse(message: string, options: { id?: string; code?: string } = {}): SseEvent[] {
  const id = options.id ?? nextId("resp");
  return [responseCreated(id), responseFailed(id, message, options.code)];
}

/** Encodes one event as its SSE wire frame: `event: <type>\ndata: <json>\n\n`. */
export function encodeSseEvent(event: SseEvent): string {
  if (typeof event !== "object" || event === null || typeof event.type !== "string" || event.type === "") {
    throw new InvalidArgumentError(
      "encodeSseEvent: an event must be an object with a non-empty string `type`",
    );
  }
  // JSON.stringify never emits a raw newline, so the data fits on one `data:` line as SSE requires.
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
