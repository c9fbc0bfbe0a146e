/**
 * What observes the connections of one `Codex`: the protocol trace file and the OpenTelemetry
 * spans. Each new connection's transport is wrapped in one {@link MessageTap} when either is on,
 * and left as it is otherwise, so a client that observes nothing pays nothing per message.
 *
 * @module
 */
import { CodexError } from "../../errors.js";
import type { Transport } from "../../transport/transport.js";
import { VERSION } from "../../version.js";
import { loadDeferred } from "../load-deferred.js";
import { checkTracingOption, loadOtel, type TracingOption } from "./otel.js";
import type { TraceFileSettings } from "./observed-transport.js";
import type { TraceFile } from "./trace-file.js";

/** The environment variable that turns the protocol trace on for every `Codex` of the process. */
export const TRACE_ENV = "CODEX_APP_SDK_TRACE";

/** The observability settings of one `Codex`: the trace file's, and the `tracing` option. */
export interface ObservabilitySettings extends Omit<TraceFileSettings, "path"> {
  /** Path of the protocol trace file, or `undefined` for none. */
  traceFile: string | undefined;
  tracing: TracingOption | undefined;
}

/**
 * What observes the connections of one `Codex`. The observing code (spans, trace file, tap) is
 * deferred: loaded by the first connection that needs it, never by a client that observes nothing.
 */
export class Observability {
  readonly #settings: ObservabilitySettings;
  /** Opened by the first connection that writes it; one file for all connections. */
  #file: TraceFile | undefined;

  constructor(settings: ObservabilitySettings) {
    this.#settings = settings;
  }

  /** The protocol trace file's path, when one is written. */
  get traceFile(): string | undefined {
    return this.#settings.traceFile;
  }

  /** `transport`, observed when anything observes. */
  async observe(transport: Transport): Promise<Transport> {
    const settings = this.#settings;
    const otel = await loadOtel(settings.tracing, VERSION);
    const path = settings.traceFile;
    if (!otel && path === undefined) return transport;
    const { observedTransport, openTraceFile } = await loadDeferred();
    if (path !== undefined) this.#file ??= openTraceFile({ path, secrets: settings.secrets, warn: settings.warn });
    return observedTransport(transport, otel, this.#file, VERSION);
  }

  /** Flushes and closes the trace file. */
  close(): Promise<void> {
    return this.#file?.close() ?? Promise.resolve();
  }
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
