/** Typed views of the app-server's notifications. */
import type { ServerNotificationEnvelope } from "../generated/ServerNotificationEnvelope.js";
import type { ServerRequestEvent } from "./server-requests/server-requests.js";

/** A server notification as received: `{ method, params, emittedAtMs? }`, discriminated by `method`. */
export type Notification = ServerNotificationEnvelope;
/** Every notification method of the stable protocol. */
export type NotificationMethod = Notification["method"];
/** The notification of one method. */
export type NotificationOf<M extends NotificationMethod> = Extract<Notification, { method: M }>;

/**
 * What a turn's `stream()` yields: the turn's notifications, and the server requests of the turn
 * (approvals, questions) as they arrive, so a UI can show "waiting for approval". Requests carry
 * an `id`; notifications never do (see `isServerRequestEvent`). Both are discriminated by `method`.
 *
 * @example
 * ```ts
 * for await (const event of turn.stream()) {
 *   if (event.method === "item/commandExecution/requestApproval") ui.waiting(event.params.command);
 *   else if (event.method === "serverRequest/resolved") ui.doneWaiting(event.params.requestId);
 * }
 * ```
 */
export type TurnEvent = Notification | ServerRequestEvent;

/**
 * The turn a notification or server request belongs to: `params.turnId`, or `params.turn.id` for
 * `turn/started` and `turn/completed`; `undefined` for messages that belong to no turn. An empty
 * id is not an id: it names no turn, so it reads as none.
 */
export function turnIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof p.turnId === "string" && p.turnId !== "") return p.turnId;
  const turn = p.turn;
  if (typeof turn === "object" && turn !== null && typeof turn.id === "string" && turn.id !== "")
    return turn.id;
  return undefined;
}

/**
 * An `error` notification raised by the SDK itself (not sent by the server), shaped like the
 * server's own so `codex.on("error")` and turn streams carry both with one type. `threadId` and
 * `turnId` are `""` when the problem belongs to no thread or turn.
 */
export function clientErrorNotification(
  message: string,
  additionalDetails: string | null,
  threadId = "",
  turnId = "",
): Notification {
  return {
    method: "error",
    params: {
      error: { message, codexErrorInfo: null, additionalDetails, misalignment: null },
      willRetry: false,
      threadId,
      turnId,
    },
    emittedAtMs: Date.now(),
  };
}
