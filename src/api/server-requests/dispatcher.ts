/**
 * Answers the app-server's requests for one `Codex`: picks the handler (the turn's, then the
 * client's, then the fail-safe default), bounds it in time, aborts it when the answer is no longer
 * wanted, checks its answer, and reports failures as `error` events. Every request gets exactly one
 * answer: the connection sends whatever `dispatch()` returns or throws.
 *
 * Turn handlers and the race with `turn/start`: the server can send a turn's first request before
 * the client has read the `turn/start` response (both can arrive in one read, and the request is
 * handled before the awaiting code resumes). So a turn's handler is registered under its thread
 * *before* `turn/start` is sent, used for requests of that thread whose turn is not yet known, and
 * moved to the turn id once the response arrives.
 */
import type { AskForApproval } from "../../generated/v2/AskForApproval.js";
import { limitTimer } from "../../internal/limits.js";
import type { IncomingNotification, IncomingRequest } from "../../rpc/connection.js";
import { AbortError, CodexError, JsonRpcCode, JsonRpcError, TimeoutError } from "../../errors.js";
import { clientErrorNotification, turnIdOf, type Notification, type TurnEvent } from "../events.js";
import { abortable } from "../../internal/abortable.js";
import { checkServerRequestAnswer } from "./answer-check.js";
import {
  defaultServerRequestAnswer,
  isServerRequestMethod,
  requestThreadId,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
} from "./server-requests.js";
import { describeError } from "../validation.js";

/** The JSON-RPC code of "the client has no handler for this method". */
export const NO_HANDLER_CODE = JsonRpcCode.MethodNotFound;

/** What the dispatcher needs from its `Codex`. */
export interface DispatcherHost {
  /** The client-level handler, if any. */
  readonly handler: ServerRequestHandler | undefined;
  /** Bound on a handler's answer, in ms; `undefined` waits as long as the server does (forever). */
  readonly timeoutMs: number | undefined;
  /** Delivers an event to a turn's stream (buffered until the turn's handle exists). */
  routeToTurn(turnId: string, event: TurnEvent): void;
  /** Emits a synthetic notification to `codex.on()` / `codex.notifications()` listeners. */
  emit(notification: Notification): void;
  /**
   * The custom tools' handlers of `item/tool/call`: `handle` is asked before the user's handlers
   * (it answers calls of threads bound with `tools`), `unhandled` after them (it answers the model
   * that the tool has no handler).
   */
  readonly toolCalls?: { handle: ServerRequestHandler; unhandled: ServerRequestHandler } | undefined;
}

/** A turn's own handler and signal, registered by `thread.turn()`. */
export interface TurnRegistration {
  /** The server accepted `turn/start`: requests of `turnId` now go to this registration. */
  bind(turnId: string): void;
  /** `turn/start` failed or joined another turn: forget the registration. No-op after `bind`. */
  cancel(): void;
}

interface TurnScope {
  readonly handler: ServerRequestHandler | undefined;
  readonly signal: AbortSignal | undefined;
}

class Pending {
  readonly controller = new AbortController();
  constructor(
    readonly request: ServerRequestEvent,
    readonly turnId: string | undefined,
  ) {}
  /** True once the answer is no longer wanted for a reason other than a failure of the handler. */
  cancelled = false;
}

/** Marks "no handler answered" inside the handler chain. */
const UNANSWERED = Symbol("unanswered");

/** See the module comment. */
export class ServerRequestDispatcher {
  readonly #host: DispatcherHost;
  /** Turn id → that turn's scope. */
  readonly #turns = new Map<string, TurnScope>();
  /** Thread id → scopes of `turn/start` calls still in flight, oldest first. */
  readonly #starting = new Map<string, TurnScope[]>();
  /** Request id → requests whose handler is still running. */
  readonly #pending = new Map<string | number, Pending>();
  /** Request id → turn, to route `serverRequest/resolved` (which carries no turn id). */
  readonly #requestTurns = new Map<string | number, string>();
  /** Thread id → its approval policy as this client last set or saw it. */
  readonly #policies = new Map<string, AskForApproval>();
  #warned = false;

  constructor(host: DispatcherHost) {
    this.#host = host;
  }

  /**
   * Notes a thread's approval policy (from its start/resume response, or a turn that changed it),
   * so that handlers can tell an escalation from an ordinary approval request.
   */
  notePolicy(threadId: string, policy: AskForApproval | null | undefined): void {
    if (policy !== undefined && policy !== null) this.#policies.set(threadId, policy);
  }

  /** Requests whose handler has not answered yet (for diagnostics and leak tests). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Turn scopes currently registered (for diagnostics and leak tests). */
  get turnCount(): number {
    let starting = 0;
    for (const list of this.#starting.values()) starting += list.length;
    return this.#turns.size + starting;
  }

  /**
   * Registers a turn's handler and signal before its `turn/start` is sent. Returns `undefined`
   * when there is neither.
   */
  expectTurn(
    threadId: string,
    handler: ServerRequestHandler | undefined,
    signal: AbortSignal | undefined,
  ): TurnRegistration | undefined {
    if (!handler && !signal) return undefined;
    const scope: TurnScope = { handler, signal };
    const list = this.#starting.get(threadId) ?? [];
    list.push(scope);
    this.#starting.set(threadId, list);
    let settled = false;
    const unstart = (): void => {
      const current = this.#starting.get(threadId);
      const i = current?.indexOf(scope) ?? -1;
      if (current && i >= 0) current.splice(i, 1);
      if (current?.length === 0) this.#starting.delete(threadId);
    };
    return {
      bind: (turnId) => {
        if (settled) return;
        settled = true;
        unstart();
        this.#turns.set(turnId, scope);
      },
      cancel: () => {
        if (settled) return;
        settled = true;
        unstart();
      },
    };
  }

  /**
   * Answers one server request: returns the answer (or a promise of it), or throws the error to
   * answer with. Never leaves a request unanswered.
   */
  dispatch(incoming: IncomingRequest): unknown {
    const method = incoming.method;
    if (!isServerRequestMethod(method)) throw noHandlerError(method);
    const request = incoming as ServerRequestEvent;
    const threadId = requestThreadId(request.params);
    const turnId = turnIdOf(request.params);
    if (turnId !== undefined) {
      this.#requestTurns.set(request.id, turnId);
      this.#host.routeToTurn(turnId, request);
    }
    const scope = this.#scopeOf(threadId, turnId);
    const tools = method === "item/tool/call" ? this.#host.toolCalls : undefined;
    const handlers: ServerRequestHandler[] = [];
    if (tools) handlers.push(tools.handle);
    if (scope?.handler) handlers.push(scope.handler);
    if (this.#host.handler) handlers.push(this.#host.handler);
    if (tools) handlers.push(tools.unhandled);
    if (handlers.length === 0) return this.#fallback(request, threadId, turnId, false);
    return this.#run(request, handlers, { threadId, turnId, scope });
  }

  /**
   * Observes every server notification. `serverRequest/resolved` aborts a handler still running for
   * that request (the server no longer wants the answer); `turn/completed` aborts those of the turn
   * and forgets its scope. Returns the turn to route a `serverRequest/resolved` to, if known.
   */
  observe(notification: IncomingNotification): string | undefined {
    if (notification.method === "serverRequest/resolved") {
      const requestId = (notification.params as { requestId?: unknown } | undefined)?.requestId;
      if (typeof requestId !== "string" && typeof requestId !== "number") return undefined;
      this.#cancel(
        this.#pending.get(requestId),
        new AbortError(`the app-server resolved request ${requestId} before the handler answered`),
      );
      const turnId = this.#requestTurns.get(requestId);
      this.#requestTurns.delete(requestId);
      return turnId;
    }
    if (notification.method === "turn/completed") {
      const turnId = (notification.params as { turn?: { id?: unknown } } | undefined)?.turn?.id;
      if (typeof turnId === "string") this.#endTurn(turnId);
    }
    return undefined;
  }

  /** The connection is gone or the client closed: abort every running handler, forget every turn. */
  abortAll(reason: Error): void {
    for (const pending of [...this.#pending.values()]) this.#cancel(pending, reason);
    this.#turns.clear();
    this.#starting.clear();
    this.#requestTurns.clear();
  }

  #scopeOf(threadId: string | undefined, turnId: string | undefined): TurnScope | undefined {
    if (turnId === undefined) return undefined;
    const bound = this.#turns.get(turnId);
    if (bound) return bound;
    // A turn not bound yet: the oldest turn/start in flight on this thread is the one it belongs to.
    return threadId === undefined ? undefined : this.#starting.get(threadId)?.[0];
  }

  #endTurn(turnId: string): void {
    this.#turns.delete(turnId);
    for (const [requestId, t] of this.#requestTurns) if (t === turnId) this.#requestTurns.delete(requestId);
    for (const pending of [...this.#pending.values()]) {
      if (pending.turnId === turnId) {
        this.#cancel(
          pending,
          new AbortError(`turn ${turnId} ended while request ${pending.request.id} was pending`),
        );
      }
    }
  }

  #cancel(pending: Pending | undefined, reason: Error): void {
    if (!pending || pending.controller.signal.aborted) return;
    pending.cancelled = true;
    pending.controller.abort(reason);
  }

  async #run(
    request: ServerRequestEvent,
    handlers: readonly ServerRequestHandler[],
    where: { threadId: string | undefined; turnId: string | undefined; scope: TurnScope | undefined },
  ): Promise<unknown> {
    const { threadId, turnId, scope } = where;
    const pending = new Pending(request, turnId);
    const signal = pending.controller.signal;
    this.#pending.set(request.id, pending);
    const approvalPolicy = threadId === undefined ? undefined : this.#policies.get(threadId);
    const context: ServerRequestContext = { signal, threadId, turnId, approvalPolicy };
    const cleanup: (() => void)[] = [() => this.#pending.delete(request.id)];
    const turnSignal = scope?.signal;
    if (turnSignal) {
      const onTurnAbort = (): void => this.#cancel(pending, abortReason(turnSignal, request));
      if (turnSignal.aborted) onTurnAbort();
      else {
        turnSignal.addEventListener("abort", onTurnAbort, { once: true });
        cleanup.push(() => turnSignal.removeEventListener("abort", onTurnAbort));
      }
    }
    const timeoutMs = this.#host.timeoutMs;
    if (timeoutMs !== undefined) {
      const timer = limitTimer(() => {
        pending.controller.abort(
          new TimeoutError(
            `the onServerRequest handler did not answer ${request.method} (request ${request.id}) within ${timeoutMs} ms`,
            timeoutMs,
          ),
        );
      }, timeoutMs);
      cleanup.push(() => clearTimeout(timer));
    }
    try {
      const answer = await untilAborted(askInOrder(handlers, request, context), signal);
      if (answer === UNANSWERED) return this.#fallback(request, threadId, turnId, true);
      const problem = checkAnswer(request.method, answer);
      if (problem !== undefined) {
        throw new CodexError(`the onServerRequest handler returned an invalid answer: ${problem}`);
      }
      return answer;
    } catch (error) {
      if (!pending.cancelled) this.#reportFailure(request, error, threadId, turnId);
      throw error;
    } finally {
      for (const fn of cleanup) fn();
    }
  }

  #fallback(
    request: ServerRequestEvent,
    threadId: string | undefined,
    turnId: string | undefined,
    hadHandler: boolean,
  ): unknown {
    const answer = defaultServerRequestAnswer(request.method);
    if (answer === undefined) throw noHandlerError(request.method);
    if (!this.#warned) {
      this.#warned = true;
      const notification: Notification = {
        method: "warning",
        params: { threadId: threadId ?? null, message: warningMessage(request.method, hadHandler) },
        emittedAtMs: Date.now(),
      };
      if (turnId !== undefined) this.#host.routeToTurn(turnId, notification);
      this.#host.emit(notification);
    }
    return answer;
  }

  #reportFailure(
    request: ServerRequestEvent,
    error: unknown,
    threadId: string | undefined,
    turnId: string | undefined,
  ): void {
    const notification = clientErrorNotification(
      `onServerRequest handler failed for ${request.method} (request ${request.id}); the app-server was answered with a JSON-RPC error: ${describeError(error)}`,
      error instanceof Error && error.stack !== undefined ? error.stack : null,
      threadId,
      turnId,
    );
    if (turnId !== undefined) this.#host.routeToTurn(turnId, notification);
    this.#host.emit(notification);
  }
}

async function askInOrder(
  handlers: readonly ServerRequestHandler[],
  request: ServerRequestEvent,
  context: ServerRequestContext,
): Promise<unknown> {
  for (const handler of handlers) {
    const answer = await handler(request, context);
    if (answer !== undefined) return answer;
  }
  return UNANSWERED;
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (always with an
 * `Error`: a non-Error reason or rejection is wrapped). Also used by the custom tools' dispatch.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return abortable(work, {
    signal,
    abortError: (s) => {
      const reason: unknown = s.reason;
      return reason instanceof Error
        ? reason
        : new AbortError("the server request handler was aborted", { cause: reason });
    },
  });
}

/** The runtime shape check, plus "can it be sent at all" (a value JSON cannot encode would never be sent). */
function checkAnswer(method: string, answer: unknown): string | undefined {
  const problem = checkServerRequestAnswer(method, answer);
  if (problem !== undefined) return problem;
  try {
    JSON.stringify(answer);
  } catch (error) {
    return `the answer cannot be encoded as JSON (${describeError(error)})`;
  }
  return undefined;
}

function noHandlerError(method: string): JsonRpcError {
  return new JsonRpcError({ code: NO_HANDLER_CODE, message: `client has no handler for ${method}` });
}

function abortReason(signal: AbortSignal, request: ServerRequestEvent): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new AbortError(`the turn of request ${request.id} was aborted`, { cause: reason });
}

function warningMessage(method: string, hadHandler: boolean): string {
  const who = hadHandler
    ? "the onServerRequest handlers returned undefined for it"
    : "this Codex client has no onServerRequest handler";
  return (
    `codex-app-sdk declined ${method} because ${who}. Approval requests reach the client under ` +
    `ApprovalMode.untrusted and ApprovalMode.on_request; answer them with ` +
    `new Codex({ onServerRequest }) or thread.run(input, { onServerRequest }), e.g. approveAll, ` +
    `denyAll or approveCommands(predicate) from "codex-app-sdk" (see docs/approvals.md). ` +
    `This warning is shown once per client.`
  );
}
