/**
 * What the mock Responses API answers to one model request: an SSE stream (optionally slowed,
 * gated, or cut off) or a plain HTTP response such as an error.
 *
 * @module
 */
import { optionalDuration } from "../internal/limits.js";
import { SseGate } from "./gate.js";
import type { RecordedRequest } from "./recorded-request.js";
import type { SseEvent } from "./sse.js";
import { InvalidArgumentError } from "../errors.js";

/** How a queued SSE stream is delivered. */
export interface SseStreamOptions {
  /** Wait this long before writing each event (default 0): makes streaming observable. */
  readonly delayMs?: number | undefined;
  /** Hold the stream at {@link gateAfter} until `gate.release()`. */
  readonly gate?: SseGate | undefined;
  /**
   * How many events are written before the stream waits at {@link gate} (default 0: the status
   * and headers are sent, no event yet). Must be between 0 and the number of events.
   */
  readonly gateAfter?: number | undefined;
  /**
   * Drop the connection abruptly after this many events, without finishing the HTTP response,
   * to simulate a network failure mid-stream. To end the stream cleanly but early instead, leave
   * the `response.completed` event out of the list.
   */
  readonly disconnectAfter?: number | undefined;
  /** Extra response headers (for example rate-limit headers the runtime reads). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** An SSE stream answer. Build it with {@link sseResponse} or pass the event list to `enqueue`. */
export interface MockSseResponse extends SseStreamOptions {
  /** Discriminant: a streamed answer. */
  readonly kind: "sse";
  /** The events to stream, in order. */
  readonly events: readonly SseEvent[];
}

/** A plain HTTP answer (no stream), typically an error. Build it with {@link httpError}. */
export interface MockHttpResponse {
  /** Discriminant: a plain HTTP answer. */
  readonly kind: "http";
  /** The HTTP status code. */
  readonly status: number;
  /** A string is sent as `text/plain`; anything else as JSON. */
  readonly body: unknown;
  /** Extra response headers (for example `retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Everything the mock can answer a model request with. */
export type MockResponse = MockSseResponse | MockHttpResponse;

/** What {@link MockResponder} may return: a response, a bare event list, or a promise of either. */
export type MockResponderResult = MockResponse | readonly SseEvent[];

/**
 * Computes the answer to a model request that found the queue empty. Use it for conversations
 * whose shape depends on the request, such as replying differently after a tool ran.
 *
 * @example
 * ```ts
 * const responder: MockResponder = (request) =>
 *   request.lastInputItem()?.type === "function_call_output"
 *     ? textResponse("The command ran.")
 *     : shellCommandResponse("call_1", "ls");
 * ```
 */
export type MockResponder = (request: RecordedRequest) => MockResponderResult | Promise<MockResponderResult>;

function requireIndex(value: number | undefined, name: string, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(
      `${name} must be an integer between 0 and ${max} (the number of events), got ${value}`,
    );
  }
}

function validateEvents(events: readonly unknown[]): void {
  if (!Array.isArray(events)) throw new InvalidArgumentError("events must be an array of SSE events");
  events.forEach((event: unknown, i) => {
    const type = typeof event === "object" && event !== null ? (event as { type?: unknown }).type : undefined;
    if (typeof type !== "string" || type === "") {
      throw new InvalidArgumentError(`events[${i}] must be an object with a non-empty string \`type\``);
    }
  });
}

/**
 * Builds a validated {@link MockSseResponse}.
 *
 * @example
 * ```ts
 * mock.enqueue(sseResponse(textResponse("hi", { deltas: 2 }), { delayMs: 20 }));
 * ```
 */
export function sseResponse(events: readonly SseEvent[], options: SseStreamOptions = {}): MockSseResponse {
  validateEvents(events);
  const { delayMs, gate, gateAfter, disconnectAfter } = options;
  optionalDuration("delayMs", delayMs, { allowInfinity: false });
  if (gate !== undefined && !(gate instanceof SseGate)) {
    throw new InvalidArgumentError("gate must come from mock.gate()");
  }
  if (gateAfter !== undefined && gate === undefined) throw new InvalidArgumentError("gateAfter needs a gate");
  requireIndex(gateAfter, "gateAfter", events.length);
  requireIndex(disconnectAfter, "disconnectAfter", events.length);
  return { ...options, kind: "sse", events: [...events] };
}

/**
 * Builds a {@link MockHttpResponse}: the runtime gets this status and body instead of a stream.
 * The default body is an OpenAI-style error object.
 *
 * @example
 * ```ts
 * mock.enqueue(httpError(500));
 * mock.enqueue(httpError(429, { error: { message: "slow down", type: "rate_limit" } }, { "retry-after": "0" }));
 * ```
 */
export function httpError(
  status: number,
  body?: unknown,
  headers?: Readonly<Record<string, string>>,
): MockHttpResponse {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new InvalidArgumentError(
      `status must be an integer HTTP status between 200 and 599, got ${status}`,
    );
  }
  const response: MockHttpResponse = {
    kind: "http",
    status,
    body: body ?? { error: { message: `mock HTTP ${status}`, type: "mock_error", code: null } },
  };
  return headers === undefined ? response : { ...response, headers };
}

/**
 * Normalises what a caller gave `enqueue` or a responder returned into a validated response.
 * @internal
 */
export function toMockResponse(value: MockResponderResult, options?: SseStreamOptions): MockResponse {
  if (Array.isArray(value)) return sseResponse(value as readonly SseEvent[], options);
  if (typeof value !== "object" || value === null) {
    throw new InvalidArgumentError(
      `a mock response must be an SSE event array or a response object, got ${String(value)}`,
    );
  }
  const response = value as MockResponse;
  if (options !== undefined) {
    throw new InvalidArgumentError(
      "stream options go inside sseResponse(events, options), not beside a built response",
    );
  }
  if (response.kind === "sse") return sseResponse(response.events, response);
  if (response.kind === "http") return httpError(response.status, response.body, response.headers);
  throw new InvalidArgumentError(
    "a mock response must be an SSE event array, sseResponse(...) or httpError(...)",
  );
}
