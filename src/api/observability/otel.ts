/**
 * Finding an OpenTelemetry tracer without paying for OpenTelemetry when nobody uses it.
 * `@opentelemetry/api` is an optional peer dependency: it is imported (dynamically) only when a
 * tracer provider was passed, or when one is registered globally, which the check below sees
 * through the API's global registry without loading the package.
 *
 * @module
 */
import type * as OtelApi from "@opentelemetry/api";
import type { Span } from "@opentelemetry/api";
import { CodexError } from "../../errors.js";

/**
 * What the SDK needs of an OpenTelemetry `TracerProvider` (any `@opentelemetry/api` 1.x provider,
 * such as the SDK's `BasicTracerProvider` or `NodeTracerProvider`, fits).
 */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): unknown;
}

/**
 * The `tracing` option of `new Codex()`:
 * - omitted: spans are recorded when a global tracer provider is registered when the connection
 *   starts (`trace.setGlobalTracerProvider()`, or `provider.register()` / the NodeSDK's `start()`);
 *   nothing is loaded otherwise;
 * - `false`: never;
 * - `true`: always, through the global provider (a no-op until one is registered);
 * - `{ tracerProvider }`: through this provider, whether or not a global one is registered.
 */
export type TracingOption = boolean | { tracerProvider: TracerProviderLike };

/** The OpenTelemetry API module and the tracer the SDK's spans go to. */
export interface Otel {
  api: typeof OtelApi;
  tracer: OtelApi.Tracer;
}

// The API keeps its globals under this symbol (per major version) in every copy of the package.
const GLOBAL_KEY = Symbol.for("opentelemetry.js.api.1");

/** Whether a global tracer provider is registered, without importing `@opentelemetry/api`. */
export function globalTracerRegistered(): boolean {
  const registry = (globalThis as Record<symbol, { trace?: unknown } | undefined>)[GLOBAL_KEY];
  return registry?.trace !== undefined;
}

/** Checks the `tracing` option's shape (before anything starts). */
export function checkTracingOption(option: unknown): void {
  if (option === undefined || typeof option === "boolean") return;
  const provider: unknown = typeof option === "object" && option !== null ? Reflect.get(option, "tracerProvider") : undefined;
  if (typeof (provider as TracerProviderLike | undefined)?.getTracer !== "function") {
    throw new CodexError(
      "tracing must be true, false or { tracerProvider } with an OpenTelemetry TracerProvider (an object with getTracer())",
    );
  }
}

/**
 * The tracer for one connection, or `undefined` when tracing is off. Rejects when tracing was asked
 * for explicitly and `@opentelemetry/api` cannot be loaded.
 */
export async function loadOtel(option: TracingOption | undefined, version: string): Promise<Otel | undefined> {
  if (option === false) return undefined;
  if (option === undefined && !globalTracerRegistered()) return undefined;
  let api: typeof OtelApi;
  try {
    api = await import("@opentelemetry/api");
  } catch (error) {
    throw new CodexError(
      "tracing needs the package @opentelemetry/api (an optional peer dependency): npm install @opentelemetry/api",
      { cause: error },
    );
  }
  const provider = typeof option === "object" ? (option.tracerProvider as OtelApi.TracerProvider) : api.trace;
  return { api, tracer: provider.getTracer("codex-app-sdk", version) };
}

/** Ends `span` as failed, with the error recorded as an exception event. */
export function fail(otel: Otel, span: Span, message: string): void {
  span.recordException({ name: "CodexError", message });
  span.setStatus({ code: otel.api.SpanStatusCode.ERROR, message });
  span.end();
}
