/**
 * The engine shared by every WebSocket-based transport (TCP, unix socket, a proxy process's stdio):
 * handshake with bounded time, refusal -> typed error, one JSON message per text frame, backpressure,
 * heartbeat, and a close that never waits on the peer for long.
 *
 * Why these choices (observed on codex app-server 0.169.0, see the protocol notes §13):
 * - no subprotocol and no `Origin`: the server answers any `Origin` with 403, and `ws` aborts when a
 *   subprotocol was offered and none was chosen;
 * - no permessage-deflate: the server does not negotiate it (its compression feature is off);
 * - the server never echoes a close frame, so `close()` waits a short, bounded time, then drops the socket;
 * - through `codex app-server proxy` a dead server is only noticed when the proxy next writes to it,
 *   which the heartbeat ping provokes.
 *
 * @module
 */
import { isTimerLimit, limitTimer } from "../internal/limits.js";
import { decodeMessage } from "../internal/json-message.js";
import { settledWithin } from "../internal/settle.js";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { ClientOptions, RawData, default as WebSocket } from "ws";
import { AuthenticationError, CodexError, TransportClosedError } from "../errors.js";
import { encodeMessage, preview } from "./framer.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";
import type { ResolvedCommonOptions } from "./ws-options.js";

/** Internal: what a concrete transport hands to the engine. */
export interface WebSocketEngineOptions extends ResolvedCommonOptions {
  /** The URL `ws` connects to (for socket and stream transports, a placeholder `ws://localhost/`). */
  url: string;
  /** Safe to show: never holds the token or URL credentials. */
  description: string;
  /** TLS options for `wss://`. */
  tls?: Pick<ClientOptions, "ca" | "rejectUnauthorized">;
  /** Opens the byte stream the WebSocket runs over (a unix socket, a child's stdio). */
  createConnection?: () => Duplex;
  /** Turns a connection error into a message (for example, naming a missing socket path). */
  describeConnectError?: (error: NodeJS.ErrnoException) => string | undefined;
}

/** Above this many queued bytes, `send()` returns a promise that resolves once the frame is written. */
export const SEND_HIGH_WATER_BYTES = 1024 * 1024;
/** The largest frame accepted (the stdio transport accepts lines of the same size). */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
/** At most this much of a refused upgrade's body is read, for the error message. */
const REFUSAL_BODY_MAX_BYTES = 4096;
const REFUSAL_BODY_TIMEOUT_MS = 500;

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

/** Reads at most `REFUSAL_BODY_MAX_BYTES` of a response body, within a bounded time. */
function readRefusalBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      clearTimeout(timer);
      res.removeAllListeners("data");
      resolve(Buffer.concat(chunks).toString("utf8").trim());
    };
    const timer = setTimeout(done, REFUSAL_BODY_TIMEOUT_MS);
    res.on("data", (chunk: Buffer) => {
      if (size >= REFUSAL_BODY_MAX_BYTES) return;
      chunks.push(chunk.subarray(0, REFUSAL_BODY_MAX_BYTES - size));
      size += chunk.length;
      if (size >= REFUSAL_BODY_MAX_BYTES) done();
    });
    res.once("end", done);
    res.once("close", done);
    res.once("error", done);
  });
}

type State = "new" | "connecting" | "open" | "closed";

// `ws` (and with it http, https, tls, zlib and crypto) is loaded on first connect only: importing
// it eagerly made every program that uses the default stdio transport start ~30 ms slower.
let wsModule: Promise<typeof WebSocket> | undefined;
function loadWebSocket(): Promise<typeof WebSocket> {
  wsModule ??= import("ws").then((m) => m.default);
  return wsModule;
}

/** Internal: one WebSocket connection to an app-server, implementing the {@link Transport} contract. */
export class WebSocketEngine implements Transport {
  readonly #o: WebSocketEngineOptions;
  readonly description: string;
  #state: State = "new";
  #ws: WebSocket | undefined;
  #referenced = true;
  #handlers: TransportHandlers | undefined;
  #closeError: TransportClosedError | undefined;
  #released: Promise<void> | undefined;
  #socketClosed: Promise<void> = Promise.resolve();
  readonly #sendWaiters = new Set<(error: TransportClosedError) => void>();
  #heartbeat: NodeJS.Timeout | undefined;
  #lastHeard = 0;

  constructor(options: WebSocketEngineOptions) {
    this.#o = options;
    this.description = options.description;
  }

  /** `"new"`, `"connecting"`, `"open"` or `"closed"`. */
  get state(): State {
    return this.#state;
  }

  /** The error the transport closed with, or `undefined` while it is open. */
  get closeError(): TransportClosedError | undefined {
    return this.#closeError;
  }

  start(handlers: TransportHandlers): Promise<void> {
    if (this.#state !== "new") {
      return Promise.reject(
        this.#closeError ?? new CodexError(`${this.description}: start() may only be called once`),
      );
    }
    this.#state = "connecting";
    this.#handlers = handlers;
    return loadWebSocket().then((WebSocketClass) => {
      // close() may have run while `ws` was loading.
      if (this.#state !== "connecting") {
        throw this.#closeError ?? new CodexError(`${this.description}: closed before connecting`);
      }
      return this.#connect(WebSocketClass);
    });
  }

  #connect(WebSocketClass: typeof WebSocket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: CodexError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const earlier = this.#closeError; // close() during the handshake wins
        this.#ws?.terminate();
        this.#fail(
          error instanceof TransportClosedError
            ? error
            : new TransportClosedError(error.message, {}, { cause: error }),
        );
        reject(earlier ?? error);
      };
      const timer = limitTimer(() => {
        fail(
          new TransportClosedError(
            `timed out after ${this.#o.connectTimeoutMs} ms connecting to ${this.description} (no WebSocket handshake)`,
          ),
        );
      }, this.#o.connectTimeoutMs);
      let ws: WebSocket;
      try {
        ws = new WebSocketClass(this.#o.url, [], this.#clientOptions());
      } catch (e) {
        fail(this.#connectError(e));
        return;
      }
      this.#ws = ws;
      this.#socketClosed = new Promise<void>((res) => ws.once("close", () => res()));
      ws.on("unexpected-response", (_req, res) => {
        void this.#refusal(res).then(fail);
      });
      ws.once("open", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.#state !== "connecting") return; // closed meanwhile: fail() already ran
        this.#state = "open";
        this.#startHeartbeat(ws);
        resolve();
      });
      ws.on("error", (error) => {
        // After the handshake, the `close` event that follows reports the loss.
        if (!settled) fail(this.#connectError(error));
      });
      ws.on("message", (data, isBinary) => this.#frame(data, isBinary));
      const heard = (): void => {
        this.#lastHeard = Date.now();
      };
      ws.on("pong", heard);
      ws.on("ping", heard);
      ws.once("close", (code, reason) => {
        if (!settled) {
          fail(new TransportClosedError(`the connection to ${this.description} closed during the handshake`));
          return;
        }
        const why = reason.length > 0 ? `: ${preview(reason.toString("utf8"))}` : "";
        this.#fail(
          new TransportClosedError(
            `the connection to ${this.description} was lost (close code ${code}${why})`,
          ),
        );
      });
    });
  }

  send(message: JsonRpcMessage): void | Promise<void> {
    const ws = this.#ws;
    if (this.#state !== "open" || !ws) {
      throw this.#closeError ?? new TransportClosedError(`${this.description}: the transport is not open`);
    }
    const text = encodeMessage(message);
    const waiting = ws.bufferedAmount;
    if (waiting > 0 && waiting >= this.#o.maxWriteBufferBytes) {
      const what = typeof message.method === "string" ? message.method : "a message";
      throw new CodexError(
        `cannot send ${what}: ${this.description} is not reading (${waiting} bytes already wait to be written, limit ${this.#o.maxWriteBufferBytes}); not buffering more`,
      );
    }
    if (waiting < SEND_HIGH_WATER_BYTES) {
      ws.send(text);
      return;
    }
    // The peer (or the network) is slower than the sender: let the caller wait for this frame.
    return new Promise<void>((resolve, reject) => {
      const onGone = (error: TransportClosedError): void => reject(error);
      this.#sendWaiters.add(onGone);
      ws.send(text, (error) => {
        this.#sendWaiters.delete(onGone);
        if (!error) resolve();
        else
          reject(
            this.#closeError ??
              new TransportClosedError(`${this.description}: write failed`, {}, { cause: error }),
          );
      });
    });
  }

  /** Lets the Node process exit while the connection is idle (see `Transport.unref`). */
  unref(): void {
    this.#referenced = false;
    this.#applyRef();
  }

  /** Keeps the Node process alive again. */
  ref(): void {
    this.#referenced = true;
    this.#applyRef();
  }

  #applyRef(): void {
    // The socket under the WebSocket, and the heartbeat timer, each hold the event loop.
    const socket = (this.#ws as unknown as { _socket?: { ref?: () => void; unref?: () => void } } | undefined)
      ?._socket;
    const handles = [socket, this.#heartbeat];
    for (const handle of handles) {
      if (this.#referenced) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  close(): Promise<void> {
    this.#fail(new TransportClosedError(`the connection to ${this.description} was closed by the client`));
    return this.#release();
  }

  #clientOptions(): ClientOptions {
    const options: ClientOptions = {
      headers: { ...this.#o.headers },
      perMessageDeflate: false,
      followRedirects: false,
      maxPayload: MAX_PAYLOAD_BYTES,
      ...this.#o.tls,
    };
    const create = this.#o.createConnection;
    if (create) options.createConnection = create as unknown as ClientOptions["createConnection"];
    return options;
  }

  async #refusal(res: IncomingMessage): Promise<CodexError> {
    const status = res.statusCode ?? 0;
    const body = await readRefusalBody(res);
    const reason = body !== "" ? preview(body) : (res.statusMessage ?? "");
    const head = `${this.description} refused the WebSocket connection (HTTP ${status})`;
    if (status === 401) {
      return new AuthenticationError(`${head}: ${reason || "unauthorized"}`, status, { reason: body });
    }
    if (status === 403) {
      const hint =
        body === ""
          ? " (codex app-server answers 403 to an upgrade that carries an Origin header; this SDK sends none, so a proxy in between may have added one)"
          : "";
      return new AuthenticationError(`${head}: ${reason || "forbidden"}${hint}`, status, { reason: body });
    }
    return new TransportClosedError(`${head}${reason ? `: ${reason}` : ""}`);
  }

  #connectError(e: unknown): TransportClosedError {
    const error: NodeJS.ErrnoException = e instanceof Error ? e : new CodexError(String(e), { cause: e });
    const specific = this.#o.describeConnectError?.(error);
    let detail = specific ?? error.message;
    if (!specific && error.code === "ECONNREFUSED") {
      detail = "connection refused (is the app-server running and listening there?)";
    } else if (!specific && /certificate|self[- ]signed/i.test(error.message)) {
      detail = `${error.message} (pass the server's CA certificate as the ca option)`;
    }
    return new TransportClosedError(
      `could not connect to ${this.description}: ${detail}`,
      {},
      { cause: error },
    );
  }

  #frame(data: RawData, isBinary: boolean): void {
    this.#lastHeard = Date.now();
    const handlers = this.#handlers;
    if (!handlers || this.#state !== "open") return;
    if (isBinary) {
      // The app-server sends JSON in text frames only; a binary frame carries nothing we understand.
      handlers.onMalformed?.(
        `<binary frame, ${rawLength(data)} bytes>`,
        new CodexError("binary WebSocket frames are not part of the app-server protocol; ignored"),
      );
      return;
    }
    const text = rawText(data);
    const decoded = decodeMessage(text);
    if (decoded.error) handlers.onMalformed?.(preview(text), decoded.error);
    else handlers.onMessage(decoded.message);
  }

  #startHeartbeat(ws: WebSocket): void {
    const interval = this.#o.heartbeatIntervalMs;
    if (interval <= 0 || !isTimerLimit(interval)) return;
    this.#lastHeard = Date.now();
    this.#heartbeat = setInterval(() => {
      if (this.#state !== "open") return;
      const silentMs = Date.now() - this.#lastHeard;
      if (silentMs > this.#o.heartbeatTimeoutMs) {
        ws.terminate();
        this.#fail(
          new TransportClosedError(
            `the connection to ${this.description} was lost (no answer to keep-alive pings for ${silentMs} ms)`,
          ),
        );
        return;
      }
      try {
        ws.ping();
      } catch {
        // Closing already: the close event reports it.
      }
    }, interval);
    if (!this.#referenced) this.#heartbeat.unref();
    this.#heartbeat.unref();
  }

  #fail(error: TransportClosedError): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#closeError = error;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const reject of this.#sendWaiters) reject(error);
    this.#sendWaiters.clear();
    void this.#release();
    this.#handlers?.onClose(error);
  }

  #release(): Promise<void> {
    this.#released ??= this.#releaseSocket();
    return this.#released;
  }

  async #releaseSocket(): Promise<void> {
    const ws = this.#ws;
    if (!ws || ws.readyState === ws.CLOSED) return;
    if (ws.readyState === ws.OPEN) ws.close(1000);
    else if (ws.readyState === ws.CONNECTING) ws.terminate();
    if (await settledWithin(this.#socketClosed, this.#o.closeTimeoutMs)) return;
    // The peer neither answered the close frame nor dropped the connection: drop it ourselves.
    ws.terminate();
    await settledWithin(this.#socketClosed, this.#o.closeTimeoutMs);
  }
}
