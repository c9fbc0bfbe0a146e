/**
 * An in-memory {@link Transport} linked to a scripted fake app-server, for unit tests of `rpc/`,
 * `client/` and `api/` without a process.
 *
 * The test plays the server:
 * ```ts
 * const { transport, server } = createMemoryTransport();
 * server.handle("initialize", () => INITIALIZE_RESULT); // answered automatically
 * const client = new AppServerClient(transport, { onNotification: (n) => seen.push(n) });
 * const init = client.initialize();
 * await init;
 * const req = client.request("thread/list", {});
 * const msg = await server.nextRequest("thread/list"); // what the client sent
 * server.respond(msg.id, { data: [] });
 * server.notify("thread/started", { thread: {} });
 * const answer = await server.request("item/tool/call", { … }); // the client's response message
 * server.crash({ exitCode: null, signal: "SIGKILL", stderrTail: "boom" });
 * ```
 *
 * Fidelity: every message crosses the link as JSON text (so `undefined` members vanish and
 * non-JSON values fail loudly, as on the wire); server-to-client messages are delivered
 * synchronously, so the client has processed them when `notify()` / `respond()` returns; the
 * transport contract is enforced (a second `start()`, `send()` before `start()` or after close
 * throw; `onClose` is called exactly once).
 */
import type { JsonRpcMessage, Transport, TransportHandlers } from "../../src/transport/transport.js";
import { JsonRpcError, TransportClosedError, type TransportCloseInfo } from "../../src/errors.js";
import { PINNED_RUNTIME_VERSION } from "./pinned-runtime.js";

/** A request the client sent (`id` and `method` present). */
export interface SentRequest {
  id: string | number;
  method: string;
  params?: unknown;
}

/** A JSON-RPC error object as the fake server sends it. */
export interface FakeErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * Throw this (or a `JsonRpcError`) from a {@link FakeAppServer.handle} handler to answer with a
 * JSON-RPC error. Any other thrown error is answered with -32603 and its message.
 */
export class FakeRpcError extends Error {
  constructor(readonly error: FakeErrorObject) {
    super(error.message);
  }
}

/** Decides what `send()` returns for one client message: nothing, a promise (backpressure) or a throw. */
export type SendHook = (message: JsonRpcMessage) => void | Promise<void>;

/** A handler that answers one method automatically. */
export type FakeHandler = (params: unknown, request: SentRequest) => unknown;

/** Default bound for every `next*()` wait. */
export const DEFAULT_WAIT_MS = 2000;

/**
 * Answers a test did not script: the login check the client makes before its first turn sees a
 * provider that needs no OpenAI login (as with the harness's mock provider).
 */
const DEFAULT_HANDLERS = new Map<string, FakeHandler>([
  ["account/read", () => ({ account: null, requiresOpenaiAuth: false })],
]);

interface Waiter {
  match: (m: JsonRpcMessage) => boolean;
  resolve: (m: JsonRpcMessage) => void;
}

/** The server end of the link: what a test uses to play the app-server. */
export class FakeAppServer {
  /** Every message the client sent, in order (including those answered by handlers). */
  readonly received: JsonRpcMessage[] = [];
  /** How many times the client called `transport.close()`. */
  closeCalls = 0;
  /** Whether the client called `transport.start()`. */
  started = false;
  /** The error passed to the client's `onClose`, once closed. */
  closedWith: TransportClosedError | undefined;

  readonly #queue: JsonRpcMessage[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #handlers = new Map<string, FakeHandler>();
  readonly #serverRequests = new Map<string | number, (response: JsonRpcMessage) => void>();
  #nextServerRequestId = 0;
  #client: TransportHandlers | undefined;
  sendHook: SendHook | undefined;
  /** When set, `start()` rejects with it (after which the transport counts as closed). */
  startError: Error | undefined;

  /** Answers every request for `method` automatically (value, promise, or a thrown error). */
  handle(method: string, handler: FakeHandler): this {
    this.#handlers.set(method, handler);
    return this;
  }

  /**
   * The next client message matching `filter` that was not yet taken, waiting at most `timeoutMs`.
   * Messages answered by a handler or by a pending `request()` are never returned here.
   */
  next(
    filter: (m: JsonRpcMessage) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<JsonRpcMessage> {
    const idx = this.#queue.findIndex(filter);
    if (idx !== -1) return Promise.resolve(this.#queue.splice(idx, 1)[0] as JsonRpcMessage);
    return new Promise<JsonRpcMessage>((resolve, reject) => {
      const waiter: Waiter = {
        match: filter,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `FakeAppServer: no matching client message within ${timeoutMs} ms; untaken: ${JSON.stringify(this.#queue)}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** The next request (optionally of `method`) the client sent. */
  async nextRequest(method?: string, timeoutMs?: number): Promise<SentRequest> {
    const m = await this.next(
      (msg) => typeof msg.method === "string" && msg.id !== undefined && (!method || msg.method === method),
      timeoutMs,
    );
    return m as unknown as SentRequest;
  }

  /** The next notification (optionally of `method`) the client sent. */
  async nextNotification(method?: string, timeoutMs?: number): Promise<JsonRpcMessage> {
    return this.next(
      (msg) => typeof msg.method === "string" && msg.id === undefined && (!method || msg.method === method),
      timeoutMs,
    );
  }

  /** Client messages not yet taken by `next*()` (a copy). */
  get untaken(): JsonRpcMessage[] {
    return [...this.#queue];
  }

  /** Sends `{ id, result }`. */
  respond(id: string | number, result: unknown): void {
    this.push({ id, result });
  }

  /** Sends `{ id, error }`. */
  respondError(id: string | number, error: FakeErrorObject): void {
    this.push({ id, error });
  }

  /** Sends a notification, with `emittedAtMs` like the real server. */
  notify(method: string, params?: unknown): void {
    this.push(
      params === undefined
        ? { method, emittedAtMs: Date.now() }
        : { method, params, emittedAtMs: Date.now() },
    );
  }

  /**
   * Sends a server-initiated request (ids count from 0, like the real server) and resolves with the
   * client's whole response message (`{ id, result }` or `{ id, error }`), waiting at most `timeoutMs`.
   */
  request(method: string, params?: unknown, timeoutMs = DEFAULT_WAIT_MS): Promise<JsonRpcMessage> {
    const id = this.#nextServerRequestId++;
    return new Promise<JsonRpcMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#serverRequests.delete(id);
        reject(
          new Error(`FakeAppServer: the client did not answer ${method} (id ${id}) within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.#serverRequests.set(id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      this.push(params === undefined ? { method, id } : { method, id, params });
    });
  }

  /** Delivers any message (it still crosses the link as JSON). */
  push(message: JsonRpcMessage): void {
    const client = this.#requireOpen("push");
    client.onMessage(roundTrip(message));
  }

  /** Reports a malformed frame to the client, as a transport does for a line that is not JSON. */
  pushMalformed(raw: string, error: Error = new Error("malformed")): void {
    this.#requireOpen("pushMalformed").onMalformed?.(raw, error);
  }

  /** Simulates the server going away (a crash or exit): the client's `onClose` gets the error. */
  crash(info: TransportCloseInfo & { message?: string } = {}): TransportClosedError {
    const { message = "fake app-server exited", ...rest } = info;
    const error = new TransportClosedError(message, rest);
    this.#close(error);
    return error;
  }

  /** Whether the link is closed. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  // --- called by the client end ---

  /** @internal */
  attach(handlers: TransportHandlers): Promise<void> {
    if (this.started) throw new Error("MemoryTransport.start() called twice");
    this.started = true;
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.startError) {
      // Like StdioTransport when the spawn fails: report the closure, then reject.
      const error = this.startError;
      this.closedWith =
        error instanceof TransportClosedError ? error : new TransportClosedError(error.message);
      handlers.onClose(this.closedWith);
      return Promise.reject(error);
    }
    this.#client = handlers;
    return Promise.resolve();
  }

  /** @internal */
  receive(message: JsonRpcMessage): void | Promise<void> {
    if (this.closedWith) throw this.closedWith;
    if (!this.#client) throw new TransportClosedError("MemoryTransport: send() before start()");
    const copy = roundTrip(message);
    const result = this.sendHook?.(copy);
    this.received.push(copy);
    this.#route(copy);
    return result;
  }

  /** @internal */
  clientClose(): Promise<void> {
    this.closeCalls++;
    this.#close(new TransportClosedError("memory transport was closed by the client"));
    return Promise.resolve();
  }

  #route(message: JsonRpcMessage): void {
    const id = message.id;
    const isResponse = message.method === undefined && (typeof id === "number" || typeof id === "string");
    if (isResponse) {
      const answer = this.#serverRequests.get(id);
      if (answer) {
        this.#serverRequests.delete(id);
        answer(message);
        return;
      }
    }
    const method = message.method;
    const handler =
      typeof method === "string" && id !== undefined
        ? (this.#handlers.get(method) ?? DEFAULT_HANDLERS.get(method))
        : undefined;
    if (handler && (typeof id === "number" || typeof id === "string")) {
      this.#runHandler(handler, { id, method: method as string, params: message.params });
      return;
    }
    for (const waiter of this.#waiters) {
      if (waiter.match(message)) {
        this.#waiters.delete(waiter);
        waiter.resolve(message);
        return;
      }
    }
    this.#queue.push(message);
  }

  #runHandler(handler: FakeHandler, request: SentRequest): void {
    const fail = (e: unknown): void => {
      if (this.closed) return;
      this.respondError(request.id, errorObject(e));
    };
    const ok = (value: unknown): void => {
      if (this.closed) return;
      this.respond(request.id, value ?? {});
    };
    // Answer asynchronously, like a real server: never re-enter the client inside its send().
    queueMicrotask(() => {
      try {
        Promise.resolve(handler(request.params, request)).then(ok, fail);
      } catch (e) {
        fail(e);
      }
    });
  }

  #close(error: TransportClosedError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    const client = this.#client;
    this.#client = undefined;
    client?.onClose(error);
  }

  #requireOpen(what: string): TransportHandlers {
    if (this.closedWith) throw new Error(`FakeAppServer.${what}(): the link is closed`);
    if (!this.#client) throw new Error(`FakeAppServer.${what}(): the client has not started the transport`);
    return this.#client;
  }
}

/** The client end: hand it to `JsonRpcConnection`, `AppServerClient` or `new Codex({ transport })`. */
export class MemoryTransport implements Transport {
  readonly description = "memory";
  constructor(readonly server: FakeAppServer) {}
  start(handlers: TransportHandlers): Promise<void> {
    return this.server.attach(handlers);
  }
  send(message: JsonRpcMessage): void | Promise<void> {
    return this.server.receive(message);
  }
  close(): Promise<void> {
    return this.server.clientClose();
  }
}

/** Creates a linked pair: the `transport` for the code under test and the `server` the test plays. */
export function createMemoryTransport(): { transport: MemoryTransport; server: FakeAppServer } {
  const server = new FakeAppServer();
  return { transport: new MemoryTransport(server), server };
}

/** A realistic `initialize` result of the pinned runtime. */
export function initializeResult(
  name = "codex_app_sdk",
  codexHome = "/tmp/codex-home",
): Record<string, string> {
  return {
    userAgent: `${name}/${PINNED_RUNTIME_VERSION} (Debian 12.0.0; x86_64) xterm (${name}; 0.1.0)`,
    codexHome,
    platformFamily: "unix",
    platformOs: "linux",
  };
}

function roundTrip(message: JsonRpcMessage): JsonRpcMessage {
  return JSON.parse(JSON.stringify(message)) as JsonRpcMessage;
}

function errorObject(e: unknown): FakeErrorObject {
  if (e instanceof FakeRpcError) return e.error;
  if (e instanceof JsonRpcError) {
    return e.data === undefined
      ? { code: e.code, message: e.rpcMessage }
      : { code: e.code, message: e.rpcMessage, data: e.data };
  }
  return { code: -32603, message: e instanceof Error ? e.message : String(e) };
}
