/**
 * Record/replay through the real pinned binary: a session is recorded against an upstream the test
 * serves itself (a second `MockResponsesServer` scripted as "the real API", on loopback), then
 * replayed from the cassette with that upstream stopped. The shell command and the custom tool
 * run for real both times; only the model's answers come from the file.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { Codex, Sandbox, TurnFailedError, tool, type RunResult } from "../../src/index.js";
import {
  AppServerHarness,
  MockResponsesServer,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
  usage,
  type CassetteOptions,
} from "../../src/testing/index.js";
import { rejection } from "../support/sdk.js";

const UPSTREAM_KEY = "sk-upstream-test-0123456789abcdefghij";
const RUNTIME_KEY = "sk-runtime-login-9876543210zyxwvutsrq";
const CONFIGURED_SECRET = "tok_private_5f1e2d3c4b";

let dir: string;
let upstream: MockResponsesServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cassette-test-"));
});

afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
  await rm(dir, { recursive: true, force: true });
});

const lookup = tool({
  name: "lookup_order",
  description: "Looks an order up",
  parameters: z.object({ id: z.string() }),
  execute: ({ id }, { callId }) => `order ${id}: shipped (${callId})`,
});

/** The "real API": scripted answers for a two-turn session with a shell command and a custom tool. */
async function scriptedUpstream(): Promise<MockResponsesServer> {
  const server = await MockResponsesServer.start();
  server.enqueue(
    shellCommandResponse("call_sh", "echo recorded-from-shell", { usage: usage({ inputTokens: 40 }) }),
  );
  server.enqueue(
    textResponse("The shell said recorded-from-shell.", {
      deltas: 3,
      usage: usage({ inputTokens: 50, outputTokens: 7 }),
    }),
  );
  server.enqueue(
    toolCallResponse("call_tool", "lookup_order", { id: "A-17" }, { usage: usage({ inputTokens: 60 }) }),
  );
  server.enqueue(
    textResponse("Order A-17 has shipped.", {
      deltas: 2,
      usage: usage({ inputTokens: 70, outputTokens: 9 }),
    }),
  );
  return server;
}

/** Runs the two-turn session on a fresh harness with `cassette`, and returns both results. */
async function session(
  cassette: CassetteOptions,
  prompts = ["Run the shell check.", "Where is order A-17?"],
) {
  const harness = await AppServerHarness.create({ cassette });
  const codex = new Codex(harness.codexOptions());
  try {
    const thread = await codex.threadStart({ tools: [lookup], sandbox: Sandbox.workspace_write });
    const results: RunResult[] = [];
    for (const prompt of prompts) results.push(await thread.run(prompt));
    harness.mock.assertAllConsumed();
    return { results, harness };
  } finally {
    await codex.close();
    await harness.dispose();
  }
}

/** What must be equal between the recorded and the replayed run. */
function shape(result: RunResult) {
  return {
    status: result.status,
    finalResponse: result.finalResponse,
    items: result.items.map((item) => item.type),
    usage: result.usage?.last,
  };
}

describe("record, then replay offline", () => {
  it("replays a recorded multi-turn session (shell command + custom tool) with the upstream stopped: the same RunResults", async () => {
    upstream = await scriptedUpstream();
    const path = join(dir, "session.json");
    const recorded = await session({ path, mode: "record", upstream: upstream.url });
    expect(upstream.queued).toBe(0);
    expect(upstream.requests).toHaveLength(4);
    // The shell command and the tool really ran while recording; their outputs went upstream.
    expect(upstream.requests[1]?.functionCallOutput("call_sh")?.output).toContain("recorded-from-shell");
    expect(upstream.requests[3]?.functionCallOutput("call_tool")?.output).toBe(
      "order A-17: shipped (call_tool)",
    );
    await upstream.close();

    const file = JSON.parse(await readFile(path, "utf8")) as { version: number; interactions: unknown[] };
    expect(file.version).toBe(1);
    expect(file.interactions).toHaveLength(4);

    const replayed = await session({ path, mode: "replay" });
    expect(replayed.results.map(shape)).toEqual(recorded.results.map(shape));
    expect(replayed.results.map((r) => r.finalResponse)).toEqual([
      "The shell said recorded-from-shell.",
      "Order A-17 has shipped.",
    ]);
    expect(replayed.results[0]?.items.map((i) => i.type)).toContain("commandExecution");
    expect(replayed.results[1]?.items.map((i) => i.type)).toContain("dynamicToolCall");
    expect(replayed.results[1]?.usage?.last.inputTokens).toBe(70);
    expect(replayed.harness.mock.requests.map((r) => r.outcome)).toEqual([
      "replayed",
      "replayed",
      "replayed",
      "replayed",
    ]);
  });

  it("a changed prompt fails the replay at once, naming the request and the difference", async () => {
    upstream = await MockResponsesServer.start();
    upstream.enqueue(textResponse("first answer"));
    const path = join(dir, "one-turn.json");
    await session({ path, mode: "record", upstream: upstream.url }, ["What is the capital of France?"]);
    await upstream.close();

    const harness = await AppServerHarness.create({ cassette: { path, mode: "replay" } });
    const codex = new Codex(harness.codexOptions());
    try {
      const thread = await codex.threadStart();
      const error = await rejection(thread.run("What is the capital of Spain?"), "the replay to fail");
      expect(error).toBeInstanceOf(TurnFailedError);
      expect((error as Error).message).toContain("matches no recorded request");
      expect(() => harness.mock.assertAllConsumed()).toThrow(
        /request #\d+ \(POST \/v1\/responses\) matches no recorded request[\s\S]*userInput: recorded "What is the capital of France\?", got "What is the capital of Spain\?"/,
      );
      expect(harness.mock.requests.map((r) => r.outcome)).toEqual(["unmatched"]);
    } finally {
      await codex.close();
      await harness.dispose();
    }
  });

  it("a session recorded with an API key, the runtime's bearer token and a configured secret keeps none of them", async () => {
    upstream = await MockResponsesServer.start();
    upstream.enqueue(textResponse(`Your token ${CONFIGURED_SECRET} is noted.`));
    const path = join(dir, "secret.json");
    const harness = await AppServerHarness.create({
      requiresOpenaiAuth: true,
      cassette: {
        path,
        mode: "record",
        upstream: upstream.url,
        apiKey: UPSTREAM_KEY,
        secrets: [CONFIGURED_SECRET],
        recordBodies: true,
      },
    });
    const codex = new Codex(harness.codexOptions());
    let answer: string | null | undefined;
    try {
      await codex.loginApiKey(RUNTIME_KEY);
      const thread = await codex.threadStart();
      answer = (await thread.run(`Remember ${CONFIGURED_SECRET} for later.`)).finalResponse;
      // The runtime authorised itself to the kit's server, and the kit used its own key upstream.
      expect(harness.mock.requests[0]?.header("authorization")).toBe(`Bearer ${RUNTIME_KEY}`);
    } finally {
      await codex.close();
      await harness.dispose();
    }
    expect(answer).toBe(`Your token ${CONFIGURED_SECRET} is noted.`);
    expect(upstream.requests[0]?.header("authorization")).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(upstream.requests[0]?.lastUserText()).toContain(CONFIGURED_SECRET);

    const text = await readFile(path, "utf8");
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(RUNTIME_KEY);
    expect(text).not.toContain(CONFIGURED_SECRET);
    expect(text).toContain("[REDACTED]");
    // The request was really recorded (with its scrubbed body), not left out.
    const file = JSON.parse(text) as {
      interactions: { request: { body?: unknown; match: { userInput: string } } }[];
    };
    expect(file.interactions[0]?.request.match.userInput).toBe("Remember [REDACTED] for later.");
    expect(file.interactions[0]?.request.body).toBeDefined();
  });
});
