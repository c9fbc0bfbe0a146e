/**
 * The foundation against the REAL pinned binary: handshake, error mapping, crash handling, close,
 * and server-initiated requests. No model calls: the provider points at a closed local port and
 * the server request comes from a tiny MCP server that asks for an elicitation on startup.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AppServerClient } from "../../src/client/client.js";
import type { IncomingNotification, IncomingRequest } from "../../src/rpc/connection.js";
import {
  InvalidParamsError,
  JsonRpcError,
  MethodNotFoundError,
  TransportClosedError,
} from "../../src/errors.js";
import { StdioTransport } from "../../src/transport/stdio.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "../../src/transport/transport.js";
import { VERSION } from "../../src/version.js";
import { processExists } from "../support/process-tree.js";
import { immediateRejection } from "../support/sdk.js";
import { RUNTIME_BINARY, RUNTIME_VERSION, RUNTIME_VERSION_PATTERN } from "../support/runtime.js";
import { PROMPT_MS } from "../support/bounds.js";

const CONFIG = `
model = "mock-model"
model_provider = "offline"
approval_policy = "never"
sandbox_mode = "read-only"

[model_providers.offline]
name = "offline (nothing listens here)"
base_url = "http://127.0.0.1:9/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0

[features]
plugins = false
apps = false
remote_plugin = false
in_app_updates = false
`;

let home: string;
const live: { client: AppServerClient; transport: StdioTransport }[] = [];
const markers: string[] = [];

beforeEach(() => {
  home = realpathSync(mkdtempSync(join(tmpdir(), "codex-sdk-it-")));
  writeFileSync(join(home, "config.toml"), CONFIG);
});

afterEach(async () => {
  const pids = live.map((l) => l.transport.pid).filter((p): p is number => p !== undefined);
  await Promise.all(live.splice(0).map((l) => l.client.close()));
  for (const pid of pids) expect(processExists(pid), `app-server ${pid} still running`).toBe(false);
  for (const marker of markers.splice(0)) {
    for (const pid of pidsWithMarker(marker)) process.kill(pid, "SIGKILL");
  }
  rmSync(home, { recursive: true, force: true });
});

function env(): Record<string, string | undefined> {
  return {
    CODEX_HOME: home,
    CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
    RUST_LOG: "warn",
    HOME: home,
    CODEX_PATH: RUNTIME_BINARY, // the runtime under test, never a stray value from the caller
  };
}

/** Records every message the client sends, then passes it on. */
class SpyTransport implements Transport {
  readonly sent: JsonRpcMessage[] = [];
  constructor(readonly inner: StdioTransport) {}
  start(handlers: TransportHandlers): Promise<void> {
    return this.inner.start(handlers);
  }
  send(message: JsonRpcMessage): void | Promise<void> {
    this.sent.push(message);
    return this.inner.send(message);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function open(onRequest?: (request: IncomingRequest) => unknown) {
  const notifications: IncomingNotification[] = [];
  const stderr: string[] = [];
  const transport = new StdioTransport({ env: env(), cwd: home, onStderr: (l) => stderr.push(l) });
  const spy = new SpyTransport(transport);
  const client = new AppServerClient(spy, {
    onNotification: (n) => notifications.push(n),
    ...(onRequest ? { onRequest } : {}),
  });
  live.push({ client, transport });
  return { client, transport, spy, notifications, stderr };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, got a result");
}

/** Pids of processes whose command line contains `marker` (Linux /proc). */
function pidsWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(marker)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe("foundation against the real app-server", () => {
  it("initialize round trip: metadata from the server, then the initialized notification", async () => {
    const { client, spy, notifications } = open();
    const started = performance.now();
    const metadata = await client.initialize();
    const ms = performance.now() - started;
    console.log(`initialize round trip (spawn + handshake): ${ms.toFixed(0)} ms`);

    expect(metadata.userAgent).toMatch(
      new RegExp(`^codex_app_sdk/${RUNTIME_VERSION_PATTERN} \\(.+\\) .*\\(codex_app_sdk; ${VERSION}\\)$`),
    );
    expect(metadata.serverName).toBe("codex_app_sdk");
    expect(metadata.serverVersion).toBe(RUNTIME_VERSION);
    expect(metadata.codexHome).toBe(home);
    expect(metadata.platformFamily).toBe(process.platform === "win32" ? "windows" : "unix");
    expect(metadata.raw.userAgent).toBe(metadata.userAgent);
    expect(client.metadata).toBe(metadata);

    expect(spy.sent[0]).toEqual({
      id: 1,
      method: "initialize",
      params: {
        clientInfo: { name: "codex_app_sdk", title: "Codex App SDK (TypeScript)", version: VERSION },
        capabilities: { experimentalApi: false, requestAttestation: false },
      },
    });
    expect(spy.sent[1]).toEqual({ method: "initialized" });
    // The server talks after the handshake: its first notifications reach the handler.
    await vi.waitFor(() => expect(notifications.length).toBeGreaterThan(0), { timeout: 5000 });
    expect(typeof notifications[0]?.emittedAtMs).toBe("number");

    // And a real request works afterwards.
    await expect(client.request("thread/list", { limit: 1 })).resolves.toMatchObject({ data: [] });
  });

  it("an unknown method rejects with MethodNotFoundError carrying the server's code and message", async () => {
    const { client } = open();
    await client.initialize();
    const error = await rejection(client.connection.request("no/such/method", {}));
    expect(error).toBeInstanceOf(MethodNotFoundError);
    const e = error as MethodNotFoundError;
    expect(e.code).toBe(-32600);
    expect(e.method).toBe("no/such/method");
    expect(e.rpcMessage).toMatch(
      /^Invalid request: unknown variant `no\/such\/method`, expected one of `initialize`/,
    );
    // The 187-method list stays out of the readable message.
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain("no/such/method");
  });

  it("bad params reject with InvalidParamsError and the server's message", async () => {
    const { client } = open();
    await client.initialize();
    const wrongType = await rejection(client.request("thread/list", { limit: "ten" } as never));
    expect(wrongType).toBeInstanceOf(InvalidParamsError);
    expect((wrongType as JsonRpcError).rpcMessage).toBe(
      'Invalid request: invalid type: string "ten", expected u32',
    );
    expect((wrongType as JsonRpcError).message).toContain('invalid type: string "ten", expected u32');
    expect((wrongType as JsonRpcError).method).toBe("thread/list");

    const missing = await rejection(client.request("thread/read", {} as never));
    expect(missing).toBeInstanceOf(InvalidParamsError);
    expect((missing as JsonRpcError).rpcMessage).toBe("Invalid request: missing field `threadId`");

    // A business error stays a plain InvalidRequestError-family error, not InvalidParams.
    const business = await rejection(client.request("turn/interrupt", { threadId: "nope", turnId: "nope" }));
    expect(business).toBeInstanceOf(JsonRpcError);
    expect(business).not.toBeInstanceOf(InvalidParamsError);
  });

  it("SIGKILL while a request is pending: that request and the next reject with TransportClosedError within 1 s", async () => {
    const { client, transport } = open();
    await client.initialize();
    const pid = transport.pid!;
    // command/exec answers only when the command exits; `read` waits on a stdin nobody writes to.
    const marker = `codex-sdk-pending-${process.pid}-${Date.now()}`;
    markers.push(marker);
    const pending = client.request("command/exec", {
      command: ["sh", "-c", `read line # ${marker}`],
      processId: "pending-1",
      streamStdin: true,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    const settled: Promise<{ e: unknown; at: number } | "resolved"> = pending.then(
      () => "resolved" as const,
      (e: unknown) => ({ e, at: performance.now() }),
    );
    // The request is really in progress on the server: its command is running.
    await vi.waitFor(() => expect(pidsWithMarker(marker).length).toBeGreaterThan(0), { timeout: 5000 });
    expect(client.connection.pendingCount).toBe(1);

    const killedAt = performance.now();
    process.kill(pid, "SIGKILL");
    const result = await settled;
    if (result === "resolved") throw new Error("the pending request resolved after SIGKILL");
    const latency = result.at - killedAt;
    console.log(`pending request rejected ${latency.toFixed(0)} ms after SIGKILL`);
    expect(latency).toBeLessThan(PROMPT_MS);

    const error = result.e as TransportClosedError;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.signal).toBe("SIGKILL");
    expect(error.exitCode).toBeNull();
    expect(error.message).toContain("codex app-server was killed by SIGKILL");
    // Startup writes to stderr (e.g. the PATH-aliases warning under /tmp): the tail carries it.
    expect(error.stderrTail.length).toBeGreaterThan(0);
    expect(error.message).toContain("--- app-server stderr (last lines) ---");

    const next = await immediateRejection(client.request("thread/list", {}));
    expect(next).toBe(error);
    expect(processExists(pid)).toBe(false);
    // The command's stdin closed with the server: it ends too.
    await vi.waitFor(() => expect(pidsWithMarker(marker)).toEqual([]), { timeout: 5000 });
  });

  it("close() resolves quickly and leaves no child process", async () => {
    const { client, transport } = open();
    await client.initialize();
    const pid = transport.pid!;
    expect(processExists(pid)).toBe(true);
    const started = performance.now();
    await client.close();
    const ms = performance.now() - started;
    console.log(`close(): ${ms.toFixed(0)} ms`);
    expect(processExists(pid)).toBe(false);
    expect(ms).toBeLessThan(PROMPT_MS);
    await client.close(); // idempotent
  });

  it("a request before the handshake and after close() rejects clearly", async () => {
    const { client } = open();
    const before = await rejection(client.request("thread/list", {}));
    expect(before).toBeInstanceOf(TransportClosedError);
    expect((before as Error).message).toBe("codex app-server transport is not running");

    await client.initialize();
    await client.close();
    const after = await rejection(client.request("thread/list", {}));
    expect(after).toBeInstanceOf(TransportClosedError);
    expect((after as Error).message).toContain("closed by the client");
    expect(() => client.connection.notify("initialized")).toThrow(TransportClosedError);
    await expect(client.initialize()).rejects.toBeInstanceOf(TransportClosedError);
  });

  describe("server-initiated requests (an MCP server asks for an elicitation at thread start)", () => {
    const ELICITATION = "mcpServer/elicitation/request";

    function addElicitingMcpServer(): string {
      const log = join(home, "mcp.log");
      const script = join(home, "mcp-elicit.cjs");
      writeFileSync(
        script,
        `const { appendFileSync } = require("node:fs");
let buf = "";
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
process.stdin.on("data", (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf("\\n")) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    appendFileSync(${JSON.stringify(log)}, line + "\\n");
    const m = JSON.parse(line);
    if (m.method === "initialize") send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "elicit", version: "1" } } });
    else if (m.method === "notifications/initialized") send({ jsonrpc: "2.0", id: "elicit-1", method: "elicitation/create", params: { message: "Your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } } });
    else if (m.method === "tools/list") send({ jsonrpc: "2.0", id: m.id, result: { tools: [] } });
    else if (m.id !== undefined && m.method) send({ jsonrpc: "2.0", id: m.id, result: {} });
  }
});
process.stdin.on("end", () => process.exit(0));
`,
      );
      writeFileSync(
        join(home, "config.toml"),
        `${CONFIG}\n[mcp_servers.elicit]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(script)}]\n`,
      );
      return log;
    }

    /** Starts a thread and returns the client's answer to the elicitation and what the MCP server got back. */
    async function elicit(onRequest?: (request: IncomingRequest) => unknown) {
      const log = addElicitingMcpServer();
      const { client, spy, notifications, stderr } = open(onRequest);
      await client.initialize();
      // Under approval policy "never" the runtime declines elicitations itself; "on-request" asks the client.
      await client.request("thread/start", { approvalPolicy: "on-request" });
      await vi
        .waitFor(() => expect(notifications.map((n) => n.method)).toContain("serverRequest/resolved"), {
          timeout: 10_000,
        })
        .catch((e: unknown) => {
          throw new Error(`no serverRequest/resolved; app-server stderr:\n${stderr.slice(-20).join("\n")}`, {
            cause: e,
          });
        });
      const answer = spy.sent.find((m) => m.id === 0 && m.method === undefined);
      const mcpReply = await vi.waitFor(
        () => {
          const lines = readFileSync(log, "utf8").trim().split("\n");
          const reply = lines.map((l) => JSON.parse(l) as JsonRpcMessage).find((m) => m.id === "elicit-1");
          expect(reply).toBeDefined();
          return reply;
        },
        { timeout: 5000 },
      );
      return { answer, mcpReply };
    }

    it("with no handler, the client answers with a JSON-RPC error (and the runtime declines)", async () => {
      const { answer, mcpReply } = await elicit();
      expect(answer).toEqual({
        id: 0,
        error: { code: -32601, message: `client has no handler for ${ELICITATION}` },
      });
      expect(mcpReply).toMatchObject({ result: { action: "decline" } });
    });

    it("a throwing handler is answered with an error, not a hang", async () => {
      const { answer } = await elicit(() => {
        throw new Error("handler exploded");
      });
      expect(answer).toEqual({
        id: 0,
        error: { code: -32603, message: `client failed to handle ${ELICITATION}: handler exploded` },
      });
    });

    it("a handler's value reaches the requester", async () => {
      const seen: IncomingRequest[] = [];
      const { answer, mcpReply } = await elicit((request) => {
        seen.push(request);
        return { action: "accept", content: { name: "Ada" }, _meta: null };
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        id: 0,
        method: ELICITATION,
        params: { serverName: "elicit", message: "Your name?" },
      });
      expect(answer).toEqual({ id: 0, result: { action: "accept", content: { name: "Ada" }, _meta: null } });
      expect(mcpReply).toMatchObject({ result: { action: "accept", content: { name: "Ada" } } });
    });
  });
});
