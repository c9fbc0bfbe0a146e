/**
 * Custom tools through the real pinned binary and the mock Responses API: the mock model calls a
 * tool, the SDK runs its handler, and the next model request carries what it returned. Every
 * failure mode (bad arguments, a throwing handler, a timeout, an unknown tool) must reach the model
 * as `success: false` while the turn completes.
 *
 * The tests are independent (one thread each, answers keyed by prompt), so they share one
 * app-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  imageContent,
  InvalidArgumentError,
  tool,
  toolNamespace,
  type Codex,
  type ToolContext,
  type TurnEvent,
} from "../../src/index.js";
import { textResponse, toolCallResponse, toolCallsResponse } from "../../src/testing/index.js";
import { signal, type SpyTransport } from "../support/sdk.js";
import { PromptScript, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;
let codex: Codex;
let spy: SpyTransport;
let script: PromptScript;

beforeAll(async () => {
  env = await SdkEnv.create();
  ({ codex, spy } = env.spiedCodex());
  script = new PromptScript(env.mock);
});

afterAll(async () => {
  await env.dispose();
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

/** The model request that carried the output of `callId`. */
function outputOf(callId: string) {
  for (const request of env.mock.requests) {
    const found = request.functionCallOutputs().find((o) => o.callId === callId);
    if (found) return found;
  }
  throw new Error(`no function_call_output for ${callId}`);
}

const weather = tool({
  name: "get_weather",
  description: "Current weather of a city",
  parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }),
  execute: ({ city, unit }, ctx) => `${city}: 21 ${unit ?? "c"} (${ctx.callId})`,
});

describe("custom tools", () => {
  it("a zod tool gets the model's arguments and its text reaches the model", async () => {
    const thread = await codex.threadStart({ tools: [weather] });
    script.on(
      "weather?",
      toolCallResponse("call_w1", "get_weather", { city: "Paris", unit: null }),
      textResponse("It is 21."),
    );
    const result = await thread.run("weather?");
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("It is 21.");
    expect(outputOf("call_w1").output).toBe("Paris: 21 c (call_w1)");
    const item = result.items.find((i) => i.type === "dynamicToolCall");
    expect(item).toMatchObject({
      type: "dynamicToolCall",
      tool: "get_weather",
      success: true,
      status: "completed",
    });
    const start = spy.requests("thread/start").at(-1) as { params: { dynamicTools: unknown } };
    expect(start.params.dynamicTools).toEqual([
      expect.objectContaining({
        type: "function",
        name: "get_weather",
        description: "Current weather of a city",
      }),
    ]);
  });

  it("arguments failing validation, a throwing handler and a timeout each answer success: false; the turn completes", async () => {
    const seen: { signal?: AbortSignal } = {};
    const count = tool({
      name: "count",
      description: "Counts",
      parameters: z.object({ n: z.int().min(0) }),
      execute: ({ n }) => String(n),
    });
    const boom = tool({
      name: "boom",
      description: "Always fails",
      parameters: z.object({}),
      execute: () => {
        throw new Error("the database is down");
      },
    });
    const slow = tool({
      name: "slow",
      description: "Never finishes by itself",
      parameters: z.object({}),
      timeoutMs: 100,
      execute: (_args, { signal: s }) => {
        seen.signal = s;
        return new Promise<string>(() => undefined);
      },
    });
    const thread = await codex.threadStart({ tools: [count, boom, slow] });
    script.on(
      "fail four ways",
      toolCallsResponse([
        { callId: "call_bad", name: "count", args: { n: "many" } },
        { callId: "call_boom", name: "boom", args: {} },
        { callId: "call_slow", name: "slow", args: {} },
        { callId: "call_nope", name: "nope", args: {} },
      ]),
      textResponse("Recovered."),
    );
    const turn = await thread.turn("fail four ways");
    const errors: string[] = [];
    const calls: [string, boolean | null][] = [];
    let status: string | undefined;
    for await (const event of turn.stream()) {
      if (event.method === "error") errors.push(event.params.error.message);
      if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
        calls.push([event.params.item.id, event.params.item.success]);
      }
      if (event.method === "turn/completed") status = event.params.turn.status;
    }
    expect(status).toBe("completed");
    expect(outputOf("call_bad").output).toMatch(/^invalid arguments for tool count: n: .+Call it again/);
    expect(outputOf("call_boom").output).toBe("tool boom failed: the database is down");
    expect(outputOf("call_slow").output).toMatch(/^tool slow timed out after 100 ms/);
    // A tool the thread never declared is refused by the runtime itself; the SDK never sees it.
    expect(outputOf("call_nope").output).toMatch(/nope/);
    expect(seen.signal?.aborted).toBe(true);
    expect(calls).toEqual(
      expect.arrayContaining([
        ["call_bad", false],
        ["call_boom", false],
        ["call_slow", false],
      ]),
    );
    expect(errors).toHaveLength(3);
    expect(errors.every((m) => m.includes("answered success: false"))).toBe(true);
  });

  // The runtime may dispatch the two calls in either order: each handler waits for the other to
  // have started, so calls run one after another would never finish (the tool timeout fails them).
  it("two calls of one turn run concurrently: each starts before the other ends", async () => {
    const log: string[] = [];
    const started = { first: signal(), second: signal() };
    const waiting = (name: "first" | "second", other: "first" | "second") =>
      tool({
        name,
        description: `Waits for ${other}`,
        parameters: z.object({}),
        timeoutMs: 20_000,
        execute: async () => {
          log.push(`${name} started`);
          started[name].resolve();
          await started[other].promise; // sequential calls would never get past this
          log.push(`${name} ended`);
          return `${name} done`;
        },
      });
    const thread = await codex.threadStart({
      tools: [waiting("first", "second"), waiting("second", "first")],
    });
    script.on(
      "both",
      toolCallsResponse([
        { callId: "call_1", name: "first", args: {} },
        { callId: "call_2", name: "second", args: {} },
      ]),
      textResponse("Both done."),
    );
    const result = await thread.run("both");
    expect(result.finalResponse).toBe("Both done.");
    expect(log.slice(0, 2).sort()).toEqual(["first started", "second started"]);
    expect(log.slice(2).sort()).toEqual(["first ended", "second ended"]);
    expect(outputOf("call_1").output).toBe("first done");
    expect(outputOf("call_2").output).toBe("second done");
  });

  it("interrupting the turn aborts a running handler's signal", async () => {
    const started = signal<ToolContext>();
    const aborted = signal<unknown>();
    const wait = tool({
      name: "wait_forever",
      description: "Waits until aborted",
      parameters: z.object({}),
      execute: (_args, ctx) =>
        new Promise<string>((_, reject) => {
          started.resolve(ctx);
          ctx.signal.addEventListener("abort", () => {
            aborted.resolve(ctx.signal.reason);
            reject(new Error("aborted"));
          });
        }),
    });
    const thread = await codex.threadStart({ tools: [wait] });
    script.on("wait", toolCallResponse("call_wait", "wait_forever", {}));
    const turn = await thread.turn("wait");
    const ctx = await started.promise;
    expect(ctx).toMatchObject({ threadId: thread.id, turnId: turn.id, callId: "call_wait" });
    expect(ctx.thread).toBe(thread);
    await turn.interrupt();
    await aborted.promise;
    expect(ctx.signal.aborted).toBe(true);
    expect((await turn.run()).status).toBe("interrupted");
  });

  it("an image result reaches the model as an image", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const shot = tool({
      name: "screenshot",
      description: "The screen",
      parameters: { type: "object", properties: {} },
      execute: async () => [{ type: "inputText", text: "the screen:" }, await imageContent(png)],
    });
    const thread = await codex.threadStart({ tools: [shot] });
    script.on("look", toolCallResponse("call_img", "screenshot", {}), textResponse("A dot."));
    expect((await thread.run("look")).finalResponse).toBe("A dot.");
    const output = outputOf("call_img");
    expect(output.output).toBe("the screen:");
    expect(output.imageUrls).toEqual([`data:image/png;base64,${png.toString("base64")}`]);
  });

  it("a namespace's tools are declared as a namespace and called by namespace and name", async () => {
    const add = tool({
      name: "add",
      description: "Adds",
      parameters: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => String(a + b),
    });
    const math = toolNamespace({ name: "math", description: "Arithmetic", tools: [add] });
    const thread = await codex.threadStart({ tools: [math] });
    script.on(
      "add",
      toolCallsResponse([{ callId: "call_add", name: "add", namespace: "math", args: { a: 2, b: 3 } }]),
      textResponse("5"),
    );
    const result = await thread.run("add");
    expect(result.finalResponse).toBe("5");
    expect(outputOf("call_add").output).toBe("5");
    const tools = env.mock.requests.find((r) => r.lastUserText() === "add")?.bodyJson["tools"];
    expect(tools).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "namespace", name: "math" })]),
    );
  });

  it("resuming in a new client with tools binds the handlers; an unknown or unbound tool fails softly", async () => {
    const owner = env.codex();
    const thread = await owner.threadStart({ tools: [weather] });
    script.on("first", textResponse("ok"));
    await thread.run("first");
    await owner.close(); // one writer per thread: the next client takes it over

    const other = env.codex();
    const resumed = await other.threadResume(thread.id, {
      tools: [tool({ ...weather, execute: ({ city }) => `${city} from the new client` })],
    });
    script.on(
      "again",
      toolCallResponse("call_r1", "get_weather", { city: "Oslo", unit: null }),
      textResponse("ok"),
    );
    await resumed.run("again");
    expect(outputOf("call_r1").output).toBe("Oslo from the new client");
    await other.close();

    // Handlers bound for other tools than the thread declared: the call is answered, not crashed.
    const mismatched = env.codex();
    const wrong = await mismatched.threadResume(thread.id, { tools: [tool({ ...weather, name: "other" })] });
    script.on(
      "wrong",
      toolCallResponse("call_r3", "get_weather", { city: "Bern", unit: null }),
      textResponse("ok"),
    );
    expect((await wrong.run("wrong")).status).toBe("completed");
    expect(outputOf("call_r3").output).toBe("unknown tool get_weather; the tools available are: other");
    await mismatched.close();

    const bare = env.codex();
    const unbound = await bare.threadResume(thread.id);
    script.on(
      "bare",
      toolCallResponse("call_r2", "get_weather", { city: "Rome", unit: null }),
      textResponse("ok"),
    );
    expect((await unbound.run("bare")).status).toBe("completed");
    expect(outputOf("call_r2").output).toMatch(/^tool get_weather has no handler in this client/);
  });

  it("a fork with tools binds them; onServerRequest answers calls of threads without handlers", async () => {
    const thread = await codex.threadStart({ tools: [weather] });
    script.on("before fork", textResponse("ok"));
    await thread.run("before fork"); // a thread is stored (and can be forked) once it has a turn
    const fork = await codex.threadFork(thread.id, {
      tools: [tool({ ...weather, execute: ({ city }) => `${city} from the fork` })],
    });
    expect(fork.id).not.toBe(thread.id);
    script.on(
      "forked",
      toolCallResponse("call_f1", "get_weather", { city: "Kyiv", unit: null }),
      textResponse("ok"),
    );
    await fork.run("forked");
    expect(outputOf("call_f1").output).toBe("Kyiv from the fork");

    // A client without tools for the thread: its own handler still receives item/tool/call.
    const owner = env.codex();
    const started = await owner.threadStart({ tools: [weather] });
    script.on("before manual", textResponse("ok"));
    await started.run("before manual");
    await owner.close();
    const manual = env.codex({
      onServerRequest: (request) =>
        request.method === "item/tool/call"
          ? { contentItems: [{ type: "inputText", text: "answered by hand" }], success: true }
          : undefined,
    });
    const resumed = await manual.threadResume(started.id);
    script.on(
      "manual",
      toolCallResponse("call_m1", "get_weather", { city: "Riga", unit: null }),
      textResponse("ok"),
    );
    await resumed.run("manual");
    expect(outputOf("call_m1").output).toBe("answered by hand");
    await manual.close();
  });

  it("with experimentalApi: false, tools are refused before anything is sent", async () => {
    const off = env.spiedCodex({ experimentalApi: false });
    await expect(off.codex.threadStart({ tools: [weather] })).rejects.toThrow(InvalidArgumentError);
    await expect(off.codex.threadStart({ tools: [weather] })).rejects.toThrow(/experimentalApi: false/);
    expect(off.spy.sent).toEqual([]);
  });

  it("tool calls are typed dynamicToolCall items in stream()", async () => {
    const thread = await codex.threadStart({ tools: [weather] });
    script.on(
      "stream",
      toolCallResponse("call_s", "get_weather", { city: "Lima", unit: "f" }),
      textResponse("ok"),
    );
    const turn = await thread.turn("stream");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    const completed = events.find(
      (e) => e.method === "item/completed" && e.params.item.type === "dynamicToolCall",
    );
    expect(completed?.method === "item/completed" && completed.params.item).toMatchObject({
      type: "dynamicToolCall",
      id: "call_s",
      arguments: { city: "Lima", unit: "f" },
      contentItems: [{ type: "inputText", text: "Lima: 21 f (call_s)" }],
      success: true,
    });
    expect(events.some((e) => e.method === "item/started" && e.params.item.type === "dynamicToolCall")).toBe(
      true,
    );
  });
});
