/**
 * A running turn: its events (`stream()`, or the handle itself in `for await`), its result
 * (`result()` / `run()`, available whether or not the events are streamed), and its controls
 * (`steer()`, `interrupt()`).
 */
import type { TurnSteerResponse } from "../../generated/v2/TurnSteerResponse.js";
import { onAbort } from "../../internal/abort-listener.js";
import { abortable } from "../../internal/abortable.js";
import { abortErrorFrom, CodexError, InvalidRequestError, type TransportClosedError } from "../../errors.js";
import type { TurnEvent } from "../events.js";
import type { RunInput } from "../inputs/inputs.js";
import { toWireInput, type CheckedWireInputOptions } from "../inputs/wire-input.js";
import { AsyncQueue } from "../../internal/async-queue.js";
import type { RunResult } from "./result.js";
import { TurnOutcome } from "./turn-outcome.js";
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
   * are no longer queued for the stream, `result()` resolves when it completes; the thread's next
   * turn waits until it completes).
   */
  interruptOnExit?: boolean | undefined;
}

/**
 * A turn that has started. Obtain it from `thread.turn(input)`.
 *
 * Its events can be iterated once (`stream()`, or `for await` on the handle itself), and its
 * {@link RunResult} is collected from the same events whether or not you iterate them: `result()`
 * (or `run()`) resolves once the turn completed. Events are buffered from the moment the turn
 * starts, so nothing is lost if you start iterating late.
 *
 * @example
 * ```ts
 * const turn = await thread.turn("List the files here");
 * for await (const event of turn) {
 *   if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
 * }
 * const { finalResponse, usage } = await turn.result();
 * ```
 */
export class TurnHandle<T = never> implements AsyncIterable<TurnEvent> {
  /** The thread the turn runs on. */
  readonly threadId: string;
  /** The turn id. */
  readonly id: string;
  readonly #ctx: TurnContext;
  /** The events for `stream()`; closed once nobody will iterate them. */
  readonly #events = new AsyncQueue<TurnEvent>();
  readonly #outcome: TurnOutcome<T>;
  #completed = false;
  #failure: Error | undefined;
  /** `stream`: iterated; `result`: the result was asked for first, so the events are not kept. */
  #consumer: "stream" | "result" | undefined;
  /** The stream's consumer left (or the stream ended): events go to the result only. */
  #released = false;
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
    this.#outcome = new TurnOutcome<T>(id, this);
    // One listener per signal however many turns share it (aborted already: called at once).
    if (signal) this.#offAbort = onAbort(signal, () => this.#abort(signal));
  }

  /** True once `turn/completed` for this turn has been received. */
  get completed(): boolean {
    return this.#completed;
  }

  /** @internal Receives this turn's events from the router. */
  push(event: TurnEvent): void {
    if (this.#outcome.settled) return;
    if (this.#onEvent && !this.#released) {
      try {
        this.#onEvent(event);
      } catch {
        // Documented: an onEvent callback must not throw, and what it throws is ignored.
      }
    }
    this.#outcome.observe(event);
    // Queued unless nobody will iterate: result() came first, the consumer left the loop, or it
    // waits for the interrupted turn to end.
    if (this.#consumer !== "result" && !this.#released && !this.#onExitDone) this.#events.push(event);
    if (event.method === "turn/started") {
      this.#started = true;
      this.#wakeStartWaiters();
    }
    if (event.method === "turn/completed") {
      this.#completed = true;
      this.#detachSignal();
      this.#wakeStartWaiters();
      // Everything up to turn/completed is delivered first; an aborted turn's stream then rejects.
      if (this.#abortError) this.#events.fail(this.#abortError);
      else this.#events.close();
      this.#outcome.settle(this.#abortError);
      this.#onExitDone?.();
    }
  }

  /**
   * @internal The turn can no longer complete here: the connection is gone, or an abort the server
   * never confirmed. Wakes the stream and the result with the error and stops routing to this turn.
   */
  fail(error: TransportClosedError | Error): void {
    if (this.#outcome.settled) return;
    this.#failure = error;
    this.#events.fail(error);
    this.#outcome.settle(error);
    this.#detachSignal();
    this.#onExitDone?.();
    this.#wakeStartWaiters();
    // Later events of the turn (after an abort that timed out) go nowhere instead of piling up.
    this.#ctx.router.unregister(this.id);
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
   * `interrupted`; `result()` resolves with that result and the thread stays usable.
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
   *   console.log((await turn.result()).finalResponse);
   * } finally {
   *   const { alreadyFinished } = await turn.interrupt(); // true here: the turn completed
   *   console.log(alreadyFinished);
   * }
   * ```
   */
  async interrupt(): Promise<TurnInterruptResult> {
    if (this.#completed) return { alreadyFinished: true };
    if (!this.#started && !this.#failure) {
      const started = new Promise<void>((resolve) => {
        this.#startWaiters.push(resolve);
      });
      await boundedWait(started);
      if (this.#completed) return { alreadyFinished: true };
    }
    try {
      await this.#ctx.client.request("turn/interrupt", { threadId: this.threadId, turnId: this.id });
      return { alreadyFinished: false };
    } catch (error) {
      // The turn completed on the server before its turn/completed reached this handle.
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
   * Can be iterated once; `for await (const event of turn)` is the same as `turn.stream()`. The
   * result is collected meanwhile: read it afterwards (or concurrently) with {@link result}.
   *
   * Leaving the loop early (`break`, `return`, a `throw` in its body) interrupts the turn on the
   * server and waits (at most 10 s) until it has completed, so the thread's next turn runs on its
   * own; pass `{ interruptOnExit: false }` to leave the turn running instead. The stream rejects
   * with an `AbortError` when the turn's signal aborted it, and with `TransportClosedError` when the
   * connection dropped; a `failed` turn ends the stream normally (its `turn/completed` says so).
   *
   * Throws a `CodexError` when the events are already iterated, or when `result()`/`run()` was
   * called first (the events were then not kept).
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
   * console.log((await turn.result()).status); // "interrupted"
   * ```
   */
  stream(options: TurnStreamOptions = {}): AsyncIterableIterator<TurnEvent> {
    if (this.#consumer === "stream") {
      throw new CodexError(
        `turn ${this.id} is already consumed by stream(): its events can be iterated once (stream() or for await on the handle); read its result with turn.result()`,
      );
    }
    if (this.#consumer === "result") {
      throw new CodexError(
        `turn ${this.id} was already consumed by result() (or run()), which does not keep the events: to stream them and read the result, call stream() first, then result()`,
      );
    }
    this.#consumer = "stream";
    return this.#iterator(options.interruptOnExit ?? true);
  }

  /** The same as `stream()`: `for await (const event of turn)`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<TurnEvent> {
    return this.stream();
  }

  /**
   * The turn's {@link RunResult}, once it completed: collected from its events whether or not they
   * are streamed, so call it after (or while) iterating `stream()`, or on its own instead of
   * streaming. Every call returns the same promise. It resolves as soon as the turn's
   * `turn/completed` arrived, without waiting for a loop over the events to get there.
   *
   * - A turn left early by its stream's loop is interrupted (unless `interruptOnExit: false`): the
   *   result has status `interrupted`. With `interruptOnExit: false` it resolves when the turn
   *   completes on the server.
   * - Rejects with {@link TurnFailedError} when the turn failed (status `failed`), with an
   *   `AbortError` when its signal aborted it, and with `TransportClosedError` when the connection
   *   dropped before it completed.
   * - For a turn started with an `outputSchema`, the result has `output` (`T`); a final answer that
   *   is not valid JSON or fails validation rejects with `OutputValidationError` (the stream itself
   *   is not affected).
   *
   * Nothing is computed until you ask: a turn that is only streamed leaves no promise to reject
   * unobserved. Called before `stream()`, it consumes the turn: the events are not kept, and a
   * later `stream()` throws.
   *
   * @example
   * ```ts
   * const turn = await thread.turn("Summarise README.md");
   * for await (const event of turn) {
   *   if (event.method === "item/agentMessage/delta") process.stdout.write(event.params.delta);
   * }
   * const { usage, finalResponse } = await turn.result();
   * ```
   */
  result(): Promise<RunResult<T>> {
    if (this.#consumer === undefined) {
      // Nobody iterates the events: stop keeping them (the result has what it needs).
      this.#consumer = "result";
      this.#events.clear();
      this.#events.close();
    }
    return this.#outcome.result();
  }

  /**
   * Waits for the turn to finish and returns its {@link RunResult}: the same as {@link result},
   * under the name `thread.run()` mirrors.
   */
  run(): Promise<RunResult<T>> {
    return this.result();
  }

  #iterator(interruptOnExit: boolean): AsyncIterableIterator<TurnEvent> {
    const it: AsyncIterableIterator<TurnEvent> = {
      next: () => this.#events.next(),
      return: async (): Promise<IteratorResult<TurnEvent>> => {
        if (interruptOnExit) await this.#interruptOnExit();
        this.#release();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /** Interrupts the still running turn and waits (bounded) for its completion; events are dropped. */
  async #interruptOnExit(): Promise<void> {
    if (this.#completed || this.#failure || this.#released) return;
    this.#events.clear();
    const done = new Promise<void>((resolve) => {
      this.#onExitDone = resolve;
    });
    this.#sendInterrupt();
    await boundedWait(done);
  }

  #abort(signal: AbortSignal): void {
    if (this.#completed || this.#failure) return;
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

  /**
   * The stream's consumer is gone: its events are no longer kept. The turn stays routed here until
   * it completes, so that `result()` still settles; its signal no longer applies (the loop that
   * owned it has left, possibly leaving the turn running on purpose).
   */
  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#events.clear();
    this.#events.close();
    this.#detachSignal();
  }
}

/** `wait`, or nothing after {@link ABORT_CONFIRM_MS}: a server that never confirms must not hang the caller. */
function boundedWait(wait: Promise<void>): Promise<void> {
  return abortable(wait, {
    abortError: abortErrorFrom,
    timeoutMs: ABORT_CONFIRM_MS,
    onTimeout: () => undefined,
    unref: true,
  });
}
