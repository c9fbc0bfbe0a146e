/**
 * The output of one `command/exec` process: the `command/exec/outputDelta` chunks routed to it by
 * `processId`, decoded, kept in order for `wait()` and for any number of iterators (each starts
 * from the first chunk, so none is lost to a late consumer), and handed to `onOutput`.
 *
 * What is kept is bounded by the runtime's per-stream output cap (1 MiB unless `outputBytesCap`
 * says otherwise); `disableOutputCap` lifts that bound, so the caller then owns the memory.
 *
 * @module
 */
import type { CommandExecOutputDeltaNotification } from "../../generated/v2/CommandExecOutputDeltaNotification.js";
import type { CommandExecOutputStream } from "../../generated/v2/CommandExecOutputStream.js";
import { abortErrorFrom } from "../../errors.js";
import { onAbort } from "../../internal/abort-listener.js";

/** One chunk of a command's output. */
export interface CommandOutputChunk {
  /** `"stdout"` or `"stderr"` (a pty merges both into `"stdout"`). */
  readonly stream: CommandExecOutputStream;
  /** The bytes as the process wrote them. */
  readonly bytes: Uint8Array;
  /**
   * The bytes decoded as UTF-8, per stream: a character split between two chunks appears whole in
   * the later one.
   */
  readonly text: string;
  /** `true` on the last chunk of a stream the runtime's output cap cut short. */
  readonly capReached: boolean;
}

/** Where `command/exec/outputDelta` notifications go, by `processId`. */
export class ExecRouter {
  readonly #sinks = new Map<string, ExecOutput>();

  /** Routes `processId`'s chunks to `sink` until the returned function is called. */
  add(processId: string, sink: ExecOutput): () => void {
    this.#sinks.set(processId, sink);
    return () => {
      if (this.#sinks.get(processId) === sink) this.#sinks.delete(processId);
    };
  }

  /**
   * Delivers one notification's params; chunks of a process nobody started here, and params
   * without the protocol's shape, are ignored.
   */
  route(params: unknown): void {
    if (typeof params !== "object" || params === null) return;
    const delta = params as Partial<CommandExecOutputDeltaNotification>;
    if (typeof delta.processId !== "string" || typeof delta.deltaBase64 !== "string") return;
    this.#sinks.get(delta.processId)?.push(delta as CommandExecOutputDeltaNotification);
  }
}

/** The kept output of one process. */
export class ExecOutput {
  readonly #chunks: CommandOutputChunk[] = [];
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  readonly #wakers = new Set<() => void>();
  #ended = false;
  #error: unknown = undefined;
  #failed = false;

  /** @param onChunk called with each chunk as it arrives; a throw fails the process (see the handle). */
  constructor(private readonly onChunk: (chunk: CommandOutputChunk) => void) {}

  /** Decodes and keeps one notification's chunk. */
  push(params: CommandExecOutputDeltaNotification): void {
    if (this.#ended) return;
    const stream = params.stream === "stderr" ? "stderr" : "stdout";
    const bytes = new Uint8Array(Buffer.from(params.deltaBase64, "base64"));
    const text = this.#decoders[stream].decode(bytes, { stream: true });
    const chunk: CommandOutputChunk = { stream, bytes, text, capReached: params.capReached === true };
    this.#chunks.push(chunk);
    this.#wake();
    this.onChunk(chunk);
  }

  /** Everything `stream` produced, decoded (the decoder is flushed: a cut-off character becomes U+FFFD). */
  text(stream: CommandExecOutputStream): string {
    const parts = this.#chunks.filter((c) => c.stream === stream).map((c) => c.text);
    return parts.join("") + this.#decoders[stream].decode();
  }

  /** No more chunks: iterators end, or throw `error` when given. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (error !== undefined) {
      this.#failed = true;
      this.#error = error;
    }
    this.#wake();
  }

  /** Every chunk from the first, then the end (or the failure). */
  async *iterate(signal?: AbortSignal): AsyncGenerator<CommandOutputChunk, void, undefined> {
    let index = 0;
    for (;;) {
      if (signal?.aborted) throw abortErrorFrom(signal, "command output iteration");
      const chunk = this.#chunks[index];
      if (chunk !== undefined) {
        index++;
        yield chunk;
        continue;
      }
      if (this.#ended) {
        if (this.#failed) throw this.#error;
        return;
      }
      await this.#next(signal);
    }
  }

  #next(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      let off: (() => void) | undefined;
      const wake = (): void => {
        this.#wakers.delete(wake);
        off?.();
        resolve();
      };
      this.#wakers.add(wake);
      if (signal) off = onAbort(signal, wake);
    });
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}
