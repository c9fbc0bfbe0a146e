/**
 * Every error class the SDK throws, in one module at the ground floor: transports, the JSON-RPC
 * peer and the high-level API all import their errors from here, so no layer reaches up for one.
 * Every error of the SDK proper is a {@link CodexError}; JSON-RPC error responses become a
 * {@link JsonRpcError} subclass chosen from the error code. The testing kit's two timeout errors
 * are plain `Error`s.
 *
 * @module
 */
export {
  AbortError,
  abortErrorFrom,
  CodexError,
  InvalidArgumentError,
  TimeoutError,
  type CodexErrorOptions,
  type InvalidArgumentErrorOptions,
} from "./errors/base.js";
export {
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  isOverloadedData,
  JsonRpcCode,
  JsonRpcError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  ThreadNotFoundError,
  type JsonRpcErrorObject,
} from "./errors/json-rpc.js";
export {
  AuthenticationError,
  closeSummary,
  TransportClosedError,
  type TransportCloseInfo,
} from "./errors/transport.js";
export {
  InvalidInputError,
  LoginRequiredError,
  UnexpectedResponseError,
  type InvalidInputErrorOptions,
} from "./errors/api.js";
export {
  OutputValidationError,
  TurnFailedError,
  TurnNotFoundError,
  UnsupportedSchemaError,
  type BaseRunResult,
  type OutputIssues,
  type SchemaProblem,
  type StandardSchemaV1Issue,
} from "./errors/turn.js";
export { GateTimeoutError, WaitForRequestsTimeoutError } from "./errors/testing.js";
export { JobFailedError } from "./errors/queue.js";
