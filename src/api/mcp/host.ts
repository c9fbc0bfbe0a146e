/**
 * The MCP side of one `Codex`: turns the `mcpServers` options into the runtime's config (the
 * process's config overrides for `new Codex()`, the params' `config` for thread calls), serves the
 * in-process servers, and stops them on `close()`.
 *
 * @module
 */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import type { ConfigValue } from "../../transport/toml.js";
import { InvalidArgumentError } from "../validation.js";
import {
  checkMcpServers,
  isInProcessServer,
  mcpConfigTable,
  type McpConfigTable,
  type McpServerOption,
} from "./config.js";
// Loaded on first use: its node:http and node:crypto cost ~8 ms of start-up CPU that programs
// without in-process MCP servers would pay on every import of the SDK.
import type { LoopbackMcpEndpoint } from "./loopback.js";
import type { StdioTransportOptions } from "../../transport/stdio-options.js";
import { isTransport, type TransportOption } from "../codex/transport-option.js";

/**
 * The app-server variable holding the in-process endpoint's token, so that it travels in the
 * environment of the spawned process, not in its command line.
 */
export const MCP_TOKEN_ENV = "CODEX_APP_SDK_MCP_TOKEN";

/** What a spawned app-server gets from the Codex-level `mcpServers`. */
export interface McpProcessSettings {
  /** `mcp_servers.<name>` config overrides. */
  config: Record<string, ConfigValue>;
  /** Variables added to the app-server's environment. */
  env: Record<string, string>;
}

/** The MCP servers of one `Codex`. */
export class McpHost {
  readonly #servers: [string, McpServerOption][];
  readonly #spawned: boolean;
  #endpoint: Promise<LoopbackMcpEndpoint> | undefined;
  #tokenInEnv = false;

  /**
   * @param servers the `mcpServers` option of `new Codex()`
   * @param spawned whether the SDK spawns the app-server (Codex-level servers need it)
   * @throws InvalidArgumentError for a malformed option, or Codex-level servers with a remote app-server
   */
  constructor(servers: unknown, spawned: boolean) {
    this.#servers = checkMcpServers("mcpServers", servers);
    this.#spawned = spawned;
    if (this.#servers.length > 0 && !spawned) {
      throw new InvalidArgumentError(
        "mcpServers on new Codex() configures the app-server the SDK spawns; this Codex connects to a running one (transport option): pass mcpServers on threadStart / threadResume / threadFork instead",
        { argument: "mcpServers" },
      );
    }
  }

  /** Config overrides and environment for the app-server about to be spawned; serves in-process servers first. */
  async processSettings(): Promise<McpProcessSettings> {
    const config: Record<string, ConfigValue> = {};
    const env: Record<string, string> = {};
    for (const [name, server] of this.#servers) {
      if (isInProcessServer(server)) {
        const endpoint = await this.#endpointFor();
        const url = await endpoint.mount(name, server);
        config[`mcp_servers.${name}`] = { url, bearer_token_env_var: MCP_TOKEN_ENV };
        env[MCP_TOKEN_ENV] = endpoint.token;
        this.#tokenInEnv = true;
      } else {
        config[`mcp_servers.${name}`] = mcpConfigTable(server);
      }
    }
    return { config, env };
  }

  /**
   * The `config` of a thread call with its `mcpServers` added under `mcp_servers`.
   * @throws InvalidArgumentError for a malformed option or a server named twice
   */
  async threadConfig(
    servers: unknown,
    config: { [key: string]: JsonValue } | undefined,
  ): Promise<{ [key: string]: JsonValue } | undefined> {
    const entries = checkMcpServers("mcpServers", servers);
    if (entries.length === 0) return config;
    const given = config?.["mcp_servers"];
    if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
      throw new InvalidArgumentError("config.mcp_servers must be an object when mcpServers is given too", {
        argument: "config",
      });
    }
    const tables: { [key: string]: JsonValue } = { ...(given as { [key: string]: JsonValue } | undefined) };
    for (const [name, server] of entries) {
      if (name in tables || (config !== undefined && `mcp_servers.${name}` in config)) {
        throw new InvalidArgumentError(
          `mcpServers.${name} is also configured in config.mcp_servers; name it once`,
          {
            argument: "mcpServers",
          },
        );
      }
      tables[name] = isInProcessServer(server)
        ? await this.#inProcessTable(name, server)
        : mcpConfigTable(server);
    }
    return { ...config, mcp_servers: tables };
  }

  /** Stops the in-process servers and closes their port. */
  async close(): Promise<void> {
    const endpoint = this.#endpoint;
    // A failed load left nothing to close (the call that needed it has already failed).
    if (endpoint) await (await endpoint.catch(() => undefined))?.close();
  }

  async #inProcessTable(
    name: string,
    server: McpServerOption & { connect: unknown },
  ): Promise<McpConfigTable> {
    const endpoint = await this.#endpointFor();
    const url = await endpoint.mount(name, server as Parameters<LoopbackMcpEndpoint["mount"]>[1]);
    // The spawned app-server has the token in its environment when Codex-level servers put it
    // there; otherwise the header travels in the request over the connection (never in argv).
    return this.#tokenInEnv && this.#spawned
      ? { url, bearer_token_env_var: MCP_TOKEN_ENV }
      : { url, http_headers: { Authorization: `Bearer ${endpoint.token}` } };
  }

  #endpointFor(): Promise<LoopbackMcpEndpoint> {
    this.#endpoint ??= import("./loopback.js").then((m) => new m.LoopbackMcpEndpoint());
    return this.#endpoint;
  }
}

/**
 * Spawn options with the MCP config overrides and environment added. A `{ type: "stdio" }`
 * transport's own `config` / `env`, when given, replace the top-level ones: they get them too.
 */
export function withMcp<T extends TransportOption | StdioTransportOptions | undefined>(
  options: T,
  mcp: McpProcessSettings,
): T {
  if (options === undefined || isTransport(options as TransportOption)) return options;
  const o = options as StdioTransportOptions & { type?: string };
  if (o.type !== undefined && o.type !== "stdio") return options;
  const top = o.type === undefined;
  const out = { ...o };
  if (Object.keys(mcp.config).length > 0 && (top || o.config)) out.config = { ...o.config, ...mcp.config };
  if (Object.keys(mcp.env).length > 0 && (top || o.env)) out.env = { ...o.env, ...mcp.env };
  return out as T;
}
