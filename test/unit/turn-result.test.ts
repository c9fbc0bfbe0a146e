/**
 * A turn that streams and returns (TurnHandle.result(), the handle as an async iterable), and the
 * delivery of codex.on() listeners after the turns' own routing, over the in-memory fake
 * app-server (the server's messages are delivered synchronously, like one read from the pipe).
 */
import { afterEach, describe, expect, it } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import type { TurnEvent } from "../../src/api/events.js";
import { TurnFailedError } from "../../src/api/turns/result.js";
import { OutputValidationError } from "../../src/api/structured/output-schema.js";
import { AbortError, CodexError, TransportClosedError } from "../../src/errors.js";
import { listenersCalled } from "../support/listeners.js";
import { createMemoryTransport, initializeResult, type FakeAppServer } from "../support/memory-transport.js";

const clients: Codex[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function setup() {
  const { transport, server } = createMemoryTransport();
  let threads = 0;
  let turns = 0;
  server.handle("initialize", () => initializeResult());
  server.handle("thread/start", () => ({ thread: { id: `thread-${++threads}` } }));
  server.handle("turn/start", () => ({ turn: { id: `turn-${++turns}`, status: "inProgress", items: [] } }));
  const codex = new Codex({ transport });
  clients.push(codex);
  return { codex, server };
}

function turnObject(id: string, status: string, error: unknown = null) {
  return { id, status, items: [], error, startedAt: 1, completedAt: 2, durationMs: 1000 };
}

/** Plays a whole turn: started, a streamed answer, its usage, then completed with `status`. */
function playTurn(
  server: FakeAppServer,
  threadId: string,
  turnId: string,
  answer: string,
  status = "completed",
) {
  const ids = { threadId, turnId };
  server.notify("turn/started", { threadId, turn: turnObject(turnId, "inProgress") });
  server.notify("item/agentMessage/delta", { ...ids, itemId: "m", delta: answer });
  const item = { type: "agentMessage", id: "m", text: answer, phase: "final_answer" };
  server.notify("item/completed", { ...ids, item });
  const breakdown = {
    totalTokens: 7,
    inputTokens: 5,
    cachedInputTokens: 0,
    outputTokens: 2,
    reasoningOutputTokens: 0,
  };
  server.notify("thread/tokenUsage/updated", {
    ...ids,
    tokenUsage: { total: breakdown, last: breakdown, modelContextWindow: null },
  });
  const error = status === "failed" ? { message: "the model failed", codexErrorInfo: null } : null;
  server.notify("turn/completed", { threadId, turn: turnObject(turnId, status, error) });
}

async function methodsOf(events: AsyncIterable<TurnEvent>): Promise<string[]> {
  const methods: string[] = [];
  for await (const e of events) methods.push(e.method);
  return methods;
}

describe("a turn that streams and returns", () => {
  it("for await on the handle streams its events; result() afterwards has the final response and usage", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    playTurn(server, thread.id, turn.id, "hello");
    expect(await methodsOf(turn)).toEqual([
      "turn/started",
      "item/agentMessage/delta",
      "item/completed",
      "thread/tokenUsage/updated",
      "turn/completed",
    ]);
    const result = await turn.result();
    expect(result).toMatchObject({
      id: turn.id,
      status: "completed",
      finalResponse: "hello",
      durationMs: 1000,
    });
    expect(result.usage?.last.totalTokens).toBe(7);
    expect(result.items).toHaveLength(1);
    // The same promise every time; run() is the same call.
    expect(turn.result()).toBe(turn.result());
    expect(turn.run()).toBe(turn.result());
  });

  it("result() asked for while the stream runs resolves when the turn completes", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const stream = turn.stream();
    const result = turn.result();
    let settled = false;
    void result.then(() => (settled = true));
    server.notify("turn/started", { threadId: thread.id, turn: turnObject(turn.id, "inProgress") });
    const first = await stream.next();
    expect(first.done === false && first.value.method).toBe("turn/started");
    expect(settled).toBe(false);
    playTurn(server, thread.id, turn.id, "done");
    expect((await result).finalResponse).toBe("done");
    expect(await methodsOf(stream)).toContain("turn/completed");
  });

  it("leaving the loop early interrupts the turn: result() is the interrupted turn's result", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    server.handle("turn/interrupt", () => {
      server.notify("item/completed", {
        threadId: thread.id,
        turnId: turn.id,
        item: { type: "agentMessage", id: "m", text: "partial", phase: null },
      });
      queueMicrotask(() =>
        server.notify("turn/completed", { threadId: thread.id, turn: turnObject(turn.id, "interrupted") }),
      );
      return {};
    });
    server.notify("turn/started", { threadId: thread.id, turn: turnObject(turn.id, "inProgress") });
    for await (const event of turn) if (event.method === "turn/started") break;
    const result = await turn.result();
    expect(result.status).toBe("interrupted");
    expect(result.finalResponse).toBe("partial"); // collected while the exit waited
  });

  it("with interruptOnExit: false, result() resolves when the turn completes on the server", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    server.notify("turn/started", { threadId: thread.id, turn: turnObject(turn.id, "inProgress") });
    for await (const event of turn.stream({ interruptOnExit: false }))
      if (event.method === "turn/started") break;
    const result = turn.result();
    playTurn(server, thread.id, turn.id, "finished anyway");
    expect(await result).toMatchObject({ status: "completed", finalResponse: "finished anyway" });
    expect(server.untaken.some((m) => "method" in m && m.method === "turn/interrupt")).toBe(false);
  });

  it("a failed turn ends its stream normally and result() rejects with TurnFailedError", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    playTurn(server, thread.id, turn.id, "", "failed");
    expect((await methodsOf(turn)).at(-1)).toBe("turn/completed");
    const error = await turn.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).result.status).toBe("failed");
  });

  it("an aborted turn rejects both the stream and result() with AbortError", async () => {
    const { codex, server } = setup();
    server.handle("turn/interrupt", () => ({}));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const turn = await thread.turn("hi", { signal: controller.signal });
    server.notify("turn/started", { threadId: thread.id, turn: turnObject(turn.id, "inProgress") });
    controller.abort();
    server.notify("turn/completed", { threadId: thread.id, turn: turnObject(turn.id, "interrupted") });
    await expect(methodsOf(turn)).rejects.toBeInstanceOf(AbortError);
    await expect(turn.result()).rejects.toBeInstanceOf(AbortError);
  });

  it("a structured answer that fails to parse rejects result() with OutputValidationError; the stream is unaffected", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const schema = { type: "object", properties: { n: { type: "number" } } };
    const turn = await thread.turn("hi", { outputSchema: schema });
    playTurn(server, thread.id, turn.id, "not json");
    expect((await methodsOf(turn)).at(-1)).toBe("turn/completed");
    await expect(turn.result()).rejects.toBeInstanceOf(OutputValidationError);

    const ok = await thread.turn("again", { outputSchema: schema });
    playTurn(server, thread.id, ok.id, '{"n":3}');
    await methodsOf(ok);
    expect((await ok.result()).output).toEqual({ n: 3 });
  });

  it("iterates once, with errors that say what to do; stream() after result() is refused", async () => {
    const { codex, server } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const stream = turn.stream();
    expect(() => turn.stream()).toThrow(CodexError);
    expect(() => turn[Symbol.asyncIterator]()).toThrow(/already consumed by stream\(\).*turn\.result\(\)/);
    playTurn(server, thread.id, turn.id, "x");
    await methodsOf(stream);

    const second = await thread.turn("again");
    const result = second.result();
    expect(() => second.stream()).toThrow(/already consumed by result\(\).*call stream\(\) first/);
    playTurn(server, thread.id, second.id, "y");
    expect((await result).finalResponse).toBe("y");
  });

  it("streaming without ever asking for the result leaves no unhandled rejection (failed turn, lost connection)", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    try {
      const { codex, server } = setup();
      const thread = await codex.threadStart();
      const failed = await thread.turn("fail");
      playTurn(server, thread.id, failed.id, "", "failed");
      await methodsOf(failed);
      const lost = await thread.turn("lose");
      const loop = methodsOf(lost).catch((e: unknown) => e);
      server.crash({ exitCode: 1 });
      expect(await loop).toBeInstanceOf(TransportClosedError);
      // Unhandled rejections are reported after the microtask queue drained: two turns of the loop.
      await listenersCalled();
      await listenersCalled();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("codex.on() listeners run after the turns' routing", () => {
  it("a listener of turn A's event runs after turn B's stream has received B's events of the same read", async () => {
    const { codex, server } = setup();
    const [a, b] = await Promise.all([codex.threadStart(), codex.threadStart()]);
    const turnA = await a.turn("a");
    const turnB = await b.turn("b");
    const bSeen: string[] = [];
    const bLoop = (async () => {
      for await (const e of turnB) bSeen.push(e.method);
    })();
    const seenByListener: string[][] = [];
    const onMessageReturned: boolean[] = [];
    let returned = false;
    codex.on("item/agentMessage/delta", (n) => {
      if (n.params.turnId !== turnA.id) return;
      onMessageReturned.push(returned);
      seenByListener.push([...bSeen]); // what turn B's consumer had when the (slow) listener ran
    });
    // One read from the pipe: A's delta first, then all of B's turn.
    server.notify("item/agentMessage/delta", { threadId: a.id, turnId: turnA.id, itemId: "m", delta: "A" });
    playTurn(server, b.id, turnB.id, "B");
    returned = true;
    await bLoop;
    await listenersCalled();
    expect(onMessageReturned).toEqual([true]);
    expect(seenByListener).toEqual([
      [
        "turn/started",
        "item/agentMessage/delta",
        "item/completed",
        "thread/tokenUsage/updated",
        "turn/completed",
      ],
    ]);
    playTurn(server, a.id, turnA.id, "A");
    await turnA.result();
  });
});
