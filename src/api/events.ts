/** Typed views of the app-server's notifications. */
import type { ServerNotificationEnvelope } from "../generated/ServerNotificationEnvelope.js";
import type { ServerNotificationEnvelope as ExperimentalServerNotificationEnvelope } from "../generated/experimental/ServerNotificationEnvelope.js";
import type { ServerRequestEvent } from "./server-requests/server-requests.js";

/** A server notification as received: `{ method, params, emittedAtMs? }`, discriminated by `method`. */
export type Notification = ServerNotificationEnvelope;
/** Every notification method of the stable protocol. */
export type NotificationMethod = Notification["method"];
/** The notification of one method. */
export type NotificationOf<M extends NotificationMethod> = Extract<Notification, { method: M }>;

/**
 * A server notification in the experimental protocol's form: every method, the stable ones with
 * their experimental fields (a `thread/started` thread's `environments` and `extra`, say). What a
 * client made with `experimentalApi` (the `Codex` default) receives.
 *
 * @experimental May change or go away in any runtime release.
 */
export type ExperimentalNotification = ExperimentalServerNotificationEnvelope;

/**
 * Notification methods only the experimental protocol has: `codex.on()` and
 * `codex.notifications()` type them by their experimental form. None on the pinned runtime (every
 * notification method is stable there; the experimental protocol adds fields, not methods).
 *
 * @experimental May change or go away in any runtime release.
 */
export type ExperimentalNotificationMethod = Exclude<ExperimentalNotification["method"], NotificationMethod>;

/**
 * The experimental form of one method's notification (any method, stable ones included). For a
 * stable method it adds the experimental fields to {@link NotificationOf}: what a client with
 * `experimentalApi` (the default) receives.
 *
 * @experimental May change or go away in any runtime release.
 *
 * @example
 * ```ts
 * codex.on("thread/started", (n) => {
 *   const { thread } = (n as ExperimentalNotificationOf<"thread/started">).params;
 *   console.log(thread.environments); // an experimental field
 * });
 * ```
 */
export type ExperimentalNotificationOf<M extends ExperimentalNotification["method"]> = Extract<
  ExperimentalNotification,
  { method: M }
>;

/**
 * Every method `codex.on()` and `codex.notifications()` take: the stable ones
 * ({@link NotificationMethod}) and those only the experimental protocol has
 * ({@link ExperimentalNotificationMethod}): the experimental protocol's methods, a superset of the
 * stable ones.
 */
export type AnyNotificationMethod = ExperimentalNotification["method"];

/**
 * The notification a listener of `M` receives: a stable method's in the stable form
 * ({@link NotificationOf}), an experimental-only method's in the experimental form
 * ({@link ExperimentalNotificationOf}).
 */
export type ListenedNotificationOf<M extends AnyNotificationMethod> = M extends NotificationMethod
  ? NotificationOf<M>
  : M extends ExperimentalNotificationMethod
    ? ExperimentalNotificationOf<M>
    : never;

/** What a `"*"` listener receives: every stable notification and every experimental-only one. */
export type AnyNotification = ListenedNotificationOf<AnyNotificationMethod>;

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
