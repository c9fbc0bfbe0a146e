/**
 * One turn at a time per thread, in call order.
 *
 * The app-server treats a `turn/start` sent to a thread that is running a turn as a steer: it adds
 * the input to the running turn and answers with that turn's id. Two `thread.run()` calls at once
 * would merge into one turn, so the SDK sends a thread's `turn/start` only when the thread is idle,
 * and queues the calls that come while it is busy (first in, first started).
 *
 * A thread is busy from the moment the SDK decides to send a `turn/start` until that turn's
 * `turn/completed`, and while any turn it learnt about from `turn/started` (started by another
 * client, or a compaction) has not completed. A queued call that is aborted, or whose client
 * closes, leaves the queue without having sent anything.
 */
import { onAbort } from "../../internal/abort-listener.js";
import { abortErrorFrom } from "../../errors.js";
import { turnIdOf, type Notification } from "../events.js";

/** The right to start one turn on a thread; hold it until the turn is known (or never sent). */
export interface TurnSlot {
  /**
   * The `turn/start` was answered with this turn id: the thread stays busy until its
   * `turn/completed` (which may already have been seen).
   */
  bind(turnId: string): void;
  /** Nothing was started (the call failed before or at `turn/start`): the next call may go. */
  release(): void;
}

interface Waiter {
  grant: (slot: TurnSlot) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

class ThreadState {
  /** Set while a slot is granted and its turn id is not known yet. */
  starting = false;
  /** The turn started through the SDK that keeps the thread busy. */
  owned: string | undefined;
  /** Turns reported by `turn/started` and not completed yet (any client's). */
  readonly running = new Set<string>();
  /** Turns completed while a slot was starting: its `turn/completed` can arrive before the answer. */
  readonly completed = new Set<string>();
  readonly waiters: Waiter[] = [];

  get busy(): boolean {
    return this.starting || this.owned !== undefined || this.running.size > 0;
  }
}

/** The per-thread queues of one `Codex`. */
export class TurnQueue {
  readonly #threads = new Map<string, ThreadState>();
  readonly #onActivity: (active: boolean) => void;
  #active = false;

  /** @param onActivity told when the first turn is queued or started, and when the last one ended. */
  constructor(onActivity: (active: boolean) => void = () => undefined) {
    this.#onActivity = onActivity;
  }

  /** True while a turn started through the SDK runs or waits on some thread. */
  get active(): boolean {
    return this.#active;
  }

  /** True while the thread runs a turn (any client's) or a call waits to start one. */
  isBusy(threadId: string): boolean {
    const state = this.#threads.get(threadId);
    return state !== undefined && (state.busy || state.waiters.length > 0);
  }

  /**
   * Waits for the thread's turn in call order. Rejects with an `AbortError` when `signal` aborts
   * first; the caller then has sent nothing.
   */
  acquire(threadId: string, signal: AbortSignal | undefined): Promise<TurnSlot> {
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal, "turn"));
    const state = this.#state(threadId);
    return new Promise<TurnSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, reject, detach: () => undefined };
      if (signal) {
        waiter.detach = onAbort(signal, () => {
          const i = state.waiters.indexOf(waiter);
          if (i < 0) return;
          state.waiters.splice(i, 1);
          reject(
            abortErrorFrom(signal, "turn (still queued behind the thread's running turn; nothing was sent)"),
          );
          this.#settle(threadId, state);
        });
      }
      state.waiters.push(waiter);
      this.#advance(threadId, state);
    });
  }

  /**
   * The thread's slot at once when `acquire` would grant it without a wait (the thread is idle,
   * nobody waits, `signal` has not aborted); otherwise `undefined`, and the caller waits in
   * `acquire`.
   */
  acquireNow(threadId: string, signal: AbortSignal | undefined): TurnSlot | undefined {
    if (signal?.aborted) return undefined;
    const state = this.#threads.get(threadId);
    if (state !== undefined && (state.busy || state.waiters.length > 0)) return undefined;
    const granted = state ?? this.#state(threadId);
    granted.starting = true;
    this.#update();
    return this.#slot(threadId, granted);
  }

  /** Follows `turn/started` and `turn/completed` of every thread (called for each notification). */
  observe(notification: Notification): void {
    if (notification.method !== "turn/started" && notification.method !== "turn/completed") return;
    const threadId = notification.params.threadId;
    const turnId = turnIdOf(notification.params);
    if (turnId === undefined) return;
    if (notification.method === "turn/started") {
      // A turn started on behalf of another (a review's model turn names the review turn as its
      // root) never gets a turn/completed of its own: the root's completion ends both.
      const root = notification.params.turn.rootTurnId;
      this.#state(threadId).running.add(root ?? turnId);
      this.#update();
      return;
    }
    const state = this.#threads.get(threadId);
    if (!state) return;
    state.running.delete(turnId);
    if (state.owned === turnId) state.owned = undefined;
    else if (state.starting) state.completed.add(turnId);
    this.#advance(threadId, state);
  }

  /** The connection is gone: no turn runs any more; queued calls go on (and meet the closed client). */
  reset(): void {
    for (const [threadId, state] of this.#threads) {
      state.running.clear();
      state.owned = undefined;
      this.#advance(threadId, state);
    }
  }

  #state(threadId: string): ThreadState {
    let state = this.#threads.get(threadId);
    if (!state) {
      state = new ThreadState();
      this.#threads.set(threadId, state);
    }
    return state;
  }

  #advance(threadId: string, state: ThreadState): void {
    if (!state.busy) {
      const next = state.waiters.shift();
      if (next) {
        next.detach();
        state.starting = true;
        next.grant(this.#slot(threadId, state));
      }
    }
    this.#settle(threadId, state);
  }

  #slot(threadId: string, state: ThreadState): TurnSlot {
    let done = false;
    const finish = (turnId: string | undefined): void => {
      if (done) return;
      done = true;
      state.starting = false;
      if (turnId !== undefined && !state.completed.has(turnId)) state.owned = turnId;
      state.completed.clear();
      this.#advance(threadId, state);
    };
    return { bind: (turnId) => finish(turnId), release: () => finish(undefined) };
  }

  /** Forgets an idle thread with nobody waiting, and reports the overall activity. */
  #settle(threadId: string, state: ThreadState): void {
    if (!state.busy && state.waiters.length === 0) this.#threads.delete(threadId);
    this.#update();
  }

  #update(): void {
    let active = false;
    for (const state of this.#threads.values()) {
      if (state.starting || state.owned !== undefined || state.waiters.length > 0) {
        active = true;
        break;
      }
    }
    if (active === this.#active) return;
    this.#active = active;
    this.#onActivity(active);
  }
}
