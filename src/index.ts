/**
 * codex-app-sdk: the TypeScript SDK for the Codex app-server.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * const thread = await codex.threadStart();
 * const result = await thread.run("Say hello in one sentence.");
 * console.log(result.finalResponse);
 * ```
 *
 * @module
 */
export { Codex } from "./api/codex/codex.js";
export type { CodexOptions } from "./api/codex/codex-options.js";
export type { TracerProviderLike, TracingOption } from "./api/observability/otel.js";
export type { ModelsOptions, ModelsPage } from "./api/runtime/models.js";
export type {
  CodexConfig,
  ConfigBatchWriteOptions,
  ConfigEditInput,
  ConfigReadOptions,
  ConfigWriteOptions,
} from "./api/runtime/config.js";
export type { CodexSkills, SkillsListOptions } from "./api/runtime/skills.js";
export type { CodexUsage, RateLimitsOptions, UsageReadOptions } from "./api/runtime/usage.js";
export type { CodexFeedback, FeedbackSaveOptions, FeedbackUploadOptions } from "./api/runtime/feedback.js";
export type {
  FileSearchSession,
  FileSearchSessionEvent,
  FileSearchSessionOptions,
  SessionEventSource,
} from "./api/runtime/file-search-session.js";
export type { FuzzyFileSearchOptions } from "./api/runtime/file-search.js";
export type { CommandExecHandle, CommandOutputOptions } from "./api/runtime/command-exec.js";
export type { CommandExecOptions } from "./api/runtime/exec-params.js";
export type { CommandOutputChunk } from "./api/runtime/exec-output.js";
export type { CallOptions, RequestFields } from "./api/runtime/host.js";
export { Thread, type TurnOptions, type TurnReplacedField } from "./api/threads/thread.js";
export type { ItemsPage, ThreadItemsOptions, ThreadTurnsOptions, TurnsPage } from "./api/threads/history.js";
export {
  CursorPage,
  type CursorPageResponse,
  type PageSource,
  type PreparedPageSource,
} from "./api/runtime/page.js";
export { TurnHandle, type TurnInterruptResult, type TurnStreamOptions } from "./api/turns/turn.js";
export type { RunResult } from "./api/turns/result.js";
export type { AttachTurnOptions } from "./api/turns/attach.js";
export type { CompactOptions } from "./api/turns/compaction.js";
export type { GoalRunOptions, GoalUpdate } from "./api/turns/goals.js";
export type { ReviewOptions, ReviewTargetInput } from "./api/turns/review.js";
export { toStrictJsonSchema } from "./api/structured/strict-schema.js";
export type {
  InferOutput,
  JsonSchema,
  OutputSchema,
  OutputValidator,
  StandardSchemaV1,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
} from "./api/structured/structured.js";
export {
  DEFAULT_TOOL_TIMEOUT_MS,
  tool,
  toolNamespace,
  type Tool,
  type ToolArguments,
  type ToolContentItem,
  type ToolContext,
  type ToolDefinition,
  type ToolEntry,
  type ToolNamespace,
  type ToolResult,
} from "./api/tools/tool.js";
export { imageContent } from "./api/tools/tool-result.js";
export type {
  ThreadEffectiveSettings,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadReplacedField,
  ThreadSettings,
  ThreadStartOptions,
} from "./api/threads/thread-params.js";
export type { ParamsOptions } from "./api/threads/params-options.js";
export {
  imageInput,
  localImageInput,
  mentionInput,
  skillInput,
  textInput,
  type ImageInput,
  type ImageInputOptions,
  type Input,
  type InputItem,
  type LocalImageInput,
  type MentionInput,
  type RunInput,
  type SkillInput,
  type TextInput,
} from "./api/inputs/inputs.js";
export { ApprovalMode } from "./api/server-requests/approvals.js";
export {
  approveAll,
  approveCommands,
  denyAll,
  handleServerRequests,
  shellScriptOf,
  type ApproveCommandsOptions,
  type CommandApprovalRequest,
  type CommandPredicate,
  type CommandPredicateContext,
} from "./api/server-requests/approval-handlers.js";
export {
  isServerRequestEvent,
  type ServerRequestAnswer,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type ServerRequestHandlerOf,
  type ServerRequestHandlers,
  type ServerRequestMethod,
  type ServerRequestOf,
  type ServerRequestParams,
  type ServerRequestResponse,
} from "./api/server-requests/server-requests.js";
export { Sandbox } from "./api/threads/sandbox.js";
export type {
  AnyNotification,
  AnyNotificationMethod,
  ExperimentalNotification,
  ExperimentalNotificationMethod,
  ExperimentalNotificationOf,
  ListenedNotificationOf,
  Notification,
  NotificationMethod,
  NotificationOf,
  TurnEvent,
} from "./api/events.js";
export type { NotificationIterator, NotificationIteratorOptions } from "./api/codex/notifications.js";
export type {
  ClientInfo,
  ClientRequestArgs,
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  CodexMetadata,
  RequestMethod,
} from "./client/client.js";
export { isExperimentalMethod } from "./client/client.js";
export type { RequestOptions } from "./rpc/connection.js";
export {
  AbortError,
  AuthenticationError,
  CodexError,
  InternalRpcError,
  InvalidArgumentError,
  InvalidInputError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  LoginRequiredError,
  MethodNotFoundError,
  OutputValidationError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  ThreadNotFoundError,
  TimeoutError,
  TransportClosedError,
  TurnFailedError,
  TurnNotFoundError,
  UnexpectedResponseError,
  UnsupportedSchemaError,
  type BaseRunResult,
  type CodexErrorOptions,
  type InvalidArgumentErrorOptions,
  type InvalidInputErrorOptions,
  type JsonRpcErrorObject,
  type OutputIssues,
  type SchemaProblem,
  type StandardSchemaV1Issue,
  type TransportCloseInfo,
} from "./errors.js";
export { ChatgptLoginHandle, DeviceCodeLoginHandle, LoginHandle } from "./api/login/login-handles.js";
export type { AccountOptions } from "./api/login/login.js";
export type { LoginWaitOptions } from "./api/login/login-wait.js";
export type {
  InProcessMcpServer,
  McpHttpServerOptions,
  McpServerCommonOptions,
  McpServerOption,
  McpServers,
  McpStdioServerOptions,
} from "./api/mcp/config.js";
export { McpOauthLoginHandle, type McpOauthLoginOptions } from "./api/mcp/oauth.js";
export type { McpServerStatusOptions } from "./api/mcp/status.js";
export {
  approveMcpToolCalls,
  type McpToolCallApproval,
  type McpToolCallPredicate,
} from "./api/mcp/approvals.js";
export { isRetryableError, retryOnOverload, type RetryInfo, type RetryOptions } from "./retry.js";
export type { JsonRpcMessage, Transport, TransportHandlers } from "./transport/transport.js";
export { StdioTransport } from "./transport/stdio.js";
export type { StdioTransportOptions } from "./transport/stdio-options.js";
export {
  WebSocketTransport,
  type WebSocketCommonOptions,
  type WebSocketTransportOptions,
} from "./transport/websocket.js";
export {
  UnixSocketTransport,
  defaultControlSocketPath,
  type UnixSocketTransportOptions,
} from "./transport/unix.js";
export { ProxyCommandTransport, type ProxyCommandTransportOptions } from "./transport/proxy.js";
export { readTokenFile, readTokenFileSync } from "./transport/token.js";
export type { TransportOption } from "./api/codex/transport-option.js";
export type { ConfigValue } from "./transport/toml.js";
export { VERSION } from "./version.js";
