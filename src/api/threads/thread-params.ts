/** Option objects of the thread lifecycle methods and their wire form. */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import type { SortDirection } from "../../generated/v2/SortDirection.js";
import type { ThreadForkParams } from "../../generated/experimental/v2/ThreadForkParams.js";
import type { ThreadForkResponse } from "../../generated/v2/ThreadForkResponse.js";
import type { ThreadListParams } from "../../generated/v2/ThreadListParams.js";
import type { ThreadResumeParams } from "../../generated/experimental/v2/ThreadResumeParams.js";
import type { ThreadResumeResponse } from "../../generated/v2/ThreadResumeResponse.js";
import type { ThreadSortKey } from "../../generated/v2/ThreadSortKey.js";
import type { ThreadSourceKind } from "../../generated/v2/ThreadSourceKind.js";
import type { ThreadStartParams } from "../../generated/experimental/v2/ThreadStartParams.js";
import type { ThreadStartResponse } from "../../generated/v2/ThreadStartResponse.js";
import { ApprovalMode } from "../server-requests/approvals.js";
import {
  approvalFields,
  copyFields,
  fieldList,
  refuseBoth,
  type ApprovalOptions,
  type ParamsOptions,
} from "./params-options.js";
import type { McpServers } from "../mcp/config.js";
import type { ToolEntry } from "../tools/tool.js";
import { sandboxMode, type Sandbox } from "./sandbox.js";
import { nonEmptyString, optionalInteger } from "../validation.js";

/**
 * The SDK's own settings, shared by `threadStart`, `threadResume` and `threadFork`, on top of the
 * protocol fields each call takes (see {@link ThreadStartOptions}). `approvalMode` and the raw
 * `approvalPolicy` / `approvalsReviewer` cannot be combined (an `InvalidArgumentError`).
 */
export interface ThreadSettings {
  /** Who approves escalations. `threadStart` default: `ApprovalMode.auto_review` (unless a raw `approvalPolicy` / `approvalsReviewer` is given); resume/fork: keep the stored setting. */
  approvalMode?: ApprovalMode | undefined;
  /** Free-form config overrides for this thread, e.g. `{ model_reasoning_effort: "high" }`. */
  config?: { [key: string]: JsonValue } | undefined;
  /** Working directory of the thread (where commands run), checked before anything is sent. Default: the app-server's cwd. */
  cwd?: string | undefined;
  /** Sandbox preset for commands (the `sandbox` field of the protocol, as a {@link Sandbox} preset). Default: the runtime's configured sandbox. */
  sandbox?: Sandbox | undefined;
  /**
   * MCP servers for this thread only, by name (added to `config` as `mcp_servers`). See
   * {@link McpServers} and docs/mcp.md.
   */
  mcpServers?: McpServers | undefined;
  /**
   * Custom tools (made by `tool()` and `toolNamespace()`) the model can call; their handlers run in
   * this process. `threadStart` declares them to the server (`dynamicTools`, experimental API;
   * passing both `tools` and a raw `dynamicTools` is an `InvalidArgumentError`).
   * The server keeps a thread's tools: `threadResume` and `threadFork` with `tools` bind the
   * handlers in this client (the tools the model sees stay those of `threadStart`). A call of a
   * thread with no handlers bound here is answered `success: false`. See docs/tools.md.
   */
  tools?: readonly ToolEntry[] | undefined;
}

/** The params fields a {@link ThreadSettings} option replaces under the same key (or the call's `threadId` argument). */
export type ThreadReplacedField = "threadId" | "cwd" | "sandbox" | "config";

/**
 * Options of `codex.threadStart()`: every field of the protocol's `thread/start` params (the
 * experimental ones included, tagged `@experimental`), plus the SDK's {@link ThreadSettings}.
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ model: "gpt-5.4", ephemeral: true, sandbox: Sandbox.workspace_write });
 * ```
 */
export interface ThreadStartOptions
  extends ThreadSettings, ParamsOptions<ThreadStartParams, ThreadReplacedField & keyof ThreadStartParams> {}

/**
 * Options of `codex.threadResume()`: every field of the protocol's `thread/resume` params but
 * `threadId` (an argument), plus the SDK's {@link ThreadSettings}.
 *
 * @example
 * ```ts
 * const thread = await codex.threadResume(id, { excludeTurns: true, model: "gpt-5.4" });
 * ```
 */
export interface ThreadResumeOptions
  extends ThreadSettings, ParamsOptions<ThreadResumeParams, ThreadReplacedField> {}

/**
 * Options of `codex.threadFork()`: every field of the protocol's `thread/fork` params but
 * `threadId` (an argument), plus the SDK's {@link ThreadSettings}.
 *
 * @example
 * ```ts
 * const fork = await codex.threadFork(thread.id, { lastTurnId: turn.id, ephemeral: true });
 * ```
 */
export interface ThreadForkOptions
  extends ThreadSettings, ParamsOptions<ThreadForkParams, ThreadReplacedField> {}

/** Options of `codex.threadList()` and `codex.threads()`. */
export interface ThreadListOptions {
  /** `true` lists archived threads only. Default: non-archived only. */
  archived?: boolean | undefined;
  /** Page cursor from a previous `nextCursor`. */
  cursor?: string | undefined;
  /** Only threads whose cwd is this path (or one of these paths). */
  cwd?: string | string[] | undefined;
  /** Page size. */
  limit?: number | undefined;
  /** Only threads of these model providers. */
  modelProviders?: string[] | undefined;
  /** Only threads whose title contains this text (a substring filter, not a full-text search). */
  searchTerm?: string | undefined;
  /** `asc` or `desc`. */
  sortDirection?: SortDirection | undefined;
  /** `created_at` or `updated_at` (see the protocol's `ThreadSortKey`). */
  sortKey?: ThreadSortKey | undefined;
  /** Only threads from these sources. */
  sourceKinds?: ThreadSourceKind[] | undefined;
  /** List from the state database only, without scanning rollout files (faster, may miss old threads). */
  useStateDbOnly?: boolean | undefined;
}

type Passed<P> = Exclude<keyof P, ThreadReplacedField | "approvalPolicy" | "approvalsReviewer">;

// One `true` per pass-through field: a field the runtime adds (or drops) is a compile error here.
const START_FIELDS = fieldList<Passed<ThreadStartParams>>()({
  allowProviderModelFallback: true,
  baseInstructions: true,
  daybreakEnabled: true,
  developerInstructions: true,
  dynamicTools: true,
  environments: true,
  ephemeral: true,
  experimentalRawEvents: true,
  historyMode: true,
  mockExperimentalField: true,
  model: true,
  modelProvider: true,
  multiAgentMode: true,
  permissions: true,
  personality: true,
  projectId: true,
  runtimeWorkspaceRoots: true,
  selectedCapabilityRoots: true,
  serviceName: true,
  serviceTier: true,
  sessionStartSource: true,
  threadSource: true,
});
const RESUME_FIELDS = fieldList<Passed<ThreadResumeParams>>()({
  baseInstructions: true,
  developerInstructions: true,
  excludeTurns: true,
  history: true,
  initialTurnsPage: true,
  model: true,
  modelProvider: true,
  path: true,
  permissions: true,
  personality: true,
  runtimeWorkspaceRoots: true,
  serviceTier: true,
});
const FORK_FIELDS = fieldList<Passed<ThreadForkParams>>()({
  attachToSource: true,
  baseInstructions: true,
  beforeTurnId: true,
  deferGoalContinuation: true,
  developerInstructions: true,
  ephemeral: true,
  excludeTurns: true,
  experimentalDisablePredictionMcp: true,
  experimentalPredictionMode: true,
  lastTurnId: true,
  model: true,
  modelProvider: true,
  path: true,
  permissions: true,
  runtimeWorkspaceRoots: true,
  serviceTier: true,
  threadSource: true,
});

/** The params the SDK settings become: the approval pair, `sandbox` as a mode, `cwd` and `config` as given. */
function settings(o: ThreadSettings & ApprovalOptions, fallback?: ApprovalMode) {
  const p: Pick<ThreadForkParams, "approvalPolicy" | "approvalsReviewer" | "config" | "cwd" | "sandbox"> =
    approvalFields(o, fallback);
  if (o.config !== undefined) p.config = o.config;
  if (o.cwd !== undefined) p.cwd = o.cwd;
  if (o.sandbox !== undefined) p.sandbox = sandboxMode(o.sandbox);
  return p;
}

/** `thread/start` params; the approval mode defaults to `auto_review` when no approval field is given. */
export function threadStartParams(o: ThreadStartOptions): ThreadStartParams {
  refuseBoth(o, "tools", "dynamicTools", "tools declares its specs as dynamicTools");
  return { ...copyFields(o, START_FIELDS), ...settings(o, ApprovalMode.auto_review) };
}

/** `thread/resume` params; nothing is sent for omitted options, so stored settings persist. */
export function threadResumeParams(threadId: string, o: ThreadResumeOptions): ThreadResumeParams {
  return { ...copyFields(o, RESUME_FIELDS), ...settings(o), threadId: nonEmptyString("threadId", threadId) };
}

/**
 * Checks the fork point of `thread.fork()` / `codex.threadFork()`: `lastTurnId` (keep the turns up
 * to and including it) and `beforeTurnId` (keep the turns before it, `@experimental`) name a turn
 * and cannot be combined.
 * @throws InvalidArgumentError for an empty id, or both given
 */
export function checkForkPoint(options: ThreadForkOptions): ThreadForkOptions {
  refuseBoth(options, "lastTurnId", "beforeTurnId", "one names the last turn kept, the other the first one dropped");
  if (options.lastTurnId !== undefined && options.lastTurnId !== null) nonEmptyString("lastTurnId", options.lastTurnId);
  if (options.beforeTurnId !== undefined && options.beforeTurnId !== null)
    nonEmptyString("beforeTurnId", options.beforeTurnId);
  return options;
}

/** `thread/fork` params; nothing is sent for omitted options, so stored settings persist. */
export function threadForkParams(threadId: string, o: ThreadForkOptions): ThreadForkParams {
  checkForkPoint(o);
  return { ...copyFields(o, FORK_FIELDS), ...settings(o), threadId: nonEmptyString("threadId", threadId) };
}

/** `thread/list` params. */
export function threadListParams(o: ThreadListOptions): ThreadListParams {
  const p: ThreadListParams = {};
  if (o.archived !== undefined) p.archived = o.archived;
  if (o.cursor !== undefined) p.cursor = o.cursor;
  if (o.cwd !== undefined) p.cwd = o.cwd;
  const limit = optionalInteger("limit", o.limit, { min: 1 });
  if (limit !== undefined) p.limit = limit;
  if (o.modelProviders !== undefined) p.modelProviders = o.modelProviders;
  if (o.searchTerm !== undefined) p.searchTerm = o.searchTerm;
  if (o.sortDirection !== undefined) p.sortDirection = o.sortDirection;
  if (o.sortKey !== undefined) p.sortKey = o.sortKey;
  if (o.sourceKinds !== undefined) p.sourceKinds = o.sourceKinds;
  if (o.useStateDbOnly !== undefined) p.useStateDbOnly = o.useStateDbOnly;
  return p;
}

/**
 * The settings a thread runs with, as the server reported them when the thread was started,
 * resumed or forked: the `thread/start` / `thread/resume` / `thread/fork` response without its
 * `thread`. Read it as `thread.settings`.
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all });
 * thread.settings?.approvalPolicy; // "never"
 * ```
 */
export type ThreadEffectiveSettings = Pick<
  ThreadStartResponse,
  | "approvalPolicy"
  | "approvalsReviewer"
  | "cwd"
  | "disabledPluginIds"
  | "instructionSources"
  | "model"
  | "modelProvider"
  | "reasoningEffort"
  | "sandbox"
  | "serviceTier"
>;

/** The {@link ThreadEffectiveSettings} of a `thread/start`, `thread/resume` or `thread/fork` response. */
export function threadSettingsOf(
  response: ThreadStartResponse | ThreadResumeResponse | ThreadForkResponse,
): ThreadEffectiveSettings {
  return {
    approvalPolicy: response.approvalPolicy,
    approvalsReviewer: response.approvalsReviewer,
    cwd: response.cwd,
    disabledPluginIds: response.disabledPluginIds,
    instructionSources: response.instructionSources,
    model: response.model,
    modelProvider: response.modelProvider,
    reasoningEffort: response.reasoningEffort,
    sandbox: response.sandbox,
    serviceTier: response.serviceTier,
  };
}
