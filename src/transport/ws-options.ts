/**
 * Options shared by the WebSocket-based transports, their defaults and their validation.
 *
 * @module
 */
import { CodexError } from "../rpc/errors.js";
import { normalizeToken } from "./token.js";
import { DEFAULT_MAX_WRITE_BUFFER_BYTES } from "./transport.js";

/** Options shared by every WebSocket-based transport. */
export interface WebSocketCommonOptions {
  /** Sent as `Authorization: Bearer <token>`: a capability token or a signed JWT. Never logged. */
  token?: string | undefined;
  /** Extra HTTP headers for the upgrade request. `Origin` and `Sec-WebSocket-Protocol` are refused. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** How long the connection and the WebSocket handshake may take. Default 10000 ms. */
  connectTimeoutMs?: number | undefined;
  /** How long `close()` waits for the socket to close before dropping it. Default 1000 ms. */
  closeTimeoutMs?: number | undefined;
  /**
   * Interval of the keep-alive ping, in ms (0 disables it). Default 10000 ms (1000 ms for
   * `ProxyCommandTransport`, where a dead server is only noticed when the proxy writes).
   */
  heartbeatIntervalMs?: number | undefined;
  /** The connection counts as lost when nothing (no pong, no message) arrived for this long. Default 30000 ms. */
  heartbeatTimeoutMs?: number | undefined;
  /**
   * Most bytes allowed to wait for a peer that does not read; past it new messages are refused with
   * a `CodexError` instead of being buffered. A single message is never refused for its own size.
   * Default 64 MiB.
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

/** Checks a millisecond option. */
export function checkMs(
  value: number | undefined,
  name: string,
  fallback: number,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new CodexError(
      `${name} must be a ${allowZero ? "non-negative" : "positive"} number of milliseconds`,
    );
  }
  return value;
}

function checkBytes(value: number | undefined, name: string): number {
  if (value === undefined) return DEFAULT_MAX_WRITE_BUFFER_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new CodexError(`${name} must be a positive integer number of bytes, got ${String(value)}`);
  }
  return value;
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
    connectTimeoutMs: checkMs(options.connectTimeoutMs, "connectTimeoutMs", WS_DEFAULTS.connectTimeoutMs),
    closeTimeoutMs: checkMs(options.closeTimeoutMs, "closeTimeoutMs", WS_DEFAULTS.closeTimeoutMs),
    heartbeatIntervalMs: checkMs(
      options.heartbeatIntervalMs,
      "heartbeatIntervalMs",
      defaults.heartbeatIntervalMs ?? WS_DEFAULTS.heartbeatIntervalMs,
      true,
    ),
    heartbeatTimeoutMs: checkMs(
      options.heartbeatTimeoutMs,
      "heartbeatTimeoutMs",
      WS_DEFAULTS.heartbeatTimeoutMs,
    ),
    maxWriteBufferBytes: checkBytes(options.maxWriteBufferBytes, "maxWriteBufferBytes"),
  };
}
