/**
 * Answers `item/tool/call` for one `Codex`: finds the handler bound to the call's thread, validates
 * the arguments, runs the handler under its timeout and the request's signal, and turns every
 * failure into a `success: false` answer the model can act on, plus an `error` event on the turn.
 * Calls are independent promises: several calls of one turn run at the same time.
 *
 * @module
 */
import type { DynamicToolCallParams } from "../../generated/v2/DynamicToolCallParams.js";
import type { DynamicToolCallResponse } from "../../generated/v2/DynamicToolCallResponse.js";
import { limitTimer } from "../../internal/limits.js";
import { TimeoutError } from "../../errors.js";
import { untilAborted } from "../server-requests/dispatcher.js";
import type { ServerRequestContext, ServerRequestEvent } from "../server-requests/server-requests.js";
import type { Thread } from "../threads/thread.js";
import { describeError } from "../validation.js";
import { failure, toResponse } from "./tool-result.js";
import { toolKey, toolLabel } from "./tool-key.js";
import type { PreparedTool, PreparedTools } from "./tool-specs.js";

/** Reports a failed call as an `error` event of its turn. */
export type ToolFailureReporter = (
  message: string,
  threadId: string,
  turnId: string,
  error?: unknown,
) => void;

interface Binding {
  readonly thread: Thread;
  readonly handlers: ReadonlyMap<string, PreparedTool>;
}

/** See the module comment. */
export class ToolRegistry {
  readonly #threads = new Map<string, Binding>();
  readonly #report: ToolFailureReporter;

  constructor(report: ToolFailureReporter) {
    this.#report = report;
  }

  /** Binds the handlers of `tools` to `thread` (replacing earlier ones of that thread). */
  bind(thread: Thread, tools: PreparedTools): void {
    this.#threads.set(thread.id, { thread, handlers: tools.handlers });
  }

  /** Whether a thread has handlers bound in this client. */
  has(threadId: string): boolean {
    return this.#threads.has(threadId);
  }

  /**
   * The built-in handler, asked first: answers calls of threads bound in this client, and leaves
   * other requests (and calls of other threads) to the user's handlers.
   */
  readonly handle = (
    request: ServerRequestEvent,
    context: ServerRequestContext,
  ): Promise<DynamicToolCallResponse> | undefined => {
    if (request.method !== "item/tool/call") return undefined;
    const binding = this.#threads.get(request.params.threadId);
    if (binding === undefined) return undefined;
    return this.#call(binding, request.params, context.signal);
  };

  /** Asked last, when no handler answered a call: the model learns that nobody runs this tool. */
  readonly unhandled = (request: ServerRequestEvent): DynamicToolCallResponse | undefined => {
    if (request.method !== "item/tool/call") return undefined;
    const p = request.params;
    return this.#fail(
      p,
      `tool ${toolLabel(p.namespace, p.tool)} has no handler in this client (the thread was not started, resumed or forked with tools here); it cannot be used now`,
    );
  };

  async #call(
    binding: Binding,
    p: DynamicToolCallParams,
    requestSignal: AbortSignal,
  ): Promise<DynamicToolCallResponse> {
    const label = toolLabel(p.namespace, p.tool);
    const entry = binding.handlers.get(toolKey(p.namespace, p.tool));
    if (entry === undefined) {
      const known = [...binding.handlers.values()].map((h) => toolLabel(h.namespace, h.tool.name));
      return this.#fail(p, `unknown tool ${label}; the tools available are: ${known.join(", ")}`);
    }
    const parsed = await entry.schema.parse(structuredClone(p.arguments));
    if (parsed.problem !== undefined) {
      return this.#fail(
        p,
        `invalid arguments for tool ${label}: ${parsed.problem}. Call it again with arguments that match its schema.`,
      );
    }
    const timeoutMs = entry.tool.timeoutMs;
    const timeout = new AbortController();
    const timer = limitTimer(
      () => timeout.abort(new TimeoutError(`tool ${label} did not finish within ${timeoutMs} ms`, timeoutMs)),
      timeoutMs,
    );
    const signal = AbortSignal.any([requestSignal, timeout.signal]);
    try {
      const context = {
        threadId: p.threadId,
        turnId: p.turnId,
        callId: p.callId,
        thread: binding.thread,
        signal,
      };
      const run = Promise.resolve().then(() => entry.tool.execute(parsed.value as never, context));
      const result = await untilAborted(run, signal);
      try {
        return toResponse(result);
      } catch (error) {
        return this.#fail(p, `tool ${label} returned an invalid result: ${describeError(error)}`, error);
      }
    } catch (error) {
      // The turn ended or the client closed: nobody waits for this answer, so nothing is reported.
      if (requestSignal.aborted) throw error;
      if (timeout.signal.aborted) {
        return this.#fail(
          p,
          `tool ${label} timed out after ${timeoutMs} ms; try again or try something else`,
          error,
        );
      }
      return this.#fail(p, `tool ${label} failed: ${describeError(error)}`, error);
    } finally {
      clearTimeout(timer);
    }
  }

  #fail(p: DynamicToolCallParams, message: string, error?: unknown): DynamicToolCallResponse {
    this.#report(
      `custom tool call ${p.callId} answered success: false: ${message}`,
      p.threadId,
      p.turnId,
      error,
    );
    return failure(message);
  }
}
