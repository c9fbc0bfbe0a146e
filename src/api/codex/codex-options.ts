/**
 * The options of `new Codex()`, and what they say about where the app-server runs.
 *
 * @module
 */
import type { ClientInfo } from "../../client/client.js";
import type { StdioTransportOptions } from "../../transport/stdio-options.js";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- resolves the {@link Transport} of the TSDoc below
import type { Transport } from "../../transport/transport.js";
import type { NotificationMethod } from "../events.js";
import type { McpServers } from "../mcp/config.js";
import type { TracingOption } from "../observability/otel.js";
import type { ServerRequestHandler } from "../server-requests/server-requests.js";
import { isTransport, type TransportOption } from "./transport-option.js";

/** Options of `new Codex()`. The stdio options apply when the SDK spawns the app-server (the default). */
export interface CodexOptions extends StdioTransportOptions {
  /**
   * Connect to an app-server that is already running (WebSocket, unix socket, a proxy command) or
   * through your own {@link Transport}, instead of spawning `codex app-server` over stdio.
   */
  transport?: TransportOption | undefined;
  /** How the SDK introduces itself (`name` becomes the `originator` of model requests). */
  clientInfo?: ClientInfo | undefined;
  /**
   * Opt into the server's experimental API (`capabilities.experimentalApi`), which custom tools
   * (`tools` on the thread calls) need. Default `true`, as in the Python SDK; `false` keeps the
   * connection on the stable surface only, and passing `tools` then throws before anything is sent.
   */
  experimentalApi?: boolean | undefined;
  /** Notification methods the server should not send at all (saves bandwidth for busy clients). */
  optOutNotificationMethods?: NotificationMethod[] | undefined;
  /**
   * Bound for starting the app-server and the `initialize` handshake, in ms (`> 0`). Default
   * 30,000 ms; `Infinity` (or anything above 2^31 - 1 ms) means no limit.
   */
  startTimeoutMs?: number | undefined;
  /**
   * Most bytes of one local image input (`localImageInput`), checked before the turn is sent.
   * Default 20 MiB; `Infinity` for no cap.
   */
  maxImageBytes?: number | undefined;
  /**
   * Directories local image inputs must lie in, after resolving symbolic links. Any directory when
   * omitted. The runtime tells the model the image's absolute path: see docs/security.md.
   */
  allowedImageRoots?: readonly string[] | undefined;
  /** Accept a local image path that is itself a symbolic link. Default `false`. */
  followImageSymlinks?: boolean | undefined;
  /**
   * Answers the requests the app-server sends (approvals, questions, MCP elicitations, …), typed
   * by method. A turn's own `onServerRequest` is asked first. Without a handler (or when it returns
   * `undefined`), command and file-change approvals are declined, with one `warning` event per
   * client, and other requests get a JSON-RPC error. A handler that throws or returns an invalid
   * answer gets the server an error response and is reported as an `error` event. See
   * docs/approvals.md.
   *
   * @example
   * ```ts
   * import { Codex, ApprovalMode, approveCommands } from "codex-app-sdk";
   * const codex = new Codex({ onServerRequest: approveCommands((cmd) => /^(ls|git status)$/.test(cmd)) });
   * const thread = await codex.threadStart({ approvalMode: ApprovalMode.untrusted });
   * ```
   */
  onServerRequest?: ServerRequestHandler | undefined;
  /**
   * How long a handler may take to answer a server request, in ms. Past it the server gets a
   * JSON-RPC error (the command is then not run), the handler's `signal` aborts and an `error`
   * event is emitted. A number `> 0`. Default: no limit (also `Infinity` or anything above 2^31 - 1
   * ms), like the app-server, which waits for a human as long as it takes.
   *
   * @example
   * ```ts
   * const codex = new Codex({ onServerRequest: askOnSlack, serverRequestTimeoutMs: 5 * 60_000 });
   * ```
   */
  serverRequestTimeoutMs?: number | undefined;
  /**
   * MCP servers for every thread of this client, by name: a command the runtime starts, a
   * streamable-HTTP `url`, or an MCP server object of `@modelcontextprotocol/sdk` living in this
   * process (served to the app-server on 127.0.0.1 with a random token, stopped by `close()`).
   * Written as the runtime's `mcp_servers.<name>` config of the spawned app-server; with a
   * `transport` to a running app-server, pass them on the thread calls instead. See docs/mcp.md.
   *
   * @example
   * ```ts
   * import { Codex } from "codex-app-sdk";
   * const codex = new Codex({ mcpServers: { docs: { command: "npx", args: ["-y", "@upstash/context7-mcp"] } } });
   * ```
   */
  mcpServers?: McpServers | undefined;
  /**
   * Writes every JSON-RPC message in and out to this file, one JSON object a line
   * (`{ ts, dir: "out" | "in", msg }`), appended, with API keys, tokens and the remote transport's
   * bearer token redacted. Default: the `CODEX_APP_SDK_TRACE` environment variable when set;
   * `false` turns it off even then. Open it with `npx codex-app-sdk trace view FILE`. See
   * docs/observability.md.
   *
   * @example
   * ```ts
   * const codex = new Codex({ traceFile: "codex-trace.jsonl" });
   * ```
   */
  traceFile?: string | false | undefined;
  /**
   * OpenTelemetry spans (request, turn, item and approval spans, and the W3C `trace` sent with each
   * request). Default: on when a global tracer provider is registered when the connection starts,
   * and then `@opentelemetry/api` (an optional peer dependency) is loaded; nothing is loaded
   * otherwise. `false`: off. `true`: on through the global provider. `{ tracerProvider }`: on
   * through that provider. See docs/observability.md.
   *
   * @example
   * ```ts
   * import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
   * const codex = new Codex({ tracing: { tracerProvider: new BasicTracerProvider() } });
   * ```
   */
  tracing?: TracingOption | undefined;
}

/** Where a locally spawned app-server runs, or `undefined` when the app-server is elsewhere. */
export function localServer(options: CodexOptions): { serverCwd: string | undefined } | undefined {
  const t = options.transport;
  if (t === undefined) return { serverCwd: options.cwd };
  if (isTransport(t) || t.type !== "stdio") return undefined;
  return { serverCwd: t.cwd ?? options.cwd };
}

