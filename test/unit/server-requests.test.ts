/**
 * Server requests through the public `Codex`, over the in-memory fake app-server: which handler
 * answers (turn, client, default), the answers and errors the server gets, the events the user
 * sees, timeouts and aborts, and the race between a turn's first request and its `turn/start`
 * response, which the real app-server cannot be made to produce on demand.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import type { CodexOptions } from "../../src/api/codex/codex-options.js";
import type { Notification, TurnEvent } from "../../src/api/events.js";
import { ServerRequestDispatcher } from "../../src/api/server-requests/dispatcher.js";
import type {
  ServerRequestContext,
  ServerRequestEvent,
  ServerRequestHandler,
} from "../../src/api/server-requests/server-requests.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { AbortError, TimeoutError } from "../../src/errors.js";
import type { JsonRpcMessage } from "../../src/transport/transport.js";
import { listenersCalled } from "../support/listeners.js";
import { createMemoryTransport, initializeResult, type FakeAppServer } from "../support/memory-transport.js";

const THREAD = "thread-1";
const TURN = "turn-1";
const COMMAND = "item/commandExecution/requestApproval";

const clients: Codex[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function setup(options: Omit<CodexOptions, "transport"> = {}, answerTurnStart = true) {
  const { transport, server } = createMemoryTransport();
  server.handle("initialize", () => initializeResult());
  server.handle("thread/start", () => ({ thread: { id: THREAD } }));
  if (answerTurnStart)
    server.handle("turn/start", () => ({ turn: { id: TURN, status: "inProgress", items: [] } }));
  // The Codex's dispatcher is private: catch it as `this` of its first call.
  const calls = [
    vi.spyOn(ServerRequestDispatcher.prototype, "dispatch"),
    vi.spyOn(ServerRequestDispatcher.prototype, "observe"),
    vi.spyOn(ServerRequestDispatcher.prototype, "expectTurn"),
  ];
  const codex = new Codex({ ...options, transport });
  clients.push(codex);
  const seen: Notification[] = [];
  codex.on("*", (n) => seen.push(n));
  const dispatcher = (): ServerRequestDispatcher =>
    calls.flatMap((spy) => spy.mock.contexts as ServerRequestDispatcher[]).find((d) => d !== undefined) ??
    expect.fail("the dispatcher was never called");
  return { codex, server, seen, dispatcher };
}

function commandParams(overrides: Record<string, unknown> = {}) {
  return {
    kind: "command",
    threadId: THREAD,
    turnId: TURN,
    itemId: "call_1",
    startedAtMs: 1,
    environmentId: "local",
    command: "/bin/bash -lc 'echo hi > f.txt'",
    cwd: "/work",
    ...overrides,
  };
}

function turnCompleted(server: FakeAppServer, turnId = TURN, status = "interrupted"): void {
  server.notify("turn/completed", { threadId: THREAD, turn: { id: turnId, status, items: [], error: null } });
}

/** Resolves on the first notification of `method` (bounded by vitest's test timeout). */
function next(codex: Codex, method: "error" | "warning"): Promise<Notification> {
  return new Promise((resolve) => {
    const off = codex.on(method, (n) => {
      off();
      resolve(n);
    });
  });
}

/** A handler that records its calls and waits until its signal aborts. */
function waitingHandler() {
  const calls: { request: ServerRequestEvent; context: ServerRequestContext }[] = [];
  let called!: () => void;
  const started = new Promise<void>((r) => (called = r));
  const handler: ServerRequestHandler = (request, context) => {
    calls.push({ request, context });
    called();
    return new Promise((_, reject) => {
      context.signal.addEventListener("abort", () => reject(context.signal.reason as Error), { once: true });
    });
  };
  return { handler, calls, started };
}

describe("the default answers (no handler)", () => {
  it("declines command and file-change approvals, denies the legacy ones, and warns once per client", async () => {
    const { codex, server, seen } = setup();
    await codex.start();
    const fileParams = { threadId: THREAD, turnId: TURN, itemId: "p1", startedAtMs: 1 };
    expect(await server.request(COMMAND, commandParams())).toEqual({
      id: 0,
      result: { decision: "decline" },
    });
    expect(await server.request("item/fileChange/requestApproval", fileParams)).toEqual({
      id: 1,
      result: { decision: "decline" },
    });
    const legacy = { conversationId: THREAD, callId: "c", approvalId: null, reason: null };
    const denied = {
      decision: { denied: { rejection: "no approval handler is registered in the client (codex-app-sdk)" } },
    };
    expect(
      await server.request("execCommandApproval", { ...legacy, command: ["ls"], cwd: "/", parsedCmd: [] }),
    ).toEqual({ id: 2, result: denied });
    expect(
      await server.request("applyPatchApproval", { ...legacy, fileChanges: {}, grantRoot: null }),
    ).toEqual({ id: 3, result: denied });

    await listenersCalled();
    const warnings = seen.filter((n) => n.method === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.params).toEqual({ threadId: THREAD, message: expect.any(String) as string });
    const message = warnings[0]?.method === "warning" ? warnings[0].params.message : "";
    expect(message).toContain(`declined ${COMMAND}`);
    expect(message).toContain("no onServerRequest handler");
    expect(message).toContain("new Codex({ onServerRequest })");

    // Once per client: a second client warns again. The warning is also in the turn's stream.
    const other = setup();
    const turn = await (await other.codex.threadStart()).turn("go");
    await other.server.request(COMMAND, commandParams());
    await other.server.request(COMMAND, commandParams({ itemId: "call_2" }));
    await listenersCalled();
    expect(other.seen.filter((n) => n.method === "warning")).toHaveLength(1);
    turnCompleted(other.server, TURN, "completed");
    const methods: string[] = [];
    for await (const event of turn.stream()) methods.push(event.method);
    expect(methods).toEqual([COMMAND, "warning", COMMAND, "turn/completed"]);
  });

  it.each([
    [
      "item/tool/requestUserInput",
      { threadId: THREAD, turnId: TURN, itemId: "i", questions: [], isBlocking: true },
    ],
    [
      "mcpServer/elicitation/request",
      { threadId: THREAD, turnId: null, serverName: "s", mode: "form", message: "?" },
    ],
    ["item/permissions/requestApproval", { threadId: THREAD, turnId: TURN, itemId: "i", permissions: {} }],
    ["account/chatgptAuthTokens/refresh", { reason: "unauthorized" }],
    ["attestation/generate", {}],
    ["some/futureRequest", { threadId: THREAD }],
  ])("answers %s with a JSON-RPC error saying the client has no handler", async (method, params) => {
    const { codex, server, seen } = setup();
    await codex.start();
    expect(await server.request(method, params)).toEqual({
      id: 0,
      error: { code: -32601, message: `client has no handler for ${method}` },
    });
    await listenersCalled();
    expect(seen.filter((n) => n.method === "warning" || n.method === "error")).toEqual([]);
  });

  it("answers item/tool/call of a thread without tools with success: false and an error event", async () => {
    const { codex, server, seen } = setup();
    await codex.start();
    const params = { threadId: THREAD, turnId: TURN, callId: "c", namespace: null, tool: "t", arguments: {} };
    const answer = await server.request("item/tool/call", params);
    expect(answer).toMatchObject({ id: 0, result: { success: false } });
    expect(JSON.stringify(answer)).toContain("tool t has no handler in this client");
    await listenersCalled();
    const errors = seen.filter((n) => n.method === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.method === "error" && errors[0].params.error.message).toMatch(
      /call c answered success: false/,
    );
  });
});

describe("handlers", () => {
  it("the client handler gets the typed request and its context, and its answer is sent", async () => {
    const calls: { request: ServerRequestEvent; context: ServerRequestContext }[] = [];
    const { codex, server, seen } = setup({
      onServerRequest: (request, context) => {
        calls.push({ request, context });
        return request.method === COMMAND ? { decision: "acceptForSession" } : undefined;
      },
    });
    await codex.start();
    expect(await server.request(COMMAND, commandParams())).toEqual({
      id: 0,
      result: { decision: "acceptForSession" },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.request).toEqual({ id: 0, method: COMMAND, params: commandParams() });
    expect(calls[0]?.context.threadId).toBe(THREAD);
    expect(calls[0]?.context.turnId).toBe(TURN);
    expect(calls[0]?.context.signal.aborted).toBe(false);
    await listenersCalled();
    expect(seen.filter((n) => n.method === "warning")).toEqual([]);
  });

  it("a handler returning undefined falls back to the default, and the warning says so", async () => {
    const { codex, server, seen } = setup({ onServerRequest: () => undefined });
    await codex.start();
    expect(await server.request(COMMAND, commandParams())).toEqual({
      id: 0,
      result: { decision: "decline" },
    });
    expect(
      await server.request("item/tool/requestUserInput", { threadId: THREAD, turnId: TURN }),
    ).toMatchObject({
      error: { code: -32601 },
    });
    await listenersCalled();
    const warning = seen.find((n) => n.method === "warning");
    expect(warning?.method === "warning" && warning.params.message).toContain("returned undefined");
  });

  it("the turn's handler wins for its turn, falls back to the client's, and ends with the turn", async () => {
    const client = vi.fn<ServerRequestHandler>(() => ({ decision: "decline" }));
    const { codex, server, dispatcher } = setup({ onServerRequest: client });
    const thread = await codex.threadStart();
    const turnHandler = vi.fn<ServerRequestHandler>((request) =>
      request.method === COMMAND ? { decision: "accept" } : undefined,
    );
    await thread.turn("go", { onServerRequest: turnHandler });

    expect(await server.request(COMMAND, commandParams())).toMatchObject({ result: { decision: "accept" } });
    expect(client).not.toHaveBeenCalled();
    // Falls back: the turn's handler returns undefined for file changes.
    const file = { threadId: THREAD, turnId: TURN, itemId: "p", startedAtMs: 1 };
    expect(await server.request("item/fileChange/requestApproval", file)).toMatchObject({
      result: { decision: "decline" },
    });
    expect(turnHandler).toHaveBeenCalledTimes(2);
    expect(client).toHaveBeenCalledTimes(1);
    // Another turn's request goes to the client's handler.
    expect(await server.request(COMMAND, commandParams({ turnId: "turn-other" }))).toMatchObject({
      result: { decision: "decline" },
    });
    expect(turnHandler).toHaveBeenCalledTimes(2);

    turnCompleted(server, TURN, "completed");
    expect(dispatcher().turnCount).toBe(0);
    expect(await server.request(COMMAND, commandParams())).toMatchObject({ result: { decision: "decline" } });
    expect(turnHandler).toHaveBeenCalledTimes(2);
  });

  it("a request that arrives before the turn/start response still goes to the turn's handler", async () => {
    const { codex, server, dispatcher } = setup({ onServerRequest: () => ({ decision: "decline" }) }, false);
    const thread = await codex.threadStart();
    const turnHandler = vi.fn<ServerRequestHandler>(() => ({ decision: "accept" }));
    const turnPromise = thread.turn("go", { onServerRequest: turnHandler });
    const { id } = await server.nextRequest("turn/start");

    const early = server.request(COMMAND, commandParams());
    server.respond(id, { turn: { id: TURN, status: "inProgress", items: [] } });
    // Delivered in the same tick as the response, before the awaiting code resumed.
    const sameTick = server.request(COMMAND, commandParams({ itemId: "call_2" }));
    expect(await early).toMatchObject({ result: { decision: "accept" } });
    expect(await sameTick).toMatchObject({ result: { decision: "accept" } });
    const turn = await turnPromise;
    expect(await server.request(COMMAND, commandParams({ itemId: "call_3" }))).toMatchObject({
      result: { decision: "accept" },
    });
    expect(turnHandler).toHaveBeenCalledTimes(3);

    // The stream shows the three requests, in order, with their ids.
    turnCompleted(server, TURN, "completed");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    expect(events.map((e) => ("id" in e ? `${e.method}#${String(e.id)}` : e.method))).toEqual([
      `${COMMAND}#0`,
      `${COMMAND}#1`,
      `${COMMAND}#2`,
      "turn/completed",
    ]);
    expect(dispatcher().turnCount).toBe(0);
  });

  it("a turn/start that fails forgets the turn's handler", async () => {
    const { codex, server, dispatcher } = setup();
    const thread = await codex.threadStart();
    server.handle("turn/start", () => {
      throw new Error("busy");
    });
    await expect(thread.turn("go", { onServerRequest: () => ({ decision: "accept" }) })).rejects.toThrow(
      "busy",
    );
    expect(dispatcher().turnCount).toBe(0);
    expect(await server.request(COMMAND, commandParams())).toMatchObject({ result: { decision: "decline" } });
  });
});

describe("failures are answered with an error and reported", () => {
  async function failWith(handler: ServerRequestHandler) {
    const env = setup({ onServerRequest: handler });
    const thread = await env.codex.threadStart();
    const turn = await thread.turn("go");
    const error = next(env.codex, "error");
    const answer = await env.server.request(COMMAND, commandParams());
    turnCompleted(env.server, TURN, "completed");
    const events: TurnEvent[] = [];
    for await (const event of turn.stream()) events.push(event);
    return { answer, error: await error, events };
  }

  it("a throwing handler: -32603 to the server, an `error` event on the client and in the turn's stream", async () => {
    const { answer, error, events } = await failWith(() => {
      throw new Error("boom");
    });
    expect(answer).toEqual({
      id: 0,
      error: { code: -32603, message: `client failed to handle ${COMMAND}: boom` },
    });
    expect(error).toMatchObject({
      method: "error",
      params: {
        error: {
          codexErrorInfo: null,
          misalignment: null,
          additionalDetails: expect.stringContaining("boom") as string,
        },
        willRetry: false,
        threadId: THREAD,
        turnId: TURN,
      },
    });
    expect(error.method === "error" && error.params.error.message).toBe(
      `onServerRequest handler failed for ${COMMAND} (request 0); the app-server was answered with a JSON-RPC error: boom`,
    );
    expect(events.map((e) => e.method)).toEqual([COMMAND, "error", "turn/completed"]);
  });

  it("a handler that throws a non-Error value", async () => {
    const { answer, error } = await failWith(() => {
      throw "nope"; // eslint-disable-line @typescript-eslint/only-throw-error -- what JavaScript callers can do
    });
    expect(answer).toMatchObject({
      error: { code: -32603, message: `client failed to handle ${COMMAND}: "nope"` },
    });
    expect(error.method === "error" && error.params.error.message).toContain(': "nope"');
  });

  it("a rejecting handler", async () => {
    const { answer, error } = await failWith(() => Promise.reject(new Error("nope")));
    expect(answer).toMatchObject({
      error: { code: -32603, message: `client failed to handle ${COMMAND}: nope` },
    });
    expect(error.method === "error" && error.params.error.message).toContain(": nope");
  });

  it.each([
    ["a wrong decision", { decision: "yes" }, 'decision must be one of "accept", "acceptForSession"'],
    ["the legacy word", { decision: "approved" }, 'got "approved"'],
    ["another method's answer", { action: "accept", content: null, _meta: null }, "decision must be one of"],
    ["not an object", "accept", "the answer must be an object"],
    ["an answer JSON cannot encode", { decision: "accept", n: 1n }, "cannot be encoded as JSON"],
  ])("an invalid answer (%s)", async (_, value, problem) => {
    const { answer, error } = await failWith(() => value as never);
    expect(answer).toMatchObject({
      error: { code: -32603, message: expect.stringContaining("returned an invalid answer") as string },
    });
    expect(JSON.stringify(answer)).toContain(problem.replaceAll('"', '\\"'));
    expect(error.method === "error" && error.params.error.message).toContain(problem);
  });

  it("a request outside any turn is reported on the client only, with empty ids", async () => {
    const { codex, server } = setup({
      onServerRequest: () => {
        throw new Error("no tokens");
      },
    });
    await codex.start();
    const error = next(codex, "error");
    expect(
      await server.request("account/chatgptAuthTokens/refresh", { reason: "unauthorized" }),
    ).toMatchObject({
      error: { code: -32603 },
    });
    expect((await error).params).toMatchObject({ threadId: "", turnId: "" });
  });
});

describe("credential-carrying answers", () => {
  it.each([
    ["a bare string", "eyJsecret.token.value"],
    ["a token of the wrong type", { accessToken: { jwt: "eyJsecret.token.value" }, chatgptAccountId: "acc" }],
    ["a wrong account id beside the token", { accessToken: "eyJsecret.token.value", chatgptAccountId: 7 }],
  ])(
    "an invalid token-refresh answer (%s) is refused without echoing the token to the server or the client",
    async (_what, answer) => {
      const { codex, server } = setup({ onServerRequest: () => answer as never });
      await codex.start();
      const error = next(codex, "error");
      const reply = await server.request("account/chatgptAuthTokens/refresh", { reason: "unauthorized" });
      expect(reply).toMatchObject({ error: { code: -32603 } });
      expect(JSON.stringify(reply)).not.toContain("eyJsecret");
      expect(JSON.stringify((await error).params)).not.toContain("eyJsecret");
    },
  );
});

describe("timeouts and aborts", () => {
  it("a handler slower than serverRequestTimeoutMs is answered with an error and its signal aborts", async () => {
    const { handler, calls } = waitingHandler();
    const { codex, server, dispatcher } = setup({ onServerRequest: handler, serverRequestTimeoutMs: 30 });
    await codex.start();
    const error = next(codex, "error");
    const answer = await server.request(COMMAND, commandParams());
    expect(answer).toEqual({
      id: 0,
      error: {
        code: -32603,
        message: `client failed to handle ${COMMAND}: the onServerRequest handler did not answer ${COMMAND} (request 0) within 30 ms`,
      },
    });
    const signal = calls[0]?.context.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(TimeoutError);
    expect((await error).params).toMatchObject({ turnId: TURN });
    expect(dispatcher().pendingCount).toBe(0);
  });

  it("a handler that never settles and ignores its signal is still answered at the timeout", async () => {
    const { codex, server } = setup({
      onServerRequest: () => new Promise(() => undefined),
      serverRequestTimeoutMs: 20,
    });
    await codex.start();
    expect(await server.request(COMMAND, commandParams())).toMatchObject({ error: { code: -32603 } });
  });

  it("serverRequest/resolved aborts a pending handler, is routed to the request's turn, and reports nothing", async () => {
    const { handler, calls, started } = waitingHandler();
    const { codex, server, seen, dispatcher } = setup({ onServerRequest: handler });
    const thread = await codex.threadStart();
    const turn = await thread.turn("go");
    const answer = server.request(COMMAND, commandParams());
    await started;
    server.notify("serverRequest/resolved", { threadId: THREAD, requestId: 0 });
    const signal = calls[0]?.context.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(AbortError);
    expect(await answer).toMatchObject({ error: { code: -32603 } }); // ignored by the server
    turnCompleted(server, TURN, "completed");
    const methods: string[] = [];
    for await (const event of turn.stream()) methods.push(event.method);
    expect(methods).toEqual([COMMAND, "serverRequest/resolved", "turn/completed"]);
    await listenersCalled();
    expect(seen.filter((n) => n.method === "error")).toEqual([]);
    expect(dispatcher().pendingCount).toBe(0);
  });

  it("turn/completed (an interrupt) aborts the handlers of that turn only", async () => {
    const { handler, calls } = waitingHandler();
    const { codex, server, seen } = setup({ onServerRequest: handler });
    await codex.start();
    const mine = server.request(COMMAND, commandParams());
    const other = server.request(COMMAND, commandParams({ turnId: "turn-2" }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    turnCompleted(server, TURN);
    expect(calls[0]?.context.signal.aborted).toBe(true);
    expect(calls[1]?.context.signal.aborted).toBe(false);
    expect(await mine).toMatchObject({ error: {} });
    // The server then resolves it; a resolved after turn/completed goes nowhere.
    server.notify("serverRequest/resolved", { threadId: THREAD, requestId: 0 });
    turnCompleted(server, "turn-2");
    expect(await other).toMatchObject({ error: {} });
    await listenersCalled();
    expect(seen.filter((n) => n.method === "error")).toEqual([]);
  });

  it("aborting the turn's signal aborts its pending handlers at once", async () => {
    const { handler, calls, started } = waitingHandler();
    const { codex, server } = setup();
    server.handle("turn/interrupt", () => ({}));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    await thread.turn("go", { signal: controller.signal, onServerRequest: handler });
    const answer = server.request(COMMAND, commandParams());
    await started;
    controller.abort(new Error("user pressed stop"));
    expect(calls[0]?.context.signal.aborted).toBe(true);
    expect((calls[0]?.context.signal.reason as Error).message).toBe("user pressed stop");
    expect(await answer).toMatchObject({ error: {} });
  });

  it("closing the client aborts pending handlers", async () => {
    const { handler, calls, started } = waitingHandler();
    const { codex, server, dispatcher } = setup({ onServerRequest: handler });
    await codex.start();
    void server.request(COMMAND, commandParams()).catch(() => undefined);
    await started;
    await codex.close();
    expect(calls[0]?.context.signal.aborted).toBe(true);
    expect(dispatcher().pendingCount).toBe(0);
  });
});

describe("run() and options", () => {
  it("run() ignores the server requests in the stream; the result is made of notifications", async () => {
    const { codex, server } = setup({ onServerRequest: () => ({ decision: "accept" }) });
    const thread = await codex.threadStart();
    const turn = await thread.turn("go");
    const result = turn.run();
    await server.request(COMMAND, commandParams());
    const item = { type: "agentMessage", id: "m", text: "done", phase: null };
    server.notify("item/completed", { threadId: THREAD, turnId: TURN, item });
    server.notify("turn/completed", {
      threadId: THREAD,
      turn: {
        id: TURN,
        status: "completed",
        items: [],
        error: null,
        startedAt: 1,
        completedAt: 2,
        durationMs: 5,
      },
    });
    const r = await result;
    expect(r.items).toEqual([item]);
    expect(r.finalResponse).toBe("done");
  });

  it("rejects bad options before anything starts", async () => {
    const { transport } = createMemoryTransport();
    expect(() => new Codex({ transport, onServerRequest: "approve" as never })).toThrow(InvalidArgumentError);
    for (const bad of [0, -5, Number.NaN, "10"]) {
      expect(() => new Codex({ transport, serverRequestTimeoutMs: bad as number })).toThrow(
        /serverRequestTimeoutMs/,
      );
    }
    const { codex } = setup();
    const thread = await codex.threadStart();
    await expect(thread.turn("go", { onServerRequest: {} as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it("the server gets exactly one answer per request", async () => {
    const { codex, server } = setup({
      onServerRequest: () => ({ decision: "accept" }),
      serverRequestTimeoutMs: 1000,
    });
    await codex.start();
    await Promise.all([0, 1, 2].map((i) => server.request(COMMAND, commandParams({ itemId: `c${i}` }))));
    const answers = server.received.filter((m: JsonRpcMessage) => m.method === undefined && "id" in m);
    expect(answers.map((m) => m.id).sort()).toEqual([0, 1, 2]);
  });
});
