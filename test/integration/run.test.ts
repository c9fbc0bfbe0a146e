/**
 * `thread.run()` results through the real pinned binary: the final-response rule on real item
 * mapping, usage and turn parameters crossing the app-server boundary, and failed turns.
 * Ports python-sdk.md §3.7 (test_app_server_run.py).
 *
 * The tests are independent (one thread each, answers keyed by prompt), so they share one
 * app-server to keep the file fast on 2 cores.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { CodexError, TurnFailedError, type Codex } from "../../src/index.js";
import {
  assistantMessage,
  failedResponse,
  httpError,
  messageItemAdded,
  outputTextDelta,
  responseCompleted,
  responseCreated,
  responseFailed,
  textResponse,
  usage,
} from "../../src/testing/index.js";
import { agentTexts, PromptScript, rejection, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;
let codex: Codex;
let script: PromptScript;

beforeAll(async () => {
  env = await SdkEnv.create();
  codex = env.codex();
  script = new PromptScript(env.mock);
});

afterAll(async () => {
  await env.dispose();
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

/** Finds the model request made for `prompt`. */
function requestFor(prompt: string) {
  const request = env.mock.requests.find((r) => r.lastUserText() === prompt);
  if (!request) throw new Error(`no model request for ${JSON.stringify(prompt)}`);
  return request;
}

describe("thread.run()", () => {
  it("runs a turn on the mock: final response, items, usage and the request the model got", async () => {
    script.on("basic run", textResponse("Hello from the mock", { deltas: 3 }));
    const thread = await codex.threadStart();
    const result = await thread.run("basic run");

    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("Hello from the mock");
    expect(result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(result.usage).not.toBeNull();
    const body = requestFor("basic run").bodyJson;
    expect(body["model"]).toBe("mock-model");
    expect(body["stream"]).toBe(true);
  });

  it("takes the second of two phase-less messages as the final response", async () => {
    script.on("two messages", [
      responseCreated("resp_two"),
      assistantMessage("msg_two_1", "First message"),
      assistantMessage("msg_two_2", "Second message"),
      responseCompleted("resp_two"),
    ]);
    const result = await (await codex.threadStart()).run("two messages");
    expect(agentTexts(result.items)).toEqual(["First message", "Second message"]);
    expect(result.finalResponse).toBe("Second message");
  });

  it("keeps an empty last message as the final response", async () => {
    script.on("empty last", [
      responseCreated("resp_empty"),
      assistantMessage("msg_empty_1", "Not the answer"),
      assistantMessage("msg_empty_2", ""),
      responseCompleted("resp_empty"),
    ]);
    const result = await (await codex.threadStart()).run("empty last");
    expect(agentTexts(result.items)).toEqual(["Not the answer", ""]);
    expect(result.finalResponse).toBe("");
  });

  it("never promotes commentary to the final response", async () => {
    script.on("commentary only", [
      responseCreated("resp_commentary"),
      assistantMessage("msg_commentary", "Looking into it…", { phase: "commentary" }),
      responseCompleted("resp_commentary"),
    ]);
    const result = await (await codex.threadStart()).run("commentary only");
    expect(agentTexts(result.items)).toEqual(["Looking into it…"]);
    expect(result.finalResponse).toBeNull();
  });

  it("takes the final_answer after commentary, with the phases preserved on the items", async () => {
    script.on("with phases", [
      responseCreated("resp_phases"),
      assistantMessage("msg_phase_1", "Working on it", { phase: "commentary" }),
      assistantMessage("msg_phase_2", "Final answer", { phase: "final_answer" }),
      responseCompleted("resp_phases"),
    ]);
    const result = await (await codex.threadStart()).run("with phases");
    expect(result.finalResponse).toBe("Final answer");
    expect(result.items.flatMap((i) => (i.type === "agentMessage" ? [[i.text, i.phase]] : []))).toEqual([
      ["Working on it", "commentary"],
      ["Final answer", "final_answer"],
    ]);
  });

  it("passes the model override to the request (and keeps it), and reports the usage numbers exactly", async () => {
    const counts = {
      inputTokens: 11,
      cachedInputTokens: 3,
      outputTokens: 7,
      reasoningOutputTokens: 5,
      totalTokens: 18,
    };
    script.on("override the model", textResponse("overridden", { usage: usage(counts) }));
    script.on("model again", textResponse("still overridden"));
    const thread = await codex.threadStart();
    const result = await thread.run("override the model", { model: "mock-model-override" });

    expect(requestFor("override the model").bodyJson["model"]).toBe("mock-model-override");
    const expected = { ...counts, cacheWriteInputTokens: 0 };
    expect(result.usage?.last).toEqual(expected);
    expect(result.usage?.total).toEqual(expected);

    // A turn override is sticky: the next turn without `model` keeps it.
    await thread.run("model again");
    expect(requestFor("model again").bodyJson["model"]).toBe("mock-model-override");
  });

  it("rejects a failed turn with TurnFailedError carrying the message, codexErrorInfo and partial result", async () => {
    script.on("fail after a message", [
      responseCreated("resp_fail"),
      messageItemAdded("msg_partial"),
      outputTextDelta("msg_partial", "partial"),
      assistantMessage("msg_partial", "partial answer"),
      responseFailed("resp_fail", "mock failure requested"),
    ]);
    script.on("after the failure", textResponse("recovered"));
    const thread = await codex.threadStart();

    const error = await rejection(thread.run("fail after a message"), "the failed turn");
    expect(error).toBeInstanceOf(TurnFailedError);
    expect(error).toBeInstanceOf(CodexError);
    const failed = error as TurnFailedError;
    expect(failed.name).toBe("TurnFailedError");
    expect(failed.message).toContain("mock failure requested");
    expect(failed.codexErrorInfo).toBe("other");
    expect(failed.result.status).toBe("failed");
    expect(failed.result.error?.message).toBe(failed.message);
    expect(failed.result.id).toEqual(expect.any(String));
    expect(failed.result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(failed.result.finalResponse).toBe("partial answer");

    // The thread stays usable.
    const next = await thread.run("after the failure");
    expect(next.status).toBe("completed");
    expect(next.finalResponse).toBe("recovered");
  });

  it("maps an HTTP error of the model endpoint to a TurnFailedError with its codexErrorInfo", async () => {
    script.on("http error", httpError(500));
    script.on("plain failure", failedResponse("nope"));
    const thread = await codex.threadStart();
    const error = await rejection(thread.run("http error"), "the failed turn");
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).codexErrorInfo).toBe("internalServerError");
    expect((error as TurnFailedError).result.finalResponse).toBeNull();

    const plain = await rejection(thread.run("plain failure"), "the second failed turn");
    expect((plain as TurnFailedError).message).toContain("nope");
  });
});
