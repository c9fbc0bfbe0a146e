/**
 * Server requests: the JSON-RPC *requests* the app-server sends the client when it needs a
 * decision (approvals, user input, MCP elicitations, dynamic tool calls, token refresh…). This
 * module holds their types (all derived from the generated protocol), the fail-safe default
 * answers, and the runtime check of a handler's answer.
 *
 * @module
 */
import type { AskForApproval } from "../../generated/v2/AskForApproval.js";
import type { ServerRequest } from "../../generated/ServerRequest.js";
import type { ServerRequestMap } from "../../generated/methods.js";
import { describeValue, InvalidArgumentError } from "../validation.js";

/**
 * A request from the app-server, as received: `{ method, id, params }`, discriminated by `method`
 * (checking `request.method` narrows `request.params`). Handlers receive it, and a turn's
 * `stream()` yields it when the request belongs to that turn, so a UI can show "waiting for
 * approval" (the `serverRequest/resolved` notification with the same `requestId` follows the answer).
 *
 * @example
 * ```ts
 * for await (const event of turn.stream()) {
 *   if (event.method === "item/commandExecution/requestApproval") {
 *     console.log(`approval ${event.id} pending for: ${event.params.command ?? ""}`);
 *   }
 * }
 * ```
 */
export type ServerRequestEvent = ServerRequest;

/**
 * Every server request method of the protocol.
 *
 * @example
 * ```ts
 * const method: ServerRequestMethod = "item/fileChange/requestApproval";
 * ```
 */
export type ServerRequestMethod = keyof ServerRequestMap;

/**
 * The request of one method.
 *
 * @example
 * ```ts
 * function show(request: ServerRequestOf<"item/commandExecution/requestApproval">): string {
 *   return request.params.command ?? "";
 * }
 * ```
 */
export type ServerRequestOf<M extends ServerRequestMethod> = Extract<ServerRequestEvent, { method: M }>;

/**
 * The `params` of one server request method.
 *
 * @example
 * ```ts
 * type P = ServerRequestParams<"item/fileChange/requestApproval">; // { threadId, turnId, itemId, … }
 * ```
 */
export type ServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];

/**
 * The answer (JSON-RPC `result`) the server expects for a method; without a type argument, the
 * union of the answers of every method.
 *
 * @example
 * ```ts
 * const answer: ServerRequestResponse<"item/commandExecution/requestApproval"> = { decision: "accept" };
 * ```
 */
export type ServerRequestResponse<M extends ServerRequestMethod = ServerRequestMethod> =
  ServerRequestMap[M]["result"];

/**
 * What a handler gets besides the request.
 *
 * @example
 * ```ts
 * const handler: ServerRequestHandler = async (request, { signal, turnId }) => {
 *   const ok = await askUser(`turn ${turnId}: ${request.method}?`, { signal });
 *   return request.method === "item/commandExecution/requestApproval"
 *     ? { decision: ok ? "accept" : "decline" }
 *     : undefined;
 * };
 * ```
 */
export interface ServerRequestContext {
  /**
   * Aborted when the answer is no longer wanted: the handler ran past `serverRequestTimeoutMs`,
   * the turn was interrupted or aborted, the server resolved the request itself, or the client
   * closed. Pass it on to whatever the handler waits for (a prompt, a fetch).
   */
  readonly signal: AbortSignal;
  /** The thread the request belongs to (`params.threadId`, or `conversationId` of legacy requests). */
  readonly threadId: string | undefined;
  /** The turn the request belongs to, when the server correlated one. */
  readonly turnId: string | undefined;
  /**
   * The thread's approval policy as this client last set or saw it (from `threadStart`,
   * `threadResume`, `threadFork` or a turn's `approvalMode`); `undefined` for a thread this client
   * did not start or resume. Under `"on-request"` every command request asks to leave the sandbox.
   */
  readonly approvalPolicy?: AskForApproval | undefined;
}

/**
 * What a handler may return: the answer, or `undefined` (or nothing) to let the next handler
 * decide (a turn's handler falls back to the client's, and that to the default answer).
 *
 * @example
 * ```ts
 * const answer: ServerRequestAnswer = { decision: "decline" };
 * ```
 */
// `void` lets a handler that handles nothing (`() => {}`) type-check; it still means "undefined".
export type ServerRequestAnswer = ServerRequestResponse | undefined | void;

/**
 * Answers server requests: `new Codex({ onServerRequest })` for all of them, or
 * `thread.run(input, { onServerRequest })` / `thread.turn(...)` for one turn's (a turn's handler
 * is asked first). `request.method` narrows `request.params`. Return the answer (sync or async),
 * or `undefined` to fall back to the next handler and finally to the fail-safe default (approvals
 * declined, other requests answered with a JSON-RPC error).
 *
 * A single function can only be checked against the union of all answers (TypeScript 5.9 does not
 * check return statements per narrowed branch); use {@link handleServerRequests} to have each
 * method's answer checked against that method's type. Either way the SDK checks the answer at
 * runtime, and a wrong shape is answered with a JSON-RPC error and reported as an `error` event.
 *
 * @example
 * ```ts
 * const codex = new Codex({
 *   onServerRequest: (request) => {
 *     if (request.method === "item/commandExecution/requestApproval") {
 *       return { decision: request.params.command?.includes("rm ") ? "decline" : "accept" };
 *     }
 *     return undefined; // everything else: the default answer
 *   },
 * });
 * ```
 */
export type ServerRequestHandler = (
  request: ServerRequestEvent,
  context: ServerRequestContext,
) => ServerRequestAnswer | Promise<ServerRequestAnswer>;

/**
 * The handler of one method: gets that method's request, returns that method's answer (or
 * `undefined` to fall back).
 *
 * @example
 * ```ts
 * const onFileChange: ServerRequestHandlerOf<"item/fileChange/requestApproval"> = () => ({ decision: "decline" });
 * ```
 */
export type ServerRequestHandlerOf<M extends ServerRequestMethod> = (
  request: ServerRequestOf<M>,
  context: ServerRequestContext,
) => ServerRequestResponse<M> | undefined | void | Promise<ServerRequestResponse<M> | undefined | void>;

/**
 * One handler per method, each checked against its method's types. Turn it into a
 * {@link ServerRequestHandler} with {@link handleServerRequests}.
 *
 * @example
 * ```ts
 * const handlers: ServerRequestHandlers = {
 *   "item/commandExecution/requestApproval": () => ({ decision: "accept" }),
 * };
 * ```
 */
export type ServerRequestHandlers = {
  readonly [M in ServerRequestMethod]?: ServerRequestHandlerOf<M>;
};

/** Every method, at runtime (the `satisfies` keeps it in step with the generated protocol). */
const METHODS = {
  "item/commandExecution/requestApproval": true,
  "item/fileChange/requestApproval": true,
  "item/tool/requestUserInput": true,
  "mcpServer/elicitation/request": true,
  "item/permissions/requestApproval": true,
  "item/tool/call": true,
  "account/chatgptAuthTokens/refresh": true,
  "attestation/generate": true,
  applyPatchApproval: true,
  execCommandApproval: true,
} as const satisfies Record<ServerRequestMethod, true>;

/** The server request methods this SDK knows (those of the pinned protocol). */
export const SERVER_REQUEST_METHODS: readonly ServerRequestMethod[] = Object.keys(
  METHODS,
) as ServerRequestMethod[];

/** True for a method of the pinned protocol. */
export function isServerRequestMethod(method: string): method is ServerRequestMethod {
  return Object.hasOwn(METHODS, method);
}

/**
 * True when a turn stream event is a server request (it has an `id`; notifications never do).
 *
 * @example
 * ```ts
 * for await (const event of turn.stream()) {
 *   if (isServerRequestEvent(event)) ui.showPending(event.id, event.method);
 * }
 * ```
 */
export function isServerRequestEvent(event: { method: string }): event is ServerRequestEvent {
  const id = (event as { id?: unknown }).id;
  return (typeof id === "number" || typeof id === "string") && isServerRequestMethod(event.method);
}

/** The reason sent to the legacy approval methods when nobody approved. */
export const DEFAULT_REJECTION = "no approval handler is registered in the client (codex-app-sdk)";

/**
 * The fail-safe default answer of a method when no handler answered: approvals are declined
 * (nobody was there to approve); `undefined` for every other method, which the SDK answers with a
 * JSON-RPC error saying the client has no handler, so the turn continues instead of stalling.
 *
 * @example
 * ```ts
 * defaultServerRequestAnswer("item/commandExecution/requestApproval"); // { decision: "decline" }
 * defaultServerRequestAnswer("item/tool/requestUserInput"); // undefined
 * ```
 */
export function defaultServerRequestAnswer(method: string): ServerRequestResponse | undefined {
  switch (method) {
    case "item/commandExecution/requestApproval":
    case "item/fileChange/requestApproval":
      return { decision: "decline" };
    case "execCommandApproval":
    case "applyPatchApproval":
      return { decision: { denied: { rejection: DEFAULT_REJECTION } } };
    default:
      return undefined;
  }
}

/** The thread of a request: `params.threadId`, or `params.conversationId` of the legacy methods. */
export function requestThreadId(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { threadId?: unknown; conversationId?: unknown };
  if (typeof p.threadId === "string" && p.threadId !== "") return p.threadId;
  if (typeof p.conversationId === "string" && p.conversationId !== "") return p.conversationId;
  return undefined;
}

/**
 * Returns `value` when it is `undefined` or a function; otherwise throws an
 * `InvalidArgumentError` naming the option.
 *
 * @example
 * ```ts
 * const handler = optionalHandler("onServerRequest", options.onServerRequest);
 * ```
 */
export function optionalHandler(name: string, value: unknown): ServerRequestHandler | undefined {
  if (value === undefined || typeof value === "function") return value as ServerRequestHandler | undefined;
  throw new InvalidArgumentError(
    `${name} must be a function (request, context) => answer, e.g. approveAll or handleServerRequests({...}); got ${describeValue(value)}`,
    { argument: name },
  );
}
