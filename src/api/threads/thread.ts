/** A conversation thread: run turns on it, read it, name it, compact it. */
import type { AppServerClient } from "../../client/client.js";
import type { Thread as ProtocolThread } from "../../generated/v2/Thread.js";
import type { ThreadCompactStartResponse } from "../../generated/v2/ThreadCompactStartResponse.js";
import type { ThreadReadResponse } from "../../generated/v2/ThreadReadResponse.js";
import type { ThreadSetNameResponse } from "../../generated/v2/ThreadSetNameResponse.js";
import type { ThreadDeleteResponse } from "../../generated/v2/ThreadDeleteResponse.js";
import type { ThreadRevertResponse } from "../../generated/v2/ThreadRevertResponse.js";
import type { ThreadUnsubscribeResponse } from "../../generated/v2/ThreadUnsubscribeResponse.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom, CodexError } from "../../errors.js";
import type { RunInput } from "../inputs/inputs.js";
import { toWireInput, type CheckedWireInputOptions } from "../inputs/wire-input.js";
import type { RunResult } from "../turns/result.js";
import {
  attachOutput,
  prepareOutput,
  type InferOutput,
  type JsonSchema,
  type OutputValidator,
  type StandardSchemaV1,
} from "../structured/structured.js";
import type { TurnRouter } from "../turns/turn-router.js";
import type { TurnQueue } from "../turns/turn-queue.js";
import type { ThreadEffectiveSettings } from "./thread-params.js";
import { TurnHandle } from "../turns/turn.js";
import { startTurn } from "../turns/turn-start.js";
import type { ServerRequestDispatcher } from "../server-requests/dispatcher.js";
import { optionalHandler } from "../server-requests/server-requests.js";
import { nonEmptyString } from "../validation.js";
import type { CwdCheck } from "./thread-cwd.js";
import { turnStartParams, type TurnOptions } from "./turn-options.js";
import type { ThreadForkOptions } from "./thread-params.js";
import type { CallOptions, RuntimeHost } from "../runtime/host.js";
import { itemsPage, turnsPage, type ItemsPage, type ThreadItemsOptions, type ThreadTurnsOptions, type TurnsPage } from "./history.js";
import { deleteThread, revertThread, unsubscribeThread } from "./lifecycle.js";

export { turnStartParams, type TurnOptions, type TurnReplacedField } from "./turn-options.js";

/** What a thread needs from the `Codex` that made it. */
export interface ThreadHost {
  /** The started client; rejects when the `Codex` is closed or its connection is gone. */
  client(): Promise<AppServerClient>;
  readonly router: TurnRouter;
  /** Runs the turns of each thread one after another. */
  readonly turns: TurnQueue;
  /** Rejects with `LoginRequiredError` when no turn can succeed for want of a login. */
  checkLogin(client: AppServerClient): Promise<void>;
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

  /** @internal */
  constructor(host: ThreadHost, info: ProtocolThread, settings: ThreadEffectiveSettings | null = null) {
    this.#host = host;
    this.#subscribedOn = host.currentClient;
    this.info = info;
    this.settings = settings;
    this.id = info.id;
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
  async turn(input: RunInput, options: TurnOptions = {}): Promise<TurnHandle<unknown>> {
    const signal = optionalAbortSignal("signal", options.signal);
    if (signal?.aborted) throw abortErrorFrom(signal, "turn");
    const onServerRequest = optionalHandler("onServerRequest", options.onServerRequest);
    // Checked and converted to strict mode before anything is sent.
    const output = await prepareOutput(options);
    const host = this.#host;
    const wire = await toWireInput(input, {
      ...host.images,
      ...(host.cwd === undefined ? {} : { cwd: host.cwd }),
    });
    const params = turnStartParams(this.id, wire, { ...options, cwd: host.checkCwd(options.cwd) });
    if (output !== undefined) params.outputSchema = output.wireSchema;
    // One turn at a time per thread: a turn/start sent while the thread is busy would merge into
    // the running turn. Nothing is sent before the slot is granted.
    const slot = await host.turns.acquire(this.id, signal);
    let turnId: string | undefined;
    try {
      const client = await host.client();
      if (this.#subscribedOn !== client) {
        await client.request("thread/resume", { threadId: this.id, excludeTurns: true });
        this.#subscribedOn = client;
      }
      await host.checkLogin(client);
      if (signal?.aborted) throw abortErrorFrom(signal, "turn");
      const release = host.router.hold();
      // Registered before turn/start is sent: the turn's first request can arrive before its response.
      const requests = host.serverRequests.expectTurn(this.id, onServerRequest, signal);
      host.serverRequests.notePolicy(this.id, params.approvalPolicy);
      try {
        // The signal is deliberately not passed to the request: abandoning it could leave a turn
        // running on the server that nobody can interrupt. The handle interrupts it instead.
        const response = await startTurn(client, params, signal);
        turnId = response.turn.id;
        slot.bind(turnId);
        const handle = new TurnHandle(
          { client, router: host.router, cwd: host.cwd, images: host.images },
          this.id,
          turnId,
          signal,
          options.onEvent,
        );
        if (output !== undefined) attachOutput(handle, output);
        if (host.router.isActive(handle.id)) {
          throw new CodexError(
            `turn/start joined turn ${handle.id}, which was already running on thread ${this.id} (the app-server treats turn/start on a busy thread as a steer); use that turn's handle`,
          );
        }
        requests?.bind(handle.id);
        host.router.register(handle.id, handle);
        return handle;
      } finally {
        requests?.cancel(); // no-op once bound
        release();
      }
    } finally {
      if (turnId === undefined) slot.release();
    }
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
  async run(input: RunInput, options: TurnOptions = {}): Promise<RunResult<unknown> | RunResult> {
    const handle = await this.turn(input, options);
    return handle.run();
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
    return turnsPage(this.#host.runtime, this.id, options);
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
    return itemsPage(this.#host.runtime, this.id, options);
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
  revert(beforeTurnId: string, options: CallOptions = {}): Promise<ThreadRevertResponse> {
    return revertThread(this.#host.runtime, this.id, beforeTurnId, options);
  }

  /**
   * Deletes the thread (`thread/delete`): its stored history is removed, it leaves every list, and
   * resuming it rejects with a `ThreadNotFoundError`.
   */
  delete(options: CallOptions = {}): Promise<ThreadDeleteResponse> {
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
    const response = await unsubscribeThread(this.#host.runtime, this.id, this.#host.turns.isBusy(this.id), options);
    this.#subscribedOn = undefined;
    return response;
  }

  /**
   * Compacts the thread's history (`thread/compact/start`): the server summarises the conversation
   * with a model request and continues from the summary. Resolves when compaction has started.
   */
  async compact(): Promise<ThreadCompactStartResponse> {
    const client = await this.#host.client();
    return client.request("thread/compact/start", { threadId: this.id });
  }
}
