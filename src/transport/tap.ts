/**
 * A transport wrapper that shows every message in and out to an observer (the protocol trace file,
 * OpenTelemetry spans). It is only put in place when something observes, so a connection without
 * observers pays nothing for it.
 *
 * @module
 */
import type { JsonRpcMessage, Transport } from "./transport.js";

/** Sees each message once, in wire order per direction. */
export interface MessageTap {
  /**
   * A message about to be sent. Returns the message to send instead (for example with the
   * request's `trace` added), or the same object.
   */
  outgoing(message: JsonRpcMessage): JsonRpcMessage;
  /** A message that arrived, before the connection handles it. */
  incoming(message: JsonRpcMessage): void;
  /** A line or frame that is not a JSON-RPC message. */
  malformed?(raw: string): void;
  /** The transport closed; the tap releases what it holds. */
  closed?(): void;
}

/** `transport`, with every message shown to `tap`. A throwing tap never breaks the connection. */
export function tapTransport(transport: Transport, tap: MessageTap): Transport {
  const wrapped: Transport = {
    ...(transport.description === undefined ? {} : { description: transport.description }),
    start: (handlers) =>
      transport.start({
        onMessage: (message) => {
          safely(() => tap.incoming(message));
          handlers.onMessage(message);
        },
        onMalformed: (raw, error) => {
          safely(() => tap.malformed?.(raw));
          handlers.onMalformed?.(raw, error);
        },
        onClose: (error) => {
          safely(() => tap.closed?.());
          handlers.onClose(error);
        },
      }),
    send: (message) => {
      let out = message;
      safely(() => {
        out = tap.outgoing(message);
      });
      return transport.send(out);
    },
    close: () => transport.close(),
  };
  if (transport.unref) wrapped.unref = () => transport.unref?.();
  if (transport.ref) wrapped.ref = () => transport.ref?.();
  return wrapped;
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // Observing is best effort: the conversation with the app-server matters more than its record.
  }
}
