/**
 * The default transport: spawns the native `codex app-server --listen stdio://` and speaks
 * newline-delimited JSON over its stdin/stdout.
 *
 * Child lifetime: the child runs in its own process group (so a terminal's Ctrl-C does not reach
 * it) but keeps its stdin pipe to this process, so when this Node process dies for any reason its end
 * of the stdin pipe closes and the app-server exits on EOF (it does so in ~20-60 ms, also mid-turn);
 * a normal `process.exit()` additionally sends SIGTERM from an `exit` hook. `close()` ends stdin,
 * waits a grace period, then SIGTERM, then SIGKILL, and resolves only once the child is gone.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { CodexError, TransportClosedError } from "../errors.js";
import { settledWithin } from "../internal/settle.js";
import { resolveCodexBinary } from "./binary.js";
import { appServerEnvironment, commandEnvironmentConfig } from "./environment.js";
import { directoryProblem } from "./directory.js";
import { encodeMessage, LineFramer } from "./framer.js";
import { StderrTail } from "./stderr-tail.js";
import {
  checkCwd,
  checkStdioOptions,
  mergeEnv,
  stdioArgs,
  type StdioLimits,
  type StdioTransportOptions,
} from "./stdio-options.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "./transport.js";

type Child = ChildProcessByStdio<Writable, Readable, Readable>;
/** A child process or one of its pipes (`net.Socket`), typed as plain streams by Node's types. */
type Refable = { ref?: () => void; unref?: () => void };

const liveChildren = new Set<Child>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of liveChildren) child.kill("SIGTERM");
  });
}

/**
 * How long to wait, once the process has exited (or closed its stdout), for the rest of its stdio
 * to end. A grandchild that inherited a pipe can hold it open forever; past this delay the closure
 * is reported anyway and the pipes are let go.
 */
const STDIO_DRAIN_MS = 250;

/** Spawns and talks to a local app-server over stdio. */
export class StdioTransport implements Transport {
  readonly #options: StdioTransportOptions;
  readonly #limits: StdioLimits;
  readonly #stderr = new StderrTail();
  #child: Child | undefined;
  #handlers: TransportHandlers | undefined;
  #started = false;
  #closed = false;
  #closeError: TransportClosedError | undefined;
  /** Settles once the process has exited (or never started). */
  #exited: Promise<void> | undefined;
  /** Settles once the process has exited and all of its stdio streams have ended. */
  #stdioClosed: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  /** Settles when a full stdin pipe drains; shared by every write that waits, so one listener each. */
  #drained: Promise<void> | undefined;
  description = "stdio";

  constructor(options: StdioTransportOptions = {}) {
    this.#limits = checkStdioOptions(options);
    this.#options = options;
  }

  /** Process id of the app-server, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last lines of the app-server's stderr. */
  get stderrTail(): string {
    return this.#stderr.tail();
  }

  start(handlers: TransportHandlers): Promise<void> {
    if (this.#closed && !this.#started) {
      return Promise.reject(
        this.#closeError ?? new TransportClosedError("codex app-server transport was closed"),
      );
    }
    if (this.#started) return Promise.reject(new CodexError("StdioTransport.start() called twice"));
    this.#started = true;
    this.#handlers = handlers;
    let spawned: { child: Child; binPath: string };
    try {
      spawned = this.#spawn();
    } catch (error) {
      // Nothing was started. Later sends fail with the same explanation (e.g. "binary not found").
      const message = error instanceof Error ? error.message : String(error);
      this.#fail(
        error instanceof TransportClosedError
          ? error
          : new TransportClosedError(message, {}, { cause: error }),
      );
      return Promise.reject(error instanceof Error ? error : new CodexError(message));
    }
    const { child, binPath } = spawned;
    this.#child = child;
    liveChildren.add(child);
    installExitHook();
    this.#exited = new Promise<void>((res) => {
      child.once("exit", () => res());
      child.once("close", () => res());
    });
    this.#stdioClosed = new Promise<void>((res) => child.once("close", () => res()));
    return new Promise<void>((resolve, reject) => {
      const framer = this.#readOutput(child, handlers);
      this.#watchExit(child, framer, binPath, reject);
      child.once("spawn", () => resolve());
    });
  }

  /** Resolves the binary, builds its environment and `--config` flags, and spawns it. */
  #spawn(): { child: Child; binPath: string } {
    const options = this.#options;
    checkCwd(options.cwd);
    const bin = resolveCodexBinary(options.codexPath, mergeEnv(process.env, options.env));
    const env = appServerEnvironment(process.env, options);
    const config = { ...commandEnvironmentConfig(options, options.config, env), ...options.config };
    this.description = `stdio:${bin.path}`;
    const child = spawn(bin.path, stdioArgs({ ...options, config }), {
      cwd: options.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
      // Its own process group: a terminal's Ctrl-C (SIGINT to the foreground group) must not kill
      // the app-server under a program that handles SIGINT to interrupt turns and close cleanly.
      // It still ends with this process: stdin EOF, the exit hook, or close().
      detached: process.platform !== "win32",
    });
    return { child, binPath: bin.path };
  }

  /** Frames stdout into messages for `handlers` and keeps the stderr tail. */
  #readOutput(child: Child, handlers: TransportHandlers): LineFramer {
    const framer = new LineFramer({
      onMessage: (m) => handlers.onMessage(m),
      onMalformed: (raw, error) => handlers.onMalformed?.(raw, error),
    });
    const onStderr = this.#options.onStderr;
    child.stderr.on("data", (chunk: Buffer) => this.#stderr.push(chunk, onStderr));
    child.stdout.on("data", (chunk: Buffer) => framer.push(chunk));
    child.stdin.on("error", () => {
      // EPIPE when the child is gone: the exit path reports the closure.
    });
    return framer;
  }

  /**
   * Reports the end of the process once: on 'close' (exited, and every stdout message and stderr
   * line read), but never waiting long for it after the exit or the end of stdout; and a spawn
   * failure as the rejection of `start()`.
   */
  #watchExit(child: Child, framer: LineFramer, binPath: string, reject: (error: Error) => void): void {
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let reported = false;
    let drainTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (reported) return;
      reported = true;
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      framer.end();
      this.#fail(exitError(exitInfo, this.#stderr.tail()));
    };
    const finishSoon = (): void => {
      if (reported || drainTimer !== undefined) return;
      drainTimer = setTimeout(() => {
        finish();
        if (exitInfo) releaseStdio(child);
      }, STDIO_DRAIN_MS);
      drainTimer.unref();
    };
    child.stdout.once("end", finishSoon);
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      liveChildren.delete(child);
      finishSoon();
    });
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      exitInfo ??= { code, signal };
      liveChildren.delete(child);
      finish();
    });
    child.on("error", (error) => {
      // With a pid the process runs: this is a failed kill(), and the exit path reports the closure.
      if (child.pid !== undefined || reported) return;
      liveChildren.delete(child);
      const err = new TransportClosedError(
        `failed to start codex app-server (${binPath}): ${spawnFailure(error, this.#options.cwd)}`,
        { stderrTail: this.#stderr.tail() },
        { cause: error },
      );
      reported = true;
      this.#fail(err);
      reject(err);
    });
  }

  send(message: JsonRpcMessage): void | Promise<void> {
    const child = this.#child;
    if (this.#closed || !child) {
      throw this.#closeError ?? new TransportClosedError("codex app-server transport is not running");
    }
    const stdin = child.stdin;
    if (stdin.destroyed || stdin.writableEnded) {
      throw new TransportClosedError("codex app-server stdin is closed", { stderrTail: this.#stderr.tail() });
    }
    const waiting = stdin.writableLength;
    const limit = this.#limits.maxWriteBufferBytes;
    if (waiting > 0 && waiting >= limit) {
      const what = typeof message.method === "string" ? message.method : "a message";
      throw new CodexError(
        `cannot send ${what}: the codex app-server is not reading its input (${waiting} bytes already wait to be written, limit ${limit}); not buffering more`,
      );
    }
    const ok = stdin.write(encodeMessage(message) + "\n");
    if (ok) return;
    // The pipe is full (the server is not reading): the caller may wait for it to drain.
    return this.#whenDrained(stdin);
  }

  #whenDrained(stdin: Writable): Promise<void> {
    this.#drained ??= new Promise<void>((resolve, reject) => {
      const done = (): void => {
        stdin.off("drain", onDrain);
        stdin.off("close", onClose);
        this.#drained = undefined;
      };
      const onDrain = (): void => {
        done();
        resolve();
      };
      const onClose = (): void => {
        done();
        // The process is usually exiting: wait (briefly) for the closure to be reported, so that the
        // blocked writes fail with the same explanation as everything else (exit code, stderr).
        void settledWithin(this.#stdioClosed ?? Promise.resolve(), STDIO_DRAIN_MS).then(() =>
          reject(
            this.#closeError ??
              new TransportClosedError("codex app-server closed its stdin", {
                stderrTail: this.#stderr.tail(),
              }),
          ),
        );
      };
      stdin.on("drain", onDrain);
      stdin.on("close", onClose);
    });
    return this.#drained;
  }

  /**
   * Lets this Node process exit although the app-server runs (called while the client is idle).
   * The app-server then ends with this process: its stdin closes and it exits on EOF.
   */
  unref(): void {
    this.#setRef(false);
  }

  /** Keeps this Node process alive while the app-server runs (the default after `start()`). */
  ref(): void {
    this.#setRef(true);
  }

  #setRef(on: boolean): void {
    const child = this.#child;
    if (!child) return;
    // The child handle and each pipe (a net.Socket) hold the event loop independently.
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as Refable[]) {
      if (on) handle.ref?.();
      else handle.unref?.();
    }
  }

  close(): Promise<void> {
    // #fail starts the shutdown of a live child; otherwise there is nothing left to wait for.
    if (!this.#closed)
      this.#fail(new TransportClosedError("codex app-server transport was closed by the client"));
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const child = this.#child;
    if (!child || !this.#exited || !this.#stdioClosed) return;
    if (child.exitCode === null && child.signalCode === null) {
      const grace = this.#limits.closeGraceMs;
      child.stdin.end();
      if (!(await settledWithin(this.#exited, grace))) {
        child.kill("SIGTERM");
        if (!(await settledWithin(this.#exited, grace))) child.kill("SIGKILL");
      }
    }
    await this.#exited;
    liveChildren.delete(child);
    if (!(await settledWithin(this.#stdioClosed, STDIO_DRAIN_MS))) releaseStdio(child);
  }

  #fail(error: TransportClosedError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    const child = this.#child;
    // A child that can no longer be talked to is of no use: make sure it goes away.
    if (child && child.exitCode === null && child.signalCode === null) this.#closing ??= this.#shutdown();
    this.#handlers?.onClose(error);
  }
}

/**
 * Refuses a `cwd` that is not an existing directory before spawning: `spawn()` would report it as
 * `spawn <binary> ENOENT`, blaming the binary.
 */
/** The error that reports the end of the process: its exit code or signal, or a closed stdout. */
function exitError(
  info: { code: number | null; signal: NodeJS.Signals | null } | undefined,
  stderrTail: string,
): TransportClosedError {
  const what = info
    ? info.signal
      ? `was killed by ${info.signal}`
      : `exited with code ${String(info.code)}`
    : "closed its stdout";
  return new TransportClosedError(`codex app-server ${what}`, {
    exitCode: info?.code ?? null,
    signal: info?.signal ?? null,
    stderrTail,
  });
}

function spawnFailure(error: Error, cwd: string | undefined): string {
  const problem =
    (error as NodeJS.ErrnoException).code === "ENOENT" && cwd !== undefined
      ? directoryProblem(cwd)
      : undefined;
  return problem === undefined
    ? error.message
    : `the working directory (cwd) ${JSON.stringify(cwd)} ${problem}`;
}

/** Lets go of the child's pipes (a grandchild may hold them open), so they keep nothing alive. */
function releaseStdio(child: Child): void {
  child.stdin.destroy();
  child.stdout.destroy();
  child.stderr.destroy();
}
