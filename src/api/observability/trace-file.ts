/**
 * The protocol trace file: every JSON-RPC message in and out, one JSON object a line, with its
 * time and direction, secrets redacted. Written through a buffered append stream, so recording
 * costs the caller one JSON encoding per message and no synchronous disk write.
 *
 * @module
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import type { JsonRpcMessage } from "../../transport/transport.js";
import type { MessageRedactor } from "./redact-message.js";

/**
 * One line of a protocol trace file.
 *
 * @example
 * ```json
 * {"ts":1764900000123.4,"dir":"out","msg":{"id":3,"method":"turn/start","params":{"threadId":"…"}}}
 * ```
 */
export interface TraceRecord {
  /** Unix time in ms (fractional) when the SDK sent or received the message. */
  ts: number;
  /**
   * `out` (client to app-server), `in` (app-server to client), `malformed` (a line that is not a
   * JSON-RPC message; `msg` is the raw text), or `meta` (a connection started: `msg.transport`).
   */
  dir: "out" | "in" | "malformed" | "meta";
  msg: unknown;
}

/** Appends trace records to one file. */
export class TraceFile {
  readonly #path: string;
  readonly #redactor: MessageRedactor;
  readonly #onError: (error: Error) => void;
  #stream: WriteStream | undefined;
  #failed = false;

  constructor(path: string, redactor: MessageRedactor, onError: (error: Error) => void) {
    this.#path = path;
    this.#redactor = redactor;
    this.#onError = onError;
  }

  /** The file written to. */
  get path(): string {
    return this.#path;
  }

  record(dir: TraceRecord["dir"], msg: JsonRpcMessage | string | Record<string, unknown>): void {
    if (this.#failed) return;
    const line: TraceRecord = {
      ts: Math.round((performance.timeOrigin + performance.now()) * 10) / 10,
      dir,
      msg: this.#redactor.redact(msg),
    };
    this.#open().write(`${JSON.stringify(line)}\n`);
  }

  /** Flushes and closes the file. Idempotent. */
  close(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    if (!stream || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }

  #open(): WriteStream {
    if (this.#stream) return this.#stream;
    const stream = createWriteStream(this.#path, { flags: "a", mode: 0o600 });
    stream.on("error", (error) => {
      if (this.#failed) return;
      this.#failed = true;
      this.#stream = undefined;
      this.#onError(error);
    });
    this.#stream = stream;
    return stream;
  }
}
