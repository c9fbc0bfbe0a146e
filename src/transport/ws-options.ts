/**
 * Options shared by the WebSocket-based transports, their defaults and their validation.
 *
 * @module
 */
import { CodexError } from "../errors.js";
import { duration, optionalByteSize, type DurationRule } from "../internal/limits.js";
import { normalizeToken } from "./token.js";
import { DEFAULT_MAX_WRITE_BUFFER_BYTES } from "./transport.js";

/** Options shared by every WebSocket-based transport. */
export interface WebSocketCommonOptions {
  /** Sent as `Authorization: Bearer <token>`: a capability token or a signed JWT. Never logged. */
  token?: string | undefined;
  /** Extra HTTP headers for the upgrade request. `Origin` and `Sec-WebSocket-Protocol` are refused. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * How long the connection and the WebSocket handshake may take, in ms (`> 0`). Default 10000 ms.
   * Like every duration option, `Infinity` (or anything above 2^31 - 1 ms) means no limit.
   */
  connectTimeoutMs?: number | undefined;
  /** How long `close()` waits for the socket to close before dropping it, in ms (`> 0`). Default 1000 ms. */
  closeTimeoutMs?: number | undefined;
  /**
   * Interval of the keep-alive ping, in ms (0 or `Infinity` disables it). Default 10000 ms (1000 ms
   * for `ProxyCommandTransport`, where a dead server is only noticed when the proxy writes).
   */
  heartbeatIntervalMs?: number | undefined;
  /**
   * The connection counts as lost when nothing (no pong, no message) arrived for this long, in ms
   * (`> 0`). Default 30000 ms.
   */
  heartbeatTimeoutMs?: number | undefined;
  /**
   * Most bytes allowed to wait for a peer that does not read; past it new messages are refused with
   * a `CodexError` instead of being buffered. A single message is never refused for its own size.
   * A whole number `>= 1`; default 64 MiB; `Infinity` buffers without a cap.
   */
  maxWriteBufferBytes?: number | undefined;
}

/** Defaults shared by the WebSocket transports. */
export const WS_DEFAULTS = {
  connectTimeoutMs: 10_000,
  closeTimeoutMs: 1_000,
  heartbeatIntervalMs: 10_000,
  heartbeatTimeoutMs: 30_000,
} as const;

/** The common options, validated, with defaults applied. */
export interface ResolvedCommonOptions {
  /** The validated token, or `undefined`. */
  token: string | undefined;
  /** Upgrade headers, including `Authorization` when a token is given. */
  headers: Readonly<Record<string, string>>;
  connectTimeoutMs: number;
  closeTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  maxWriteBufferBytes: number;
}

const POSITIVE: DurationRule = { allowZero: false };

const FORBIDDEN_HEADERS = new Set(["origin", "sec-websocket-protocol"]);

/**
 * Checks user-supplied upgrade headers and adds the bearer token.
 * @throws CodexError for `Origin`, `Sec-WebSocket-Protocol`, or an `Authorization` header next to a token
 */
export function upgradeHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  token: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower)) {
      throw new CodexError(
        lower === "origin"
          ? "the Origin header cannot be sent: codex app-server refuses every upgrade that carries one (HTTP 403)"
          : "a WebSocket subprotocol cannot be offered: codex app-server selects none and the handshake would fail",
      );
    }
    if (lower === "authorization" && token !== undefined) {
      throw new CodexError("pass either the token option or an Authorization header, not both");
    }
    out[name] = value;
  }
  if (token !== undefined) out.Authorization = `Bearer ${token}`;
  return out;
}

/**
 * Validates the common options and applies the defaults.
 * @throws CodexError for a bad token, a refused header or a bad duration (never echoing the token)
 */
export function resolveCommonOptions(
  options: WebSocketCommonOptions,
  defaults: { heartbeatIntervalMs?: number } = {},
): ResolvedCommonOptions {
  const token = options.token === undefined ? undefined : normalizeToken(options.token);
  return {
    token,
    headers: upgradeHeaders(options.headers, token),
    connectTimeoutMs: duration(
      "connectTimeoutMs",
      options.connectTimeoutMs,
      WS_DEFAULTS.connectTimeoutMs,
      POSITIVE,
    ),
    closeTimeoutMs: duration("closeTimeoutMs", options.closeTimeoutMs, WS_DEFAULTS.closeTimeoutMs, POSITIVE),
    heartbeatIntervalMs: duration(
      "heartbeatIntervalMs",
      options.heartbeatIntervalMs,
      defaults.heartbeatIntervalMs ?? WS_DEFAULTS.heartbeatIntervalMs,
    ),
    heartbeatTimeoutMs: duration(
      "heartbeatTimeoutMs",
      options.heartbeatTimeoutMs,
      WS_DEFAULTS.heartbeatTimeoutMs,
      POSITIVE,
    ),
    maxWriteBufferBytes:
      optionalByteSize("maxWriteBufferBytes", options.maxWriteBufferBytes) ?? DEFAULT_MAX_WRITE_BUFFER_BYTES,
  };
}
