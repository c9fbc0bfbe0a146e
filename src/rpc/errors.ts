/**
 * Error classes of the SDK. Every error the SDK throws is a {@link CodexError}; JSON-RPC error
 * responses become a {@link JsonRpcError} subclass chosen from the error code (and, because the
 * app-server answers most protocol problems with -32600, from the message).
 *
 * @module
 */

/** Options accepted by every SDK error constructor. */
export interface CodexErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by the SDK.
 *
 * @example
 * ```ts
 * try { await thread.run("hi"); } catch (e) { if (e instanceof CodexError) console.error(e.message); }
 * ```
 */
export class CodexError extends Error {
  override name = "CodexError";
  constructor(message: string, options?: CodexErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions extends CodexErrorOptions {
  /** Name of the argument or option that was rejected, e.g. `"sandbox"`. */
  argument?: string;
}

/**
 * An argument or option of an SDK call was rejected before anything was sent to the app-server.
 * `argument` names it; the message says what was expected and shows (a bounded preview of) what was
 * given. The rejected value itself is not kept, so logging the error never touches user objects.
 *
 * @example
 * ```ts
 * try {
 *   await codex.threadStart({ sandbox: "workspace" as Sandbox });
 * } catch (e) {
 *   if (e instanceof InvalidArgumentError) console.error(e.argument, e.message);
 * }
 * ```
 */
export class InvalidArgumentError extends CodexError {
  override name = "InvalidArgumentError";
  /** Name of the rejected argument or option (`""` when not known). */
  readonly argument: string;
  constructor(message: string, options?: InvalidArgumentErrorOptions) {
    super(message, options);
    this.argument = options?.argument ?? "";
  }
}

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
    if (typeof error !== "object" || error === null || Array.isArray(error)) {
      return new JsonRpcError({ code: -32603, message: "Malformed JSON-RPC error response" }, method);
    }
    const raw = error as Record<string, unknown>;
    const code = typeof raw.code === "number" && Number.isInteger(raw.code) ? raw.code : -32000;
    const message = typeof raw.message === "string" && raw.message !== "" ? raw.message : "unknown";
    const obj: JsonRpcErrorObject = "data" in raw ? { code, message, data: raw.data } : { code, message };
    const Cls = errorClassFor(code, message, obj.data);
    return new Cls(obj, method);
  }
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

const RETRY_LIMIT = /retry limit|too many failed attempts/i;

function errorClassFor(code: number, message: string, data: unknown): JsonRpcErrorClass {
  switch (code) {
    case -32700:
      return ParseError;
    case -32601:
      return MethodNotFoundError;
    case -32602:
      return InvalidParamsError;
    case -32603:
      return InternalRpcError;
    case -32600:
      return invalidRequestClass(message);
  }
  if (code <= -32000 && code >= -32099) {
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

/** Details of how a transport ended. */
export interface TransportCloseInfo {
  /** Process exit code, when the transport was a child process that exited. */
  exitCode?: number | null;
  /** Signal that ended the child process, if any. */
  signal?: NodeJS.Signals | null;
  /** The last lines the app-server wrote to stderr (bounded). */
  stderrTail?: string;
}

const summaries = new WeakMap<TransportClosedError, string>();

/**
 * The message a {@link TransportClosedError} was built with, without the stderr tail its `message`
 * appends: for wrapping one closure error in another without printing the tail twice.
 * @internal
 */
export function closeSummary(error: TransportClosedError): string {
  return summaries.get(error) ?? error.message;
}

/**
 * The connection to the app-server is gone (the process exited or crashed, the socket dropped, or
 * `close()` was called). Every pending request and active turn rejects with it, and so does every
 * later call on the same connection.
 */
export class TransportClosedError extends CodexError {
  override name = "TransportClosedError";
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  constructor(message: string, info: TransportCloseInfo = {}, options?: CodexErrorOptions) {
    const tail = info.stderrTail?.trim();
    super(tail ? `${message}\n--- app-server stderr (last lines) ---\n${tail}` : message, options);
    summaries.set(this, message);
    this.exitCode = info.exitCode ?? null;
    this.signal = info.signal ?? null;
    this.stderrTail = info.stderrTail ?? "";
  }
}

/** A WebSocket app-server refused the credentials (HTTP 401), with the server's reason. */
export class AuthenticationError extends CodexError {
  override name = "AuthenticationError";
  /** HTTP status of the refused upgrade (401, or 403 for a refused Origin). */
  readonly status: number;
  /**
   * The server's reason, verbatim (e.g. `invalid websocket bearer token`, `expired websocket jwt`);
   * `""` when it gave none.
   */
  readonly reason: string;
  constructor(message: string, status: number, options?: CodexErrorOptions & { reason?: string }) {
    super(message, options);
    this.status = status;
    this.reason = options?.reason ?? "";
  }
}

/**
 * An operation was cancelled through its `AbortSignal`. `name` is `"AbortError"`, like the DOM's,
 * so code that checks `err.name === "AbortError"` works.
 */
export class AbortError extends CodexError {
  override name = "AbortError";
  constructor(message = "The operation was aborted", options?: CodexErrorOptions) {
    super(message, options);
  }
}

/** An operation did not finish within its `timeoutMs`. */
export class TimeoutError extends CodexError {
  override name = "TimeoutError";
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }
}

/** Builds the rejection for an aborted signal, keeping the signal's reason as `cause`. */
export function abortErrorFrom(signal: AbortSignal, what = "The operation"): CodexError {
  const reason: unknown = signal.reason;
  if (reason instanceof CodexError) return reason;
  return new AbortError(`${what} was aborted`, { cause: reason });
}
