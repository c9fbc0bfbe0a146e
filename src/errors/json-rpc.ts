/**
 * JSON-RPC error responses: the named error codes and the {@link JsonRpcError} subclass chosen
 * from the code (and, because the app-server answers most protocol problems with -32600, from the
 * message).
 *
 * @module
 */
import { CodexError, type CodexErrorOptions } from "./base.js";

/**
 * The JSON-RPC 2.0 error codes the SDK reads and writes, by name. The range -32000 to -32099 is
 * reserved for implementation-defined server errors ({@link JsonRpcCode.ServerErrorMin} …
 * {@link JsonRpcCode.ServerErrorMax}).
 */
export const JsonRpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** Generic server error: the code used when a response carries none that is usable. */
  ServerError: -32000,
  ServerErrorMin: -32099,
  ServerErrorMax: -32000,
} as const;

/** One of the named {@link JsonRpcCode} values. */
export type JsonRpcCode = (typeof JsonRpcCode)[keyof typeof JsonRpcCode];

/** The wire shape of a JSON-RPC error object. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * A JSON-RPC error response from the app-server. `code`, `message` and `data` are the server's;
 * `method` is the request that failed.
 */
export class JsonRpcError extends CodexError {
  override name = "JsonRpcError";
  /** The JSON-RPC error code, e.g. `-32600`. */
  readonly code: number;
  /** The server's error message, verbatim. */
  readonly rpcMessage: string;
  /** The `data` member of the error response, if any. */
  readonly data: unknown;
  /** The method of the request that failed (`undefined` when not known). */
  readonly method: string | undefined;

  constructor(error: JsonRpcErrorObject, method?: string, options?: CodexErrorOptions) {
    super(`${method ? `${method}: ` : ""}JSON-RPC error ${error.code}: ${shorten(error.message)}`, options);
    this.code = error.code;
    this.rpcMessage = error.message;
    this.data = error.data;
    this.method = method;
  }

  /**
   * Builds the most specific error class for a JSON-RPC error response.
   *
   * @param method the request method that failed
   * @param error the `error` member of the response (validated here)
   */
  static fromResponse(method: string | undefined, error: unknown): JsonRpcError {
    // Built outside the class body: a class that names itself inside its body is emitted by the
    // bundler as `class _JsonRpcError`, which would be the exported class's `name`.
    return errorFromResponse(method, error);
  }
}

function errorFromResponse(method: string | undefined, error: unknown): JsonRpcError {
  if (typeof error !== "object" || error === null || Array.isArray(error)) {
    return new JsonRpcError(
      { code: JsonRpcCode.InternalError, message: "Malformed JSON-RPC error response" },
      method,
    );
  }
  const raw = error as Record<string, unknown>;
  const code =
    typeof raw.code === "number" && Number.isInteger(raw.code) ? raw.code : JsonRpcCode.ServerError;
  const message = typeof raw.message === "string" && raw.message !== "" ? raw.message : "unknown";
  const obj: JsonRpcErrorObject = "data" in raw ? { code, message, data: raw.data } : { code, message };
  const Cls = errorClassFor(code, message, obj.data);
  return new Cls(obj, method);
}

/** Keeps error messages readable: the server's unknown-method answer lists all 187 methods it knows. */
function shorten(message: string): string {
  const list = message.indexOf(", expected one of `initialize`");
  const short = list === -1 ? message : `${message.slice(0, list)} (not a method this app-server knows)`;
  return short.length > 2000 ? `${short.slice(0, 2000)}…` : short;
}

/** -32700: the server could not parse what the client sent. */
export class ParseError extends JsonRpcError {
  override name = "ParseError";
}
/** -32600: the request was invalid (also the app-server's code for most business errors). */
export class InvalidRequestError extends JsonRpcError {
  override name = "InvalidRequestError";
}
/**
 * The app-server has no stored thread with the id the request named (`no rollout found for thread
 * id …`): it was deleted, never existed, or lives under another CODEX_HOME. An
 * {@link InvalidRequestError}, so code that catches that keeps working.
 *
 * @example
 * ```ts
 * try {
 *   await codex.threadResume(id);
 * } catch (error) {
 *   if (error instanceof ThreadNotFoundError) console.log("gone:", error.threadId);
 *   else throw error;
 * }
 * ```
 */
export class ThreadNotFoundError extends InvalidRequestError {
  override name = "ThreadNotFoundError";
  /** The thread id the server did not find. */
  readonly threadId: string;

  constructor(error: JsonRpcErrorObject, method?: string, options?: CodexErrorOptions) {
    super(error, method, options);
    this.threadId = NO_ROLLOUT.exec(error.message)?.[1] ?? "";
  }
}
/** -32601, or the app-server's -32600 `unknown variant` answer for a method it does not know. */
export class MethodNotFoundError extends JsonRpcError {
  override name = "MethodNotFoundError";
}
/** -32602, or the app-server's -32600 answer for params that do not deserialize. */
export class InvalidParamsError extends JsonRpcError {
  override name = "InvalidParamsError";
}
/** -32603: the server failed internally (for example a network failure on its side). */
export class InternalRpcError extends JsonRpcError {
  override name = "InternalRpcError";
}
/** The server is overloaded; retrying later may succeed. See {@link isRetryableError}. */
export class ServerBusyError extends JsonRpcError {
  override name = "ServerBusyError";
}
/** The server gave up after its own retries. */
export class RetryLimitExceededError extends ServerBusyError {
  override name = "RetryLimitExceededError";
}

type JsonRpcErrorClass = new (error: JsonRpcErrorObject, method?: string) => JsonRpcError;

/** The app-server's answer for a thread id it has no stored rollout of (`thread/resume`, `thread/fork`, `thread/delete`, …). */
const NO_ROLLOUT = /^no rollout found for thread id (\S+)/;
const RETRY_LIMIT = /retry limit|too many failed attempts/i;

function errorClassFor(code: number, message: string, data: unknown): JsonRpcErrorClass {
  switch (code) {
    case JsonRpcCode.ParseError:
      return ParseError;
    case JsonRpcCode.MethodNotFound:
      return MethodNotFoundError;
    case JsonRpcCode.InvalidParams:
      return InvalidParamsError;
    case JsonRpcCode.InternalError:
      return InternalRpcError;
    case JsonRpcCode.InvalidRequest:
      return invalidRequestClass(message);
  }
  if (code <= JsonRpcCode.ServerErrorMax && code >= JsonRpcCode.ServerErrorMin) {
    const overloaded = isOverloadedData(data);
    if (RETRY_LIMIT.test(message)) return RetryLimitExceededError;
    if (overloaded) return ServerBusyError;
  }
  return JsonRpcError;
}

/**
 * The app-server reports every deserialization problem as -32600 `Invalid request: …`. An unknown
 * method reads ``unknown variant `x`, expected one of `initialize`, …``; bad params read
 * ``missing field``, ``invalid type``, ``unknown variant`` (of an enum field), ``invalid length`` or
 * ``invalid value``.
 */
function invalidRequestClass(message: string): JsonRpcErrorClass {
  if (NO_ROLLOUT.test(message)) return ThreadNotFoundError;
  if (!message.startsWith("Invalid request:")) return InvalidRequestError;
  if (/unknown variant `[^`]*`, expected one of `initialize`/.test(message)) return MethodNotFoundError;
  if (/missing field|invalid type|unknown variant|invalid length|invalid value|unknown field/.test(message)) {
    return InvalidParamsError;
  }
  return InvalidRequestError;
}

const OVERLOADED = new Set(["server_overloaded", "serveroverloaded"]);

/**
 * True when error `data` says the server is overloaded: a string `serverOverloaded` (the protocol's
 * `CodexErrorInfo`) or `server_overloaded` (any case), or an object key with one of those names
 * (an externally tagged variant such as `{ serverOverloaded: {…} }`) whose value is not `false`,
 * found anywhere in nested objects and arrays (at most 16 levels deep).
 *
 * @example
 * ```ts
 * isOverloadedData({ codexErrorInfo: "serverOverloaded" }); // true
 * isOverloadedData({ serverOverloaded: false }); // false
 * ```
 */
export function isOverloadedData(data: unknown): boolean {
  return overloadedAt(data, 0);
}

// Kept separate from the exported function so that `list.some(isOverloadedData)` cannot pass an
// array index as the depth.
function overloadedAt(data: unknown, depth: number): boolean {
  if (depth > 16) return false;
  if (typeof data === "string") return OVERLOADED.has(data.toLowerCase());
  if (Array.isArray(data)) return data.some((d) => overloadedAt(d, depth + 1));
  if (typeof data === "object" && data !== null) {
    for (const [key, value] of Object.entries(data)) {
      if (value !== false && OVERLOADED.has(key.toLowerCase())) return true;
      if (overloadedAt(value, depth + 1)) return true;
    }
  }
  return false;
}
