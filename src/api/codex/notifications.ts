/**
 * Fan-out of server notifications to `codex.on()` listeners and `codex.notifications()` iterators.
 * Nothing is buffered unless an iterator exists, and each iterator's buffer is bounded.
 */
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom } from "../../errors.js";
import { optionalInteger } from "../validation.js";
import type { Notification, NotificationMethod, NotificationOf } from "../events.js";

/** A listener of one notification method (or of all, with `"*"`). */
export type NotificationListener<M extends NotificationMethod | "*"> = (
  notification: M extends NotificationMethod ? NotificationOf<M> : Notification,
) => void;

/** Options of `codex.notifications()`. */
export interface NotificationIteratorOptions<M extends NotificationMethod = NotificationMethod> {
  /** Only these methods. Default: every notification. */
  methods?: readonly M[] | undefined;
  /**
   * Most notifications kept while the consumer is slower than the server; the oldest are dropped
   * beyond it (see `dropped` on the iterator). Default 1000.
   */
  bufferSize?: number | undefined;
  /** Ends the iteration (rejecting the pending `next()` with an `AbortError`). */
  signal?: AbortSignal | undefined;
}

/** An async iterator over notifications that also reports how many it had to drop. */
export interface NotificationIterator<N = Notification> extends AsyncIterableIterator<N> {
  /** Notifications dropped because the buffer was full. */
  readonly dropped: number;
}

type AnyListener = (n: Notification) => void;

class BufferedIterator {
  buffer: Notification[] = [];
  dropped = 0;
  waiter: ((r: IteratorResult<Notification>) => void) | undefined;
  rejecter: ((e: unknown) => void) | undefined;
  done = false;
  /** Lets the process exit again once this iterator is closed. */
  release: () => void = () => undefined;
  constructor(
    readonly methods: ReadonlySet<string> | undefined,
    readonly size: number,
  ) {}
  offer(n: Notification): void {
    if (this.done || (this.methods && !this.methods.has(n.method))) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      this.rejecter = undefined;
      w({ value: n, done: false });
      return;
    }
    if (this.buffer.length >= this.size) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(n);
  }
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    const w = this.waiter;
    const r = this.rejecter;
    this.waiter = undefined;
    this.rejecter = undefined;
    if (error !== undefined && r) r(error);
    else w?.({ value: undefined, done: true });
  }
}

/** The notification bus of one `Codex`. */
export class NotificationBus {
  readonly #listeners = new Map<string, Set<AnyListener>>();
  readonly #iterators = new Set<BufferedIterator>();
  #count = 0;
  readonly #keepAlive: (() => () => void) | undefined;
  /** Set by endAll(): the connection is gone, nothing will be emitted (until reopen(), on a new connection). */
  #ended = false;

  /** @param keepAlive holds the process alive while an iterator is open; returns the release. */
  constructor(keepAlive?: () => () => void) {
    this.#keepAlive = keepAlive;
  }

  /** Number of listeners plus iterators (zero means `emit` is free). */
  get size(): number {
    return this.#count;
  }

  on(method: string, listener: AnyListener): () => void {
    let set = this.#listeners.get(method);
    if (!set) this.#listeners.set(method, (set = new Set()));
    if (set.has(listener)) return () => undefined;
    set.add(listener);
    this.#count++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener);
      this.#count--;
    };
  }

  emit(n: Notification): void {
    if (this.#count === 0) return;
    const exact = this.#listeners.get(n.method);
    if (exact) for (const l of exact) safeCall(l, n);
    const all = this.#listeners.get("*");
    if (all) for (const l of all) safeCall(l, n);
    for (const it of this.#iterators) it.offer(n);
  }

  iterate(options: NotificationIteratorOptions<NotificationMethod> = {}): NotificationIterator {
    const size = optionalInteger("bufferSize", options.bufferSize, { min: 1 }) ?? 1000;
    const state = new BufferedIterator(options.methods ? new Set(options.methods) : undefined, size);
    const signal = optionalAbortSignal("signal", options.signal);
    const finish = (): void => {
      if (!this.#iterators.delete(state)) return;
      this.#count--;
      state.release();
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = signal
      ? (): void => {
          finish();
          state.end(abortErrorFrom(signal, "notifications()"));
        }
      : undefined;
    if (signal?.aborted || this.#ended) state.end();
    else {
      this.#iterators.add(state);
      this.#count++;
      if (this.#keepAlive) state.release = this.#keepAlive();
      if (onAbort) signal?.addEventListener("abort", onAbort, { once: true });
    }
    const it: NotificationIterator = {
      get dropped() {
        return state.dropped;
      },
      next: () => {
        const head = state.buffer.shift();
        if (head) return Promise.resolve({ value: head, done: false });
        if (state.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          state.waiter = resolve;
          state.rejecter = reject;
        });
      },
      return: () => {
        finish();
        state.end();
        state.buffer = [];
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
    for (const it of this.#iterators) {
      it.release();
      it.end(error);
    }
    this.#count -= this.#iterators.size;
    this.#iterators.clear();
  }

  /** A new connection is up (`codex.reconnect()`): iterators made from now on receive notifications again. */
  reopen(): void {
    this.#ended = false;
  }
}

/**
 * Calls one listener. A listener's bug must not break routing for everyone else: the other
 * listeners, iterators and turn streams still get this notification and the later ones. Rethrowing
 * (even asynchronously) would be an uncaught exception, which ends the whole process by default;
 * the error is reported as a process warning named `CodexListenerError` instead
 * (`process.on("warning", ...)` receives it, with the listener's error as `cause`).
 */
function safeCall(listener: AnyListener, n: Notification): void {
  try {
    listener(n);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const warning = new Error(`a codex.on() listener threw on ${n.method}: ${detail}`, { cause: error });
    warning.name = "CodexListenerError";
    process.emitWarning(warning);
  }
}
