/**
 * The remote transports against the real pinned binary: `--listen ws://` with and without a
 * capability token, `--listen unix://`, and `codex app-server proxy` over a child's stdio.
 * Turn-level scenarios need the mock Responses API and live with the API-level suites.
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AppServerClient } from "../../src/client/client.js";
import { AuthenticationError, TransportClosedError } from "../../src/errors.js";
import { resolveCodexBinary } from "../../src/transport/binary.js";
import { ProxyCommandTransport } from "../../src/transport/proxy.js";
import type { Transport } from "../../src/transport/transport.js";
import { UnixSocketTransport } from "../../src/transport/unix.js";
import { WebSocketTransport } from "../../src/transport/websocket.js";
import { startAppServer, type AppServerProcess } from "../support/app-server-process.js";
import { RUNTIME_VERSION } from "../support/runtime.js";
import { PROMPT_MS } from "../support/bounds.js";

const TOKEN = "capability-token-8f3a0c1d9e";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function server(options: Parameters<typeof startAppServer>[0]): Promise<AppServerProcess> {
  const s = await startAppServer(options);
  cleanups.push(() => s.dispose());
  return s;
}

interface Client {
  client: AppServerClient;
  closed: Promise<TransportClosedError>;
}

function clientOver(transport: Transport): Client {
  let onClosed: (e: TransportClosedError) => void = () => undefined;
  const closed = new Promise<TransportClosedError>((resolve) => (onClosed = resolve));
  const client = new AppServerClient(transport, { onNotification: () => undefined, onClose: onClosed });
  cleanups.push(() => client.close());
  return { client, closed };
}

/** Handshake plus a few requests; returns the connect (start + initialize) time in ms. */
async function exercise(client: AppServerClient): Promise<number> {
  const t0 = performance.now();
  const metadata = await client.initialize({ clientInfo: { name: "remote_transport_test", version: "1" } });
  const connectMs = performance.now() - t0;
  expect(metadata.serverName).toBe("remote_transport_test");
  expect(metadata.serverVersion).toBe(RUNTIME_VERSION);
  const started = await client.request("thread/start", {});
  expect(typeof started.thread.id).toBe("string");
  const models = await client.request("model/list", {});
  expect(Array.isArray(models.data)).toBe(true);
  const threads = await client.request("thread/list", {});
  expect(Array.isArray(threads.data)).toBe(true);
  return connectMs;
}

function report(what: string, ms: number): void {
  console.info(`[remote-transports] ${what}: ${ms.toFixed(1)} ms`);
}

describe("WebSocket transport against codex app-server --listen ws://", () => {
  it("handshakes and serves requests with a capability token", async () => {
    const s = await server({ listen: "ws", token: TOKEN });
    const transport = new WebSocketTransport({ url: s.url, token: TOKEN });
    const { client } = clientOver(transport);
    report("ws+token connect", await exercise(client));
    expect(inspect(transport)).not.toContain(TOKEN);
    expect(JSON.stringify(transport)).not.toContain(TOKEN);
    const t0 = performance.now();
    await client.close();
    report("ws close()", performance.now() - t0);
    expect(transport.state).toBe("closed");
  });

  it("handshakes and serves requests without auth", async () => {
    const s = await server({ listen: "ws" });
    const { client } = clientOver(new WebSocketTransport({ url: s.url }));
    report("ws connect", await exercise(client));
  });

  it("rejects a wrong token with an AuthenticationError in under a second", async () => {
    const s = await server({ listen: "ws", token: TOKEN });
    const { client } = clientOver(new WebSocketTransport({ url: s.url, token: "not-the-token" }));
    const t0 = performance.now();
    const error = await client.initialize().catch((e: unknown) => e);
    const ms = performance.now() - t0;
    report("wrong token -> AuthenticationError", ms);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).reason).toBe("invalid websocket bearer token");
    expect((error as Error).message).toContain("invalid websocket bearer token");
    expect((error as Error).message).not.toContain("not-the-token");
    expect(ms).toBeLessThan(PROMPT_MS);
  });

  it("rejects a missing token with an AuthenticationError", async () => {
    const s = await server({ listen: "ws", token: TOKEN });
    const { client } = clientOver(new WebSocketTransport({ url: s.url }));
    const t0 = performance.now();
    const error = await client.initialize().catch((e: unknown) => e);
    report("missing token -> AuthenticationError", performance.now() - t0);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain("missing websocket bearer token");
  });

  it("rejects a pending request with TransportClosedError within a second of SIGKILL", async () => {
    const s = await server({ listen: "ws", token: TOKEN });
    const { client, closed } = clientOver(new WebSocketTransport({ url: s.url, token: TOKEN }));
    await client.initialize();
    const pending = client.request("thread/start", {}).then(
      () => "resolved",
      (e: unknown) => e,
    );
    const t0 = performance.now();
    await s.kill("SIGKILL");
    const outcome = await pending;
    const ms = performance.now() - t0;
    report("ws loss detection after SIGKILL", ms);
    expect(outcome).toBeInstanceOf(TransportClosedError);
    expect((outcome as Error).message).toContain(s.url);
    expect(await closed).toBe(outcome);
    expect(ms).toBeLessThan(PROMPT_MS);
    await expect(client.request("thread/list", {})).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("serves two clients on one server; each one initializes", async () => {
    const s = await server({ listen: "ws" });
    const a = clientOver(new WebSocketTransport({ url: s.url })).client;
    const b = clientOver(new WebSocketTransport({ url: `${s.url}/any/path` })).client;
    await Promise.all([a.initialize(), b.initialize()]);
    const { thread } = await a.request("thread/start", {});
    const loaded = await b.request("thread/loaded/list", {});
    expect(loaded.data).toContain(thread.id);
  });

  it("reports ECONNREFUSED as a TransportClosedError naming the url", async () => {
    const s = await server({ listen: "ws" });
    const url = s.url;
    await s.dispose();
    const { client } = clientOver(new WebSocketTransport({ url, token: TOKEN }));
    const error = await client.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toMatch(/connection refused/);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe("UnixSocketTransport against codex app-server --listen unix://", () => {
  it("handshakes and serves requests over the socket", async () => {
    const s = await server({ listen: "unix" });
    const { client } = clientOver(new UnixSocketTransport({ path: s.socketPath }));
    report("unix connect", await exercise(client));
    const t0 = performance.now();
    await client.close();
    report("unix close()", performance.now() - t0);
  });

  it("finds the daemon's control socket under CODEX_HOME by default", async () => {
    const s = await server({ listen: "unix", controlSocket: true });
    const transport = new UnixSocketTransport({ codexHome: s.codexHome });
    expect(transport.path).toBe(s.socketPath);
    const { client } = clientOver(transport);
    await client.initialize();
    expect((await client.request("thread/list", {})).data).toEqual([]);
  });

  it("rejects a pending request with TransportClosedError within a second of SIGKILL", async () => {
    const s = await server({ listen: "unix" });
    const { client } = clientOver(new UnixSocketTransport({ path: s.socketPath }));
    await client.initialize();
    const pending = client.request("thread/start", {}).then(
      () => "resolved",
      (e: unknown) => e,
    );
    const t0 = performance.now();
    await s.kill("SIGKILL");
    const outcome = await pending;
    const ms = performance.now() - t0;
    report("unix loss detection after SIGKILL", ms);
    expect(outcome).toBeInstanceOf(TransportClosedError);
    expect(ms).toBeLessThan(PROMPT_MS);
  });
});

describe("ProxyCommandTransport over `codex app-server proxy --sock PATH`", () => {
  const bin = resolveCodexBinary(undefined, process.env).path;

  it("speaks WebSocket through the proxy's stdio and ends the proxy on close", async () => {
    const s = await server({ listen: "unix" });
    const transport = new ProxyCommandTransport({
      command: bin,
      args: ["app-server", "proxy", "--sock", s.socketPath ?? ""],
      env: { CODEX_HOME: s.codexHome },
    });
    const { client } = clientOver(transport);
    report("proxy connect", await exercise(client));
    const pid = transport.pid;
    expect(pid).toBeGreaterThan(0);
    const t0 = performance.now();
    await client.close();
    report("proxy close() incl. process exit", performance.now() - t0);
    expect(() => process.kill(pid ?? 0, 0)).toThrow(); // the proxy process is gone
  });

  it("notices a killed server through the proxy (keep-alive) with a TransportClosedError", async () => {
    const s = await server({ listen: "unix" });
    const transport = new ProxyCommandTransport({
      command: bin,
      args: ["app-server", "proxy", "--sock", s.socketPath ?? ""],
      env: { CODEX_HOME: s.codexHome },
      heartbeatIntervalMs: 200,
    });
    const { client, closed } = clientOver(transport);
    await client.initialize();
    const t0 = performance.now();
    await s.kill("SIGKILL");
    const error = await closed;
    const ms = performance.now() - t0;
    report("proxy loss detection after SIGKILL (200 ms heartbeat)", ms);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(ms).toBeLessThan(PROMPT_MS);
  });
});
