/** Typed views of the app-server's notifications. */
import type { ServerNotificationEnvelope } from "../generated/ServerNotificationEnvelope.js";

/** A server notification as received: `{ method, params, emittedAtMs? }`, discriminated by `method`. */
export type Notification = ServerNotificationEnvelope;
/** Every notification method of the stable protocol. */
export type NotificationMethod = Notification["method"];
/** The notification of one method. */
export type NotificationOf<M extends NotificationMethod> = Extract<Notification, { method: M }>;

/**
 * The turn a notification belongs to: `params.turnId`, or `params.turn.id` for `turn/started` and
 * `turn/completed`; `undefined` for notifications that belong to no turn.
 */
export function turnIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof p.turnId === "string") return p.turnId;
  const turn = p.turn;
  if (typeof turn === "object" && turn !== null && typeof turn.id === "string") return turn.id;
  return undefined;
}
