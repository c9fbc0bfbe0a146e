/**
 * Delivery of notifications to `codex.on()` listeners, off the transport's read path.
 *
 * Listeners used to run inside the stdout / WebSocket data handler, so one slow listener stalled
 * reading, and with it every turn's events. Now a notification is only queued where it arrives (the
 * turn streams, the result collectors and the iterators have had it by then), and the listeners
 * are called from a `setImmediate` batch: after the data handler returned, after the microtasks it
 * woke (the turns' consumers), and between batches the event loop reads again.
 *
 * Guarantees:
 * - every listener sees its notifications in arrival order, each one once, exact-method listeners
 *   before `"*"` listeners (as before);
 * - a listener receives the notifications that arrived after it was added, and none after it was
 *   removed (even those already queued);
 * - a throwing listener does not affect the others (its error becomes a `CodexListenerError`
 *   process warning, as before);
 * - memory is bounded: at most {@link MAX_PENDING_NOTIFICATIONS} notifications wait. When listeners
 *   fall that far behind, each new notification first delivers the oldest one where it arrives:
 *   reading then slows to the listeners' pace (back-pressure onto the app-server through the pipe)
 *   instead of dropping events or growing without bound.
 *
 * Cost: one array slot per notification somebody listens to and one `setImmediate` per batch;
 * nothing at all when no listener is registered.
 */
import { CodexError } from "../../errors.js";
import { AsyncQueue } from "../../internal/async-queue.js";
import type { Notification } from "../events.js";

/** A listener as the bus stores it. */
export type AnyListener = (n: Notification) => void;

/** Most notifications waiting for listeners before delivery falls back onto the read path. */
export const MAX_PENDING_NOTIFICATIONS = 1024;

/** Most notifications delivered per batch, so reading resumes between batches of a backlog. */
const BATCH = 256;

interface Registration {
  readonly listener: AnyListener;
  /** Sequence number of the first notification it receives. */
  readonly since: number;
  active: boolean;
}

/** The `codex.on()` listeners of one `Codex`, and their queue. */
export class ListenerSet {
  readonly #byMethod = new Map<string, Map<AnyListener, Registration>>();
  readonly #pending = new AsyncQueue<Notification>();
  /** Sequence number of the next notification queued. */
  #queued = 0;
  /** Sequence number of the next notification delivered. */
  #delivered = 0;
  #scheduled = false;
  #count = 0;
  readonly #drain = (): void => {
    this.#scheduled = false;
    for (let i = 0; i < BATCH && this.#deliverOne(); i++);
    if (this.#pending.size > 0) this.#schedule();
  };

  /** Number of listeners. */
  get size(): number {
    return this.#count;
  }

  /** Adds a listener (once per method; adding it again does nothing). Returns its removal. */
  add(method: string, listener: AnyListener): () => void {
    let registrations = this.#byMethod.get(method);
    if (registrations?.has(listener)) return () => undefined;
    if (!registrations) this.#byMethod.set(method, (registrations = new Map<AnyListener, Registration>()));
    const registration: Registration = { listener, since: this.#queued, active: true };
    registrations.set(listener, registration);
    this.#count++;
    const set = registrations;
    return () => {
      if (!registration.active) return;
      registration.active = false;
      set.delete(listener);
      if (set.size === 0 && this.#byMethod.get(method) === set) this.#byMethod.delete(method);
      this.#count--;
    };
  }

  /** Queues a notification for the listeners of its method and of `"*"` (if there are any). */
  enqueue(n: Notification): void {
    if (!this.#byMethod.has(n.method) && !this.#byMethod.has("*")) return;
    if (this.#pending.size >= MAX_PENDING_NOTIFICATIONS) this.#deliverOne();
    this.#pending.push(n);
    this.#queued++;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  /** Delivers the oldest queued notification; `false` when none was queued. */
  #deliverOne(): boolean {
    const n = this.#pending.poll();
    if (n === undefined) return false;
    const seq = this.#delivered++;
    deliver(this.#byMethod.get(n.method), n, seq);
    deliver(this.#byMethod.get("*"), n, seq);
    return true;
  }
}

function deliver(
  registrations: Map<AnyListener, Registration> | undefined,
  n: Notification,
  seq: number,
): void {
  if (!registrations) return;
  for (const r of registrations.values()) {
    // Removed meanwhile (by an earlier listener of this batch, say), or added after it was queued.
    if (r.active && r.since <= seq) safeCall(r.listener, n);
  }
}

/**
 * Calls one listener. A listener's bug must not break delivery for everyone else. Rethrowing (even
 * asynchronously) would be an uncaught exception, which ends the whole process by default; the
 * error is reported as a process warning named `CodexListenerError` instead
 * (`process.on("warning", ...)` receives it, with the listener's error as `cause`).
 */
function safeCall(listener: AnyListener, n: Notification): void {
  try {
    listener(n);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const warning = new CodexError(`a codex.on() listener threw on ${n.method}: ${detail}`, { cause: error });
    warning.name = "CodexListenerError";
    process.emitWarning(warning);
  }
}
