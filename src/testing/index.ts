/**
 * `codex-app-sdk/testing`: test Codex-powered code offline and deterministically.
 *
 * - {@link MockResponsesServer}: a local mock of the OpenAI Responses API. Queue the model's
 *   answers, then assert on the requests the runtime sent.
 * - SSE builders ({@link textResponse}, {@link shellCommandResponse}, {@link responseFailed}, ...):
 *   the answers, event by event.
 * - {@link AppServerHarness}: a temporary CODEX_HOME, workspace and HOME wired to a mock, ready to
 *   hand to `new Codex(harness.codexOptions())`.
 * - {@link Cassette}: record a session against a real API once, replay it offline
 *   (`AppServerHarness.create({ cassette: { path } })`).
 *
 * @example
 * ```ts
 * import { AppServerHarness, textResponse } from "codex-app-sdk/testing";
 * import { Codex } from "codex-app-sdk";
 *
 * await using harness = await AppServerHarness.create();
 * harness.mock.enqueue(textResponse("4"));
 * await using codex = new Codex(harness.codexOptions());
 * const thread = await codex.threadStart();
 * const result = await thread.run("What is 2 + 2?");
 * // result.finalResponse === "4"
 * const [request] = await harness.mock.waitForRequests(1);
 * // request.lastUserText() === "What is 2 + 2?"
 * ```
 *
 * @module
 */
export { AppServerHarness, HARNESS_DISABLED_FEATURES } from "./harness.js";
export type { AppServerHarnessOptions, HarnessCodexOptions, HarnessCodexOptionsExtra } from "./harness.js";
export { MockResponsesServer, WaitForRequestsTimeoutError } from "./mock-responses.js";
export type { MockResponsesServerOptions } from "./mock-responses.js";
export { httpError, sseResponse } from "./mock-response.js";
export type {
  MockHttpResponse,
  MockResponder,
  MockResponderResult,
  MockResponse,
  MockSseResponse,
  SseStreamOptions,
} from "./mock-response.js";
export { CASSETTE_MODE_ENV, CASSETTE_UPSTREAM_ENV, Cassette, DEFAULT_UPSTREAM } from "./cassette/cassette.js";
export type { CassetteMode, CassetteOptions } from "./cassette/cassette.js";
export { CASSETTE_VERSION, cassettePath } from "./cassette/format.js";
export type {
  CassetteFile,
  CassetteInteraction,
  CassetteRequest,
  CassetteResponse,
} from "./cassette/format.js";
export type {
  CassetteMatchOptions,
  FingerprintToolOutput,
  RequestFingerprint,
} from "./cassette/fingerprint.js";
export { GateTimeoutError, SseGate } from "./gate.js";
export { RecordedRequest } from "./recorded-request.js";
export type { FunctionCallOutput, InputItem, RequestOutcome } from "./recorded-request.js";
export {
  assistantMessage,
  encodeSseEvent,
  failedResponse,
  functionCall,
  messageItemAdded,
  outputItemAdded,
  outputTextDelta,
  responseCompleted,
  responseCreated,
  responseFailed,
  shellCall,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
  toolCallsResponse,
  usage,
} from "./sse.js";
export type {
  MessagePhase,
  ResponseUsage,
  ShellCallOptions,
  SseEvent,
  TextResponseOptions,
  ToolCallResponseOptions,
  ToolCallSpec,
  UsageCounts,
} from "./sse.js";
export type { TomlTable, TomlValue } from "./toml.js";
