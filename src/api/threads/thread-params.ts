/** Option objects of the thread lifecycle methods and their wire form. */
import type { Personality } from "../../generated/Personality.js";
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import type { SortDirection } from "../../generated/v2/SortDirection.js";
import type { ThreadForkParams } from "../../generated/v2/ThreadForkParams.js";
import type { ThreadForkResponse } from "../../generated/v2/ThreadForkResponse.js";
import type { ThreadListParams } from "../../generated/v2/ThreadListParams.js";
import type { ThreadResumeParams } from "../../generated/v2/ThreadResumeParams.js";
import type { ThreadResumeResponse } from "../../generated/v2/ThreadResumeResponse.js";
import type { ThreadSortKey } from "../../generated/v2/ThreadSortKey.js";
import type { ThreadSource } from "../../generated/v2/ThreadSource.js";
import type { ThreadSourceKind } from "../../generated/v2/ThreadSourceKind.js";
import type { ThreadStartSource } from "../../generated/v2/ThreadStartSource.js";
import type { ThreadStartParams } from "../../generated/v2/ThreadStartParams.js";
import type { ThreadStartResponse } from "../../generated/v2/ThreadStartResponse.js";
import { approvalParams, ApprovalMode } from "../server-requests/approvals.js";
import type { McpServers } from "../mcp/config.js";
import type { ToolEntry } from "../tools/tool.js";
import { sandboxMode, type Sandbox } from "./sandbox.js";
import { nonEmptyString, optionalInteger } from "../validation.js";

/** Settings shared by `threadStart`, `threadResume` and `threadFork`. */
export interface ThreadSettings {
  /** Who approves escalations. `threadStart` default: `ApprovalMode.auto_review`; resume/fork: keep the stored setting. */
  approvalMode?: ApprovalMode | undefined;
  /** Replaces the model's base instructions. */
  baseInstructions?: string | undefined;
  /** Free-form config overrides for this thread, e.g. `{ model_reasoning_effort: "high" }`. */
  config?: { [key: string]: JsonValue } | undefined;
  /** Working directory of the thread (where commands run). Default: the app-server's cwd. */
  cwd?: string | undefined;
  /** Extra developer instructions. */
  developerInstructions?: string | undefined;
  /** Model, e.g. `gpt-5.4`. Default: the runtime's configured model. */
  model?: string | undefined;
  /** Model provider id from config (e.g. `openai`). */
  modelProvider?: string | undefined;
  /** Sandbox preset for commands. Default: the runtime's configured sandbox. */
  sandbox?: Sandbox | undefined;
  /** Service tier, when the model supports one. */
  serviceTier?: string | undefined;
  /**
   * MCP servers for this thread only, by name (added to `config` as `mcp_servers`). See
   * {@link McpServers} and docs/mcp.md.
   */
  mcpServers?: McpServers | undefined;
  /**
   * Custom tools (made by `tool()` and `toolNamespace()`) the model can call; their handlers run in
   * this process. `threadStart` declares them to the server (`dynamicTools`, experimental API).
   * The server keeps a thread's tools: `threadResume` and `threadFork` with `tools` bind the
   * handlers in this client (the tools the model sees stay those of `threadStart`). A call of a
   * thread with no handlers bound here is answered `success: false`. See docs/tools.md.
   */
  tools?: readonly ToolEntry[] | undefined;
}

/** Options of `codex.threadStart()`. */
export interface ThreadStartOptions extends ThreadSettings {
  /** Do not persist the thread (it cannot be resumed or read with turns later). */
  ephemeral?: boolean | undefined;
  /** Personality of the agent. */
  personality?: Personality | undefined;
  /** Name of the calling service, for the server's analytics. */
  serviceName?: string | undefined;
  /** Why the session starts (`startup` or `clear`), for the server's analytics. */
  sessionStartSource?: ThreadStartSource | undefined;
  /** Free-form classification of where the thread comes from, for the server's analytics. */
  threadSource?: ThreadSource | undefined;
}

/** Options of `codex.threadResume()`. */
export interface ThreadResumeOptions extends ThreadSettings {
  /** Personality of the agent. */
  personality?: Personality | undefined;
}

/** Options of `codex.threadFork()`. */
export interface ThreadForkOptions extends ThreadSettings {
  /** Make the fork ephemeral. */
  ephemeral?: boolean | undefined;
  /** Free-form classification of where the thread comes from, for the server's analytics. */
  threadSource?: ThreadSource | undefined;
}

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

type SharedParams = Pick<
  ThreadForkParams,
  | "approvalPolicy"
  | "approvalsReviewer"
  | "baseInstructions"
  | "config"
  | "cwd"
  | "developerInstructions"
  | "model"
  | "modelProvider"
  | "sandbox"
  | "serviceTier"
>;

function settings(o: ThreadSettings): SharedParams {
  const p: SharedParams = { ...approvalParams(o.approvalMode) };
  if (o.baseInstructions !== undefined) p.baseInstructions = o.baseInstructions;
  if (o.config !== undefined) p.config = o.config;
  if (o.cwd !== undefined) p.cwd = o.cwd;
  if (o.developerInstructions !== undefined) p.developerInstructions = o.developerInstructions;
  if (o.model !== undefined) p.model = o.model;
  if (o.modelProvider !== undefined) p.modelProvider = o.modelProvider;
  if (o.sandbox !== undefined) p.sandbox = sandboxMode(o.sandbox);
  if (o.serviceTier !== undefined) p.serviceTier = o.serviceTier;
  return p;
}

/** `thread/start` params; the approval mode defaults to `auto_review`. */
export function threadStartParams(o: ThreadStartOptions): ThreadStartParams {
  const p: ThreadStartParams = settings({ ...o, approvalMode: o.approvalMode ?? ApprovalMode.auto_review });
  if (o.ephemeral !== undefined) p.ephemeral = o.ephemeral;
  if (o.personality !== undefined) p.personality = o.personality;
  if (o.serviceName !== undefined) p.serviceName = o.serviceName;
  if (o.sessionStartSource !== undefined) p.sessionStartSource = o.sessionStartSource;
  if (o.threadSource !== undefined) p.threadSource = o.threadSource;
  return p;
}

/** `thread/resume` params; nothing is sent for omitted options, so stored settings persist. */
export function threadResumeParams(threadId: string, o: ThreadResumeOptions): ThreadResumeParams {
  const p: ThreadResumeParams = { threadId: nonEmptyString("threadId", threadId), ...settings(o) };
  if (o.personality !== undefined) p.personality = o.personality;
  return p;
}

/** `thread/fork` params; nothing is sent for omitted options, so stored settings persist. */
export function threadForkParams(threadId: string, o: ThreadForkOptions): ThreadForkParams {
  const p: ThreadForkParams = { threadId: nonEmptyString("threadId", threadId), ...settings(o) };
  if (o.ephemeral !== undefined) p.ephemeral = o.ephemeral;
  if (o.threadSource !== undefined) p.threadSource = o.threadSource;
  return p;
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
