/**
 * Where a remote transport (WebSocket, unix socket, proxy command) keeps its WebSocket engine: the
 * engine's code (ws-engine.ts) is imported on `start()`, like the `ws` package it drives, so a
 * program that uses the default stdio transport never parses it (bench W1, Node start -> ready).
 * Before the engine exists, this answers as the engine would: state `"new"`, then `"connecting"`
 * while the code loads; `send()` refuses, `close()` closes for good (during the load it reports the
 * closure to the handlers and `start()` rejects), `ref()`/`unref()` are kept for the engine.
 *
 * @module
 */
import { CodexError, TransportClosedError } from "../errors.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";
import type * as EngineModule from "./ws-engine.js";
import type { WebSocketEngine, WebSocketEngineOptions } from "./ws-engine.js";

let engineModule: Promise<typeof EngineModule> | undefined;
function loadEngine(): Promise<typeof EngineModule> {
  engineModule ??= import("./ws-engine.js").catch((error: unknown) => {
    engineModule = undefined; // a file missing from a broken install: the next start() retries
    throw error;
  });
  return engineModule;
}

/** Internal: the engine of one remote transport, created on `start()`; see the module comment. */
export class EngineSlot implements Transport {
  readonly description: string;
  readonly #options: WebSocketEngineOptions;
  #engine: WebSocketEngine | undefined;
  #handlers: TransportHandlers | undefined;
  #closeError: TransportClosedError | undefined;
  #referenced = true;

  constructor(options: WebSocketEngineOptions) {
    this.#options = options;
    this.description = options.description;
  }

  /** `"new"`, `"connecting"`, `"open"` or `"closed"`. */
  get state(): "new" | "connecting" | "open" | "closed" {
    if (this.#engine) return this.#engine.state;
    if (this.#closeError) return "closed";
    return this.#handlers ? "connecting" : "new";
  }

  /** The error the transport closed with, or `undefined` while it is open. */
  get closeError(): TransportClosedError | undefined {
    return this.#engine?.closeError ?? this.#closeError;
  }

  start(handlers: TransportHandlers): Promise<void> {
    if (this.#engine || this.#handlers || this.#closeError) {
      return Promise.reject(
        this.closeError ?? new CodexError(`${this.description}: start() may only be called once`),
      );
    }
    this.#handlers = handlers;
    return loadEngine().then(({ WebSocketEngine }) => {
      // close() may have run while the engine's code was loading.
      if (this.#closeError) throw this.#closeError;
      const engine = new WebSocketEngine(this.#options);
      this.#engine = engine;
      if (!this.#referenced) engine.unref();
      return engine.start(handlers);
    });
  }

  send(message: JsonRpcMessage): void | Promise<void> {
    const engine = this.#engine;
    if (!engine) {
      throw this.#closeError ?? new TransportClosedError(`${this.description}: the transport is not open`);
    }
    return engine.send(message);
  }

  unref(): void {
    this.#referenced = false;
    this.#engine?.unref();
  }

  ref(): void {
    this.#referenced = true;
    this.#engine?.ref();
  }

  close(): Promise<void> {
    if (this.#engine) return this.#engine.close();
    if (!this.#closeError) {
      this.#closeError = new TransportClosedError(
        `the connection to ${this.description} was closed by the client`,
      );
      this.#handlers?.onClose(this.#closeError);
    }
    return Promise.resolve();
  }
}
