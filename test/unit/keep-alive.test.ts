/**
 * When the client lets the Node process exit: the transport is unref'd whenever nothing is pending
 * (no request awaiting its answer, no turn started through the SDK running or queued, no login
 * wait, no open notifications() iterator) and ref'd again as soon as something is. Over the
 * in-memory fake app-server, whose answers the test times exactly.
 */
import { describe, expect, it } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import { createMemoryTransport, initializeResult } from "../support/memory-transport.js";

const THREAD = "thread-1";
const TURN = "turn-1";

/** A Codex over the fake, and `state()`: whether the transport currently holds the process. */
function setup() {
  const { transport, server } = createMemoryTransport();
  let referenced = true;
  const calls: string[] = [];
  Object.assign(transport, {
    ref: () => {
      referenced = true;
      calls.push("ref");
    },
    unref: () => {
      referenced = false;
      calls.push("unref");
    },
  });
  server.handle("initialize", () => initializeResult());
  server.handle("thread/start", () => ({ thread: { id: THREAD } }));
  server.handle("turn/start", () => ({ turn: { id: TURN, status: "inProgress", items: [] } }));
  const codex = new Codex({ transport });
  return { codex, server, state: () => (referenced ? "held" : "free"), calls };
}

describe("keep-alive", () => {
  it("an idle started client lets the process go; a pending request holds it until answered", async () => {
    const { codex, server, state } = setup();
    await codex.start();
    expect(state()).toBe("free");
    const pending = codex.request("config/read", {});
    const request = await server.nextRequest("config/read");
    expect(state()).toBe("held");
    server.respond(request.id, { config: {} });
    await pending;
    expect(state()).toBe("free");
    await codex.close();
  });

  it("a running turn holds the process until its turn/completed, even when nobody consumes it", async () => {
    const { codex, server, state } = setup();
    const thread = await codex.threadStart();
    await thread.turn("hi");
    expect(state()).toBe("held");
    server.notify("turn/started", { threadId: THREAD, turn: { id: TURN, status: "inProgress" } });
    expect(state()).toBe("held");
    server.notify("turn/completed", { threadId: THREAD, turn: { id: TURN, status: "completed", items: [] } });
    expect(state()).toBe("free");
    await codex.close();
  });

  it("a turn started by another client does not hold the process", async () => {
    const { codex, server, state } = setup();
    await codex.threadStart();
    server.notify("turn/started", { threadId: THREAD, turn: { id: "other", status: "inProgress" } });
    expect(state()).toBe("free");
    await codex.close();
  });

  it("an open notifications() iterator holds the process until it is closed", async () => {
    const { codex, state } = setup();
    const events = codex.notifications();
    await codex.start();
    expect(state()).toBe("held");
    await events.return?.();
    expect(state()).toBe("free");
    await codex.close();
  });
});
