import { expect, it } from "vitest";

import * as testing from "../../src/testing/index.js";

// Pins the runtime surface of `codex-app-sdk/testing`, so any change to it is deliberate.
it("codex-app-sdk/testing exports exactly its public runtime symbols", () => {
  expect(Object.keys(testing).sort()).toEqual([
    "AppServerHarness",
    "CASSETTE_MODE_ENV",
    "CASSETTE_UPSTREAM_ENV",
    "CASSETTE_VERSION",
    "Cassette",
    "DEFAULT_UPSTREAM",
    "GateTimeoutError",
    "HARNESS_DISABLED_FEATURES",
    "MockResponsesServer",
    "RecordedRequest",
    "SseGate",
    "WaitForRequestsTimeoutError",
    "assistantMessage",
    "cassettePath",
    "encodeSseEvent",
    "failedResponse",
    "functionCall",
    "httpError",
    "messageItemAdded",
    "outputItemAdded",
    "outputTextDelta",
    "responseCompleted",
    "responseCreated",
    "responseFailed",
    "shellCall",
    "shellCommandResponse",
    "sseResponse",
    "textResponse",
    "toolCallResponse",
    "toolCallsResponse",
    "usage",
  ]);
});
