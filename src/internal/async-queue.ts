/**
 * A push/pull queue with a single waiter: the producer `push()`es synchronously (from a transport's
 * data handler, which must never wait), the consumer awaits `next()`. The one primitive behind a
 * turn's `stream()` and `codex.notifications()` iterators.
 *
 * Rules, the same for every user:
 * - a value pushed while the consumer waits is handed to it directly (nothing is buffered);
 * - `close()` ends the queue: buffered values are still delivered, then `next()` resolves `done`;
 * - `fail(error)` ends it with an error: buffered values are still delivered, then one `next()`
 *   rejects with `error`, and later calls resolve `done` (a `for await` loop stops at the rejection);
 * - one `next()` at a time: a second call while one waits rejects (two consumers of one queue would
 *   each see a random half of the values);
 * - with a `limit`, the oldest buffered value is dropped (and counted) to make room for a new one,
 *   so a consumer that stops reading cannot grow memory without bound.
 *
 * @module
 */
import { CodexError } from "../errors.js";

/** Options of {@link AsyncQueue}. */
export interface AsyncQueueOptions {
  /**
   * Most values kept while the consumer is behind; beyond it the oldest is dropped (see
   * {@link AsyncQueue.dropped}). Default: no limit.
   */
  limit?: number | undefined;
}

interface Waiter<T> {
  resolve: (result: IteratorResult<T>) => void;
  reject: (error: unknown) => void;
}

/** Reused for every `done` result: ending a queue allocates nothing. */
const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** @internal See the module comment. */
export class AsyncQueue<T> {
  // An array with a moving head: shift() is O(n) on large arrays, and this runs once per event.
  #items: T[] = [];
  #head = 0;
  #waiter: Waiter<T> | undefined;
  #ended = false;
  #error: { readonly value: unknown } | undefined;
  #dropped = 0;
  readonly #limit: number;

  constructor(options: AsyncQueueOptions = {}) {
    this.#limit = options.limit ?? Infinity;
  }

  /** Values buffered and not yet taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Values dropped because the buffer was at its limit. */
  get dropped(): number {
    return this.#dropped;
  }

  /** True once `close()` or `fail()` was called (buffered values may still be waiting). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Adds a value, or hands it to the waiting consumer. Ignored once the queue ended. */
  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value, done: false });
      return;
    }
    if (this.size >= this.#limit) {
      this.#advance();
      this.#dropped++;
    }
    this.#items.push(value);
  }

  /**
   * The next buffered value, taken synchronously; `undefined` when none is buffered (so a queue
   * drained this way holds no `undefined` values). For a consumer that runs on its own schedule.
   */
  poll(): T | undefined {
    return this.#head < this.#items.length ? this.#take() : undefined;
  }

  /** The next value; `done` once the queue ended and is empty. See the module comment. */
  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) return Promise.resolve({ value: this.#take(), done: false });
    if (this.#error) {
      const { value } = this.#error;
      this.#error = undefined;
      // The producer's error as given (an Error everywhere in the SDK): the consumer sees what failed.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(value);
    }
    if (this.#ended) return Promise.resolve(DONE);
    if (this.#waiter) return Promise.reject(new CodexError("concurrent next() calls on one async iterator"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Ends the queue after its buffered values; a waiting `next()` resolves `done`. */
  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve(DONE);
  }

  /** Ends the queue after its buffered values with `error`: a waiting `next()` rejects at once. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter.reject(error);
    else this.#error = { value: error };
  }

  /** Drops the buffered values (and a pending error): the consumer is gone or no longer wants them. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#error = undefined;
  }

  #take(): T {
    const value = this.#items[this.#head] as T;
    this.#advance();
    return value;
  }

  /** Forgets the head value. */
  #advance(): void {
    this.#items[this.#head++] = undefined as T; // let the value be collected once taken
    if (this.#head === this.#items.length) {
      // Drained: start over. Kept until a later compaction, up to ~1,000 delivered events per turn
      // stayed reachable, survived into the old generation and multiplied GC time.
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
