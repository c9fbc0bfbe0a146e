/**
 * How a connection to the app-server ends: closed (with exit details and the stderr tail) or
 * refused for its credentials.
 *
 * @module
 */
import { CodexError, type CodexErrorOptions } from "./base.js";

/** Details of how a transport ended. */
export interface TransportCloseInfo {
  /** Process exit code, when the transport was a child process that exited. */
  exitCode?: number | null;
  /** Signal that ended the child process, if any. */
  signal?: NodeJS.Signals | null;
  /** The last lines the app-server wrote to stderr (bounded). */
  stderrTail?: string;
}

const summaries = new WeakMap<TransportClosedError, string>();

/**
 * The message a {@link TransportClosedError} was built with, without the stderr tail its `message`
 * appends: for wrapping one closure error in another without printing the tail twice.
 * @internal
 */
export function closeSummary(error: TransportClosedError): string {
  return summaries.get(error) ?? error.message;
}

/**
 * The connection to the app-server is gone (the process exited or crashed, the socket dropped, or
 * `close()` was called). Every pending request and active turn rejects with it, and so does every
 * later call on the same connection.
 */
export class TransportClosedError extends CodexError {
  override name = "TransportClosedError";
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  constructor(message: string, info: TransportCloseInfo = {}, options?: CodexErrorOptions) {
    const tail = info.stderrTail?.trim();
    super(tail ? `${message}\n--- app-server stderr (last lines) ---\n${tail}` : message, options);
    summaries.set(this, message);
    this.exitCode = info.exitCode ?? null;
    this.signal = info.signal ?? null;
    this.stderrTail = info.stderrTail ?? "";
  }
}

/** A WebSocket app-server refused the credentials (HTTP 401), with the server's reason. */
export class AuthenticationError extends CodexError {
  override name = "AuthenticationError";
  /** HTTP status of the refused upgrade (401, or 403 for a refused Origin). */
  readonly status: number;
  /**
   * The server's reason, verbatim (e.g. `invalid websocket bearer token`, `expired websocket jwt`);
   * `""` when it gave none.
   */
  readonly reason: string;
  constructor(message: string, status: number, options?: CodexErrorOptions & { reason?: string }) {
    super(message, options);
    this.status = status;
    this.reason = options?.reason ?? "";
  }
}
