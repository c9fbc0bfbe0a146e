/**
 * OpenTelemetry spans from the messages of one connection: a span per JSON-RPC request (its
 * context sent as the request's W3C `trace`), a span per turn with the GenAI attributes, a child
 * span per timed item and per server request (approvals with their decision, custom tool calls).
 * It watches the wire (a {@link MessageTap}), so no other part of the SDK knows about tracing.
 *
 * @module
 */
import type { Context, Span } from "@opentelemetry/api";
import type { MessageTap } from "../../transport/tap.js";
import type { JsonRpcMessage } from "../../transport/transport.js";
import { textOr, itemEnd, itemStart, isTimedItem, serverRequestAnswer, serverRequestStart } from "./otel-attributes.js";
import { fail, type Otel } from "./otel.js";
import { TurnSpans, type TurnSpan } from "./otel-turns.js";

type Params = Record<string, unknown>;

interface OpenRequest {
  span: Span;
  method: string;
  turn: TurnSpan | undefined;
}

/** The spans of one connection. */
export class SpanTap implements MessageTap {
  readonly #otel: Otel;
  readonly #requests = new Map<string | number, OpenRequest>();
  readonly #serverRequests = new Map<string | number, Span>();
  readonly #items = new Map<string, { span: Span; context: Context; threadId: unknown }>();
  readonly #turns: TurnSpans;

  constructor(otel: Otel) {
    this.#otel = otel;
    this.#turns = new TurnSpans(otel);
  }

  outgoing(message: JsonRpcMessage): JsonRpcMessage {
    const { id, method } = message;
    if (id === undefined) return message;
    if (typeof method !== "string") {
      this.#answered(id as string | number, message);
      return message;
    }
    const { api, tracer } = this.#otel;
    const params = (message.params ?? {}) as Params;
    let parent = api.context.active();
    const turn = method === "turn/start" ? this.#turns.start(parent, params) : undefined;
    if (turn) parent = turn.context;
    const span = tracer.startSpan(
      method,
      {
        kind: api.SpanKind.CLIENT,
        attributes: {
          "rpc.system": "jsonrpc",
          "rpc.method": method,
          "rpc.jsonrpc.request_id": typeof id === "number" ? String(id) : textOr(id, ""),
          ...(typeof params.threadId === "string" ? { "gen_ai.conversation.id": params.threadId } : {}),
        },
      },
      parent,
    );
    this.#requests.set(id as string | number, { span, method, turn });
    return { ...message, trace: traceContext(span) };
  }

  incoming(message: JsonRpcMessage): void {
    const { id, method } = message;
    const params = (message.params ?? {}) as Params;
    if (typeof method !== "string") {
      if (id !== undefined) this.#response(id as string | number, message);
      return;
    }
    if (id !== undefined) {
      this.#serverRequest(id as string | number, method, params);
      return;
    }
    switch (method) {
      case "turn/started":
        this.#turns.bind(params.threadId, (params.turn as Params | undefined)?.id);
        break;
      case "item/started":
        this.#itemStarted(params);
        break;
      case "item/completed":
        this.#itemCompleted(params);
        break;
      case "thread/tokenUsage/updated":
        this.#turns.usage(params);
        break;
      case "turn/completed":
        this.#endItemsOf(params.threadId);
        this.#turns.complete(params);
        break;
      case "error":
        this.#turns.error(params);
        break;
    }
  }

  closed(): void {
    const why = "the app-server connection closed";
    for (const { span } of this.#requests.values()) fail(this.#otel, span, why);
    for (const span of this.#serverRequests.values()) fail(this.#otel, span, why);
    for (const { span } of this.#items.values()) fail(this.#otel, span, why);
    this.#requests.clear();
    this.#serverRequests.clear();
    this.#items.clear();
    this.#turns.failAll(why);
  }

  #response(id: string | number, message: JsonRpcMessage): void {
    const open = this.#requests.get(id);
    if (!open) return;
    this.#requests.delete(id);
    const error = message.error as { code?: unknown; message?: unknown } | undefined;
    if (error !== undefined) {
      open.span.setAttribute("rpc.jsonrpc.error_code", Number(error.code));
      fail(this.#otel, open.span, textOr(error.message, "error"));
      if (open.turn) this.#turns.rejected(open.turn, textOr(error.message, "turn/start failed"));
      return;
    }
    const result = (message.result ?? {}) as Params;
    if (open.method === "turn/start") this.#turns.started(open.turn, (result.turn as Params | undefined)?.id);
    if (/^thread\/(start|resume|fork)$/.test(open.method)) this.#turns.threadModel(result);
    open.span.end();
  }

  #serverRequest(id: string | number, method: string, params: Params): void {
    const { api, tracer } = this.#otel;
    // Approvals name their item; a custom tool call names its call, which is its item's id.
    const itemId = params.itemId ?? params.callId;
    const item = typeof itemId === "string" ? this.#items.get(itemId) : undefined;
    const parent = item?.context ?? this.#turns.contextOf(params.turnId) ?? api.ROOT_CONTEXT;
    const { name, attributes } = serverRequestStart(method, params);
    this.#serverRequests.get(id)?.end(); // an id reused by the server ends the older span
    this.#serverRequests.set(id, tracer.startSpan(name, { kind: api.SpanKind.SERVER, attributes }, parent));
  }

  #answered(id: string | number, message: JsonRpcMessage): void {
    const span = this.#serverRequests.get(id);
    if (!span) return;
    this.#serverRequests.delete(id);
    if ("error" in message) {
      fail(this.#otel, span, textOr((message.error as { message?: unknown } | undefined)?.message, "error"));
      return;
    }
    span.setAttributes(serverRequestAnswer(message.result));
    span.end();
  }

  #itemStarted(params: Params): void {
    const item = params.item as Params | undefined;
    if (!item || typeof item.id !== "string" || !isTimedItem(item)) return;
    const parent = this.#turns.contextOf(params.turnId);
    if (!parent) return;
    const { name, attributes } = itemStart(item);
    const span = this.#otel.tracer.startSpan(name, { attributes }, parent);
    span.setAttribute("codex.turn.id", String(params.turnId));
    this.#items.set(item.id, { span, context: this.#otel.api.trace.setSpan(parent, span), threadId: params.threadId });
  }

  #itemCompleted(params: Params): void {
    const item = params.item as Params | undefined;
    const open = typeof item?.id === "string" ? this.#items.get(item.id) : undefined;
    if (!item || !open) return;
    this.#items.delete(item.id as string);
    const { attributes, error } = itemEnd(item);
    open.span.setAttributes(attributes);
    if (error !== undefined) fail(this.#otel, open.span, error);
    else open.span.end();
  }

  /** Items still open when their turn completes (an interrupted turn) end with it. */
  #endItemsOf(threadId: unknown): void {
    if (typeof threadId !== "string") return;
    for (const [id, { span, threadId: owner }] of this.#items) {
      if (owner === threadId) {
        span.setAttribute("codex.item.status", "unfinished");
        span.end();
        this.#items.delete(id);
      }
    }
  }
}

/** The W3C trace context of `span`, as the app-server takes it in a request's `trace`. */
function traceContext(span: Span): { traceparent: string; tracestate?: string } {
  const c = span.spanContext();
  const flags = (c.traceFlags & 0xff).toString(16).padStart(2, "0");
  const traceparent = `00-${c.traceId}-${c.spanId}-${flags}`;
  const tracestate = c.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
