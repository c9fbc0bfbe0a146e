/**
 * `codex.exec()`: a command run by the app-server outside any thread (`command/exec`), as a
 * handle: streamed stdout/stderr, stdin writes, pty resize, the exit code, and termination.
 *
 * The runtime answers `command/exec` only when the process has exited, after its last
 * `command/exec/outputDelta`; so the handle exists as soon as the request is sent, and `wait()` is
 * that answer. Every process gets a client-chosen `processId` (unique per client), which is what
 * `command/exec/write|resize|terminate` name. The runtime ends a connection's processes when the
 * connection closes, so `codex.close()` leaves none behind either.
 *
 * @module
 */

import type { AppServerClient } from "../../client/client.js";
import type { CommandExecParams } from "../../generated/v2/CommandExecParams.js";
import type { CommandExecResponse } from "../../generated/v2/CommandExecResponse.js";
import type { CommandExecTerminalSize } from "../../generated/v2/CommandExecTerminalSize.js";
import { abortErrorFrom, CodexError, InvalidRequestError } from "../../errors.js";
import { onAbort } from "../../internal/abort-listener.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { describeValue, InvalidArgumentError } from "../validation.js";
import { ExecOutput, type CommandOutputChunk, type ExecRouter } from "./exec-output.js";
import { checkExec, terminalSize, type CommandExecOptions } from "./exec-params.js";
import type { RuntimeHost } from "./host.js";

/** Options of {@link CommandExecHandle.output}. */
export interface CommandOutputOptions {
  /** Ends the iteration (the pending `next()` rejects with an `AbortError`); the process runs on. */
  signal?: AbortSignal | undefined;
}

/**
 * A running `command/exec` process. Iterate it (or `output()`) for its output chunks, `write()`
 * and `end()` its stdin (with `streamStdin: true` or `tty: true`), `resize()` its pty, `wait()`
 * for its exit, and `terminate()` it (also by aborting the `signal` given to `exec()`, or with
 * `await using`).
 *
 * A non-zero exit is not an error: `wait()` resolves with `exitCode` (124 after the runtime's
 * timeout, 137 after termination). It rejects when the request fails (an `InvalidRequestError`
 * or `InvalidParamsError` from the runtime, a `TransportClosedError`), with an `AbortError` once
 * an aborted process has exited, or with the error an `onOutput` callback threw.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * await using proc = await codex.exec(["cat"], { streamStdin: true });
 * await proc.write("hello\n");
 * await proc.end();
 * for await (const chunk of proc) process.stdout.write(chunk.text);
 * console.log((await proc.wait()).exitCode); // 0
 * ```
 */
export class CommandExecHandle implements AsyncIterable<CommandOutputChunk>, AsyncDisposable {
  /** The connection-scoped id the SDK gave the process. */
  readonly processId: string;
  /** The argv that was run. */
  readonly command: readonly string[];
  readonly #client: AppServerClient;
  readonly #output: ExecOutput;
  readonly #exit: Promise<CommandExecResponse>;
  readonly #stdin: boolean;
  readonly #tty: boolean;
  #exited = false;
  #stdinClosed = false;
  #writes: Promise<unknown> = Promise.resolve();
  #failure: CodexError | undefined;
  #terminating: Promise<void> | undefined;

  /** @internal Created by `codex.exec()`. */
  constructor(
    client: AppServerClient,
    params: CommandExecParams & { processId: string },
    output: ExecOutput,
    response: Promise<CommandExecResponse>,
  ) {
    this.#client = client;
    this.processId = params.processId;
    this.command = Object.freeze([...params.command]);
    this.#output = output;
    this.#tty = params.tty === true;
    this.#stdin = this.#tty || params.streamStdin === true;
    this.#exit = response.then(
      (result) => this.#settle(result),
      (error: unknown) => this.#settle(undefined, error),
    );
    this.#exit.catch(() => undefined); // wait() is optional: the failure stays reachable through it
  }

  /** Whether the process has exited (or the request failed). */
  get exited(): boolean {
    return this.#exited;
  }

  /**
   * Resolves when the process has exited, with its exit code and its whole output (the streamed
   * chunks joined and decoded as UTF-8, or what the runtime buffered when streaming was off).
   */
  wait(): Promise<CommandExecResponse> {
    return this.#exit;
  }

  /** Every output chunk from the first one, ending when the process exits (see {@link wait} for failures). */
  output(options: CommandOutputOptions = {}): AsyncGenerator<CommandOutputChunk, void, undefined> {
    return this.#output.iterate(optionalAbortSignal("signal", options.signal));
  }

  /** Same as {@link output}. */
  [Symbol.asyncIterator](): AsyncGenerator<CommandOutputChunk, void, undefined> {
    return this.output();
  }

  /**
   * Writes to the process's stdin (`command/exec/write`); strings are sent as UTF-8. Writes are
   * sent in call order, each after the previous one was accepted.
   *
   * @throws CodexError when stdin was not opened (`streamStdin` / `tty`), is closed, or the process exited
   */
  write(data: string | Uint8Array): Promise<void> {
    return this.#sendStdin(data, false);
  }

  /** Closes stdin (after writing `data`, when given): a program reading to end of input then finishes. */
  end(data?: string | Uint8Array): Promise<void> {
    return this.#sendStdin(data, true);
  }

  /**
   * Resizes the pty (`command/exec/resize`).
   *
   * @throws CodexError when the process was not started with `tty: true`, or has exited
   */
  async resize(size: CommandExecTerminalSize): Promise<void> {
    const checked = terminalSize("size", size);
    if (!this.#tty) throw new CodexError("resize() needs a pty: start the command with tty: true");
    this.#checkRunning("resize()");
    await this.#client.request("command/exec/resize", { processId: this.processId, size: checked });
  }

  /**
   * Terminates the process (`command/exec/terminate`) and resolves once it has exited (`wait()`
   * then gives exit code 137). Does nothing after the exit. Idempotent.
   */
  terminate(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    this.#terminating ??= this.#terminateOnce();
    return this.#terminating;
  }

  /** Terminates the process if it still runs, and waits for its exit; never throws. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.terminate().catch(() => undefined);
    await this.#exit.catch(() => undefined);
  }

  /** @internal Fails the process for `reason`: it is terminated and `wait()` rejects with `reason`. */
  fail(reason: CodexError): void {
    if (this.#exited || this.#failure) return;
    this.#failure = reason;
    void this.terminate().catch(() => undefined);
  }

  async #terminateOnce(): Promise<void> {
    try {
      await this.#client.request("command/exec/terminate", { processId: this.processId });
    } catch (error) {
      // "no active command/exec": it exited meanwhile, and its answer is on its way.
      if (!(error instanceof InvalidRequestError) && !this.#exited) throw error;
    }
    await this.#exit.catch(() => undefined);
  }

  #settle(result: CommandExecResponse | undefined, error?: unknown): CommandExecResponse {
    this.#exited = true;
    const failure = this.#failure ?? error;
    this.#output.end(failure);
    if (failure !== undefined || result === undefined) throw failure;
    return {
      ...result,
      stdout: result.stdout + this.#output.text("stdout"),
      stderr: result.stderr + this.#output.text("stderr"),
    };
  }

  #checkRunning(what: string): void {
    if (this.#exited) throw new CodexError(`${what}: process ${this.processId} has exited`);
  }

  #sendStdin(data: string | Uint8Array | undefined, close: boolean): Promise<void> {
    try {
      const bytes = data === undefined ? undefined : stdinBytes(data);
      if (!this.#stdin)
        throw new CodexError("stdin is not open: start the command with streamStdin: true (or tty: true)");
      this.#checkRunning(close ? "end()" : "write()");
      if (this.#stdinClosed)
        throw new CodexError(`stdin of process ${this.processId} is closed (end() was called)`);
      if (close) this.#stdinClosed = true;
      const params = {
        processId: this.processId,
        ...(bytes === undefined ? {} : { deltaBase64: Buffer.from(bytes).toString("base64") }),
        ...(close ? { closeStdin: true } : {}),
      };
      const send = (): Promise<unknown> => this.#client.request("command/exec/write", params);
      const sent = this.#writes.then(send, send);
      this.#writes = sent.catch(() => undefined);
      return sent.then(() => undefined);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new CodexError(String(error)));
    }
  }
}

function stdinBytes(data: unknown): Uint8Array {
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  throw new InvalidArgumentError(`data must be a string or a Uint8Array; got ${describeValue(data)}`, {
    argument: "data",
  });
}

/** Starts `command` and returns its handle once the request is sent (see `Codex.exec`). */
export async function startCommandExec(
  host: RuntimeHost,
  router: ExecRouter,
  command: readonly string[],
  options: CommandExecOptions,
): Promise<CommandExecHandle> {
  const { params, signal, onOutput } = checkExec(command, options);
  if (signal?.aborted) throw abortErrorFrom(signal, "exec()");
  const client = await host.client();
  if (signal?.aborted) throw abortErrorFrom(signal, "exec()");
  // The global Web Crypto, not an import of node:crypto: that would load at every import of the SDK.
  const processId = `codex-app-sdk-exec-${globalThis.crypto.randomUUID()}`;
  // Chunks arrive only after the request is sent, so the handle exists by then.
  const created: { handle?: CommandExecHandle } = {};
  const output = new ExecOutput((chunk) => {
    try {
      onOutput?.(chunk);
    } catch (error) {
      created.handle?.fail(
        new CodexError(`onOutput threw, so the command was terminated: ${String(error)}`, { cause: error }),
      );
    }
  });
  const unroute = router.add(processId, output);
  const sent = { ...params, processId };
  const response = client.request("command/exec", sent);
  const handle = new CommandExecHandle(client, sent, output, response);
  created.handle = handle;
  void handle.wait().then(unroute, unroute);
  if (signal) {
    const off = onAbort(signal, () => handle.fail(abortErrorFrom(signal, "exec()")));
    void handle.wait().then(off, off);
  }
  return handle;
}
