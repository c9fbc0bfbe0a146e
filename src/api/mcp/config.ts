/**
 * The `mcpServers` option: MCP servers described in TypeScript, checked before anything is sent,
 * and written as the runtime's `mcp_servers.<name>` config tables.
 *
 * @module
 */
import { describeValue, InvalidArgumentError } from "../validation.js";

/** Settings every kind of MCP server accepts. */
export interface McpServerCommonOptions {
  /** `false` keeps the server configured but not started. Default `true`. */
  enabled?: boolean | undefined;
  /** How long the runtime waits for the server to start and list its tools, in seconds (`> 0`). */
  startupTimeoutSec?: number | undefined;
  /** How long one tool call may take, in seconds (`> 0`). */
  toolTimeoutSec?: number | undefined;
  /** Only these tools of the server are offered to the model. */
  enabledTools?: readonly string[] | undefined;
  /** These tools of the server are never offered to the model (applied after `enabledTools`). */
  disabledTools?: readonly string[] | undefined;
}

/**
 * An MCP server the runtime starts as a child process and talks to over its stdio.
 *
 * @example
 * ```ts
 * import type { McpStdioServerOptions } from "codex-app-sdk";
 * const docs: McpStdioServerOptions = { command: "npx", args: ["-y", "@upstash/context7-mcp"] };
 * ```
 */
export interface McpStdioServerOptions extends McpServerCommonOptions {
  /** The program to run (looked up on the app-server's `PATH` when not absolute). */
  command: string;
  /** Its arguments. */
  args?: readonly string[] | undefined;
  /**
   * Variables set for the server process. The runtime gives MCP servers a short base environment
   * (HOME, PATH, …), not the app-server's whole environment.
   */
  env?: Readonly<Record<string, string>> | undefined;
  /** Working directory of the server process. */
  cwd?: string | undefined;
}

/**
 * An MCP server the runtime reaches over streamable HTTP.
 *
 * @example
 * ```ts
 * import { Codex, type McpHttpServerOptions } from "codex-app-sdk";
 * const figma: McpHttpServerOptions = { url: "https://mcp.figma.com/mcp", bearerTokenEnvVar: "FIGMA_TOKEN" };
 * const codex = new Codex({ mcpServers: { figma }, env: { FIGMA_TOKEN: process.env.FIGMA_TOKEN } });
 * ```
 */
export interface McpHttpServerOptions extends McpServerCommonOptions {
  /** The server's endpoint, `http://` or `https://`. */
  url: string;
  /**
   * Static HTTP headers sent with every request. On `new Codex()` they travel in the app-server's
   * command line, which other local users can read: put a secret in `bearerTokenEnvVar` instead.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Name of an environment variable of the app-server holding a bearer token
   * (`Authorization: Bearer <value>`). Set it with the `env` option of `new Codex()`.
   */
  bearerTokenEnvVar?: string | undefined;
}

/**
 * An MCP server object from `@modelcontextprotocol/sdk` (`McpServer` or the low-level `Server`)
 * living in this process. The SDK serves it to the app-server over loopback streamable HTTP; see
 * docs/mcp.md. Only its `connect()` and `close()` are used.
 */
export interface InProcessMcpServer {
  /** Connects the server to a transport (`@modelcontextprotocol/sdk`'s `Transport`). */
  connect(transport: never): Promise<void>;
  /** Disconnects it. */
  close(): Promise<void>;
}

/** One entry of the `mcpServers` option. */
export type McpServerOption = McpStdioServerOptions | McpHttpServerOptions | InProcessMcpServer;

/**
 * MCP servers by name, for `new Codex({ mcpServers })` and the thread calls. The name becomes the
 * model's tool namespace `mcp__<name>`: letters, digits, `_` and `-` only.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * const codex = new Codex({
 *   mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] } },
 * });
 * ```
 */
export type McpServers = Readonly<Record<string, McpServerOption>>;

/** A JSON/TOML-safe config table. */
export type McpConfigTable = { [key: string]: string | number | boolean | string[] | McpConfigTable };

const NAME = /^[A-Za-z0-9_-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest server name: the model's function names (`mcp__<server>__<tool>`) are capped at 64. */
const MAX_NAME = 48;

/** True when `value` is an in-process MCP server object rather than a description. */
export function isInProcessServer(value: McpServerOption): value is InProcessMcpServer {
  return typeof (value as Partial<InProcessMcpServer>).connect === "function";
}

/**
 * Checks an `mcpServers` option and returns its entries.
 * @throws InvalidArgumentError naming the server and the field
 */
export function checkMcpServers(option: string, servers: unknown): [string, McpServerOption][] {
  if (servers === undefined) return [];
  if (typeof servers !== "object" || servers === null || Array.isArray(servers)) {
    throw invalid(option, `must be an object of servers by name, got ${describeValue(servers)}`);
  }
  return Object.entries(servers as Record<string, unknown>).map(([name, server]) => {
    const path = `${option}.${name}`;
    if (!NAME.test(name) || name.length > MAX_NAME) {
      throw invalid(
        path,
        `: ${JSON.stringify(name)} is not a server name the runtime accepts (1-${MAX_NAME} letters, digits, "_" or "-")`,
      );
    }
    checkServer(path, server);
    return [name, server];
  });
}

function checkServer(path: string, server: unknown): asserts server is McpServerOption {
  if (typeof server !== "object" || server === null) {
    throw invalid(
      path,
      ` must be { command, ... }, { url, ... } or an MCP server object, got ${describeValue(server)}`,
    );
  }
  if (isInProcessServer(server as McpServerOption)) return;
  const s = server as Record<string, unknown>;
  const hasCommand = s["command"] !== undefined;
  const hasUrl = s["url"] !== undefined;
  if (hasCommand === hasUrl) {
    throw invalid(
      path,
      hasCommand
        ? " has both command and url: give command (a process the runtime starts) or url (a server it connects to), not both"
        : " needs command (a process the runtime starts) or url (a streamable-HTTP server), or an MCP server object",
    );
  }
  if (hasCommand) {
    nonEmpty(`${path}.command`, s["command"]);
    strings(`${path}.args`, s["args"]);
    stringRecord(`${path}.env`, s["env"], ENV_NAME);
    if (s["cwd"] !== undefined) nonEmpty(`${path}.cwd`, s["cwd"]);
    for (const key of ["headers", "bearerTokenEnvVar"]) {
      if (s[key] !== undefined)
        throw invalid(`${path}.${key}`, ` applies to url servers only, not to a command`);
    }
  } else {
    const url = nonEmpty(`${path}.url`, s["url"]);
    if (!/^https?:\/\/[^\s]+$/i.test(url))
      throw invalid(`${path}.url`, ` must be an http:// or https:// URL, got ${describeValue(url)}`);
    stringRecord(`${path}.headers`, s["headers"], /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
    const env = s["bearerTokenEnvVar"];
    if (env !== undefined && (typeof env !== "string" || !ENV_NAME.test(env))) {
      throw invalid(
        `${path}.bearerTokenEnvVar`,
        ` must be an environment variable name, got ${describeValue(env)}`,
      );
    }
    for (const key of ["args", "env", "cwd"]) {
      if (s[key] !== undefined)
        throw invalid(`${path}.${key}`, ` applies to command servers only, not to a url`);
    }
  }
  if (s["enabled"] !== undefined && typeof s["enabled"] !== "boolean") {
    throw invalid(`${path}.enabled`, ` must be a boolean, got ${describeValue(s["enabled"])}`);
  }
  for (const key of ["startupTimeoutSec", "toolTimeoutSec"]) {
    const v = s[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v <= 0)) {
      throw invalid(`${path}.${key}`, ` must be a number of seconds > 0, got ${describeValue(v)}`);
    }
  }
  strings(`${path}.enabledTools`, s["enabledTools"]);
  strings(`${path}.disabledTools`, s["disabledTools"]);
}

/** The runtime's `mcp_servers.<name>` table of a command or url server. */
export function mcpConfigTable(server: McpStdioServerOptions | McpHttpServerOptions): McpConfigTable {
  const t: McpConfigTable = {};
  if ("command" in server && server.command !== undefined) {
    t["command"] = server.command;
    if (server.args) t["args"] = [...server.args];
    if (server.env) t["env"] = { ...server.env };
    if (server.cwd !== undefined) t["cwd"] = server.cwd;
  } else {
    const http = server as McpHttpServerOptions;
    t["url"] = http.url;
    if (http.headers) t["http_headers"] = { ...http.headers };
    if (http.bearerTokenEnvVar !== undefined) t["bearer_token_env_var"] = http.bearerTokenEnvVar;
  }
  if (server.enabled !== undefined) t["enabled"] = server.enabled;
  // Seconds as a float: the runtime reads these as fractional seconds.
  if (server.startupTimeoutSec !== undefined) t["startup_timeout_sec"] = server.startupTimeoutSec;
  if (server.toolTimeoutSec !== undefined) t["tool_timeout_sec"] = server.toolTimeoutSec;
  if (server.enabledTools) t["enabled_tools"] = [...server.enabledTools];
  if (server.disabledTools) t["disabled_tools"] = [...server.disabledTools];
  return t;
}

function invalid(path: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(`${path}${what}`, { argument: path.split(".")[0] ?? path });
}

function nonEmpty(path: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw invalid(path, ` must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function strings(path: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalid(path, ` must be an array of strings, got ${describeValue(value)}`);
  }
}

function stringRecord(path: string, value: unknown, key: RegExp): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(path, ` must be an object of strings, got ${describeValue(value)}`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (!key.test(k)) throw invalid(path, ` has the invalid name ${JSON.stringify(k)}`);
    if (typeof v !== "string") throw invalid(`${path}.${k}`, ` must be a string, got ${describeValue(v)}`);
  }
}
