/** A conversation thread: run turns on it, read it, name it, compact it. */
import type { AppServerClient } from "../../client/client.js";
import type { Thread as ProtocolThread } from "../../generated/v2/Thread.js";
import type { ThreadCompactStartResponse } from "../../generated/v2/ThreadCompactStartResponse.js";
import type { ThreadReadResponse } from "../../generated/v2/ThreadReadResponse.js";
import type { ThreadSetNameResponse } from "../../generated/v2/ThreadSetNameResponse.js";
import type { TurnStartParams } from "../../generated/experimental/v2/TurnStartParams.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom, CodexError } from "../../errors.js";
import type { ApprovalMode } from "../server-requests/approvals.js";
import { approvalFields, copyFields, fieldList, refuseBoth, type ParamsOptions } from "./params-options.js";
import type { RunInput } from "../inputs/inputs.js";
import { toWireInput, type CheckedWireInputOptions } from "../inputs/wire-input.js";
import type { RunResult } from "../turns/result.js";
import {
  attachOutput,
  prepareOutput,
  type InferOutput,
  type JsonSchema,
  type OutputSchema,
  type OutputValidator,
  type StandardSchemaV1,
} from "../structured/structured.js";
import type { TurnRouter } from "../turns/turn-router.js";
import type { TurnQueue } from "../turns/turn-queue.js";
import { sandboxPolicy, type Sandbox } from "./sandbox.js";
import type { ThreadEffectiveSettings } from "./thread-params.js";
import type { TurnEvent } from "../events.js";
import { TurnHandle } from "../turns/turn.js";
import { startTurn } from "../turns/turn-start.js";
import type { ServerRequestDispatcher } from "../server-requests/dispatcher.js";
import { optionalHandler, type ServerRequestHandler } from "../server-requests/server-requests.js";
import { nonEmptyString } from "../validation.js";
import type { CwdCheck } from "./thread-cwd.js";

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
}

/** The `turn/start` params fields a {@link TurnOptions} option replaces (or the call's arguments). */
export type TurnReplacedField = "threadId" | "input" | "cwd" | "outputSchema";

/**
 * Options of `thread.turn()` and `thread.run()`: every field of the protocol's `turn/start` params
 * (the experimental ones included, tagged `@experimental`) but the thread id and the input, which
 * are arguments, plus the SDK's own options below. Every override is sticky: the server keeps it
 * for later turns of the thread. Omitted options keep the thread's current setting.
 * `approvalMode` with a raw `approvalPolicy` / `approvalsReviewer`, or `sandbox` with a raw
 * `sandboxPolicy`, is an `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * await thread.run("Build it", {
 *   sandboxPolicy: { type: "workspaceWrite", writableRoots: ["/tmp/out"], networkAccess: false,
 *     excludeTmpdirEnvVar: false, excludeSlashTmp: false },
 *   clientUserMessageId: "msg-42",
 * });
 * ```
 */
export interface TurnOptions extends ParamsOptions<TurnStartParams, TurnReplacedField> {
  /** Who approves escalations from now on (sets `approvalPolicy` and `approvalsReviewer`). Default: keep the thread's setting. */
  approvalMode?: ApprovalMode | undefined;
  /** Working directory for this and later turns, checked before anything is sent. */
  cwd?: string | undefined;
  /**
   * The shape of the final answer: a JSON Schema object, or a zod 4 schema (any Standard Schema
   * that can describe itself as JSON Schema). Converted to OpenAI's strict mode before anything is
   * sent (unsupported constructs throw an `UnsupportedSchemaError` naming their JSON paths); the
   * answer is parsed and validated into `RunResult.output`. Applies to this turn only. See
   * docs/structured-output.md.
   *
   * @example
   * ```ts
   * const Recipe = z.object({ title: z.string(), minutes: z.number().optional() });
   * const { output } = await thread.run("A quick pasta recipe", { outputSchema: Recipe });
   * output.title; // string
   * ```
   */
  outputSchema?: OutputSchema | undefined;
  /**
   * Checks the parsed output of a turn with an `outputSchema` (a type guard, an assertion function,
   * a boolean predicate, or a Standard Schema). With a plain JSON Schema it is the only validation,
   * and a type guard or Standard Schema also types `output`; failure rejects with
   * `OutputValidationError`.
   *
   * @example
   * ```ts
   * const { output } = await thread.run("…", { outputSchema: recipeJsonSchema, validate: isRecipe });
   * ```
   */
  validate?: OutputValidator | undefined;
  /** Sandbox preset for commands of this and later turns (a {@link Sandbox}; for a custom policy, such as extra writable roots, pass `sandboxPolicy`). */
  sandbox?: Sandbox | undefined;
  /**
   * Answers the server requests of this turn (approvals, questions) before the client-level
   * `onServerRequest`; returning `undefined` falls back to that one, then to the fail-safe default.
   * Not sticky: it applies to this turn only. Its `signal` aborts when the turn is interrupted or
   * aborted. See docs/approvals.md.
   *
   * @example
   * ```ts
   * await thread.run("Run the tests", {
   *   approvalMode: ApprovalMode.untrusted,
   *   onServerRequest: approveCommands((cmd) => cmd === "npm test"),
   * });
   * ```
   */
  onServerRequest?: ServerRequestHandler | undefined;
  /**
   * Called with each event of this turn as it arrives, whether the turn is consumed with `run()`
   * or `stream()`: the way for `run()` callers to watch progress, such as the runtime's retries
   * (`error` events with `willRetry: true`, e.g. "Reconnecting... 2/5"). It must not throw: an
   * exception it throws is ignored.
   *
   * @example
   * ```ts
   * import { Codex } from "codex-app-sdk";
   * const codex = new Codex();
   * const thread = await codex.threadStart();
   * await thread.run("Summarise the README", {
   *   onEvent: (event) => {
   *     if (event.method === "error" && event.params.willRetry) console.warn(event.params.error.message);
   *   },
   * });
   * ```
   */
  onEvent?: ((event: TurnEvent) => void) | undefined;
  /**
   * Aborting interrupts the turn on the server (`turn/interrupt`), waits for it to stop, then
   * rejects with an `AbortError`. Aborting before `turn/start` was answered sends nothing more than
   * the interrupt once the turn id is known. Aborting while the call still waits for the thread's
   * running turn (turns of a thread run one after another) rejects at once, and nothing was sent.
   * One signal may be shared by any number of turns.
   */
  signal?: AbortSignal | undefined;
}

// One `true` per pass-through field: a field the runtime adds (or drops) is a compile error here.
const TURN_FIELDS = fieldList<
  Exclude<keyof TurnStartParams, TurnReplacedField | "approvalPolicy" | "approvalsReviewer" | "sandboxPolicy">
>()({
  additionalContext: true,
  clientUserMessageId: true,
  collaborationMode: true,
  cyberAccessProgram: true,
  disabledPluginIds: true,
  effort: true,
  environments: true,
  model: true,
  multiAgentMode: true,
  parentTurnId: true,
  permissions: true,
  personality: true,
  responsesapiClientMetadata: true,
  responsesapiClientMetadataPatch: true,
  rootTurnId: true,
  runtimeWorkspaceRoots: true,
  serviceTier: true,
  serviceTierForTurn: true,
  summary: true,
  toolOutput: true,
  turnTrigger: true,
});

/**
 * Builds `turn/start` params from turn options (undefined options are left out).
 * @throws InvalidArgumentError for `approvalMode` with a raw approval field, or `sandbox` with `sandboxPolicy`
 */
export function turnStartParams(
  threadId: string,
  input: TurnStartParams["input"],
  o: TurnOptions,
): TurnStartParams {
  refuseBoth(o, "sandbox", "sandboxPolicy", "the sandbox preset is sent as sandboxPolicy");
  const params: TurnStartParams = { ...copyFields(o, TURN_FIELDS), ...approvalFields(o), threadId, input };
  if (o.cwd !== undefined) params.cwd = o.cwd;
  const policy = o.sandbox !== undefined ? sandboxPolicy(o.sandbox) : o.sandboxPolicy;
  if (policy !== undefined) params.sandboxPolicy = policy;
  return params;
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
   * Compacts the thread's history (`thread/compact/start`): the server summarises the conversation
   * with a model request and continues from the summary. Resolves when compaction has started.
   */
  async compact(): Promise<ThreadCompactStartResponse> {
    const client = await this.#host.client();
    return client.request("thread/compact/start", { threadId: this.id });
  }
}
