/**
 * `codex-app-sdk/codex-sdk`: a drop-in replacement for `@openai/codex-sdk` (0.163.0). Change the
 * import and keep your code: the same classes, options, events and items, served by one
 * long-lived app-server per `Codex` instead of one `codex exec` process per turn. `codex.sdk` and
 * `thread.sdkThread` lead to the full SDK. See docs/migrating-from-codex-sdk.md.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk/codex-sdk"; // was: from "@openai/codex-sdk"
 * const codex = new Codex();
 * const thread = codex.startThread();
 * const { finalResponse } = await thread.run("Say hello");
 * ```
 *
 * @module
 */
export { Codex } from "./codex.js";
export {
  Thread,
  type CyberAccessProgram,
  type Input,
  type RunResult,
  type RunStreamedResult,
  type StreamedTurn,
  type Turn,
  type TurnOptions,
  type UserInput,
} from "./thread.js";
export type {
  ApprovalMode,
  CodexConfigObject,
  CodexConfigValue,
  CodexOptions,
  ModelReasoningEffort,
  SandboxMode,
  ThreadOptions,
  WebSearchMode,
} from "./options.js";
export type {
  AgentMessageItem,
  CommandExecutionItem,
  CommandExecutionStatus,
  ErrorItem,
  FileChangeItem,
  FileUpdateChange,
  ItemCompletedEvent,
  ItemStartedEvent,
  ItemUpdatedEvent,
  McpToolCallItem,
  McpToolCallStatus,
  PatchApplyStatus,
  PatchChangeKind,
  ReasoningItem,
  ThreadError,
  ThreadErrorEvent,
  ThreadEvent,
  ThreadItem,
  ThreadStartedEvent,
  TodoItem,
  TodoListItem,
  TurnCompletedEvent,
  TurnFailedEvent,
  TurnStartedEvent,
  Usage,
  WebSearchItem,
} from "./items.js";
