/**
 * WebSocket over a child process's stdin/stdout, for `codex app-server proxy`: that command relays
 * raw bytes between its stdio and an app-server's unix socket, and the socket speaks WebSocket, so
 * the client must speak WebSocket through the pipe. The intended use is over SSH:
 * `ssh host codex app-server proxy`.
 *
 * @module
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { Duplex, type Readable, type Writable } from "node:stream";
import { CodexError, TransportClosedError } from "../errors.js";
import { inspect } from "../internal/inspect.js";
import { StderrTail } from "./stderr-tail.js";
import { appServerEnvironment } from "./environment.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";
import { settledWithin } from "../internal/settle.js";
import { EngineSlot } from "./ws-engine-slot.js";
import { duration } from "../internal/limits.js";
import { resolveCommonOptions, type WebSocketCommonOptions } from "./ws-options.js";

/** Options of {@link ProxyCommandTransport}. */
export interface ProxyCommandTransportOptions extends WebSocketCommonOptions {
  /** The program to run, e.g. `"ssh"`, or the codex binary for a local socket. */
  command: string;
  /**
   * Its arguments, e.g. `["-o", "BatchMode=yes", "devbox", "codex", "app-server", "proxy"]`
   * (`proxy` relays to the daemon's control socket unless `--sock PATH` is given).
   */
  args?: readonly string[] | undefined;
  /**
   * Variables set for the command, over the ones it inherits; `undefined` removes one. The command
   * inherits only what it needs to run (HOME, PATH, USER, LANG and LC_*, proxies, the ssh agent's
   * socket…) and what `inheritEnv` names, not this process's secrets.
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Variables of this process the command also inherits (names, or prefixes ending in `*`); `"all"` for every one. */
  inheritEnv?: readonly string[] | "all" | undefined;
  /** Working directory of the command. */
  cwd?: string | undefined;
  /** Receives every line the command writes to stderr (ssh's own errors arrive here). */
  onStderr?: ((line: string) => void) | undefined;
  /** How long `close()` waits for the command to exit after closing its stdin, then after SIGTERM. Default 2000 ms. */
  closeGraceMs?: number | undefined;
}

/** What ssh needs besides the basics: its agent, and a display for askpass programs. */
const SSH_ENV = ["SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_ASKPASS", "DISPLAY"] as const;

/** The proxy notices a dead server only when it next writes to it: ping often (a ping is 6 bytes). */
const PROXY_HEARTBEAT_INTERVAL_MS = 1_000;
/** How long a close report waits for the command's exit status, to include it. */
const EXIT_STATUS_WAIT_MS = 250;

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * A transport that runs a command (typically `ssh host codex app-server proxy`) and speaks
 * WebSocket over its stdin/stdout. Errors carry the command's exit code and the tail of its stderr,
 * so an SSH failure (`Permission denied`, `codex: command not found`) is visible. A keep-alive ping
 * every second lets a dead server be noticed: `codex app-server proxy` exits only when a write to
 * the server's socket fails.
 *
 * @example
 * ```ts
 * const transport = new ProxyCommandTransport({
 *   command: "ssh",
 *   args: ["-o", "BatchMode=yes", "devbox", "codex", "app-server", "proxy"],
 * });
 * const codex = new Codex({ transport });
 * ```
 */
export class ProxyCommandTransport implements Transport {
  readonly #o: ProxyCommandTransportOptions;
  readonly #engine: EngineSlot;
  readonly #stderr = new StderrTail();
  readonly #graceMs: number;
  #child: Child | undefined;
  #stream: Duplex | undefined;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #exited: Promise<void> = Promise.resolve();
  #started = false;
  #closedByClient = false;
  #closeReport: Promise<TransportClosedError> | undefined;
  #childReleased: Promise<void> | undefined;
  /** `proxy:<command> <args>`. */
  readonly description: string;

  /** @throws CodexError when an option is invalid (nothing is started). */
  constructor(options: ProxyCommandTransportOptions) {
    if (typeof options.command !== "string" || options.command === "") {
      throw new CodexError("ProxyCommandTransport needs a command");
    }
    this.#o = options;
    const common = resolveCommonOptions(options, { heartbeatIntervalMs: PROXY_HEARTBEAT_INTERVAL_MS });
    this.description = `proxy:${[options.command, ...(options.args ?? [])].join(" ")}`;
    this.#graceMs = duration("closeGraceMs", options.closeGraceMs, 2_000, { allowZero: false });
    this.#engine = new EngineSlot({
      ...common,
      url: "ws://localhost/",
      description: this.description,
      createConnection: () => this.#openStream(),
    });
  }

  /** Process id of the command, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last lines the command wrote to stderr. */
  get stderrTail(): string {
    return this.#stderr.tail();
  }

  /** Starts the command, then completes the WebSocket handshake through its stdio. */
  async start(handlers: TransportHandlers): Promise<void> {
    if (this.#started || this.#engine.state !== "new") {
      throw this.#engine.closeError ?? new CodexError(`${this.description}: start() may only be called once`);
    }
    this.#started = true;
    try {
      await this.#spawn();
    } catch (e) {
      const error =
        e instanceof TransportClosedError ? e : new TransportClosedError(String(e), {}, { cause: e });
      this.#closeReport = Promise.resolve(error);
      handlers.onClose(error);
      throw error;
    }
    const wrapped: TransportHandlers = {
      onMessage: (m) => handlers.onMessage(m),
      onMalformed: (raw, error) => handlers.onMalformed?.(raw, error),
      onClose: (error) => {
        void this.#report(error).then((e) => handlers.onClose(e));
        void this.#releaseChild();
      },
    };
    try {
      await this.#engine.start(wrapped);
    } catch (e) {
      void this.#releaseChild();
      if (e instanceof TransportClosedError) throw await this.#report(e);
      throw e;
    }
  }

  /** Sends one message as one text frame; returns a promise when the pipe's buffer is full. */
  send(message: JsonRpcMessage): void | Promise<void> {
    return this.#engine.send(message);
  }

  /** Closes the connection and ends the command (stdin EOF, then SIGTERM, then SIGKILL). */
  async close(): Promise<void> {
    if (!this.#closeReport) this.#closedByClient = true;
    const closing = this.#engine.close(); // writes the close frame synchronously
    // The proxy keeps running after the server drops the connection, until its stdin ends.
    const stream = this.#stream;
    if (stream && !stream.destroyed && !stream.writableEnded) stream.end();
    await closing;
    await this.#releaseChild();
  }

  /** Shows the command and state only: the token stays private. */
  [inspect.custom](): string {
    return `ProxyCommandTransport { command: '${this.description.slice("proxy:".length)}', state: '${this.#engine.state}' }`;
  }

  #spawn(): Promise<void> {
    const o = this.#o;
    const child = spawn(o.command, [...(o.args ?? [])], {
      cwd: o.cwd,
      env: appServerEnvironment(process.env, { env: o.env, inheritEnv: o.inheritEnv }, SSH_ENV),
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    this.#child = child;
    child.stderr.on("data", (chunk: Buffer) => this.#stderr.push(chunk, o.onStderr));
    // EPIPE and the like: the engine sees the stream end and reports the closure.
    child.stdin.on("error", () => undefined);
    child.stdout.on("error", () => undefined);
    this.#exited = new Promise<void>((res) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        res();
      });
    });
    return new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      // `on`, not `once`: a later error (a failed kill) must not become an uncaught exception.
      child.on("error", (error) => {
        if (!this.#exit) this.#exit = { code: null, signal: null };
        reject(
          new TransportClosedError(
            `could not start the proxy command ${JSON.stringify(o.command)}: ${error.message}`,
            {},
            { cause: error },
          ),
        );
      });
    });
  }

  #openStream(): Duplex {
    const child = this.#child;
    if (!child) throw new CodexError(`${this.description}: the command is not running`);
    const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
    stream.on("error", () => undefined); // `ws` gets it too and reports the loss
    // When the command's stdout ends, `ws` ends its side and waits for the stream's `close`, which
    // a Duplex over an already-closed stdin may never emit: close it once the data is consumed.
    stream.once("end", () => setImmediate(() => stream.destroy()));
    // A command whose stdout is kept open by a grandchild (an ssh ControlMaster): its exit is the end.
    void this.#exited.then(() => setTimeout(() => stream.destroy(), EXIT_STATUS_WAIT_MS).unref());
    this.#stream = stream;
    return stream;
  }

  /** The close error, with the command's exit status and stderr when it was not a client close. */
  #report(error: TransportClosedError): Promise<TransportClosedError> {
    this.#closeReport ??= (async () => {
      if (this.#closedByClient) return error;
      if (!this.#exit) await settledWithin(this.#exited, EXIT_STATUS_WAIT_MS);
      const exit = this.#exit;
      const how = !exit
        ? ""
        : exit.signal
          ? `; the proxy command was killed by ${exit.signal}`
          : `; the proxy command exited with code ${String(exit.code)}`;
      return new TransportClosedError(
        `${error.message}${how}`,
        { exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stderrTail: this.#stderr.tail() },
        { cause: error },
      );
    })();
    return this.#closeReport;
  }

  #releaseChild(): Promise<void> {
    this.#childReleased ??= (async () => {
      const child = this.#child;
      if (!child || this.#exit) return;
      child.stdin.end();
      if (await settledWithin(this.#exited, this.#graceMs)) return;
      child.kill("SIGTERM");
      if (await settledWithin(this.#exited, this.#graceMs)) return;
      child.kill("SIGKILL");
      await settledWithin(this.#exited, this.#graceMs);
    })();
    return this.#childReleased;
  }
}
