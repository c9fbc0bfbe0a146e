/**
 * A JSON-RPC peer over any {@link Transport}: request ids, the pending-request table, notifications,
 * server-initiated requests (always answered), per-request abort and timeout, and fail-all on close.
 * It knows nothing about what any method means.
 */
import type { JsonRpcMessage, Transport } from "../transport/transport.js";
import { abortable } from "../internal/abortable.js";
import {
  abortErrorFrom,
  CodexError,
  JsonRpcCode,
  JsonRpcError,
  TimeoutError,
  TransportClosedError,
} from "../errors.js";
import { optionalAbortSignal, optionalDuration } from "../internal/limits.js";

/** A notification from the server: `{ method, params, emittedAtMs? }` as received. */
export interface IncomingNotification {
  method: string;
  params?: unknown;
  /** Unix milliseconds at which the server emitted it (sent by the app-server on every notification). */
  emittedAtMs?: number;
}

/** A request from the server that the client must answer. */
export interface IncomingRequest {
  id: string | number;
  method: string;
  params?: unknown;
}

/** What the connection reports to its owner. */
export interface ConnectionHandlers {
  onNotification(notification: IncomingNotification): void;
  /**
   * Answers a server request. The returned value (or promise) becomes the `result`; a throw or a
   * rejection becomes a JSON-RPC `error` response. Either way the server always gets an answer.
   */
  onRequest?(request: IncomingRequest): unknown;
  /** The server sent something that is not a JSON-RPC message; the connection stays open. */
  onMalformed?(raw: string, error: Error): void;
  /** The connection is gone; every pending request has already been rejected with `error`. */
  onClose?(error: TransportClosedError): void;
}

/** Per-request options. */
export interface RequestOptions {
  /** Aborting rejects the call with an `AbortError` (the server may still process the request). */
  signal?: AbortSignal | undefined;
  /**
   * Rejects with a `TimeoutError` when no response arrived in time, in ms (`>= 0`). Default: no
   * timeout; `Infinity`, or anything above 2^31 - 1 ms (about 24.8 days), also means none.
   */
  timeoutMs?: number | undefined;
}

/** The code sent to the server when the client's own request handler failed. */
export const CLIENT_HANDLER_ERROR_CODE = JsonRpcCode.InternalError;

class Pending {
  constructor(
    readonly method: string,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: Error) => void,
  ) {}
}

/** A JSON-RPC 2.0 peer (without the `jsonrpc` member, which the app-server neither sends nor needs). */
export class JsonRpcConnection {
  readonly #transport: Transport;
  readonly #handlers: ConnectionHandlers;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closeError: TransportClosedError | undefined;
  #started: Promise<void> | undefined;
  /** Work held open by the layers above (running turns, login waits, notification iterators). */
  #holds = 0;
  /** Whether the transport currently keeps the Node process alive. */
  #referenced = true;

  constructor(transport: Transport, handlers: ConnectionHandlers) {
    this.#transport = transport;
    this.#handlers = handlers;
  }

  /** The error the connection closed with, or `undefined` while it is open. */
  get closeError(): TransportClosedError | undefined {
    return this.#closeError;
  }

  /** Number of requests awaiting a response. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Starts the transport. Idempotent; rejects with the close error once the connection is closed. */
  start(): Promise<void> {
    if (!this.#started && this.#closeError) return Promise.reject(this.#closeError);
    this.#started ??= this.#transport
      .start({
        onMessage: (m) => this.#dispatch(m),
        onMalformed: (raw, error) => this.#handlers.onMalformed?.(raw, error),
        onClose: (error) => this.#failAll(error),
      })
      .then(() => this.#activity());
    return this.#started;
  }

  /**
   * Keeps the Node process alive for work the connection cannot see (a running turn, a login
   * wait). Returns the release function. While no request is pending and nothing is held, the
   * transport lets the process exit (see `Transport.unref`).
   */
  hold(): () => void {
    this.#holds++;
    this.#activity();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#activity();
    };
  }

  /** Refs the transport while anything is pending, unrefs it when idle. */
  #activity(): void {
    if (this.#closeError || !this.#started) return;
    const busy = this.#holds > 0 || this.#pending.size > 0;
    if (busy === this.#referenced) return;
    this.#referenced = busy;
    if (busy) this.#transport.ref?.();
    else this.#transport.unref?.();
  }

  /**
   * Sends a request and resolves with its `result`, or rejects with a {@link JsonRpcError}
   * subclass, a `TransportClosedError`, an `AbortError` or a `TimeoutError`.
   */
  request<R = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<R> {
    let signal: AbortSignal | undefined;
    let timeoutMs: number | undefined;
    try {
      signal = optionalAbortSignal("signal", options?.signal);
      timeoutMs = optionalDuration("timeoutMs", options?.timeoutMs);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new CodexError(String(error)));
    }
    if (this.#closeError) return Promise.reject(this.#closeError);
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal, method));
    const id = this.#nextId++;
    const answer = new Promise<R>((resolve, reject) => {
      this.#pending.set(id, new Pending(method, resolve as (v: unknown) => void, reject));
      this.#activity();
      const message: JsonRpcMessage = params === undefined ? { id, method } : { id, method, params };
      this.#write(message, (error) => this.#settle(id, error));
    });
    // The common call has neither: it costs no wait, timer or listener beyond its answer.
    if (!signal && timeoutMs === undefined) return answer;
    return abortable(answer, {
      signal,
      abortError: (aborted) => abortErrorFrom(aborted, method),
      timeoutMs,
      onTimeout: () => {
        throw new TimeoutError(`${method} timed out after ${timeoutMs} ms`, timeoutMs ?? Infinity);
      },
      // Given up: a late answer is dropped, and the request no longer keeps the connection busy.
      onSettle: () => this.#forget(id),
    });
  }

  /**
   * Sends a notification (no response). Throws a `TransportClosedError` when closed, and whatever
   * the transport's `send()` throws synchronously (e.g. before `start()`); a write that fails later
   * is ignored, since the transport then reports the closure itself.
   */
  notify(method: string, params?: unknown): void {
    if (this.#closeError) throw this.#closeError;
    const sent = this.#transport.send(params === undefined ? { method } : { method, params });
    if (sent) sent.catch(() => undefined);
  }

  /** Closes the transport; pending requests reject with `TransportClosedError`. Idempotent. */
  async close(): Promise<void> {
    // The caller awaits the transport's shutdown (the process's exit): an unref'd transport would
    // let Node quit in the middle of it, leaving the caller's await unsettled.
    if (this.#started && !this.#referenced) {
      this.#referenced = true;
      this.#transport.ref?.();
    }
    if (!this.#closeError) this.#failAll(new TransportClosedError("the connection was closed by the client"));
    await this.#transport.close();
  }

  #write(message: JsonRpcMessage, onError: (error: Error) => void): void {
    let sent: void | Promise<void>;
    try {
      sent = this.#transport.send(message);
    } catch (e) {
      onError(asError(e));
      return;
    }
    if (sent) sent.catch((e: unknown) => onError(asError(e)));
  }

  #settle(id: number, error: Error | undefined, result?: unknown): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#forget(id);
    if (error) pending.reject(error);
    else pending.resolve(result);
  }

  #forget(id: number): void {
    if (this.#pending.delete(id)) this.#activity();
  }

  #dispatch(message: JsonRpcMessage): void {
    const method = message.method;
    const id = message.id;
    if (typeof method === "string") {
      if (id === undefined) {
        this.#handlers.onNotification(message as unknown as IncomingNotification);
      } else if (typeof id === "number" || typeof id === "string") {
        this.#answer({ id, method, params: message.params });
      } else {
        this.#handlers.onMalformed?.(
          JSON.stringify(message).slice(0, 500),
          new CodexError("request id must be a string or integer"),
        );
      }
      return;
    }
    if (typeof id !== "number" || method !== undefined) {
      // We only send integer ids, so anything else is not an answer to us; nor is a message with a
      // `method` that is not a string.
      this.#handlers.onMalformed?.(
        JSON.stringify(message).slice(0, 500),
        new CodexError("message is not a JSON-RPC request, notification or response"),
      );
      return;
    }
    const pending = this.#pending.get(id);
    if (!pending) return; // aborted or timed out earlier: a late answer is dropped
    if ("error" in message) this.#settle(id, JsonRpcError.fromResponse(pending.method, message.error));
    else this.#settle(id, undefined, message.result);
  }

  #answer(request: IncomingRequest): void {
    const fail = (e: unknown): void => {
      if (this.#closeError) return;
      this.#write({ id: request.id, error: handlerErrorObject(request.method, e) }, () => undefined);
    };
    // Exactly one answer: a value that cannot go on the wire (a BigInt, a cycle, a function, a lone
    // surrogate) is answered with an error instead, or the server would wait for it forever.
    const succeed = (value: unknown): void => {
      if (this.#closeError) return;
      const result = value ?? {};
      let sent: void | Promise<void>;
      try {
        if (JSON.stringify(result) === undefined) throw new CodexError(`${typeof result} is not JSON`);
        sent = this.#transport.send({ id: request.id, result });
      } catch (e) {
        if (!(e instanceof TransportClosedError)) {
          fail(new CodexError(`its answer cannot be sent: ${asError(e).message}`, { cause: e }));
        }
        return;
      }
      if (sent) sent.catch(() => undefined);
    };
    const handlers = this.#handlers;
    if (!handlers.onRequest) {
      fail(
        new JsonRpcError({
          code: JsonRpcCode.MethodNotFound,
          message: `client has no handler for ${request.method}`,
        }),
      );
      return;
    }
    let result: unknown;
    try {
      result = handlers.onRequest(request);
    } catch (e) {
      fail(e);
      return;
    }
    if (isThenable(result)) {
      Promise.resolve(result).then(succeed, fail);
    } else {
      succeed(result);
    }
  }

  #failAll(error: TransportClosedError): void {
    if (this.#closeError) return;
    this.#closeError = error;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
    this.#handlers.onClose?.(error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new CodexError(String(e));
}

/** The JSON-RPC error object sent when the client's handler for a server request failed. */
export function handlerErrorObject(
  method: string,
  e: unknown,
): { code: number; message: string; data?: unknown } {
  if (e instanceof JsonRpcError) {
    return e.data === undefined
      ? { code: e.code, message: e.rpcMessage }
      : { code: e.code, message: e.rpcMessage, data: e.data };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { code: CLIENT_HANDLER_ERROR_CODE, message: `client failed to handle ${method}: ${detail}` };
}
