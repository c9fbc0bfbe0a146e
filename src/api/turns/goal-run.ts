/**
 * A goal run as one logical turn (the design of the Python SDK's goal mode): while a thread's goal
 * is `active`, the runtime starts continuation turns by itself, each with a new turn id, until the
 * model marks the goal `complete` (its `update_goal` tool) or the goal is paused, blocked, limited
 * or cleared. The handle's id is the first continuation turn's; every event of every continuation
 * turn is delivered with its turn id rewritten to that id; the intermediate `turn/started` and
 * `turn/completed` are dropped, and one `turn/completed` ends the run when the goal stops (status
 * forced to `interrupted` when the caller interrupted it). `thread/goal/updated` notifications of
 * the run's turns are part of the stream.
 */
import type { ThreadGoalStatus } from "../../generated/v2/ThreadGoalStatus.js";
import type { Turn } from "../../generated/v2/Turn.js";
import type { TurnSteerResponse } from "../../generated/v2/TurnSteerResponse.js";
import { InvalidRequestError } from "../../errors.js";
import type { Notification, TurnEvent } from "../events.js";
import type { RunInput } from "../inputs/inputs.js";
import { toWireInput } from "../inputs/wire-input.js";
import type { ThreadWatch } from "./thread-watch.js";
import type { TurnSlot } from "./turn-queue.js";
import { TurnHandle, type TurnContext, type TurnInterruptResult } from "./turn.js";

/** What a goal run needs (the caller holds the thread's slot and a subscribed client). */
export interface GoalRunDeps {
  readonly ctx: TurnContext;
  readonly threads: ThreadWatch;
  readonly slot: TurnSlot;
}

/** Rewrites a physical turn's event to the logical turn id. */
function rewrite(event: TurnEvent, id: string): TurnEvent {
  const params = event.params as unknown as Record<string, unknown>;
  if (typeof params["turnId"] === "string") return { ...event, params: { ...params, turnId: id } } as TurnEvent;
  const turn = params["turn"] as { id?: unknown } | undefined;
  if (typeof turn?.id === "string") return { ...event, params: { ...params, turn: { ...turn, id } } } as TurnEvent;
  return event;
}

/** Follows the continuation turns of one goal on one thread. */
export class GoalRun {
  readonly #deps: GoalRunDeps;
  readonly #threadId: string;
  readonly #signal: AbortSignal | undefined;
  readonly #onEvent: ((event: TurnEvent) => void) | undefined;
  readonly #off: () => void;
  handle: GoalTurnHandle | undefined;
  /** The physical turn running now, if any. */
  current: string | undefined;
  #last: Turn | undefined;
  #status: ThreadGoalStatus | "cleared" | undefined;
  #interrupted = false;
  #done = false;
  #onStarted: ((handle: GoalTurnHandle) => void) | undefined;
  #onFailed: ((error: Error) => void) | undefined;

  constructor(
    deps: GoalRunDeps,
    threadId: string,
    signal: AbortSignal | undefined,
    onEvent: ((event: TurnEvent) => void) | undefined,
  ) {
    this.#deps = deps;
    this.#threadId = threadId;
    this.#signal = signal;
    this.#onEvent = onEvent;
    this.#off = deps.threads.observe(threadId, {
      notify: (n) => this.#thread(n),
      fail: (error) => this.#fail(error),
    });
  }

  /** Resolves with the handle once the first continuation turn started. */
  started(): Promise<GoalTurnHandle> {
    if (this.handle) return Promise.resolve(this.handle);
    return new Promise((resolve, reject) => {
      this.#onStarted = resolve;
      this.#onFailed = reject;
    });
  }

  /** Stops following the thread without a result (the goal could not be started). */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#off();
    this.#deps.slot.release();
  }

  #thread(n: Notification): void {
    if (this.#done) return;
    if (n.method === "turn/started") {
      const id = n.params.turn.id;
      this.current = id;
      this.#deps.ctx.router.register(id, {
        push: (event) => this.#physical(id, event),
        fail: (error) => this.#fail(error),
      });
      if (!this.handle) {
        this.handle = new GoalTurnHandle(this, this.#deps.ctx, this.#threadId, id, this.#signal, this.#onEvent);
        this.#onStarted?.(this.handle);
        if (this.#signal?.aborted) this.interrupt().catch(() => undefined);
      }
    } else if (n.method === "thread/goal/updated") {
      this.#status = n.params.goal.status;
      this.#maybeEndIdle();
    } else if (n.method === "thread/goal/cleared") {
      this.#status = "cleared";
      this.#maybeEndIdle();
    }
  }

  /** A goal that stopped while no continuation turn runs ends the run with the last turn. */
  #maybeEndIdle(): void {
    if (this.current === undefined && this.#last !== undefined && this.#status !== "active") this.#finish(this.#last);
  }

  #physical(id: string, event: TurnEvent): void {
    const handle = this.handle;
    if (this.#done || !handle) return;
    if (event.method === "turn/started") {
      if (id === handle.id) handle.push(event);
      return;
    }
    if (event.method === "turn/completed") {
      if (this.current === id) this.current = undefined;
      const turn = event.params.turn;
      this.#last = turn;
      const stopped = turn.status !== "completed" || this.#interrupted || this.#status !== "active";
      if (stopped) this.#finish(turn);
      return;
    }
    handle.push(rewrite(event, handle.id));
  }

  #finish(last: Turn): void {
    const handle = this.handle;
    if (this.#done || !handle) return;
    this.#done = true;
    this.#off();
    const first = handle.firstStartedAt ?? last.startedAt;
    const turn: Turn = {
      ...last,
      id: handle.id,
      status: this.#interrupted ? "interrupted" : last.status,
      startedAt: first,
      durationMs:
        first !== null && last.completedAt !== null ? (last.completedAt - first) * 1000 : last.durationMs,
    };
    handle.push({ method: "turn/completed", params: { threadId: this.#threadId, turn } });
    this.#deps.slot.release();
  }

  #fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#off();
    this.#deps.slot.release();
    if (this.handle) this.handle.fail(error);
    else this.#onFailed?.(error);
  }

  /** Pauses the goal, then interrupts its running continuation turn. */
  async interrupt(): Promise<TurnInterruptResult> {
    if (this.#done) return { alreadyFinished: true };
    this.#interrupted = true;
    const { client } = this.#deps.ctx;
    await client.request("thread/goal/set", { threadId: this.#threadId, status: "paused" });
    const current = this.current;
    if (current !== undefined) {
      try {
        await client.request("turn/interrupt", { threadId: this.#threadId, turnId: current });
      } catch (error) {
        if (!(error instanceof InvalidRequestError && /no active turn/i.test(error.message))) throw error;
      }
    } else if (this.#last !== undefined) {
      this.#finish(this.#last);
    }
    return { alreadyFinished: false };
  }
}

/** The handle of a goal run: a {@link TurnHandle} whose controls act on the running continuation turn. */
export class GoalTurnHandle extends TurnHandle {
  // Plain (not #private) fields: the base constructor may call interrupt() before they are set.
  private readonly goalRun: GoalRun | undefined;
  private readonly goalCtx: TurnContext;
  /** Unix seconds at which the first continuation turn started. */
  firstStartedAt: number | null = null;

  /** @internal */
  constructor(
    run: GoalRun,
    ctx: TurnContext,
    threadId: string,
    id: string,
    signal?: AbortSignal,
    onEvent?: (event: TurnEvent) => void,
  ) {
    super(ctx, threadId, id, signal, onEvent);
    this.goalRun = run;
    this.goalCtx = ctx;
  }

  /** @internal */
  override push(event: TurnEvent): void {
    if (event.method === "turn/started") this.firstStartedAt ??= event.params.turn.startedAt;
    super.push(event);
  }

  /**
   * Pauses the goal (`thread/goal/set` with status `paused`), then interrupts the continuation turn
   * that runs (`turn/interrupt`). The run then ends with status `interrupted`; the stored goal stays
   * `paused`.
   */
  override async interrupt(): Promise<TurnInterruptResult> {
    // Called by the base constructor when its signal had already aborted; the run interrupts itself then.
    if (this.goalRun === undefined) return { alreadyFinished: false };
    return this.completed ? { alreadyFinished: true } : this.goalRun.interrupt();
  }

  /** Adds input to the continuation turn that runs now (`turn/steer`). */
  override async steer(input: RunInput): Promise<TurnSteerResponse> {
    const current = this.goalRun?.current;
    if (current === undefined || this.completed) {
      throw new InvalidRequestError({ code: -32600, message: "no active turn to steer" }, "turn/steer");
    }
    const ctx = this.goalCtx;
    const wire = await toWireInput(input, { ...ctx.images, ...(ctx.cwd === undefined ? {} : { cwd: ctx.cwd }) });
    return ctx.client.request("turn/steer", { threadId: this.threadId, expectedTurnId: current, input: wire });
  }
}
