/**
 * The turn spans of one connection: opened when `turn/start` is sent (as children of the caller's
 * active context), bound to the turn id when the answer or `turn/started` arrives, and ended by
 * `turn/completed` with the GenAI attributes (model, provider, conversation id, token usage,
 * finish status).
 *
 * @module
 */
import type { Context, Span } from "@opentelemetry/api";
import { textOr } from "./otel-attributes.js";
import { fail, type Otel } from "./otel.js";

type Params = Record<string, unknown>;

/** One turn's span and what is known about it. */
export interface TurnSpan {
  readonly span: Span;
  /** The context with this span active: the parent of the turn's request, item and approval spans. */
  readonly context: Context;
  readonly threadId: string;
  turnId: string | undefined;
  /** Sums of the `last` usage of each `thread/tokenUsage/updated` of the turn. */
  readonly usage: { input: number; cached: number; output: number; reasoning: number; updates: number };
}

const USAGE_KEYS = [
  ["input", "inputTokens"],
  ["cached", "cachedInputTokens"],
  ["output", "outputTokens"],
  ["reasoning", "reasoningOutputTokens"],
] as const;

/** Turn spans by turn id, and those whose id is not known yet by thread. */
export class TurnSpans {
  readonly #otel: Otel;
  readonly #byId = new Map<string, TurnSpan>();
  readonly #pending = new Map<string, TurnSpan[]>();
  readonly #threads = new Map<string, { model: string | undefined; provider: string | undefined }>();

  constructor(otel: Otel) {
    this.#otel = otel;
  }

  /** Opens the span of a turn about to be started by `turn/start` with `params`. */
  start(parent: Context, params: Params): TurnSpan | undefined {
    const threadId = params.threadId;
    if (typeof threadId !== "string") return undefined;
    const known = this.#threads.get(threadId);
    const model = typeof params.model === "string" ? params.model : known?.model;
    const provider = known?.provider ?? "openai";
    const { api, tracer } = this.#otel;
    const span = tracer.startSpan(
      "invoke_agent codex",
      {
        kind: api.SpanKind.CLIENT,
        attributes: {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.agent.name": "codex",
          "gen_ai.provider.name": provider,
          "gen_ai.system": provider,
          "gen_ai.conversation.id": threadId,
          ...(model === undefined ? {} : { "gen_ai.request.model": model }),
        },
      },
      parent,
    );
    const turn: TurnSpan = {
      span,
      context: api.trace.setSpan(parent, span),
      threadId,
      turnId: undefined,
      usage: { input: 0, cached: 0, output: 0, reasoning: 0, updates: 0 },
    };
    const list = this.#pending.get(threadId) ?? [];
    list.push(turn);
    this.#pending.set(threadId, list);
    return turn;
  }

  /** Remembers the model and provider of a thread from a `thread/start|resume|fork` answer. */
  threadModel(result: Params): void {
    const id = (result.thread as Params | undefined)?.id;
    if (typeof id !== "string") return;
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    this.#threads.set(id, { model: str(result.model), provider: str(result.modelProvider) });
  }

  /** `turn/started`: the oldest pending turn of the thread gets its id. */
  bind(threadId: unknown, turnId: unknown): void {
    if (typeof threadId !== "string" || typeof turnId !== "string" || this.#byId.has(turnId)) return;
    const turn = this.#pending.get(threadId)?.[0];
    if (turn) this.#assign(turn, turnId);
  }

  /** The answer to `turn/start`: its turn id, or the id of the running turn it was merged into. */
  started(turn: TurnSpan | undefined, turnId: unknown): void {
    if (!turn || turn.turnId !== undefined || typeof turnId !== "string") return;
    const running = this.#byId.get(turnId);
    if (running && running !== turn) {
      this.#unpend(turn);
      turn.span.setAttributes({ "codex.turn.id": turnId, "codex.turn.merged": true });
      turn.span.end();
      return;
    }
    this.#assign(turn, turnId);
  }

  /** `turn/start` was refused: its span fails. */
  rejected(turn: TurnSpan, message: string): void {
    this.#unpend(turn);
    fail(this.#otel, turn.span, message);
  }

  contextOf(turnId: unknown): Context | undefined {
    return typeof turnId === "string" ? this.#byId.get(turnId)?.context : undefined;
  }

  usage(params: Params): void {
    const turn = typeof params.turnId === "string" ? this.#byId.get(params.turnId) : undefined;
    const usage = params.tokenUsage as { last?: Params; total?: Params } | undefined;
    if (!turn || !usage?.last) return;
    for (const [key, wire] of USAGE_KEYS) {
      const v = usage.last[wire];
      if (typeof v === "number") turn.usage[key] += v;
    }
    turn.usage.updates++;
    const total = usage.total?.totalTokens;
    if (typeof total === "number") turn.span.setAttribute("codex.usage.thread_total_tokens", total);
  }

  /** An `error` notification: an event on the turn's span (the turn's outcome says whether it failed). */
  error(params: Params): void {
    const turn = typeof params.turnId === "string" ? this.#byId.get(params.turnId) : undefined;
    const error = params.error as Params | undefined;
    turn?.span.addEvent("codex.error", {
      message: textOr(error?.message, "error"),
      "codex.error.will_retry": params.willRetry === true,
    });
  }

  complete(params: Params): void {
    const t = params.turn as Params | undefined;
    const turn = typeof t?.id === "string" ? this.#byId.get(t.id) : undefined;
    if (!t || !turn) return;
    this.#byId.delete(t.id as string);
    const status = textOr(t.status, "unknown");
    const u = turn.usage;
    turn.span.setAttributes({
      "codex.turn.status": status,
      "gen_ai.response.finish_reasons": [status],
      ...(u.updates > 0
        ? {
            "gen_ai.usage.input_tokens": u.input,
            "gen_ai.usage.output_tokens": u.output,
            "gen_ai.usage.cache_read.input_tokens": u.cached,
            "codex.usage.reasoning_output_tokens": u.reasoning,
          }
        : {}),
    });
    const message = (t.error as Params | null | undefined)?.message;
    if (status === "failed") fail(this.#otel, turn.span, typeof message === "string" ? message : "the turn failed");
    else turn.span.end();
  }

  failAll(why: string): void {
    const open = new Set([...this.#byId.values(), ...[...this.#pending.values()].flat()]);
    this.#byId.clear();
    this.#pending.clear();
    for (const turn of open) fail(this.#otel, turn.span, why);
  }

  #assign(turn: TurnSpan, turnId: string): void {
    this.#unpend(turn);
    turn.turnId = turnId;
    turn.span.setAttribute("codex.turn.id", turnId);
    this.#byId.set(turnId, turn);
  }

  #unpend(turn: TurnSpan): void {
    const list = this.#pending.get(turn.threadId);
    const at = list?.indexOf(turn) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    if (list?.length === 0) this.#pending.delete(turn.threadId);
  }
}
