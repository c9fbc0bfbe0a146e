/**
 * Fan-out of server notifications to `codex.on()` listeners (called later, off the read path: see
 * listeners.ts) and `codex.notifications()` iterators. Nothing is buffered unless a listener or an
 * iterator exists, and every buffer is bounded.
 */
import { AsyncQueue } from "../../internal/async-queue.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom } from "../../errors.js";
import { optionalInteger } from "../validation.js";
import type { AnyNotification, AnyNotificationMethod, ListenedNotificationOf, Notification } from "../events.js";
import { ListenerSet, type AnyListener } from "./listeners.js";

/** A listener of one notification method (or of all, with `"*"`). */
export type NotificationListener<M extends AnyNotificationMethod | "*"> = (
  notification: M extends AnyNotificationMethod ? ListenedNotificationOf<M> : AnyNotification,
) => void;

/** Options of `codex.notifications()`. */
export interface NotificationIteratorOptions<M extends AnyNotificationMethod = AnyNotificationMethod> {
  /** Only these methods. Default: every notification. */
  methods?: readonly M[] | undefined;
  /**
   * Most notifications kept while the consumer is slower than the server; the oldest are dropped
   * beyond it (see `dropped` on the iterator). Default 1000.
   */
  bufferSize?: number | undefined;
  /**
   * Ends the iteration: the buffered notifications are dropped and `next()` (the pending call, or
   * the next one) rejects with an `AbortError`.
   */
  signal?: AbortSignal | undefined;
}

/** An async iterator over notifications that also reports how many it had to drop. */
export interface NotificationIterator<N = Notification> extends AsyncIterableIterator<N> {
  /** Notifications dropped because the buffer was full. */
  readonly dropped: number;
}

interface Subscription {
  readonly queue: AsyncQueue<Notification>;
  readonly methods: ReadonlySet<string> | undefined;
  /** Lets the process exit again once this iterator is closed. */
  release: () => void;
}

/** The notification bus of one `Codex`. */
export class NotificationBus {
  readonly #listeners = new ListenerSet();
  readonly #iterators = new Set<Subscription>();
  readonly #keepAlive: (() => () => void) | undefined;
  /** Set by endAll(): the connection is gone, nothing will be emitted (until reopen(), on a new connection). */
  #ended = false;

  /** @param keepAlive holds the process alive while an iterator is open; returns the release. */
  constructor(keepAlive?: () => () => void) {
    this.#keepAlive = keepAlive;
  }

  /** Number of listeners plus iterators (zero means `emit` is free). */
  get size(): number {
    return this.#listeners.size + this.#iterators.size;
  }

  /** Adds a listener, called asynchronously (see listeners.ts). Returns its removal. */
  on(method: string, listener: AnyListener): () => void {
    return this.#listeners.add(method, listener);
  }

  emit(n: Notification): void {
    if (this.#listeners.size > 0) this.#listeners.enqueue(n);
    if (this.#iterators.size === 0) return;
    for (const it of this.#iterators) if (!it.methods || it.methods.has(n.method)) it.queue.push(n);
  }

  iterate(options: NotificationIteratorOptions = {}): NotificationIterator {
    const limit = optionalInteger("bufferSize", options.bufferSize, { min: 1 }) ?? 1000;
    const signal = optionalAbortSignal("signal", options.signal);
    const methods = options.methods ? new Set<string>(options.methods) : undefined;
    const sub: Subscription = { queue: new AsyncQueue({ limit }), methods, release: () => undefined };
    const { queue } = sub;
    const finish = (): void => {
      if (!this.#iterators.delete(sub)) return;
      sub.release();
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    };
    const abort = (s: AbortSignal): void => {
      queue.clear();
      queue.fail(abortErrorFrom(s, "notifications()"));
    };
    const onAbort = signal
      ? (): void => {
          finish();
          abort(signal);
        }
      : undefined;
    if (signal?.aborted) abort(signal);
    else if (this.#ended) queue.close();
    else {
      this.#iterators.add(sub);
      if (this.#keepAlive) sub.release = this.#keepAlive();
      if (onAbort) signal?.addEventListener("abort", onAbort, { once: true });
    }
    const it: NotificationIterator = {
      get dropped() {
        return queue.dropped;
      },
      next: () => queue.next(),
      return: () => {
        finish();
        queue.clear();
        queue.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /**
   * Ends every iterator (the client closed); listeners stay registered but receive nothing more,
   * and iterators made afterwards end at once.
   */
  endAll(error?: unknown): void {
    this.#ended = true;
    for (const sub of this.#iterators) {
      sub.release();
      if (error === undefined) sub.queue.close();
      else sub.queue.fail(error);
    }
    this.#iterators.clear();
  }

  /** A new connection is up (`codex.reconnect()`): iterators made from now on receive notifications again. */
  reopen(): void {
    this.#ended = false;
  }
}
