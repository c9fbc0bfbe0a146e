/**
 * TurnHandle edge cases the real app-server cannot be made to produce on demand, over the
 * in-memory fake app-server: a server that never confirms an interrupt, and a connection that
 * drops under a waiting consumer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import { TurnRouter } from "../../src/api/turns/turn-router.js";
import { AbortError, TransportClosedError } from "../../src/errors.js";
import { createMemoryTransport, FakeRpcError, initializeResult } from "../support/memory-transport.js";

const THREAD = "thread-1";
const TURN = "turn-1";

function setup() {
  const { transport, server } = createMemoryTransport();
  server.handle("initialize", () => initializeResult());
  server.handle("thread/start", () => ({ thread: { id: THREAD } }));
  server.handle("turn/start", () => ({ turn: { id: TURN, status: "inProgress", items: [] } }));
  const register = vi.spyOn(TurnRouter.prototype, "register");
  const codex = new Codex({ transport });
  const router = (): TurnRouter => register.mock.contexts[0] as TurnRouter;
  const delta = (text: string): void =>
    server.notify("item/agentMessage/delta", { threadId: THREAD, turnId: TURN, itemId: "m", delta: text });
  return { codex, server, router, delta };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("TurnHandle", () => {
  it("an abort the server never confirms rejects after a bounded wait and releases the routing", async () => {
    const { codex, server, router, delta } = setup();
    let interrupts = 0;
    server.handle("turn/interrupt", () => {
      interrupts++;
      throw new FakeRpcError({ code: -32603, message: "stuck" });
    });
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const turn = await thread.turn("hi", { signal: controller.signal });
    server.notify("turn/started", { threadId: THREAD, turn: { id: TURN, status: "inProgress" } });
    const result = turn.run().then(
      () => "resolved",
      (e: unknown) => e,
    );
    delta("a");
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(interrupts).toBe(1);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toBeInstanceOf(AbortError);
    expect(router().registeredCount).toBe(0);
    // The turn's later events go nowhere: nothing keeps growing for a turn nobody consumes.
    delta("b");
    expect(router().registeredCount).toBe(0);
    expect(router().pendingCount).toBe(0);
    await codex.close();
  });

  it("a stream whose connection drops rejects the waiting loop and releases the routing", async () => {
    const { codex, server, router, delta } = setup();
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const seen: string[] = [];
    const loop = (async () => {
      for await (const event of turn.stream()) seen.push(event.method);
    })().then(
      () => "ended",
      (e: unknown) => e,
    );
    delta("a");
    await vi.advanceTimersByTimeAsync(0);
    server.crash({ exitCode: 1 });
    expect(await loop).toBeInstanceOf(TransportClosedError);
    expect(seen).toEqual(["item/agentMessage/delta"]);
    expect(router().registeredCount).toBe(0);
    await codex.close();
  });
});
