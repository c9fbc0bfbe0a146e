/** A conversation thread: run turns on it, read it, name it, compact it. */
import type { AppServerClient } from "../../client/client.js";
import type { Thread as ProtocolThread } from "../../generated/v2/Thread.js";
import type { ThreadCompactStartResponse } from "../../generated/v2/ThreadCompactStartResponse.js";
import type { ThreadGoalClearResponse } from "../../generated/v2/ThreadGoalClearResponse.js";
import type { ThreadGoalGetResponse } from "../../generated/v2/ThreadGoalGetResponse.js";
import type { ThreadGoalSetResponse } from "../../generated/v2/ThreadGoalSetResponse.js";
import type { ThreadReadResponse } from "../../generated/v2/ThreadReadResponse.js";
import type { ThreadSetNameResponse } from "../../generated/v2/ThreadSetNameResponse.js";
import type { ThreadDeleteResponse } from "../../generated/v2/ThreadDeleteResponse.js";
import type { ThreadRevertResponse } from "../../generated/v2/ThreadRevertResponse.js";
import type { ThreadUnsubscribeResponse } from "../../generated/v2/ThreadUnsubscribeResponse.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom } from "../../errors.js";
import type { RunInput } from "../inputs/inputs.js";
import type { CheckedWireInputOptions } from "../inputs/wire-input.js";
import type { RunResult } from "../turns/result.js";
import type { InferOutput, JsonSchema, OutputValidator, StandardSchemaV1 } from "../structured/structured.js";
import type { TurnRouter } from "../turns/turn-router.js";
import type { TurnQueue, TurnSlot } from "../turns/turn-queue.js";
import type { ThreadWatch } from "../turns/thread-watch.js";
import type { ThreadEffectiveSettings } from "./thread-params.js";
import type { TurnContext, TurnHandle } from "../turns/turn.js";
import type { AttachTurnOptions } from "../turns/attach.js";
import type { ReviewOptions, ReviewTargetInput } from "../turns/review.js";
import type { ThreadTurnHost } from "./thread-turn.js";
import type { CompactOptions } from "../turns/compaction.js";
import type { GoalRunOptions, GoalUpdate } from "../turns/goals.js";
import type { ServerRequestDispatcher } from "../server-requests/dispatcher.js";
import { nonEmptyString, optionalBoolean } from "../validation.js";
import type { CwdCheck } from "./thread-cwd.js";
import type { TurnOptions } from "./turn-options.js";
import type { ThreadForkOptions } from "./thread-params.js";
import type { CallOptions, RuntimeHost } from "../runtime/host.js";
import type { ItemsPage, ThreadItemsOptions, ThreadTurnsOptions, TurnsPage } from "./history.js";
import { deferredNow, loadDeferred, loadedDeferred } from "../load-deferred.js";

export type { TurnOptions, TurnReplacedField } from "./turn-options.js";

/** What a thread needs from the `Codex` that made it. */
export interface ThreadHost {
  /** The started client; rejects when the `Codex` is closed or its connection is gone. */
  client(): Promise<AppServerClient>;
  /** What `client()` would resolve with at once, or `undefined` when it would wait or reject. */
  readyClient(): AppServerClient | undefined;
  readonly router: TurnRouter;
  /** Observers of whole threads (turns whose ids the SDK learns from their `turn/started`). */
  readonly threads: ThreadWatch;
  /** Runs the turns of each thread one after another. */
  readonly turns: TurnQueue;
  /**
   * Rejects with `LoginRequiredError` when no turn can succeed for want of a login; `undefined`
   * when the check already passed on this client (nothing to wait for).
   */
  checkLogin(client: AppServerClient): Promise<void> | undefined;
  readonly cwd: string | undefined;
  /** How local image inputs are checked (`CodexOptions.maxImageBytes` and friends). */
  readonly images?: CheckedWireInputOptions | undefined;
  /** Checks a thread or turn `cwd` option (a directory on this machine when the server is local). */
  readonly checkCwd: CwdCheck;
  /** Answers the server's requests; turn-level handlers are registered with it. */
  readonly serverRequests: ServerRequestDispatcher;
  /** The client of the current connection, if connected (a new one after `reconnect()`). */
  readonly currentClient: AppServerClient | undefined;
  /** Typed requests (the runtime-control host of the same `Codex`). */
  readonly runtime: RuntimeHost;
  /** `codex.threadFork()`: forks with the same tool and MCP handling as the client's own call. */
  fork(threadId: string, options: ThreadForkOptions): Promise<Thread>;
}

/**
 * A thread on the app-server. Obtain it from `codex.threadStart()`, `threadResume()`,
 * `threadFork()` or `threadUnarchive()`.
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ model: "gpt-5.4" });
 * const { finalResponse } = await thread.run("Say hello");
 * ```
 */
export class Thread {
  /** The thread id. */
  readonly id: string;
  /** The thread as the server described it when this object was made. */
  readonly info: ProtocolThread;
  /**
   * The settings the server reported when this object was made by `threadStart()`,
   * `threadResume()` or `threadFork()` (approval policy, sandbox, model, cwd, ...); `null` from
   * `threadUnarchive()`, whose response carries none. A snapshot: turn options change the
   * server's settings later, and `codex.threadResume(thread.id)` reads them again.
   *
   * @example
   * ```ts
   * await thread.run("Tidy up", { approvalMode: ApprovalMode.deny_all });
   * (await codex.threadResume(thread.id)).settings?.approvalPolicy; // "never"
   * ```
   */
  readonly settings: ThreadEffectiveSettings | null;
  readonly #host: ThreadHost;
  /**
   * The connection this thread is subscribed on. The server sends a thread's turn events only to
   * connections that started or resumed it, so after `codex.reconnect()` the thread resumes itself
   * on the new connection before its next turn (otherwise that turn's events would never arrive).
   */
  #subscribedOn: AppServerClient | undefined;
  readonly #turnHost: ThreadTurnHost;

  /** @internal */
  constructor(host: ThreadHost, info: ProtocolThread, settings: ThreadEffectiveSettings | null = null) {
    this.#host = host;
    this.#subscribedOn = host.currentClient;
    this.info = info;
    this.settings = settings;
    this.id = info.id;
    this.#turnHost = {
      id: info.id,
      host,
      subscribed: () => this.#subscribed(),
      subscribedNow: () => {
        const client = this.#host.readyClient();
        return client !== undefined && client === this.#subscribedOn ? client : undefined;
      },
      context: (client) => this.#context(client),
    };
    host.serverRequests.notePolicy(info.id, settings?.approvalPolicy);
  }

  /**
   * Starts a turn and returns its handle as soon as the server accepted it. Turns of a thread run
   * one after another: while the thread runs a turn (started through this client, another
   * client, or a compaction), the call waits for it to complete, in call order, and sends nothing
   * before; each call gets a turn of its own. To add input to the running turn, use
   * `turn.steer()`. With an `outputSchema`,
   * the handle's `run()` resolves with a typed `output` (see docs/structured-output.md).
   *
   * @example
   * ```ts
   * const turn = await thread.turn([{ type: "text", text: "Fix the failing test" }]);
   * const result = await turn.run();
   * ```
   */
  turn<S extends StandardSchemaV1>(
    input: RunInput,
    options: Omit<TurnOptions, "outputSchema" | "validate"> & {
      outputSchema: S;
      validate?: OutputValidator<InferOutput<S>, InferOutput<S>> | undefined;
    },
  ): Promise<TurnHandle<InferOutput<S>>>;
  /** Starts a turn whose final answer follows a JSON Schema; `output` is typed `T` (checked by `validate`, when given). */
  turn<T = unknown>(
    input: RunInput,
    options: Omit<TurnOptions, "outputSchema" | "validate"> & {
      outputSchema: JsonSchema;
      validate?: OutputValidator<T> | undefined;
    },
  ): Promise<TurnHandle<T>>;
  /** Starts a turn. */
  turn(input: RunInput, options?: TurnOptions): Promise<TurnHandle>;
  turn(input: RunInput, options: TurnOptions = {}): Promise<TurnHandle<unknown>> {
    // Not `async`: returning openTurn's promise from an async function would add two ticks per turn.
    const deferred = deferredNow();
    if (deferred) return deferred.openTurn(this.#turnHost, input, options);
    return loadDeferred().then((loaded) => loaded.openTurn(this.#turnHost, input, options));
  }

  /**
   * Runs a turn to completion and returns its result. Rejects with `TurnFailedError` when the turn
   * failed, and with `LoginRequiredError` (nothing sent) when the model provider needs an OpenAI
   * login and there is none; an interrupted turn resolves with status `interrupted`. Turns of a
   * thread run one after another, in call order (see {@link Thread.turn}). With an `outputSchema`, the
   * result has `output`: the final answer parsed and validated, typed from the schema; a bad answer
   * rejects with `OutputValidationError` (see docs/structured-output.md).
   *
   * @example
   * ```ts
   * const Recipe = z.object({ title: z.string(), steps: z.array(z.string()) });
   * const { output } = await thread.run("A pancake recipe", { outputSchema: Recipe });
   * output.steps; // string[]
   * ```
   */
  run<S extends StandardSchemaV1>(
    input: RunInput,
    options: Omit<TurnOptions, "outputSchema" | "validate"> & {
      outputSchema: S;
      validate?: OutputValidator<InferOutput<S>, InferOutput<S>> | undefined;
    },
  ): Promise<RunResult<InferOutput<S>>>;
  /** Runs a turn whose final answer follows a JSON Schema; `output` is typed `T` (checked by `validate`, when given). */
  run<T = unknown>(
    input: RunInput,
    options: Omit<TurnOptions, "outputSchema" | "validate"> & {
      outputSchema: JsonSchema;
      validate?: OutputValidator<T> | undefined;
    },
  ): Promise<RunResult<T>>;
  /** Runs a turn to completion and returns its result. */
  run(input: RunInput, options?: TurnOptions): Promise<RunResult>;
  run(input: RunInput, options: TurnOptions = {}): Promise<RunResult<unknown> | RunResult> {
    return this.turn(input, options).then((handle) => handle.run());
  }

  /** Reads the thread (`thread/read`); with `includeTurns`, its persisted turns and items. */
  async read(options: { includeTurns?: boolean } = {}): Promise<ThreadReadResponse> {
    const client = await this.#host.client();
    return client.request("thread/read", { threadId: this.id, includeTurns: options.includeTurns ?? false });
  }

  /** Sets the thread's name (`thread/name/set`). */
  async setName(name: string): Promise<ThreadSetNameResponse> {
    nonEmptyString("name", name);
    const client = await this.#host.client();
    return client.request("thread/name/set", { threadId: this.id, name });
  }

  /**
   * The thread's turns, page by page (`thread/turns/list`): awaited, one page (`{ data,
   * nextCursor, backwardsCursor }`); iterated with `for await`, every turn, newest first unless
   * `sortDirection: "asc"`, each further page fetched only when the loop reaches it. Options are
   * checked before anything is sent (an `InvalidArgumentError`); aborting `signal` stops the loop
   * with an `AbortError`. See {@link ThreadTurnsOptions}.
   *
   * @example
   * ```ts
   * for await (const turn of thread.turns({ sortDirection: "asc", limit: 20 })) console.log(turn.id, turn.status);
   * ```
   */
  turns(options: ThreadTurnsOptions = {}): TurnsPage {
    return loadedDeferred().turnsPage(this.#host.runtime, this.id, options);
  }

  /**
   * The thread's items, page by page (`thread/items/list`), oldest first unless
   * `sortDirection: "desc"`; each entry carries its `turnId`. Like {@link Thread.turns}.
   *
   * @example
   * ```ts
   * for await (const { item } of thread.items({ turnId })) if (item.type === "agentMessage") console.log(item.text);
   * ```
   */
  items(options: ThreadItemsOptions = {}): ItemsPage {
    return loadedDeferred().itemsPage(this.#host.runtime, this.id, options);
  }

  /**
   * Forks the thread into a new one (`thread/fork`, like `codex.threadFork(thread.id, options)`).
   * With `lastTurnId`, the fork keeps the turns up to and including that one (it must not be
   * running); the fork's next turn sends the model that history only.
   *
   * @example
   * ```ts
   * const fork = await thread.fork({ lastTurnId: firstTurn.id });
   * ```
   */
  fork(options: ThreadForkOptions = {}): Promise<Thread> {
    return this.#host.fork(this.id, options);
  }

  /**
   * Reverts the thread's history (`thread/revert`): `beforeTurnId` and every later turn are
   * removed from the stored conversation, so later turns continue from the turns before it. Files
   * the removed turns changed are not restored. Needs a thread with `historyMode: "paginated"` (the
   * default). The response's `thread.turns` is empty: read the rest with {@link Thread.turns}.
   *
   * @example
   * ```ts
   * await thread.revert(badTurn.id);
   * ```
   */
  async revert(beforeTurnId: string, options: CallOptions = {}): Promise<ThreadRevertResponse> {
    const { revertThread } = deferredNow() ?? (await loadDeferred());
    return revertThread(this.#host.runtime, this.id, beforeTurnId, options);
  }

  /**
   * Deletes the thread (`thread/delete`): its stored history is removed, it leaves every list, and
   * resuming it rejects with a `ThreadNotFoundError`.
   */
  async delete(options: CallOptions = {}): Promise<ThreadDeleteResponse> {
    const { deleteThread } = deferredNow() ?? (await loadDeferred());
    return deleteThread(this.#host.runtime, this.id, options);
  }

  /**
   * Stops this client's subscription to the thread's events (`thread/unsubscribe`); the server may
   * unload the thread once no client is subscribed. The object stays usable: its next `turn()`
   * resubscribes first (`thread/resume` without history, as after `codex.reconnect()`); `read()`,
   * `turns()`, `items()`, `fork()` work without a subscription. Resolves with the server's
   * `status` (`"unsubscribed"`, or `"notSubscribed"` / `"notLoaded"` when there was nothing to do).
   *
   * @throws CodexError (nothing sent) while a turn of this thread runs or waits in this client
   */
  async unsubscribe(options: CallOptions = {}): Promise<ThreadUnsubscribeResponse> {
    const { unsubscribeThread } = deferredNow() ?? (await loadDeferred());
    const response = await unsubscribeThread(this.#host.runtime, this.id, this.#host.turns.isBusy(this.id), options);
    this.#subscribedOn = undefined;
    return response;
  }

  /**
   * Compacts the thread's history (`thread/compact/start`): the server summarises the conversation
   * with a model request and continues from the summary, in a turn of its own. Without options it
   * resolves when the server accepted the request. With `{ wait: true }` it waits (like a turn,
   * after the thread's running turn) and resolves once the compaction turn completed, with its
   * result (its `items` hold the `contextCompaction` item).
   *
   * @example
   * ```ts
   * const { status, items } = await thread.compact({ wait: true });
   * items.some((item) => item.type === "contextCompaction"); // true
   * ```
   */
  compact(options: CompactOptions & { wait: true }): Promise<RunResult>;
  /** Starts compacting the thread's history; resolves when the server accepted the request. */
  compact(options?: CompactOptions & { wait?: false | undefined }): Promise<ThreadCompactStartResponse>;
  async compact(options: CompactOptions = {}): Promise<ThreadCompactStartResponse | RunResult> {
    if (!optionalBoolean("wait", options.wait)) {
      const client = await this.#host.client();
      return client.request("thread/compact/start", { threadId: this.id });
    }
    const { startCompaction } = deferredNow() ?? (await loadDeferred());
    const { slot, ctx } = await this.#slot(options.signal, "compact");
    const handle = await startCompaction({ ctx, threads: this.#host.threads, slot }, this.id, options);
    return handle.run();
  }

  /**
   * A handle on a turn of this thread the SDK did not start here (another client's on a shared
   * app-server, a compaction, a review, a lost handle). Past events are not replayed by the
   * server: the handle gets the stored turn (a `turn/started` and its completed items, rebuilt),
   * the events this connection buffered for it, then the live ones; a completed turn yields its
   * stored items and `turn/completed` (`usage` only from events this connection still held).
   * Rejects with `TurnNotFoundError` for an unknown turn. See docs/api-reference.md.
   *
   * @example
   * ```ts
   * const turn = await (await codex.threadResume(threadId)).attachTurn(turnIdStartedElsewhere);
   * const { finalResponse } = await turn.run();
   * ```
   */
  async attachTurn(turnId: string, options: AttachTurnOptions = {}): Promise<TurnHandle> {
    nonEmptyString("turnId", turnId);
    const signal = optionalAbortSignal("signal", options.signal);
    if (signal?.aborted) throw abortErrorFrom(signal, "attachTurn");
    const { attachTurn } = deferredNow() ?? (await loadDeferred());
    const client = await this.#subscribed();
    return attachTurn(this.#context(client), this.#host.turns, this.id, turnId, { ...options, signal });
  }

  /**
   * Starts a code review (`review/start`) and returns the review turn's handle: `run()` resolves
   * with the review as `finalResponse`, and the stream carries the `enteredReviewMode` and
   * `exitedReviewMode` items. `target` is review instructions (a string, a `custom` target) or a
   * `ReviewTarget` (`uncommittedChanges`, `baseBranch`, `commit`, `custom`). The review runs on this
   * thread (`delivery: "inline"`); the handle's `threadId` is the thread the server named
   * (`reviewThreadId`). Like `turn()`, the call waits for the thread's running turn first.
   *
   * @example
   * ```ts
   * const review = await thread.review({ type: "uncommittedChanges" });
   * console.log((await review.run()).finalResponse);
   * ```
   */
  async review(target: ReviewTargetInput, options: ReviewOptions = {}): Promise<TurnHandle> {
    const { reviewTarget, startReview } = deferredNow() ?? (await loadDeferred());
    const checked = reviewTarget(target);
    const { slot, ctx } = await this.#slot(options.signal, "review");
    return startReview(ctx, slot, this.id, checked, options);
  }

  /** Sets or changes the thread's goal (`thread/goal/set`): an objective, or the fields to change. */
  async setGoal(update: string | GoalUpdate): Promise<ThreadGoalSetResponse> {
    const { goalUpdate } = deferredNow() ?? (await loadDeferred());
    const params = goalUpdate(update);
    const client = await this.#host.client();
    return client.request("thread/goal/set", { ...params, threadId: this.id });
  }

  /** Reads the thread's goal (`thread/goal/get`); `goal` is `null` when it has none. */
  async getGoal(): Promise<ThreadGoalGetResponse> {
    const client = await this.#host.client();
    return client.request("thread/goal/get", { threadId: this.id });
  }

  /** Removes the thread's goal (`thread/goal/clear`); `cleared` says whether there was one. */
  async clearGoal(): Promise<ThreadGoalClearResponse> {
    const client = await this.#host.client();
    return client.request("thread/goal/clear", { threadId: this.id });
  }

  /**
   * Sets `objective` as the active goal and returns one handle for the whole goal run (one logical
   * turn): its stream carries every continuation turn's events under the handle's id and ends with
   * one `turn/completed` when the goal stops; `run()` collects all their items. `interrupt()` (or
   * `signal`) pauses the goal and interrupts the running turn. See docs/api-reference.md.
   *
   * @example
   * ```ts
   * const { finalResponse } = await (await thread.startGoal("Make the tests pass")).run();
   * ```
   */
  async startGoal(objective: string, options: GoalRunOptions = {}): Promise<TurnHandle> {
    const { goalObjective, startGoal } = deferredNow() ?? (await loadDeferred());
    const checked = goalObjective(objective);
    const { slot, ctx } = await this.#slot(options.signal, "startGoal");
    return startGoal({ ctx, threads: this.#host.threads, slot }, this.id, checked, options);
  }

  /** Runs a goal to its end and returns one result over all its continuation turns (see {@link Thread.startGoal}). */
  async runGoal(objective: string, options: GoalRunOptions = {}): Promise<RunResult> {
    return (await this.startGoal(objective, options)).run();
  }

  /** The client of the current connection, subscribed to this thread (resumed after a reconnect). */
  async #subscribed(): Promise<AppServerClient> {
    const client = await this.#host.client();
    if (this.#subscribedOn !== client) {
      await client.request("thread/resume", { threadId: this.id, excludeTurns: true });
      this.#subscribedOn = client;
    }
    return client;
  }

  #context(client: AppServerClient): TurnContext {
    const host = this.#host;
    return { client, router: host.router, cwd: host.cwd, images: host.images };
  }

  /** Waits for the thread's turn slot (see `turn()`), then a subscribed client; the slot is released on failure. */
  async #slot(signal: AbortSignal | undefined, what: string): Promise<{ slot: TurnSlot; ctx: TurnContext }> {
    optionalAbortSignal("signal", signal);
    if (signal?.aborted) throw abortErrorFrom(signal, what);
    const slot = await this.#host.turns.acquire(this.id, signal);
    try {
      return { slot, ctx: this.#context(await this.#subscribed()) };
    } catch (error) {
      slot.release();
      throw error;
    }
  }
}
