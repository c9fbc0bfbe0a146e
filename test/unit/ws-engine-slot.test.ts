/**
 * The remote transports load their WebSocket engine on start() (ws-engine-slot.ts). Until it
 * exists they answer as the engine would; these are the answers of that window.
 */
import { describe, expect, it, vi } from "vitest";

import {
  CodexError,
  TransportClosedError,
  UnixSocketTransport,
  WebSocketTransport,
} from "../../src/index.js";
import type { TransportHandlers } from "../../src/transport/transport.js";

function handlers(): TransportHandlers & { closed: TransportClosedError[] } {
  const closed: TransportClosedError[] = [];
  return { closed, onMessage: () => undefined, onClose: (error) => closed.push(error) };
}

describe("a remote transport before its engine is loaded", () => {
  it("is new, refuses send(), and after close() refuses start() with the closure", async () => {
    const t = new WebSocketTransport({ url: "ws://127.0.0.1:9/", token: "tok" });
    expect(t.state).toBe("new");
    expect(() => t.send({ method: "x" })).toThrow(/the transport is not open/);
    await t.close();
    expect(t.state).toBe("closed");
    const h = handlers();
    await expect(t.start(h)).rejects.toThrow(/was closed by the client/);
    expect(h.closed).toEqual([]); // nothing was started, nothing to report
  });

  it("close() while the engine loads: the handlers hear of it once, start() rejects with it, nothing connects", async () => {
    const t = new UnixSocketTransport({ path: "/nonexistent/codex-app-sdk-test.sock" });
    const h = handlers();
    const started = t.start(h);
    expect(t.state).toBe("connecting");
    await t.close();
    expect(t.state).toBe("closed");
    await expect(started).rejects.toBeInstanceOf(TransportClosedError);
    await expect(started).rejects.toThrow(/was closed by the client/);
    expect(h.closed).toHaveLength(1);
    expect(h.closed[0]?.message).toMatch(/was closed by the client/);
    await t.close(); // again: nothing more
    expect(h.closed).toHaveLength(1);
  });

  it("start() twice rejects the second call, as the engine does", async () => {
    const t = new WebSocketTransport({ url: "ws://127.0.0.1:9/", connectTimeoutMs: 2000 });
    const first = t.start(handlers());
    await expect(t.start(handlers())).rejects.toBeInstanceOf(CodexError);
    await expect(first).rejects.toThrow(/could not connect|refused|timed out/);
  });

  it("a failed import of the engine rejects start() and the next start() of another transport retries", async () => {
    vi.resetModules();
    vi.doMock("../../src/transport/ws-engine.js", () => {
      throw new Error("simulated broken install");
    });
    const { WebSocketTransport: Fresh } = await import("../../src/transport/websocket.js");
    await expect(new Fresh({ url: "ws://127.0.0.1:9/" }).start(handlers())).rejects.toThrow(
      /simulated broken install|error when mocking/,
    );
    vi.doUnmock("../../src/transport/ws-engine.js");
    const again = new Fresh({ url: "ws://127.0.0.1:9/", connectTimeoutMs: 2000 });
    await expect(again.start(handlers())).rejects.toThrow(/could not connect|refused|timed out/);
  });
});
