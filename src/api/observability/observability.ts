/**
 * What observes the connections of one `Codex`: the protocol trace file and the OpenTelemetry
 * spans. Each new connection's transport is wrapped in one {@link MessageTap} when either is on,
 * and left as it is otherwise, so a client that observes nothing pays nothing per message.
 *
 * @module
 */
import { CodexError } from "../../errors.js";
import { tapTransport, type MessageTap } from "../../transport/tap.js";
import type { JsonRpcMessage, Transport } from "../../transport/transport.js";
import { VERSION } from "../../version.js";
import { checkTracingOption, loadOtel, type TracingOption } from "./otel.js";
import { SpanTap } from "./otel-spans.js";
import { MessageRedactor } from "./redact-message.js";
import { TRACE_ENV, TraceFile } from "./trace-file.js";

/** The observability settings of one `Codex`. */
export interface ObservabilitySettings {
  /** Path of the protocol trace file, or `undefined` for none. */
  traceFile: string | undefined;
  tracing: TracingOption | undefined;
  /** Secrets known up front (a remote transport's bearer token), redacted wherever they appear. */
  secrets: readonly (string | undefined)[];
  /** Reports a problem (the trace file cannot be written) without failing the client. */
  warn(message: string): void;
}

/** Observes every connection of one `Codex`; see the module comment. */
export class Observability {
  readonly #settings: ObservabilitySettings;
  readonly #file: TraceFile | undefined;

  constructor(settings: ObservabilitySettings) {
    this.#settings = settings;
    const path = settings.traceFile;
    this.#file =
      path === undefined
        ? undefined
        : new TraceFile(path, new MessageRedactor(settings.secrets), (error) =>
            settings.warn(`the protocol trace file ${path} cannot be written (${error.message}); tracing to it stopped`),
          );
  }

  /** The protocol trace file's path, when one is written. */
  get traceFile(): string | undefined {
    return this.#file?.path;
  }

  /** `transport`, observed when anything observes. */
  async observe(transport: Transport): Promise<Transport> {
    const otel = await loadOtel(this.#settings.tracing, VERSION);
    const spans = otel ? new SpanTap(otel) : undefined;
    const file = this.#file;
    if (!spans && !file) return transport;
    file?.record("meta", { transport: transport.description ?? "custom transport", sdkVersion: VERSION });
    return tapTransport(transport, combine(spans, file));
  }

  /** Flushes and closes the trace file. */
  close(): Promise<void> {
    return this.#file?.close() ?? Promise.resolve();
  }
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

/**
 * The observability of a `Codex` with these options: the trace file from `traceFile` or the
 * `CODEX_APP_SDK_TRACE` environment variable, the `tracing` option, and the remote transport's
 * token as a known secret.
 */
export function observabilityFor(
  options: { traceFile?: string | false | undefined; tracing?: TracingOption | undefined; transport?: unknown },
  warn: (message: string) => void,
): Observability {
  checkTracingOption(options.tracing);
  const file = options.traceFile;
  if (file !== undefined && file !== false && (typeof file !== "string" || file === "")) {
    throw new CodexError("traceFile must be a non-empty path, or false");
  }
  const fromEnv = process.env[TRACE_ENV];
  const traceFile = file === false ? undefined : (file ?? (fromEnv === "" ? undefined : fromEnv));
  const token = (options.transport as { token?: unknown } | undefined)?.token;
  return new Observability({
    traceFile,
    tracing: options.tracing,
    secrets: [typeof token === "string" ? token : undefined],
    warn,
  });
}
