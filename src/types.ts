/**
 * `codex-app-sdk/types`: the protocol types users meet most, re-exported from the bindings the
 * pinned app-server generates. For everything else, the whole protocol is available as the
 * `v2` namespace and the top-level types.
 *
 * @module
 */
export type { InitializeResponse } from "./generated/InitializeResponse.js";
export type { ServerNotification } from "./generated/ServerNotification.js";
export type { ServerRequest } from "./generated/ServerRequest.js";
export type { ClientRequest } from "./generated/ClientRequest.js";
export type { ClientRequestMap, ServerRequestMap } from "./generated/methods.js";
export type {
  ExperimentalClientRequestMap,
  ExperimentalClientRequestMethod,
  ExperimentalServerRequestMap,
} from "./generated/experimental/methods.js";
export type { ServerNotification as ExperimentalServerNotification } from "./generated/experimental/ServerNotification.js";
export type { ReasoningEffort } from "./generated/ReasoningEffort.js";
export type { ReasoningSummary } from "./generated/ReasoningSummary.js";
export type { Personality } from "./generated/Personality.js";
export type { PlanType } from "./generated/PlanType.js";
export type { JsonValue } from "./generated/serde_json/JsonValue.js";
export type { FuzzyFileSearchResult } from "./generated/FuzzyFileSearchResult.js";
export type {
  Account,
  AccountLoginCompletedNotification,
  AgentMessageDeltaNotification,
  ApprovalsReviewer,
  AskForApproval,
  CancelLoginAccountResponse,
  CancelLoginAccountStatus,
  CodexErrorInfo,
  CommandExecOutputStream,
  CommandExecResponse,
  CommandExecTerminalSize,
  CommandExecutionRequestApprovalParams,
  CommandExecutionRequestApprovalResponse,
  ConfigEdit,
  ConfigLayer,
  ConfigLayerSource,
  ConfigReadResponse,
  ConfigWriteResponse,
  ErrorNotification,
  FeedbackUploadResponse,
  FileChangeRequestApprovalParams,
  FileChangeRequestApprovalResponse,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  GetAccountTokenUsageResponse,
  ItemCompletedNotification,
  ItemStartedNotification,
  McpAuthStatus,
  McpServerConnectionStatus,
  McpServerOauthLoginCompletedNotification,
  McpServerStatus,
  McpServerStatusDetail,
  McpToolCallStatus,
  MergeStrategy,
  Model,
  ModelListResponse,
  RateLimitSnapshot,
  ReviewTarget,
  SandboxMode,
  SandboxPolicy,
  SkillMetadata,
  SkillsListEntry,
  SkillsListResponse,
  SortDirection,
  Thread,
  ThreadArchiveResponse,
  ThreadCompactStartResponse,
  ThreadGoal,
  ThreadGoalClearResponse,
  ThreadGoalGetResponse,
  ThreadGoalSetResponse,
  ThreadGoalStatus,
  ThreadItem,
  ThreadListResponse,
  ThreadReadResponse,
  ThreadSetNameResponse,
  ThreadSortKey,
  ThreadSourceKind,
  ThreadStartResponse,
  ThreadStatus,
  ThreadTokenUsage,
  ThreadTokenUsageUpdatedNotification,
  TokenUsageBreakdown,
  Turn,
  TurnCompletedNotification,
  TurnError,
  TurnInterruptResponse,
  TurnStartedNotification,
  TurnStatus,
  TurnSteerResponse,
  UserInput,
} from "./generated/v2/index.js";
export type * as v2 from "./generated/v2/index.js";
/** The whole generated protocol: the top-level types (and the `v2` namespace within). */
export type * as protocol from "./generated/index.js";
/**
 * The whole experimental protocol (what `generate-ts --experimental` generates), with its own `v2`
 * namespace. The types it adds or changes are tagged `@experimental`; the others are those of
 * {@link protocol}.
 *
 * @experimental
 */
export type * as experimental from "./generated/experimental/index.js";
