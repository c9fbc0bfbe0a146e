/**
 * The typed app-server client: a JSON-RPC connection plus the `initialize` handshake, validated
 * metadata, and requests typed by the generated protocol.
 */
import type { ClientRequestMap } from "../generated/methods.js";
import {
  EXPERIMENTAL_CLIENT_METHODS,
  type ExperimentalClientRequestMap,
  type ExperimentalClientRequestMethod,
} from "../generated/experimental/methods.js";
import type { InitializeResponse } from "../generated/InitializeResponse.js";
import type { InitializeCapabilities } from "../generated/InitializeCapabilities.js";
import { CodexError } from "../errors.js";
import { JsonRpcConnection, type ConnectionHandlers, type RequestOptions } from "../rpc/connection.js";
import type { Transport } from "../transport/transport.js";
import { VERSION } from "../version.js";

/** Every client request method of the stable protocol. */
export type ClientRequestMethod = keyof ClientRequestMap;
/**
 * Every client request method `request()` takes: the stable ones ({@link ClientRequestMethod})
 * and those only the experimental protocol has ({@link ExperimentalClientRequestMethod}).
 */
export type RequestMethod = ClientRequestMethod | ExperimentalClientRequestMethod;
/**
 * The params type of a client request method: a stable method's from the stable protocol, an
 * experimental method's from the experimental one (`@experimental`).
 */
export type ClientRequestParams<M extends RequestMethod> = M extends ClientRequestMethod
  ? ClientRequestMap[M]["params"]
  : ExperimentalClientRequestMap[M]["params"];
/** The result type of a client request method (as {@link ClientRequestParams}, stable or experimental). */
export type ClientRequestResult<M extends RequestMethod> = M extends ClientRequestMethod
  ? ClientRequestMap[M]["result"]
  : ExperimentalClientRequestMap[M]["result"];
/** Argument list of `request(method, ...)`: params may be left out when the method takes none. */
export type ClientRequestArgs<M extends RequestMethod> =
  undefined extends ClientRequestParams<M>
    ? [params?: ClientRequestParams<M>, options?: RequestOptions]
    : [params: ClientRequestParams<M>, options?: RequestOptions];

const EXPERIMENTAL: ReadonlySet<string> = new Set(EXPERIMENTAL_CLIENT_METHODS);

/**
 * Whether a method belongs to the experimental protocol only: the server answers it only on a
 * connection made with `experimentalApi` (the `Codex` default), and it may change in any runtime
 * release. `false` for stable methods and for names the protocol does not have.
 *
 * @example
 * ```ts
 * isExperimentalMethod("thread/start"); // false
 * isExperimentalMethod("thread/backgroundTerminals/list"); // true
 * ```
 */
export function isExperimentalMethod(method: string): method is ExperimentalClientRequestMethod {
  return EXPERIMENTAL.has(method);
}

/** How the SDK introduces itself in `initialize` (`name` also becomes the `originator` of model requests). */
export interface ClientInfo {
  name: string;
  title?: string;
  version: string;
}

/** The default `clientInfo`. */
export const DEFAULT_CLIENT_INFO: Readonly<Required<ClientInfo>> = {
  name: "codex_app_sdk",
  title: "Codex App SDK (TypeScript)",
  version: VERSION,
};

/** Validated result of the `initialize` handshake. */
export interface CodexMetadata {
  /** The server's user agent, e.g. `codex_app_sdk/0.169.0 (Debian 12.0.0; x86_64) …`. */
  userAgent: string;
  /** Name parsed from the user agent (the originator). */
  serverName: string;
  /** Runtime version parsed from the user agent, e.g. `0.169.0`. */
  serverVersion: string;
  /** The server's CODEX_HOME. */
  codexHome: string;
  platformFamily: string;
  platformOs: string;
  /** The raw `initialize` response. */
  raw: InitializeResponse;
}

/**
 * Parses and validates an `initialize` response.
 * @throws CodexError when the user agent, server name or version is missing
 */
export function parseMetadata(response: unknown): CodexMetadata {
  if (typeof response !== "object" || response === null) {
    throw new CodexError(`initialize response must be an object, got ${JSON.stringify(response)}`);
  }
  const r = response as Partial<Record<keyof InitializeResponse, unknown>>;
  const userAgent = typeof r.userAgent === "string" ? r.userAgent.trim() : "";
  const head = userAgent.split(/\s+/, 1)[0] ?? "";
  const slash = head.indexOf("/");
  const serverName = slash > 0 ? head.slice(0, slash) : "";
  const serverVersion = slash > 0 ? head.slice(slash + 1) : "";
  if (!userAgent || !serverName || !serverVersion) {
    throw new CodexError(
      `initialize response missing required metadata (userAgent=${JSON.stringify(r.userAgent)}, serverName=${JSON.stringify(serverName)}, serverVersion=${JSON.stringify(serverVersion)})`,
    );
  }
  const str = (v: unknown): string => (typeof v === "string" ? v : "");
  return {
    userAgent,
    serverName,
    serverVersion,
    codexHome: str(r.codexHome),
    platformFamily: str(r.platformFamily),
    platformOs: str(r.platformOs),
    raw: response as InitializeResponse,
  };
}

/** Options of {@link AppServerClient.initialize}. */
export interface HandshakeOptions {
  clientInfo?: ClientInfo | undefined;
  /** Sets `capabilities.experimentalApi`. Default `false`: the SDK uses the stable surface only. */
  experimentalApi?: boolean | undefined;
  /** Notification methods the server should not send on this connection. */
  optOutNotificationMethods?: string[] | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** A JSON-RPC connection to one app-server, with typed requests. */
export class AppServerClient {
  readonly connection: JsonRpcConnection;
  #metadata: CodexMetadata | undefined;

  constructor(transport: Transport, handlers: ConnectionHandlers) {
    this.connection = new JsonRpcConnection(transport, handlers);
  }

  /** The validated `initialize` result, once the handshake is done. */
  get metadata(): CodexMetadata | undefined {
    return this.#metadata;
  }

  /** Starts the transport and performs the handshake (`initialize`, then `initialized`). */
  async initialize(options: HandshakeOptions = {}): Promise<CodexMetadata> {
    await this.connection.start();
    const info = options.clientInfo ?? DEFAULT_CLIENT_INFO;
    const capabilities: InitializeCapabilities = {
      experimentalApi: options.experimentalApi ?? false,
      requestAttestation: false,
    };
    if (options.optOutNotificationMethods)
      capabilities.optOutNotificationMethods = options.optOutNotificationMethods;
    const response = await this.connection.request(
      "initialize",
      { clientInfo: { name: info.name, title: info.title ?? null, version: info.version }, capabilities },
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
    const metadata = parseMetadata(response);
    this.connection.notify("initialized");
    this.#metadata = metadata;
    return metadata;
  }

  /** Sends a request typed by the generated protocol (stable or experimental). */
  request<M extends RequestMethod>(
    method: M,
    ...args: ClientRequestArgs<M>
  ): Promise<ClientRequestResult<M>> {
    const [params, options] = args;
    return this.connection.request<ClientRequestResult<M>>(method, params, options);
  }

  /** Closes the connection and releases the transport. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
