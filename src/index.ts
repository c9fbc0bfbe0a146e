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
export { Codex, type CodexOptions, type ModelsOptions } from "./api/codex.js";
export { Thread, type TurnOptions } from "./api/thread.js";
export { TurnHandle } from "./api/turn.js";
export { TurnFailedError, type RunResult } from "./api/result.js";
export type {
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadSettings,
  ThreadStartOptions,
} from "./api/thread-params.js";
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
} from "./api/inputs.js";
export { ApprovalMode } from "./api/approvals.js";
export { Sandbox } from "./api/sandbox.js";
export type { Notification, NotificationMethod, NotificationOf } from "./api/events.js";
export type { NotificationIterator, NotificationIteratorOptions } from "./api/notifications.js";
export type {
  ClientInfo,
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  CodexMetadata,
} from "./client/client.js";
export type { RequestOptions } from "./rpc/connection.js";
export {
  AbortError,
  AuthenticationError,
  CodexError,
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  TimeoutError,
  TransportClosedError,
  type CodexErrorOptions,
  type JsonRpcErrorObject,
  type TransportCloseInfo,
} from "./rpc/errors.js";
export { InvalidArgumentError, InvalidInputError } from "./api/validation.js";
export { isRetryableError, retryOnOverload, type RetryInfo, type RetryOptions } from "./retry.js";
export type { JsonRpcMessage, Transport, TransportHandlers } from "./transport/transport.js";
export type { StdioTransportOptions } from "./transport/stdio.js";
export type { ConfigValue } from "./transport/toml.js";
export { VERSION } from "./version.js";
