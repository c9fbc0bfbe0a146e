/**
 * Unix-socket transport: WebSocket over a unix domain socket, as served by
 * `codex app-server --listen unix://PATH` and by the local daemon's control socket
 * (`codex app-server daemon start`). The socket speaks WebSocket (an HTTP upgrade), not raw JSON lines.
 *
 * @module
 */
import { lstatSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { TransportClosedError } from "../errors.js";
import { inspect } from "../internal/inspect.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";
import { EngineSlot } from "./ws-engine-slot.js";
import { resolveCommonOptions, type WebSocketCommonOptions } from "./ws-options.js";

/** Options of {@link UnixSocketTransport}. */
export interface UnixSocketTransportOptions extends WebSocketCommonOptions {
  /** Path of the socket. Default: the daemon's control socket, see {@link defaultControlSocketPath}. */
  path?: string | undefined;
  /** CODEX_HOME used to find the default socket. Default: the `CODEX_HOME` environment variable, then `~/.codex`. */
  codexHome?: string | undefined;
}

/**
 * The app-server daemon's control socket: `$CODEX_HOME/app-server-control/app-server-control.sock`
 * (CODEX_HOME defaults to `~/.codex`). `codex app-server daemon version` prints the same path as
 * `socketPath`.
 *
 * @param codexHome CODEX_HOME to use; default: `env.CODEX_HOME`, then `~/.codex`
 * @param env the environment to read `CODEX_HOME` from (default `process.env`)
 *
 * @example
 * ```ts
 * defaultControlSocketPath("/home/me/.codex"); // "/home/me/.codex/app-server-control/app-server-control.sock"
 * ```
 */
export function defaultControlSocketPath(
  codexHome?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const home = codexHome ?? (env.CODEX_HOME || join(process.getBuiltinModule("node:os").homedir(), ".codex"));
  return join(resolve(home), "app-server-control", "app-server-control.sock");
}

/**
 * Why the socket at `path` cannot be trusted, or `undefined`: it and its directory must belong to
 * this user (or root), and the directory must not let others replace the socket (not writable by
 * group or others, unless sticky like /tmp). Otherwise another local user could be listening
 * there, and would get this client's prompts, files and approvals. A missing path is left to
 * `connect()`, which explains it.
 */
function ownershipProblem(path: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const ours = (owner: number): boolean => owner === uid || owner === 0;
  let socket;
  let dir;
  try {
    socket = lstatSync(path);
    dir = statSync(dirname(path));
  } catch {
    return undefined;
  }
  let problem: string | undefined;
  if (!ours(socket.uid)) problem = `${path} belongs to another user (uid ${socket.uid})`;
  else if (!ours(dir.uid))
    problem = `its directory ${dirname(path)} belongs to another user (uid ${dir.uid})`;
  else if ((dir.mode & 0o022) !== 0 && (dir.mode & 0o1000) === 0) {
    problem = `its directory ${dirname(path)} is writable by other users (mode ${(dir.mode & 0o777).toString(8)}), who could replace the socket`;
  }
  return problem;
}

function describeSocketError(path: string, error: NodeJS.ErrnoException): string | undefined {
  switch (error.code) {
    case "ENOENT":
      return (
        `no app-server socket at ${path}. Start the local daemon with \`codex app-server daemon start\` ` +
        `(its socket is $CODEX_HOME/app-server-control/app-server-control.sock), or run ` +
        `\`codex app-server --listen unix://${path}\`, or pass the path of a running server's socket`
      );
    case "ECONNREFUSED":
      return `nothing is listening on ${path} (a stale socket left by an app-server that exited?). Restart it, e.g. with \`codex app-server daemon start\``;
    case "EACCES":
    case "EPERM":
      return `permission denied opening ${path} (the socket belongs to another user?)`;
    case "ENOTSOCK":
      return `${path} is not a socket`;
    default:
      return undefined;
  }
}

/**
 * A transport to an app-server on a unix domain socket: the local daemon's control socket by
 * default, or any `codex app-server --listen unix://PATH`. Same JSON-RPC as the other transports,
 * one message per WebSocket text frame.
 *
 * A missing socket makes `start()` reject with a `TransportClosedError` that names the path and
 * suggests `codex app-server daemon start`. On POSIX the socket and its directory must belong to
 * this user (or root) and the directory must not be writable by others (unless sticky, like
 * `/tmp`): otherwise `start()` rejects without connecting, since another user could be listening. Losing the server is reported through `onClose` as soon
 * as the socket closes.
 *
 * @example
 * ```ts
 * // After `codex app-server daemon start`:
 * const codex = new Codex({ transport: { type: "unix" } }); // the daemon's control socket
 * await codex.start();
 * ```
 */
export class UnixSocketTransport implements Transport {
  readonly #engine: EngineSlot;
  /** The socket path. */
  readonly path: string;
  /** `unix:<path>`. */
  readonly description: string;

  /** @throws CodexError when an option is invalid (nothing is opened). */
  constructor(options: UnixSocketTransportOptions = {}) {
    const path = resolve(options.path ?? defaultControlSocketPath(options.codexHome));
    const common = resolveCommonOptions(options);
    this.path = path;
    this.description = `unix:${path}`;
    this.#engine = new EngineSlot({
      ...common,
      // The host and path are placeholders: the app-server accepts any upgrade path.
      url: "ws://localhost/",
      description: this.description,
      createConnection: () => process.getBuiltinModule("node:net").connect({ path }),
      describeConnectError: (error) => describeSocketError(path, error),
    });
  }

  /** `"new"`, `"connecting"`, `"open"` or `"closed"`. */
  get state(): "new" | "connecting" | "open" | "closed" {
    return this.#engine.state;
  }

  /** Connects to the socket and completes the WebSocket handshake. */
  start(handlers: TransportHandlers): Promise<void> {
    const problem = this.#engine.state === "new" ? ownershipProblem(this.path) : undefined;
    if (problem !== undefined) {
      const error = new TransportClosedError(
        `could not connect to ${this.description}: refusing to connect: ${problem}`,
      );
      handlers.onClose(error);
      return Promise.reject(error);
    }
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

  /** Shows the path and state only: the token stays private. */
  [inspect.custom](): string {
    return `UnixSocketTransport { path: '${this.path}', state: '${this.state}' }`;
  }
}
