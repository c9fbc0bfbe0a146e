/**
 * WebSocketTransport against local fake servers (no app-server process): safety checks, the exact
 * upgrade request, framing, refusals, timeouts, TLS, loss, close, backpressure and keep-alive.
 */
import { createRequire } from "node:module";
import type * as NetModule from "node:net";
import type { Socket } from "node:net";
import type * as TlsModule from "node:tls";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  CodexError,
  InvalidArgumentError,
  TransportClosedError,
} from "../../src/errors.js";
import { WebSocketTransport, isLoopbackHost } from "../../src/transport/websocket.js";
import {
  fakeServer,
  listen,
  rawServer,
  recorder,
  refusingServer,
  runCleanups,
  track,
  until,
} from "../support/ws-fakes.js";
import { PROMPT_MS } from "../support/bounds.js";

// The CommonJS objects `ws` itself uses, so that spies see its calls.
const require = createRequire(import.meta.url);
const net = require("node:net") as typeof NetModule;
const tls = require("node:tls") as typeof TlsModule;

const TOKEN = "s3cr3t-capability-token";

// A throwaway self-signed certificate for CN=localhost, IP 127.0.0.1 (valid until 2126): test fixture only.
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUKxEaO4cYroaRq0q64Yy5D4yFyC4wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTE2MTUzN1oYDzIxMjYxMTAx
MTYxNTM3WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQAemqgDNCeHCWSXNw82P8m6X0XM9NAO5eZcaBYBUj0olsmCjfnRNeU
U9NV7WdG7QwBOeQKXPWBxaksp8dSXY2Yo28wbTAdBgNVHQ4EFgQUlZoKQDNey09T
bbm6Z/Rn+KovAM0wHwYDVR0jBBgwFoAUlZoKQDNey09Tbbm6Z/Rn+KovAM0wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIhAP8zaJk/v/q3MxFyiAns+HaIDY0Xh2RO91ZRv2Pk/WvhAiAd
EhjZCJd6iCdYmSojSlcMyuMfCSRm20i0I7g+kk9HcA==
-----END CERTIFICATE-----
`;
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxW5zlJ5nActeZnAe
GnR38Xr2DagP1nRlkjPcSci/truhRANCAAQAemqgDNCeHCWSXNw82P8m6X0XM9NA
O5eZcaBYBUj0olsmCjfnRNeUU9NV7WdG7QwBOeQKXPWBxaksp8dSXY2Y
-----END PRIVATE KEY-----
`;

afterEach(async () => {
  vi.restoreAllMocks();
  await runCleanups();
});

describe("safety checks before any connection", () => {
  it("refuses ws:// to a non-loopback host without opening a socket", () => {
    const spies = [vi.spyOn(net, "connect"), vi.spyOn(net, "createConnection"), vi.spyOn(tls, "connect")];
    for (const url of [
      "ws://10.255.255.1:4500",
      "ws://example.com/",
      "ws://[fe80::1]:80",
      "ws://0.0.0.0:1",
    ]) {
      let error: unknown;
      try {
        new WebSocketTransport({ url, token: TOKEN });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CodexError);
      expect((error as Error).message).toMatch(/refusing to connect.*allowInsecure/s);
      expect((error as Error).message).not.toContain(TOKEN);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("connects to a non-loopback ws:// host only with allowInsecure, and names the url on failure", async () => {
    const spies = [vi.spyOn(net, "connect"), vi.spyOn(net, "createConnection")];
    const transport = track(
      new WebSocketTransport({
        url: "ws://10.255.255.1:4500",
        token: TOKEN,
        allowInsecure: true,
        connectTimeoutMs: 300,
      }),
    );
    const error = await transport.start(recorder().handlers).catch((e: unknown) => e);
    expect(spies.some((spy) => spy.mock.calls.length > 0)).toBe(true);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain("ws://10.255.255.1:4500/");
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("classifies loopback hosts without resolving names", () => {
    for (const h of [
      "localhost",
      "127.0.0.1",
      "127.8.9.10",
      "[::1]",
      "::1",
      "[::ffff:127.0.0.1]",
      "LOCALHOST",
    ]) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      "10.0.0.1",
      "0.0.0.0",
      "example.com",
      "localhost.example.com",
      "[::]",
      "128.0.0.1",
      "[fe80::1]",
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
    expect(isLoopbackHost(new URL("ws://0x7f.1:80").hostname)).toBe(true); // the URL parser canonicalises
  });

  it("rejects bad urls, credentials in the url, Origin, subprotocols and a doubled Authorization", () => {
    const bad: Array<[ConstructorParameters<typeof WebSocketTransport>[0], RegExp]> = [
      [{ url: "http://127.0.0.1:1" }, /ws:\/\/ or wss:\/\//],
      [{ url: "not a url" }, /invalid WebSocket url/],
      [{ url: "ws://user:hunter2@127.0.0.1:1" }, /credentials in the url/],
      [{ url: "ws://127.0.0.1:1/#x" }, /fragment/],
      [{ url: "ws://127.0.0.1:1", headers: { origin: "http://x" } }, /Origin/],
      [{ url: "ws://127.0.0.1:1", headers: { "Sec-WebSocket-Protocol": "p" } }, /subprotocol/],
      [{ url: "ws://127.0.0.1:1", token: TOKEN, headers: { Authorization: "Bearer x" } }, /either the token/],
      [{ url: "ws://127.0.0.1:1", token: "has space" }, /cannot be sent in an HTTP header/],
      [{ url: "ws://127.0.0.1:1", connectTimeoutMs: 0 }, /connectTimeoutMs/],
    ];
    for (const [options, message] of bad) {
      expect(() => new WebSocketTransport(options), JSON.stringify(options)).toThrow(message);
    }
    expect(() => new WebSocketTransport({ url: "ws://user:hunter2@127.0.0.1:1" })).not.toThrow(/hunter2/);
    expect(() => new WebSocketTransport({ url: "wss://10.1.2.3:443" })).not.toThrow();
  });

  it("refuses NaN, negative and non-number durations and sizes with an InvalidArgumentError naming them", () => {
    const url = "ws://127.0.0.1:1";
    for (const name of ["connectTimeoutMs", "closeTimeoutMs", "heartbeatIntervalMs", "heartbeatTimeoutMs"]) {
      for (const value of [Number.NaN, -1, "10"]) {
        const make = () => new WebSocketTransport({ url, [name]: value });
        expect(make, `${name}: ${String(value)}`).toThrow(InvalidArgumentError);
        expect(make).toThrow(new RegExp(`^${name} must be a number of milliseconds`));
      }
    }
    for (const value of [Number.NaN, -1, 0, 1.5]) {
      expect(() => new WebSocketTransport({ url, maxWriteBufferBytes: value })).toThrow(
        /maxWriteBufferBytes/,
      );
    }
  });

  it("takes Infinity (and values past the timer maximum) as no limit", () => {
    const options = { connectTimeoutMs: Infinity, closeTimeoutMs: 2 ** 31, heartbeatIntervalMs: Infinity };
    expect(
      () => new WebSocketTransport({ url: "ws://127.0.0.1:1", ...options, maxWriteBufferBytes: Infinity }),
    ).not.toThrow();
  });
});

describe("the upgrade request and framing", () => {
  it("sends the bearer token and custom headers, never Origin, a subprotocol or an extension offer", async () => {
    const server = await fakeServer();
    const transport = track(
      new WebSocketTransport({ url: server.url, token: TOKEN, headers: { "X-Trace": "t1" } }),
    );
    await transport.start(recorder().handlers);
    await server.connection();
    const h = server.headers[0] ?? {};
    expect(h.authorization).toBe(`Bearer ${TOKEN}`);
    expect(h["x-trace"]).toBe("t1");
    expect(h.origin).toBeUndefined();
    expect(h["sec-websocket-origin"]).toBeUndefined();
    expect(h["sec-websocket-protocol"]).toBeUndefined();
    expect(h["sec-websocket-extensions"]).toBeUndefined();
    expect(inspect(transport)).not.toContain(TOKEN);
    expect(inspect(transport, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
    expect(`${transport.description} ${JSON.stringify(transport)}`).not.toContain(TOKEN);
  });

  it("moves one JSON message per text frame in both directions", async () => {
    const server = await fakeServer();
    const rec = recorder();
    const transport = track(new WebSocketTransport({ url: server.url }));
    await transport.start(rec.handlers);
    const peer = await server.connection();
    const frames: string[] = [];
    peer.on("message", (data, isBinary) =>
      frames.push(`${isBinary ? "bin" : "text"}:${(data as Buffer).toString()}`),
    );
    void transport.send({ id: 1, method: "initialize", params: { a: "é" } });
    void transport.send({ method: "initialized" });
    await until(() => frames.length === 2, peer, "message");
    expect(frames).toEqual([
      'text:{"id":1,"method":"initialize","params":{"a":"é"}}',
      'text:{"method":"initialized"}',
    ]);
    peer.send('{"id":1,"result":{}}');
    await until(() => rec.messages.length === 1, rec.events, "event");
    expect(rec.messages).toEqual([{ id: 1, result: {} }]);
  });

  it("reports malformed, non-object, doubled and binary frames, and stays usable", async () => {
    const server = await fakeServer();
    const rec = recorder();
    const transport = track(new WebSocketTransport({ url: server.url }));
    await transport.start(rec.handlers);
    const peer = await server.connection();
    peer.send("not json");
    peer.send("[1,2]");
    peer.send('{"method":"a"}\n{"method":"b"}');
    peer.send(Buffer.from('{"method":"binary"}'), { binary: true });
    peer.send('{"method":"ok"}');
    const got: string[] = [];
    peer.on("message", (d) => got.push((d as Buffer).toString()));
    await until(() => rec.messages.length === 1, rec.events, "event");
    expect(rec.malformed.map((m) => m.raw)).toEqual([
      "not json",
      "[1,2]",
      '{"method":"a"}\n{"method":"b"}',
      "<binary frame, 19 bytes>",
    ]);
    expect(rec.messages).toEqual([{ method: "ok" }]);
    void transport.send({ id: 2, method: "thread/list" });
    await until(() => got.length === 1, peer, "message");
    expect(transport.state).toBe("open");
    expect(rec.closes).toEqual([]);
  });
});

describe("refusals and connection failures", () => {
  const body = "invalid websocket bearer token";
  it("turns a 401 into an AuthenticationError with the server's reason, fast", async () => {
    const url = await refusingServer(
      `HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    const rec = recorder();
    const t0 = performance.now();
    const error = await track(new WebSocketTransport({ url, token: TOKEN }))
      .start(rec.handlers)
      .catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).reason).toBe(body);
    expect((error as Error).message).toContain(body);
    expect((error as Error).message).not.toContain(TOKEN);
    expect(rec.closes).toHaveLength(1);
    expect(rec.closes[0]?.cause).toBe(error);
  });

  it("turns a 403 into an AuthenticationError and explains the Origin rule", async () => {
    const url = await refusingServer("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
    const error = await track(new WebSocketTransport({ url }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(403);
    expect((error as AuthenticationError).reason).toBe("");
    expect((error as Error).message).toMatch(/Origin/);
  });

  it("turns other statuses into a TransportClosedError", async () => {
    const url = await refusingServer("HTTP/1.1 400 Bad Request\r\ncontent-length: 4\r\n\r\nnope");
    const error = await track(new WebSocketTransport({ url }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/HTTP 400.*nope/);
  });

  it("reports a refused connection naming the url, and a silent server as a timeout", async () => {
    const vacated = net.createServer();
    const freeUrl = await listen(vacated);
    await new Promise((resolve) => vacated.close(resolve));
    const refused = await track(new WebSocketTransport({ url: freeUrl, token: TOKEN }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportClosedError);
    expect((refused as Error).message).toContain(`${freeUrl}/`);
    expect((refused as Error).message).toMatch(/connection refused/);
    expect((refused as Error).message).not.toContain(TOKEN);
    const silentUrl = await listen(net.createServer(() => undefined));
    const t0 = performance.now();
    const timedOut = await track(new WebSocketTransport({ url: silentUrl, connectTimeoutMs: 200 }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
    expect(timedOut).toBeInstanceOf(TransportClosedError);
    expect((timedOut as Error).message).toContain(`timed out after 200 ms connecting to ${silentUrl}/`);
  });

  it("rejects start() when close() is called during the handshake", async () => {
    const url = await listen(net.createServer(() => undefined));
    const transport = new WebSocketTransport({ url });
    const starting = transport.start(recorder().handlers).catch((e: unknown) => e);
    await transport.close();
    const error = await starting;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/closed by the client/);
  });
});

describe("wss://", () => {
  it("trusts a custom CA, refuses an unknown certificate with a hint, and can skip verification", async () => {
    const server = await fakeServer({ tls: { cert: TEST_CERT, key: TEST_KEY } });
    const trusted = track(new WebSocketTransport({ url: server.url, token: TOKEN, ca: TEST_CERT }));
    await trusted.start(recorder().handlers);
    await server.connection();
    expect(server.headers[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    const untrusted = await track(new WebSocketTransport({ url: server.url, token: TOKEN }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(TransportClosedError);
    expect((untrusted as Error).message).toMatch(/certificate.*ca option/);
    expect((untrusted as Error).message).not.toContain(TOKEN);
    const unverified = track(new WebSocketTransport({ url: server.url, rejectUnauthorized: false }));
    await expect(unverified.start(recorder().handlers)).resolves.toBeUndefined();
  });
});

describe("loss, close, backpressure and keep-alive", () => {
  it("reports a dropped connection once, fast, and refuses later sends", async () => {
    const server = await fakeServer();
    const rec = recorder();
    const transport = track(new WebSocketTransport({ url: server.url }));
    await transport.start(rec.handlers);
    const t0 = performance.now();
    (await server.connection()).terminate();
    const error = await rec.closed;
    expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
    expect(error.message).toContain(server.url);
    expect(() => transport.send({ method: "x" })).toThrow(TransportClosedError);
    await Promise.all([transport.close(), transport.close()]);
    expect(rec.closes).toHaveLength(1);
  });

  it("close() is idempotent and bounded when the server never answers the close frame", async () => {
    const url = await rawServer(() => undefined);
    const rec = recorder();
    const transport = new WebSocketTransport({ url, closeTimeoutMs: 100 });
    await transport.start(rec.handlers);
    const t0 = performance.now();
    await Promise.all([transport.close(), transport.close()]);
    expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
    expect(rec.closes).toHaveLength(1);
    expect(transport.state).toBe("closed");
    await expect(transport.start(rec.handlers)).rejects.toThrow(/closed by the client/);
    await new WebSocketTransport({ url }).close(); // never started
  });

  it("returns a promise from send() while the peer does not read, and rejects it on close", async () => {
    let peer: Socket | undefined;
    const url = await rawServer((s) => {
      peer = s;
      s.pause();
    });
    const transport = new WebSocketTransport({ url, closeTimeoutMs: 100 });
    await transport.start(recorder().handlers);
    const big = { method: "x", params: "y".repeat(64 * 1024) };
    let waiting: void | Promise<void> = undefined;
    for (let i = 0; i < 2000 && !waiting; i++) waiting = transport.send(big);
    expect(waiting).toBeInstanceOf(Promise);
    let resolved = false;
    const first = (waiting as Promise<void>).then(() => (resolved = true));
    peer?.resume(); // drain: the frame gets written
    await first;
    expect(resolved).toBe(true);
    peer?.pause();
    let blocked: void | Promise<void> = undefined;
    for (let i = 0; i < 2000 && !blocked; i++) blocked = transport.send(big);
    const rejection = (blocked as Promise<void>).catch((e: unknown) => e);
    await transport.close();
    expect(await rejection).toBeInstanceOf(TransportClosedError);
  });

  it("refuses new messages once maxWriteBufferBytes wait for a peer that does not read", async () => {
    const url = await rawServer((s) => s.pause());
    const transport = track(
      new WebSocketTransport({ url, closeTimeoutMs: 100, maxWriteBufferBytes: 256 * 1024 }),
    );
    await transport.start(recorder().handlers);
    const big = { method: "big/one", params: "y".repeat(64 * 1024) };
    let refused: unknown;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 2000 && refused === undefined; i++) {
      try {
        const sent = transport.send(big);
        if (sent) pending.push(sent.catch(() => undefined));
      } catch (e) {
        refused = e;
      }
    }
    expect(refused).toBeInstanceOf(CodexError);
    expect((refused as Error).message).toMatch(/cannot send big\/one: .* is not reading .*limit 262144/);
    await transport.close();
    await Promise.all(pending);
  });

  it("refuses a message with a lone UTF-16 surrogate, which the app-server could not decode", async () => {
    const { url } = await fakeServer();
    const transport = track(new WebSocketTransport({ url }));
    await transport.start(recorder().handlers);
    expect(() => transport.send({ id: 1, method: "thread/name/set", params: { name: "a\ud800" } })).toThrow(
      /lone UTF-16 surrogate/,
    );
    await transport.close();
  });

  it("drops a connection whose peer stops answering pings", async () => {
    const server = await fakeServer({ autoPong: false });
    const rec = recorder();
    const transport = track(
      new WebSocketTransport({ url: server.url, heartbeatIntervalMs: 50, heartbeatTimeoutMs: 200 }),
    );
    await transport.start(rec.handlers);
    const error = await rec.closed;
    expect(error.message).toMatch(/keep-alive/);
  });

  it("keeps a connection whose peer answers pings", async () => {
    const server = await fakeServer();
    const transport = track(
      new WebSocketTransport({ url: server.url, heartbeatIntervalMs: 25, heartbeatTimeoutMs: 300 }),
    );
    await transport.start(recorder().handlers);
    const peer = await server.connection();
    let pings = 0;
    peer.on("ping", () => pings++);
    await until(() => pings >= 30, peer, "ping"); // ~750 ms: more than twice the timeout
    expect(transport.state).toBe("open");
  });
});
