/**
 * `ws://` and `wss://` transport: reaches an app-server started with
 * `codex app-server --listen ws://IP:PORT [--ws-auth capability-token --ws-token-file /abs/path]`.
 *
 * @module
 */
import type { BlockList } from "node:net";
import { CodexError } from "../errors.js";
import { inspect } from "../internal/inspect.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";
import { EngineSlot } from "./ws-engine-slot.js";
import { resolveCommonOptions, type WebSocketCommonOptions } from "./ws-options.js";

export type { WebSocketCommonOptions } from "./ws-options.js";

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions extends WebSocketCommonOptions {
  /** `ws://host:port[/path]` or `wss://host:port[/path]`. The app-server accepts any path. */
  url: string;
  /**
   * Allow `ws://` (clear text) to a host that is not loopback. Off by default, because the bearer
   * token and every message would cross the network unencrypted; prefer `wss://` or an SSH tunnel.
   */
  allowInsecure?: boolean | undefined;
  /** CA certificate(s) (PEM) trusted for `wss://`; as in `tls.connect`, they replace the default trusted CAs. */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** Verify the server certificate for `wss://`. Default `true`; turning it off is for tests only. */
  rejectUnauthorized?: boolean | undefined;
}

/** The loopback ranges, built on first use: node:net is not imported at start-up (bench W1). */
let loopback: BlockList | undefined;

function loopbackList(): BlockList {
  if (loopback) return loopback;
  loopback = new (process.getBuiltinModule("node:net").BlockList)();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addAddress("::1", "ipv6");
  return loopback;
}

/**
 * True when `hostname` (as in `new URL(url).hostname`) is a loopback address: `localhost`,
 * `127.0.0.0/8`, `::1`, or an IPv4-mapped IPv6 form of `127.0.0.0/8`. No name is resolved.
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("[::1]"); // true
 * isLoopbackHost("10.0.0.5"); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  let host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "localhost") return true;
  const family = process.getBuiltinModule("node:net").isIP(host);
  if (family === 4) return loopbackList().check(host, "ipv4");
  if (family === 6) return loopbackList().check(host, "ipv6");
  return false;
}

/** The URL without credentials, query or fragment: safe for error messages. */
function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Parses and checks a WebSocket URL against the transport's safety rules.
 * @throws CodexError for a bad URL, credentials in the URL, or clear text to a non-loopback host
 */
function checkUrl(raw: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e) {
    throw new CodexError(`invalid WebSocket url: ${JSON.stringify(raw.slice(0, 200))}`, { cause: e });
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new CodexError(
      `a WebSocket url must start with ws:// or wss://, got ${url.protocol}// (for a unix socket use UnixSocketTransport)`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new CodexError(
      `credentials in the url are not supported (${safeUrl(url)}); pass the bearer token as the token option`,
    );
  }
  if (url.hash !== "") throw new CodexError(`a WebSocket url cannot have a #fragment (${safeUrl(url)})`);
  if (url.protocol === "ws:" && !allowInsecure && !isLoopbackHost(url.hostname)) {
    throw new CodexError(
      `refusing to connect to ${safeUrl(url)}: ws:// is clear text and ${url.hostname} is not a loopback address, ` +
        `so the token and every message would cross the network unencrypted. Use wss://, an SSH tunnel ` +
        `(ssh -L 4500:127.0.0.1:4500 host), or set allowInsecure: true if the network is trusted.`,
    );
  }
  return url;
}

/**
 * A transport to an app-server listening on a WebSocket (`codex app-server --listen ws://IP:PORT`).
 * One JSON-RPC message per text frame; the token goes in `Authorization: Bearer <token>`; no
 * `Origin` and no subprotocol are ever sent.
 *
 * The constructor validates everything and throws a `CodexError` before any connection is tried
 * (in particular for `ws://` to a non-loopback host without `allowInsecure`). `start()` rejects with
 * an `AuthenticationError` (status 401/403 and the server's reason) when the credentials are
 * refused, and with a `TransportClosedError` naming the url (never the token) when the server cannot
 * be reached in `connectTimeoutMs`. A lost connection is reported through `onClose` as soon as the
 * socket closes; `close()` is idempotent and bounded by `closeTimeoutMs`.
 *
 * @example
 * ```ts
 * const token = await readTokenFile(tokenPath);
 * const codex = new Codex({ transport: { type: "websocket", url: "ws://127.0.0.1:4500", token } });
 * // or, equivalently: new Codex({ transport: new WebSocketTransport({ url: "ws://127.0.0.1:4500", token }) })
 * ```
 */
export class WebSocketTransport implements Transport {
  readonly #engine: EngineSlot;
  /** The url without credentials or query, e.g. `ws://127.0.0.1:4500/`. */
  readonly description: string;

  /** @throws CodexError when an option is invalid or the url is refused (nothing is opened). */
  constructor(options: WebSocketTransportOptions) {
    const url = checkUrl(options.url, options.allowInsecure === true);
    const common = resolveCommonOptions(options);
    this.description = safeUrl(url);
    const tls: WebSocketEngineTls = {};
    if (options.ca !== undefined) tls.ca = options.ca;
    if (options.rejectUnauthorized !== undefined) tls.rejectUnauthorized = options.rejectUnauthorized;
    this.#engine = new EngineSlot({ ...common, url: url.href, description: this.description, tls });
  }

  /** `"new"`, `"connecting"`, `"open"` or `"closed"`. */
  get state(): "new" | "connecting" | "open" | "closed" {
    return this.#engine.state;
  }

  /** Connects and completes the WebSocket handshake. See the class documentation for the errors. */
  start(handlers: TransportHandlers): Promise<void> {
    return this.#engine.start(handlers);
  }

  /** Sends one message as one text frame; returns a promise when the socket's buffer is full. */
  send(message: JsonRpcMessage): void | Promise<void> {
    return this.#engine.send(message);
  }

  /** Lets the Node process exit while the client is idle (see `Transport.unref`). */
  unref(): void {
    this.#engine.unref();
  }

  /** Keeps the Node process alive again. */
  ref(): void {
    this.#engine.ref();
  }

  /** Closes the connection; resolves once the socket is released (bounded by `closeTimeoutMs`). */
  close(): Promise<void> {
    return this.#engine.close();
  }

  /** Shows the url and state only: the token stays private. */
  [inspect.custom](): string {
    return `WebSocketTransport { url: '${this.description}', state: '${this.state}' }`;
  }
}

type WebSocketEngineTls = { ca?: WebSocketTransportOptions["ca"]; rejectUnauthorized?: boolean };
