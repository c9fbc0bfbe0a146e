/**
 * The session multiplexer that lets one in-process MCP server object serve every MCP session the
 * runtime opens: answers reach the session that asked even when two sessions use the same request
 * id, cancellations are renamed like their requests, and notifications go to every session.
 */
import { describe, expect, it } from "vitest";

import { SessionMux, type McpMessage, type McpSendOptions } from "../../src/api/mcp/session-mux.js";

function fakeSession() {
  const sent: { message: McpMessage; options: McpSendOptions | undefined }[] = [];
  let closed = 0;
  return {
    sent,
    get closed() {
      return closed;
    },
    send: (message: McpMessage, options?: McpSendOptions) => {
      sent.push({ message, options });
      return Promise.resolve();
    },
    close: () => {
      closed++;
      return Promise.resolve();
    },
  };
}

describe("SessionMux", () => {
  it("renames request ids per session and routes each answer back with its original id", async () => {
    const mux = new SessionMux();
    const toServer: McpMessage[] = [];
    mux.onmessage = (m) => toServer.push(m);
    const [a, b] = [fakeSession(), fakeSession()];
    const fromA = mux.add(a);
    const fromB = mux.add(b);
    fromA({ jsonrpc: "2.0", id: 1, method: "tools/call", params: {} });
    fromB({ jsonrpc: "2.0", id: 1, method: "tools/call", params: {} });
    const [idA, idB] = toServer.map((m) => m["id"]);
    expect(idA).not.toBe(idB);

    await mux.send({ jsonrpc: "2.0", id: idB, result: { who: "b" } });
    await mux.send({ jsonrpc: "2.0", id: idA, result: { who: "a" } });
    expect(a.sent).toEqual([
      { message: { jsonrpc: "2.0", id: 1, result: { who: "a" } }, options: { relatedRequestId: 1 } },
    ]);
    expect(b.sent).toEqual([
      { message: { jsonrpc: "2.0", id: 1, result: { who: "b" } }, options: { relatedRequestId: 1 } },
    ]);
  });

  it("keeps string and number ids apart, renames cancellations, and sends related messages to their session", async () => {
    const mux = new SessionMux();
    const toServer: McpMessage[] = [];
    mux.onmessage = (m) => toServer.push(m);
    const a = fakeSession();
    const fromA = mux.add(a);
    fromA({ jsonrpc: "2.0", id: 7, method: "tools/call" });
    fromA({ jsonrpc: "2.0", id: "7", method: "tools/call" });
    fromA({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 7 } });
    const [num, str, cancel] = toServer;
    expect(num?.["id"]).not.toBe(str?.["id"]);
    expect(cancel?.["params"]).toEqual({ requestId: num?.["id"] });

    await mux.send(
      { jsonrpc: "2.0", method: "notifications/progress" },
      { relatedRequestId: num?.["id"] as string },
    );
    expect(a.sent.at(-1)?.options).toEqual({ relatedRequestId: 7 });
  });

  it("broadcasts notifications, forgets removed sessions, and closes every session once", async () => {
    const mux = new SessionMux();
    let closed = 0;
    mux.onclose = () => closed++;
    const [a, b] = [fakeSession(), fakeSession()];
    mux.add(a);
    mux.add(b);
    await mux.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
    mux.remove(b);
    await mux.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    expect([a.sent.length, b.sent.length]).toEqual([2, 1]);
    await mux.close();
    await mux.close();
    expect([a.closed, b.closed, closed]).toEqual([1, 0, 1]);
  });
});
