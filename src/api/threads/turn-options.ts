/**
 * The options of `thread.turn()` / `thread.run()` and their wire form (`turn/start` params): every
 * field of the protocol's params, plus the SDK's own options.
 *
 * @module
 */
import type { TurnStartParams } from "../../generated/experimental/v2/TurnStartParams.js";
import type { ApprovalMode } from "../server-requests/approvals.js";
import type { TurnEvent } from "../events.js";
import type { ServerRequestHandler } from "../server-requests/server-requests.js";
import type { OutputSchema, OutputValidator } from "../structured/structured.js";
import { approvalFields, copyFields, fieldList, refuseBoth, type ParamsOptions } from "./params-options.js";
import { sandboxPolicy, type Sandbox } from "./sandbox.js";

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

