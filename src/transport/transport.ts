/**
 * The transport interface: moves JSON-RPC messages (already parsed JSON values) to and from an
 * app-server. It knows nothing about methods, ids or turns.
 *
 * Implement it to reach an app-server the SDK has no built-in transport for (for example WebSocket
 * over `ssh host codex app-server proxy`) and pass the object as `new Codex({ transport })`.
 *
 * @module
 */
import type { TransportClosedError } from "../errors.js";

/**
 * Default cap on bytes waiting to be written to a peer that does not read: past it, new messages
 * are refused with a `CodexError` instead of being buffered without bound.
 */
export const DEFAULT_MAX_WRITE_BUFFER_BYTES = 64 * 1024 * 1024;

/** A JSON-RPC message as it travels on the wire: a plain JSON object. */
export type JsonRpcMessage = Record<string, unknown>;

/** What a transport reports to its single consumer (the JSON-RPC connection). */
export interface TransportHandlers {
  /** One message arrived. Called synchronously, in arrival order. */
  onMessage(message: JsonRpcMessage): void;
  /**
   * The server sent something that is not a JSON-RPC message (a malformed line or frame). The
   * connection stays open; `raw` is truncated.
   */
  onMalformed?(raw: string, error: Error): void;
  /** The transport is gone for good. Called once, with the reason. */
  onClose(error: TransportClosedError): void;
}

/**
 * A bidirectional message channel to one app-server.
 *
 * Contract:
 * - `start()` is called once before any `send()`; it resolves when messages can flow and rejects
 *   (after releasing everything it opened) when they cannot.
 * - `send()` writes one message; it throws a `TransportClosedError` once the transport is closed.
 *   It may return a promise that resolves when the message has been handed to the OS, which lets
 *   the caller apply backpressure.
 * - `close()` is idempotent and resolves when every resource (process, socket) is released.
 * - `onClose` is called exactly once, whether the peer went away or `close()` was called.
 */
export interface Transport {
  start(handlers: TransportHandlers): Promise<void>;
  send(message: JsonRpcMessage): void | Promise<void>;
  close(): Promise<void>;
  /**
   * Lets the Node process exit while nothing is pending: the connection calls it when its last
   * request was answered and nothing else is held open, so a script that forgets `close()` still
   * ends. Optional: a transport without it keeps the process alive as long as it is open.
   */
  unref?(): void;
  /** Keeps the Node process alive again (work started); undoes {@link Transport.unref}. */
  ref?(): void;
  /** A short description for error messages, e.g. `stdio:/path/to/codex` or `ws://127.0.0.1:4500`. */
  readonly description?: string;
}
