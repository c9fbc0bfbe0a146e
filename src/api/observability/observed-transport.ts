/**
 * The observing half of {@link Observability}, deferred (loaded only when a trace file or spans
 * are on): a transport wrapped in one tap that writes the trace file and drives the spans.
 *
 * @module
 */
import { tapTransport, type MessageTap } from "../../transport/tap.js";
import type { JsonRpcMessage, Transport } from "../../transport/transport.js";
import type { Otel } from "./otel.js";
import { SpanTap } from "./otel-spans.js";
import { MessageRedactor } from "./redact-message.js";
import { TraceFile } from "./trace-file.js";

/** Where a trace file goes and what it must never contain. */
export interface TraceFileSettings {
  readonly path: string;
  /** Secrets known up front (a remote transport's bearer token), redacted wherever they appear. */
  readonly secrets: readonly (string | undefined)[];
  /** Reports that the file cannot be written (tracing to it stops; the client goes on). */
  readonly warn: (message: string) => void;
}

/** One trace file, shared by the connections of a `Codex`. */
export function openTraceFile(settings: TraceFileSettings): TraceFile {
  const { path, warn } = settings;
  return new TraceFile(path, new MessageRedactor(settings.secrets), (error) =>
    warn(`the protocol trace file ${path} cannot be written (${error.message}); tracing to it stopped`),
  );
}

/** `transport`, tapped by the spans of `otel` and the trace `file` (at least one given). */
export function observedTransport(
  transport: Transport,
  otel: Otel | undefined,
  file: TraceFile | undefined,
  sdkVersion: string,
): Transport {
  const spans = otel ? new SpanTap(otel) : undefined;
  file?.record("meta", { transport: transport.description ?? "custom transport", sdkVersion });
  return tapTransport(transport, combine(spans, file));
}

function combine(spans: SpanTap | undefined, file: TraceFile | undefined): MessageTap {
  return {
    outgoing(message: JsonRpcMessage): JsonRpcMessage {
      const out = spans ? spans.outgoing(message) : message;
      file?.record("out", out);
      return out;
    },
    incoming(message: JsonRpcMessage): void {
      file?.record("in", message);
      spans?.incoming(message);
    },
    malformed(raw: string): void {
      file?.record("malformed", raw);
    },
    closed(): void {
      spans?.closed();
    },
  };
}
