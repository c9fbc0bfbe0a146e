import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  AbortError,
  CodexError,
  InvalidParamsError,
  JsonRpcError,
  MethodNotFoundError,
  TimeoutError,
  TransportClosedError,
} from "../../src/errors.js";
import {
  CLIENT_HANDLER_ERROR_CODE,
  JsonRpcConnection,
  type ConnectionHandlers,
  type IncomingNotification,
  type IncomingRequest,
} from "../../src/rpc/connection.js";
import { createMemoryTransport, type FakeAppServer } from "../support/memory-transport.js";

interface Harness {
  connection: JsonRpcConnection;
  server: FakeAppServer;
  notifications: IncomingNotification[];
  malformed: { raw: string; error: Error }[];
  closes: TransportClosedError[];
}

async function open(handlers: Partial<ConnectionHandlers> = {}): Promise<Harness> {
  const { transport, server } = createMemoryTransport();
  const notifications: IncomingNotification[] = [];
  const malformed: { raw: string; error: Error }[] = [];
  const closes: TransportClosedError[] = [];
  const connection = new JsonRpcConnection(transport, {
    onNotification: (n) => notifications.push(n),
    onMalformed: (raw, error) => malformed.push({ raw, error }),
    onClose: (e) => closes.push(e),
    ...handlers,
  });
  await connection.start();
  return { connection, server, notifications, malformed, closes };
}

/** Settles a promise into a value or an error, for assertions on both. */
async function outcome<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await p };
  } catch (error) {
    return { error };
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("requests and responses", () => {
  it("sends integer ids from 1, leaves out undefined params, and resolves with the result", async () => {
    const { connection, server } = await open();
    const a = connection.request("thread/list", { limit: 1 });
    const b = connection.request("account/logout");
    const ma = await server.nextRequest();
    const mb = await server.nextRequest();
    expect(ma).toEqual({ id: 1, method: "thread/list", params: { limit: 1 } });
    expect(mb).toEqual({ id: 2, method: "account/logout" });
    expect("params" in mb).toBe(false);
    server.respond(1, { data: [] });
    server.respond(2, {});
    await expect(a).resolves.toEqual({ data: [] });
    await expect(b).resolves.toEqual({});
    expect(connection.pendingCount).toBe(0);
  });

  it("matches out-of-order responses to their requests", async () => {
    const { connection, server } = await open();
    const calls = [0, 1, 2, 3, 4].map((n) => connection.request("m", { n }));
    const sent = await Promise.all(calls.map(() => server.nextRequest("m")));
    for (const msg of [...sent].reverse()) {
      server.respond(msg.id, { echo: (msg.params as { n: number }).n });
    }
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3, 4].map((n) => ({ echo: n })));
  });

  it("ignores a response whose id is unknown, and still resolves the real one", async () => {
    const { connection, server, malformed } = await open();
    const p = connection.request("m");
    const msg = await server.nextRequest("m");
    server.respond(999, { wrong: true });
    expect(connection.pendingCount).toBe(1);
    server.respond(msg.id, { right: true });
    await expect(p).resolves.toEqual({ right: true });
    expect(malformed).toEqual([]);
  });

  it("rejects with the JsonRpcError subclass for the code, carrying method, code, message and data", async () => {
    const { connection, server } = await open();
    const p = connection.request("no/such/method", {});
    const msg = await server.nextRequest();
    server.respondError(msg.id, {
      code: -32600,
      message:
        "Invalid request: unknown variant `no/such/method`, expected one of `initialize`, `thread/start`",
    });
    const { error } = await outcome(p);
    expect(error).toBeInstanceOf(MethodNotFoundError);
    const e = error as MethodNotFoundError;
    expect(e.method).toBe("no/such/method");
    expect(e.code).toBe(-32600);
    expect(e.rpcMessage).toContain("unknown variant `no/such/method`");

    const q = connection.request("thread/list", { limit: "x" });
    const mq = await server.nextRequest();
    server.respondError(mq.id, {
      code: -32600,
      message: 'Invalid request: invalid type: string "x", expected u32',
      data: { field: "limit" },
    });
    const { error: e2 } = await outcome(q);
    expect(e2).toBeInstanceOf(InvalidParamsError);
    expect((e2 as InvalidParamsError).data).toEqual({ field: "limit" });
  });

  it("delivers notifications with their params and emittedAtMs", async () => {
    const { server, notifications } = await open();
    server.push({ method: "thread/started", params: { thread: { id: "t" } }, emittedAtMs: 123 });
    server.push({ method: "noParams" });
    expect(notifications).toEqual([
      { method: "thread/started", params: { thread: { id: "t" } }, emittedAtMs: 123 },
      { method: "noParams" },
    ]);
  });

  it("reports messages that are neither request, notification nor response as malformed, and keeps going", async () => {
    const { connection, server, malformed, notifications } = await open();
    server.push({ foo: "bar" });
    server.push({ id: "a-string-id", result: {} }); // we only send integer ids
    server.push({ method: "x", id: { nested: true } });
    expect(malformed.map((m) => m.error.message)).toEqual([
      "message is not a JSON-RPC request, notification or response",
      "message is not a JSON-RPC request, notification or response",
      "request id must be a string or integer",
    ]);
    expect(malformed[0]?.raw).toBe('{"foo":"bar"}');
    server.pushMalformed("{not json", new SyntaxError("bad"));
    expect(malformed[3]).toEqual({ raw: "{not json", error: new SyntaxError("bad") });
    server.notify("still/alive");
    expect(notifications.map((n) => n.method)).toEqual(["still/alive"]);
    const p = connection.request("m");
    server.respond((await server.nextRequest()).id, 1);
    await expect(p).resolves.toBe(1);
  });
});

describe("abort", () => {
  it("rejects at once and sends nothing when the signal is already aborted", async () => {
    const { connection, server } = await open();
    const ac = new AbortController();
    ac.abort();
    const { error } = await outcome(connection.request("m", {}, { signal: ac.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).name).toBe("AbortError");
    expect(server.received).toEqual([]);
    expect(connection.pendingCount).toBe(0);
  });

  it("rejects a pending request on abort, removes its listener, and drops the late response", async () => {
    const { connection, server, malformed } = await open();
    const ac = new AbortController();
    const p = connection.request("m", {}, { signal: ac.signal });
    const msg = await server.nextRequest("m");
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(1);
    const reason = new Error("user gave up");
    ac.abort(reason);
    const { error } = await outcome(p);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect((error as AbortError).message).toContain("m was aborted");
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    expect(connection.pendingCount).toBe(0);
    server.respond(msg.id, "late");
    expect(malformed).toEqual([]);
  });

  it("uses a CodexError abort reason as the rejection itself", async () => {
    const { connection } = await open();
    const ac = new AbortController();
    const p = connection.request("m", {}, { signal: ac.signal });
    const reason = new CodexError("custom");
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
  });

  it("removes the abort listener when the request completes normally (no leak over many calls)", async () => {
    const { connection, server } = await open();
    const ac = new AbortController();
    for (let i = 0; i < 50; i++) {
      const p = connection.request("m", { i }, { signal: ac.signal });
      server.respond((await server.nextRequest()).id, i);
      await p;
      const q = connection.request("m", { i }, { signal: ac.signal });
      server.respondError((await server.nextRequest()).id, { code: -32603, message: "x" });
      await q.catch(() => undefined);
    }
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });

  it("removes the abort listener when the connection closes", async () => {
    const { connection, server } = await open();
    const ac = new AbortController();
    const p = connection.request("m", {}, { signal: ac.signal });
    await server.nextRequest();
    server.crash();
    await expect(p).rejects.toBeInstanceOf(TransportClosedError);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });
});

describe("timeout", () => {
  it("rejects with TimeoutError after timeoutMs and drops the late response", async () => {
    vi.useFakeTimers();
    const { connection, server } = await open();
    const p = connection.request("slow", {}, { timeoutMs: 500 });
    const settled = outcome(p);
    const msg = server.received[0];
    expect(msg).toMatchObject({ method: "slow" });
    await vi.advanceTimersByTimeAsync(499);
    expect(connection.pendingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await settled;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(500);
    expect((error as TimeoutError).message).toBe("slow timed out after 500 ms");
    expect(connection.pendingCount).toBe(0);
    server.respond(msg?.id as number, "late");
  });

  it("clears the timer when the response arrives in time", async () => {
    vi.useFakeTimers();
    const { connection, server } = await open();
    const p = connection.request("fast", {}, { timeoutMs: 10_000 });
    expect(vi.getTimerCount()).toBe(1);
    server.respond(server.received[0]?.id as number, "ok");
    await expect(p).resolves.toBe("ok");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears the timer on abort and on close", async () => {
    vi.useFakeTimers();
    const { connection, server } = await open();
    const ac = new AbortController();
    const a = outcome(connection.request("a", {}, { timeoutMs: 10_000, signal: ac.signal }));
    const b = outcome(connection.request("b", {}, { timeoutMs: 10_000 }));
    expect(vi.getTimerCount()).toBe(2);
    ac.abort();
    expect((await a).error).toBeInstanceOf(AbortError);
    expect(vi.getTimerCount()).toBe(1);
    server.crash();
    expect((await b).error).toBeInstanceOf(TransportClosedError);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("server-initiated requests", () => {
  async function answerWith(onRequest: ConnectionHandlers["onRequest"]) {
    const h = await open(onRequest ? { onRequest } : {});
    return { ...h, answer: (params: unknown = { p: 1 }) => h.server.request("item/tool/call", params) };
  }

  it("answers with the handler's value and passes id, method and params", async () => {
    const seen: IncomingRequest[] = [];
    const { answer } = await answerWith((req) => {
      seen.push(req);
      return { decision: "accept" };
    });
    await expect(answer()).resolves.toEqual({ id: 0, result: { decision: "accept" } });
    expect(seen).toEqual([{ id: 0, method: "item/tool/call", params: { p: 1 } }]);
  });

  it("answers undefined as an empty object", async () => {
    const { answer } = await answerWith(() => undefined);
    await expect(answer()).resolves.toEqual({ id: 0, result: {} });
  });

  it("answers with the value of a returned promise", async () => {
    const { answer } = await answerWith(async () => {
      await Promise.resolve();
      return { decision: "decline" };
    });
    await expect(answer()).resolves.toEqual({ id: 0, result: { decision: "decline" } });
  });

  it("answers a throwing handler with a -32603 error naming the method", async () => {
    const { answer } = await answerWith(() => {
      throw new Error("boom");
    });
    await expect(answer()).resolves.toEqual({
      id: 0,
      error: { code: CLIENT_HANDLER_ERROR_CODE, message: "client failed to handle item/tool/call: boom" },
    });
  });

  it("answers a rejecting handler with an error", async () => {
    const { answer } = await answerWith(() => Promise.reject(new Error("nope")));
    await expect(answer()).resolves.toEqual({
      id: 0,
      error: { code: -32603, message: "client failed to handle item/tool/call: nope" },
    });
  });

  it("answers a handler that throws a non-Error", async () => {
    const { answer } = await answerWith(() => {
      throw "plain string"; // eslint-disable-line @typescript-eslint/only-throw-error
    });
    await expect(answer()).resolves.toMatchObject({
      error: { code: -32603, message: expect.stringContaining("plain string") as unknown },
    });
  });

  it("answers a thrown JsonRpcError with its own code, message and data", async () => {
    const { answer } = await answerWith(() => {
      throw new JsonRpcError({ code: -32000, message: "client refuses", data: { why: "policy" } });
    });
    await expect(answer()).resolves.toEqual({
      id: 0,
      error: { code: -32000, message: "client refuses", data: { why: "policy" } },
    });
  });

  it("answers with a -32601 error when there is no handler", async () => {
    const { answer } = await answerWith(undefined);
    const response = await answer();
    expect(response).toEqual({
      id: 0,
      error: { code: -32601, message: "client has no handler for item/tool/call" },
    });
  });

  it("keeps string ids as given", async () => {
    const { server } = await answerWith(() => "ok");
    const answered = server.next((m) => m.id === "srv-1");
    server.push({ id: "srv-1", method: "x", params: {} });
    await expect(answered).resolves.toEqual({ id: "srv-1", result: "ok" });
  });

  it("answers concurrent server requests independently, in completion order", async () => {
    const gates = new Map<number, () => void>();
    const { server } = await answerWith(
      (req) =>
        new Promise((resolve) => {
          gates.set((req.params as { n: number }).n, () => resolve({ n: (req.params as { n: number }).n }));
        }),
    );
    const first = server.request("a", { n: 1 });
    const second = server.request("b", { n: 2 });
    await vi.waitFor(() => expect(gates.size).toBe(2));
    gates.get(2)?.();
    await expect(second).resolves.toEqual({ id: 1, result: { n: 2 } });
    gates.get(1)?.();
    await expect(first).resolves.toEqual({ id: 0, result: { n: 1 } });
  });

  it("does not answer after the connection closed", async () => {
    let release: (() => void) | undefined;
    const { server, connection } = await answerWith(
      () =>
        new Promise((resolve) => {
          release = () => resolve("late");
        }),
    );
    const answered = outcome(server.request("a", {}, 200));
    await vi.waitFor(() => expect(release).toBeDefined());
    await connection.close();
    release?.();
    const { error } = await answered;
    expect(String(error)).toContain("did not answer");
    expect(server.received).toEqual([]);
  });
});

describe("close and fail-all", () => {
  it("rejects every pending request with the same TransportClosedError carrying exit info, and every later call at once", async () => {
    const { connection, server, closes } = await open();
    const pending = [connection.request("a"), connection.request("b"), connection.request("c")];
    const settled = pending.map(outcome);
    const crash = server.crash({
      message: "codex app-server was killed by SIGKILL",
      exitCode: null,
      signal: "SIGKILL",
      stderrTail: "last words",
    });
    const errors = (await Promise.all(settled)).map((o) => o.error);
    for (const e of errors) expect(e).toBe(crash);
    expect(crash.signal).toBe("SIGKILL");
    expect(crash.stderrTail).toBe("last words");
    expect(crash.message).toContain("last words");
    expect(closes).toEqual([crash]);
    expect(connection.closeError).toBe(crash);
    expect(connection.pendingCount).toBe(0);
    await expect(connection.request("later")).rejects.toBe(crash);
    expect(() => connection.notify("later")).toThrow(crash);
    expect(server.received.map((m) => m.method)).toEqual(["a", "b", "c"]);
  });

  it("close() rejects pending requests, closes the transport once, and is idempotent", async () => {
    const { connection, server, closes } = await open();
    const p = outcome(connection.request("a"));
    await connection.close();
    await connection.close();
    const { error } = await p;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain("closed by the client");
    expect(closes).toHaveLength(1);
    expect(server.closeCalls).toBeGreaterThanOrEqual(1);
    await expect(connection.request("b")).rejects.toBe(error);
    expect(() => connection.notify("initialized")).toThrow(TransportClosedError);
  });

  it("a request before start() rejects with a TransportClosedError instead of hanging", async () => {
    const { transport } = createMemoryTransport();
    const connection = new JsonRpcConnection(transport, { onNotification: () => undefined });
    await expect(connection.request("early")).rejects.toBeInstanceOf(TransportClosedError);
    expect(connection.pendingCount).toBe(0);
  });

  it("start() after close() rejects with the close error instead of starting the transport", async () => {
    const { transport, server } = createMemoryTransport();
    const connection = new JsonRpcConnection(transport, { onNotification: () => undefined });
    await connection.close();
    await expect(connection.start()).rejects.toBeInstanceOf(TransportClosedError);
    expect(server.started).toBe(false);
  });

  it("start() is idempotent and a failed start closes the connection", async () => {
    const { transport, server } = createMemoryTransport();
    server.startError = new TransportClosedError("spawn failed");
    const closes: TransportClosedError[] = [];
    const connection = new JsonRpcConnection(transport, {
      onNotification: () => undefined,
      onClose: (e) => closes.push(e),
    });
    const a = connection.start();
    const b = connection.start();
    expect(a).toBe(b);
    await expect(a).rejects.toThrow("spawn failed");
    expect(closes).toHaveLength(1);
    await expect(connection.request("x")).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("notify() sends a notification without id and leaves out undefined params", async () => {
    const { connection, server } = await open();
    connection.notify("initialized");
    connection.notify("with/params", { a: 1 });
    expect(await server.nextNotification("initialized")).toEqual({ method: "initialized" });
    expect(await server.nextNotification("with/params")).toEqual({ method: "with/params", params: { a: 1 } });
  });

  it("notify() before start() throws instead of dropping the message silently", () => {
    const { transport } = createMemoryTransport();
    const connection = new JsonRpcConnection(transport, { onNotification: () => undefined });
    expect(() => connection.notify("initialized")).toThrow(TransportClosedError);
  });
});

describe("backpressure: send() returning a promise", () => {
  it("keeps the request pending while the write is blocked and resolves it normally", async () => {
    const { connection, server } = await open();
    let drain: (() => void) | undefined;
    server.sendHook = () =>
      new Promise<void>((resolve) => {
        drain = resolve;
      });
    const p = connection.request("m");
    const msg = await server.nextRequest();
    expect(drain).toBeDefined();
    server.respond(msg.id, "done");
    await expect(p).resolves.toBe("done");
    drain?.();
  });

  it("rejects the request when the write promise rejects", async () => {
    const { connection, server } = await open();
    const writeError = new TransportClosedError("stdin closed");
    server.sendHook = () => Promise.reject(writeError);
    await expect(connection.request("m")).rejects.toBe(writeError);
    expect(connection.pendingCount).toBe(0);
  });

  it("rejects the request when send() throws synchronously", async () => {
    const { connection, server } = await open();
    server.sendHook = () => {
      throw new Error("not serialisable");
    };
    const { error } = await outcome(connection.request("m"));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("not serialisable");
    expect(connection.pendingCount).toBe(0);
  });

  it("does not leave an unhandled rejection when a notification or an answer write fails", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { connection, server } = await open({ onRequest: () => "ok" });
      server.sendHook = () => Promise.reject(new Error("write failed"));
      connection.notify("n");
      server.push({ id: 7, method: "srv", params: {} });
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(server.received.map((m) => m.method ?? m.id)).toEqual(["n", 7]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
