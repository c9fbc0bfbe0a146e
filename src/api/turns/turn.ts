/**
 * A running turn: its events (`stream()`), its result (`run()`), and its controls (`steer()`,
 * `interrupt()`).
 */
import type { TurnSteerResponse } from "../../generated/v2/TurnSteerResponse.js";
import { onAbort } from "../../internal/abort-listener.js";
import { abortErrorFrom, CodexError, InvalidRequestError, type TransportClosedError } from "../../errors.js";
import type { TurnEvent } from "../events.js";
import { toWireInput, type CheckedWireInputOptions, type RunInput } from "../inputs/inputs.js";
import { ResultCollector, TurnFailedError, type RunResult } from "./result.js";
import { isServerRequestEvent } from "../server-requests/server-requests.js";
import { finishOutput } from "../structured/structured.js";
import type { TurnRouter } from "./turn-router.js";
import type { AppServerClient } from "../../client/client.js";

/** What a turn handle needs from its client. */
export interface TurnContext {
  readonly client: AppServerClient;
  readonly router: TurnRouter;
  /** Working directory against which relative local-image paths are checked. */
  readonly cwd: string | undefined;
  /** How local image inputs of `steer()` are checked. */
  readonly images?: CheckedWireInputOptions | undefined;
}

/** How long an aborted turn waits for the server to confirm the interrupt before giving up. */
const ABORT_CONFIRM_MS = 10_000;

/** What `turn.interrupt()` did. */
export interface TurnInterruptResult {
  /**
   * `true` when the turn had already finished, so there was nothing to interrupt (nothing was
   * sent, or the server said it had no active turn); `false` when the server accepted the interrupt.
   */
  alreadyFinished: boolean;
}

/** Options of `turn.stream()`. */
export interface TurnStreamOptions {
  /**
   * What leaving the loop early does (`break`, `return`, or an exception thrown in its body, which
   * all call the iterator's `return()`) while the turn still runs. `true` (the default): the turn is
   * interrupted on the server and `return()` resolves once it has completed (at most 10 s), so the
   * thread's next turn starts cleanly. `false`: the turn keeps running on the server (its events
   * are no longer delivered here; the thread's next turn waits until it completes).
   */
  interruptOnExit?: boolean | undefined;
}

type Waiter = { resolve: (r: IteratorResult<TurnEvent>) => void; reject: (e: unknown) => void };

/**
 * A turn that has started on the server. Obtain it from `thread.turn(input)`.
 *
 * Consume it once: either iterate `stream()` or await `run()`. Events are buffered from the moment
 * the turn starts, so nothing is lost if you start consuming late.
 *
 * @example
 * ```ts
 * const turn = await thread.turn("List the files here");
 * for await (const event of turn.stream()) {
 *   if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
 * }
 * ```
 */
export class TurnHandle<T = never> {
  /** The thread the turn runs on. */
  readonly threadId: string;
  /** The turn id. */
  readonly id: string;
  readonly #ctx: TurnContext;
  #queue: TurnEvent[] = [];
  #head = 0;
  #waiter: Waiter | undefined;
  #completed = false;
  #failure: Error | undefined;
  #consumer: "stream" | "run" | undefined;
  #finished = false;
  #abortError: CodexError | undefined;
  #abortTimer: ReturnType<typeof setTimeout> | undefined;
  #offAbort: (() => void) | undefined;
  #started = false;
  /** Callers of interrupt() waiting for turn/started (see {@link TurnHandle.interrupt}). */
  #startWaiters: (() => void)[] = [];
  readonly #onEvent: ((event: TurnEvent) => void) | undefined;
  /** Set while `return()` waits for the interrupted turn to complete; called on completion. */
  #onExitDone: (() => void) | undefined;

  /** @internal Created by `Thread.turn()`. */
  constructor(
    ctx: TurnContext,
    threadId: string,
    id: string,
    signal?: AbortSignal,
    onEvent?: (event: TurnEvent) => void,
  ) {
    this.#ctx = ctx;
    this.threadId = threadId;
    this.id = id;
    this.#onEvent = onEvent;
    // One listener per signal however many turns share it (aborted already: called at once).
    if (signal) this.#offAbort = onAbort(signal, () => this.#abort(signal));
  }

  /** True once `turn/completed` for this turn has been received. */
  get completed(): boolean {
    return this.#completed;
  }

  /** @internal Receives this turn's events from the router. */
  push(event: TurnEvent): void {
    if (this.#finished) return;
    if (this.#onEvent) {
      try {
        this.#onEvent(event);
      } catch {
        // Documented: an onEvent callback must not throw, and what it throws is ignored.
      }
    }
    if (event.method === "turn/started") {
      this.#started = true;
      this.#wakeStartWaiters();
    }
    if (event.method === "turn/completed") {
      this.#completed = true;
      this.#detachSignal();
      this.#wakeStartWaiters();
      this.#onExitDone?.();
    }
    // The consumer left the loop and waits for the interrupted turn: events are no longer queued.
    if (this.#onExitDone) return;
    const waiter = this.#waiter;
    if (waiter && this.#head === this.#queue.length) {
      this.#waiter = undefined;
      waiter.resolve({ value: event, done: false });
      return;
    }
    this.#queue.push(event);
  }

  /** @internal The connection is gone: wake the consumer with the error. */
  fail(error: TransportClosedError | Error): void {
    if (this.#finished || this.#completed) return;
    this.#failure = error;
    this.#onExitDone?.();
    this.#wakeStartWaiters();
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.reject(error);
      // A rejected next() ends a for-await loop (and run()) without return(): stop routing here,
      // or the turn's later events would pile up in a queue nobody reads.
      this.#release();
    }
  }

  /**
   * Adds input to this turn while it runs (`turn/steer` with `expectedTurnId`). Rejects with an
   * `InvalidRequestError` when the turn is no longer active.
   */
  async steer(input: RunInput): Promise<TurnSteerResponse> {
    const cwd = this.#ctx.cwd;
    const wire = await toWireInput(input, { ...this.#ctx.images, ...(cwd === undefined ? {} : { cwd }) });
    return this.#ctx.client.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: this.id,
      input: wire,
    });
  }

  /**
   * Asks the server to stop this turn (`turn/interrupt`). The turn then completes with status
   * `interrupted`; `run()` resolves with that result and the thread stays usable.
   *
   * The server refuses an interrupt ("no active turn to interrupt") until it has reported the turn
   * started, which can be just after `thread.turn()` resolved: the request is held until then
   * (at most 10 s). On a turn that already finished it does nothing and resolves with
   * `{ alreadyFinished: true }`, so `finally { await turn.interrupt(); }` is safe.
   *
   * @example
   * ```ts
   * import { Codex } from "codex-app-sdk";
   * const codex = new Codex();
   * const thread = await codex.threadStart();
   * const turn = await thread.turn("Refactor the parser");
   * try {
   *   console.log((await turn.run()).finalResponse);
   * } finally {
   *   const { alreadyFinished } = await turn.interrupt(); // true here: run() saw it complete
   *   console.log(alreadyFinished);
   * }
   * ```
   */
  async interrupt(): Promise<TurnInterruptResult> {
    if (this.#completed) return { alreadyFinished: true };
    if (!this.#started && !this.#finished && !this.#failure) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ABORT_CONFIRM_MS);
        timer.unref();
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#startWaiters.push(done);
      });
      if (this.#completed) return { alreadyFinished: true };
    }
    try {
      await this.#ctx.client.request("turn/interrupt", { threadId: this.threadId, turnId: this.id });
      return { alreadyFinished: false };
    } catch (error) {
      // The turn completed on the server before its turn/completed reached this handle (or after
      // the handle stopped receiving events).
      if (error instanceof InvalidRequestError && /no active turn/i.test(error.message)) {
        return { alreadyFinished: true };
      }
      throw error;
    }
  }

  #wakeStartWaiters(): void {
    const waiters = this.#startWaiters;
    if (waiters.length === 0) return;
    this.#startWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * This turn's events, in order, ending right after its `turn/completed`: its notifications, and
   * the server requests of the turn (approvals, questions; they have an `id`) as they arrive, so a
   * UI can show "waiting for approval" (the handler answers them; `serverRequest/resolved` follows).
   * Can be iterated once.
   *
   * Leaving the loop early (`break`, `return`, a `throw` in its body) interrupts the turn on the
   * server and waits (at most 10 s) until it has completed, so the thread's next turn runs on its
   * own; pass `{ interruptOnExit: false }` to leave the turn running instead.
   *
   * @example
   * ```ts
   * import { Codex } from "codex-app-sdk";
   * const codex = new Codex();
   * const thread = await codex.threadStart();
   * const turn = await thread.turn("Write a long story");
   * for await (const event of turn.stream()) {
   *   if (event.method === "item/agentMessage/delta") break; // the turn is interrupted
   * }
   * console.log((await thread.run("Now a haiku")).finalResponse); // a turn of its own
   * ```
   */
  stream(options: TurnStreamOptions = {}): AsyncIterableIterator<TurnEvent> {
    this.#claim("stream");
    return this.#iterator(options.interruptOnExit ?? true);
  }

  /**
   * Waits for the turn to finish and returns its {@link RunResult}. Rejects with
   * {@link TurnFailedError} when the turn failed, with an `AbortError` when its signal aborted it,
   * and with `TransportClosedError` when the connection dropped. For a turn started with an
   * `outputSchema`, the result has `output` (`T`), and a final answer that is not valid JSON or
   * fails validation rejects with `OutputValidationError`.
   */
  async run(): Promise<RunResult<T>> {
    this.#claim("run");
    const collector = new ResultCollector(this.id);
    const it = this.#iterator();
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      // Server requests are answered by the handlers; the result is made of notifications only.
      if (!isServerRequestEvent(next.value)) collector.observe(next.value);
    }
    const result = collector.result();
    if (result.status === "failed") throw new TurnFailedError(result);
    return (await finishOutput(this, result)) as RunResult<T>;
  }

  #claim(kind: "stream" | "run"): void {
    if (this.#consumer) {
      throw new CodexError(
        `turn ${this.id} was already consumed by ${this.#consumer}(); a turn's events can be consumed once (call either stream() or run())`,
      );
    }
    this.#consumer = kind;
  }

  #iterator(interruptOnExit = false): AsyncIterableIterator<TurnEvent> {
    const it: AsyncIterableIterator<TurnEvent> = {
      next: () => this.#next(),
      return: async (): Promise<IteratorResult<TurnEvent>> => {
        if (interruptOnExit) await this.#interruptOnExit();
        this.#release();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  #next(): Promise<IteratorResult<TurnEvent>> {
    if (this.#head < this.#queue.length) {
      const event = this.#queue[this.#head++] as TurnEvent;
      if (this.#head === this.#queue.length) {
        // Drained: drop the delivered events now. Kept until the compaction below, up to ~1,000
        // per turn stayed reachable, survived into the old generation and multiplied GC time.
        this.#queue.length = 0;
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value: event, done: false });
    }
    if (this.#finished) return Promise.resolve({ value: undefined, done: true });
    if (this.#completed) {
      // Everything up to turn/completed was delivered.
      this.#release();
      if (this.#abortError) return Promise.reject(this.#abortError);
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.#failure) {
      this.#release();
      return Promise.reject(this.#failure);
    }
    if (this.#waiter) return Promise.reject(new CodexError("concurrent next() calls on a turn stream"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Interrupts the still running turn and waits (bounded) for its completion; events are dropped. */
  async #interruptOnExit(): Promise<void> {
    if (this.#completed || this.#finished || this.#failure) return;
    this.#queue = [];
    this.#head = 0;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ABORT_CONFIRM_MS);
      timer.unref();
      this.#onExitDone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#sendInterrupt();
    await done;
  }

  #abort(signal: AbortSignal): void {
    if (this.#completed || this.#finished) return;
    this.#abortError = abortErrorFrom(signal, `turn ${this.id}`);
    // interrupt() itself waits for turn/started, before which the server would refuse it.
    this.#sendInterrupt();
    // Should the server never confirm, still end the wait (bounded), instead of hanging.
    this.#abortTimer = setTimeout(
      () => this.fail(this.#abortError ?? abortErrorFrom(signal)),
      ABORT_CONFIRM_MS,
    );
    this.#abortTimer.unref();
  }

  #sendInterrupt(): void {
    this.interrupt().catch(() => {
      // Already finished, or the connection is gone: either way turn/completed or fail() ends the wait.
    });
  }

  #detachSignal(): void {
    if (this.#abortTimer !== undefined) clearTimeout(this.#abortTimer);
    this.#offAbort?.();
    this.#offAbort = undefined;
  }

  #release(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#queue = [];
    this.#head = 0;
    this.#detachSignal();
    // No more events reach this handle, so turn/started cannot wake a waiting interrupt() later.
    this.#wakeStartWaiters();
    if (!this.#completed) this.#ctx.router.unregister(this.id);
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }
}
