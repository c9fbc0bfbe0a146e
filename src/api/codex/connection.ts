/**
 * The connection lifecycle of one `Codex`: the lazy start (one transport and one `initialize`
 * however many calls race), the final `close()`, and `reconnect()` after a lost connection. `Codex`
 * is the facade; everything that depends on which connection is current lives here.
 *
 * @module
 */
import { AppServerClient, type CodexMetadata } from "../../client/client.js";
import { closeSummary, CodexError, TransportClosedError } from "../../errors.js";
import type { IncomingNotification, IncomingRequest } from "../../rpc/connection.js";
import type { Transport } from "../../transport/transport.js";
import { clientErrorNotification, type Notification } from "../events.js";
import type { McpHost } from "../mcp/host.js";
import { withMcp } from "../mcp/host.js";
import type { Observability } from "../observability/observability.js";
import type { CodexOptions } from "./codex-options.js";
import { createTransport, isTransport } from "./transport-option.js";
import { loadDeferred, type Deferred } from "../load-deferred.js";

const DEFAULT_START_TIMEOUT_MS = 30_000;

/** What the connection tells its `Codex`. */
export interface ConnectionEvents {
  onNotification(notification: IncomingNotification): void;
  onRequest(request: IncomingRequest): unknown;
  /** A problem the SDK reports in the shape of an `error` notification (a malformed line). */
  onProblem(notification: Notification): void;
  onClose(error: TransportClosedError): void;
  /** A new connection is initialized; runs before any caller gets it. */
  onConnected(client: AppServerClient): void;
  /** The deferred modules were loaded (while the first app-server booted). */
  onDeferredLoaded(deferred: Deferred): void;
}

/** Starts, replaces and closes the app-server connection of one `Codex`. */
export class CodexConnection {
  readonly #options: CodexOptions;
  readonly #mcp: McpHost;
  readonly #events: ConnectionEvents;
  readonly #observability: Observability;
  #client: AppServerClient | undefined;
  #starting: Promise<AppServerClient> | undefined;
  #reconnecting: Promise<AppServerClient> | undefined;
  #closed = false;

  constructor(options: CodexOptions, mcp: McpHost, events: ConnectionEvents, observability: Observability) {
    this.#options = options;
    this.#observability = observability;
    this.#mcp = mcp;
    this.#events = events;
  }

  /** The current client, connected or lost; `undefined` before the first start. */
  get client(): AppServerClient | undefined {
    return this.#client;
  }

  /** The client `ensureStarted()` would resolve with at once (started, open, not closed), else `undefined`. */
  readyClient(): AppServerClient | undefined {
    const client = this.#client;
    if (this.#closed || this.#reconnecting || !client || client.connection.closeError) return undefined;
    return client;
  }

  /** The connected client, starting it on first use; rejects once closed or lost. */
  ensureStarted(): Promise<AppServerClient> {
    const ready = this.readyClient();
    if (ready) return Promise.resolve(ready);
    if (this.#closed) return Promise.reject(closedError());
    if (this.#reconnecting) return this.#reconnecting;
    const error = this.#client?.connection.closeError;
    if (error) return Promise.reject(unusableError(error));
    this.#starting ??= this.#startOnce().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /** See `Codex.reconnect()`: concurrent calls share one attempt. */
  reconnect(): Promise<CodexMetadata> {
    if (this.#closed) return Promise.reject(closedError());
    if (!this.#reconnecting) {
      const refusal = this.#reconnectRefusal();
      if (refusal) return Promise.reject(refusal);
      this.#reconnecting = this.#reconnectOnce().finally(() => {
        this.#reconnecting = undefined;
      });
    }
    return this.#reconnecting.then((client) => client.metadata as CodexMetadata);
  }

  /** Final: later calls reject. Waits for a start in progress, then closes the client. */
  async close(): Promise<void> {
    this.#closed = true;
    const starting = this.#starting ?? this.#reconnecting;
    if (starting) await starting.catch(() => undefined);
    const client = this.#client;
    if (client) await client.close();
  }

  async #startOnce(): Promise<AppServerClient> {
    const o = this.#options;
    const mcp = await this.#mcp.processSettings();
    const transport = await this.#observability.observe(createTransport(withMcp(o.transport, mcp), withMcp(o, mcp)));
    const events = this.#events;
    const client = new AppServerClient(transport, {
      onNotification: (n) => events.onNotification(n),
      onRequest: (r) => events.onRequest(r),
      onMalformed: (raw, error) =>
        events.onProblem(
          clientErrorNotification(
            `the app-server sent something that is not a JSON-RPC message (${error.message}); it was skipped: ${raw}`,
            null,
          ),
        ),
      onClose: (error) => events.onClose(error),
    });
    try {
      const initialized = client.initialize({
        ...(o.clientInfo ? { clientInfo: o.clientInfo } : {}),
        experimentalApi: o.experimentalApi ?? true,
        ...(o.optOutNotificationMethods ? { optOutNotificationMethods: o.optOutNotificationMethods } : {}),
        timeoutMs: o.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      });
      // The app-server is booting (~300 ms): parse the deferred code meanwhile, not at import
      // and not on the first call (bench W1). A failure surfaces on the first call that needs it.
      // Only once the transport is up: `initialize()` awaits the same promise and was first to, so
      // its request is written before the import's resolving and file reads (~1.5 ms) start.
      client.connection.start().then(() => loadDeferred()).then(
        (deferred) => events.onDeferredLoaded(deferred),
        () => undefined,
      );
      await initialized;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw startError(error, transport);
    }
    if (this.#closed) {
      await client.close();
      throw closedError();
    }
    this.#client = client;
    events.onConnected(client);
    return client;
  }

  /** Why `reconnect()` cannot run now, or `undefined` when it can. */
  #reconnectRefusal(): CodexError | undefined {
    const client = this.#client;
    if (!client) {
      return new CodexError(
        "reconnect() replaces a lost connection, and this client has not connected yet: call start() (or any method) to connect",
      );
    }
    if (!client.connection.closeError) {
      return new CodexError("reconnect() replaces a lost connection, and this client's connection is open");
    }
    const transport = this.#options.transport;
    if (transport !== undefined && isTransport(transport)) {
      return new CodexError(
        "reconnect() cannot reuse a Transport object (a transport can be started only once): pass a " +
          'description such as { type: "websocket", url, token } as the transport option, or create a new Codex with a new transport',
      );
    }
    return undefined;
  }

  async #reconnectOnce(): Promise<AppServerClient> {
    await this.#client?.close().catch(() => undefined); // release what is left of the lost transport
    return this.#startOnce();
  }
}

function closedError(): CodexError {
  return new CodexError("this Codex client is closed; create a new Codex to continue");
}

/** Why a call fails once the app-server connection is gone: it says what happened, and that it is final. */
function unusableError(error: TransportClosedError): TransportClosedError {
  const what = error.message.split("\n", 1)[0] ?? "";
  return new TransportClosedError(
    `this Codex client cannot be used any more: its app-server connection is gone (${what}); create a new Codex to continue, or call codex.reconnect()`,
    error,
    { cause: error },
  );
}

function startError(error: unknown, transport: Transport): unknown {
  if (error instanceof TransportClosedError) {
    return new TransportClosedError(
      `failed to start the app-server (${transport.description ?? "custom transport"}): ${closeSummary(error)}`,
      error,
      { cause: error },
    );
  }
  return error;
}
