/** The `transport` option of `new Codex()`: a built-in transport by description, or your own object. */
import { CodexError } from "../../errors.js";
import { ProxyCommandTransport, type ProxyCommandTransportOptions } from "../../transport/proxy.js";
import { StdioTransport } from "../../transport/stdio.js";
import type { StdioTransportOptions } from "../../transport/stdio-options.js";
import type { Transport } from "../../transport/transport.js";
import { UnixSocketTransport, type UnixSocketTransportOptions } from "../../transport/unix.js";
import { WebSocketTransport, type WebSocketTransportOptions } from "../../transport/websocket.js";

/**
 * Where the app-server is:
 * - omitted or `{ type: "stdio", ... }`: spawn `codex app-server` and talk over its stdio (default);
 * - `{ type: "websocket", url, token? }`: an app-server started with `--listen ws://…`;
 * - `{ type: "unix", path?, token? }`: an app-server's unix control socket (default: the daemon's);
 * - `{ type: "proxy", command, args }`: WebSocket over a command's stdio, e.g. `ssh host codex app-server proxy`;
 * - any object implementing {@link Transport}.
 *
 * @example
 * ```ts
 * new Codex({ transport: { type: "websocket", url: "ws://127.0.0.1:4500", token: process.env.CODEX_TOKEN } });
 * ```
 */
export type TransportOption =
  | Transport
  | ({ type: "stdio" } & StdioTransportOptions)
  | ({ type: "websocket" } & WebSocketTransportOptions)
  | ({ type: "unix" } & UnixSocketTransportOptions)
  | ({ type: "proxy" } & ProxyCommandTransportOptions);

/** True when `value` is a {@link Transport} object rather than a description the SDK builds one from. */
export function isTransport(value: TransportOption): value is Transport {
  const t = value as Partial<Transport>;
  return typeof t.start === "function" && typeof t.send === "function" && typeof t.close === "function";
}

/** Builds the transport of a `Codex`; `stdio` is the options used when no transport is given. */
export function createTransport(
  option: TransportOption | undefined,
  stdio: StdioTransportOptions,
): Transport {
  if (option === undefined) return new StdioTransport(stdio);
  if (typeof option !== "object" || option === null) {
    throw new CodexError(`transport must be an object, got ${String(option)}`);
  }
  if (isTransport(option)) return option;
  const { type, ...rest } = option;
  switch (type) {
    case "stdio":
      return new StdioTransport({ ...stdio, ...(rest as StdioTransportOptions) });
    case "websocket":
      return new WebSocketTransport(rest as WebSocketTransportOptions);
    case "unix":
      return new UnixSocketTransport(rest);
    case "proxy":
      return new ProxyCommandTransport(rest as ProxyCommandTransportOptions);
  }
  throw new CodexError(
    `transport.type must be one of "stdio", "websocket", "unix", "proxy" (or pass a Transport object), got ${JSON.stringify(type)}`,
  );
}
