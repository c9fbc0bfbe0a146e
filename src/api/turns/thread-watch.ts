/**
 * Per-thread observers of the notifications of one connection, for turns the SDK did not start
 * itself: the compaction turn (its id is only learnt from `turn/started`), and the continuation
 * turns of a goal (each a new turn id, started by the runtime). Observers are called synchronously
 * on the read path, before the notification is routed to its turn, so an observer that registers a
 * turn's sink on `turn/started` receives that very event.
 */
import type { Notification } from "../events.js";

/** What a thread observer is told. */
export interface ThreadObserver {
  /** A notification whose `params.threadId` is the observed thread. Must not throw. */
  notify(notification: Notification): void;
  /** The connection is gone: nothing more will arrive. */
  fail(error: Error): void;
}

/** The thread observers of one `Codex`. */
export class ThreadWatch {
  readonly #observers = new Map<string, Set<ThreadObserver>>();

  /** Number of observed threads (for leak tests). */
  get size(): number {
    return this.#observers.size;
  }

  /** Observes the notifications of a thread until the returned function is called. */
  observe(threadId: string, observer: ThreadObserver): () => void {
    let set = this.#observers.get(threadId);
    if (!set) {
      set = new Set();
      this.#observers.set(threadId, set);
    }
    set.add(observer);
    return () => {
      const current = this.#observers.get(threadId);
      if (!current?.delete(observer)) return;
      if (current.size === 0) this.#observers.delete(threadId);
    };
  }

  /** Called for every notification of the connection. */
  route(notification: Notification): void {
    if (this.#observers.size === 0) return;
    const params = notification.params as { threadId?: unknown } | undefined;
    const threadId = params?.threadId;
    if (typeof threadId !== "string") return;
    const set = this.#observers.get(threadId);
    if (set) for (const observer of [...set]) observer.notify(notification);
  }

  /** The connection is gone: every observer fails and is forgotten. */
  failAll(error: Error): void {
    const all = [...this.#observers.values()].flatMap((set) => [...set]);
    this.#observers.clear();
    for (const observer of all) observer.fail(error);
  }
}
