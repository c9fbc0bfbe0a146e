/**
 * The MCP options and calls of `Codex` over an in-memory transport: how `mcpServers` is checked and
 * written (process config overrides, thread params), the status pages, and the OAuth login handle
 * with its completion routed by login id. The real binary's side is in test/integration/mcp.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import { checkMcpServers, mcpConfigTable } from "../../src/api/mcp/config.js";
import { McpHost, withMcp } from "../../src/api/mcp/host.js";
import { McpOauthLoginHandle } from "../../src/api/mcp/oauth.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { TimeoutError, TransportClosedError } from "../../src/errors.js";
import { createMemoryTransport, initializeResult, type FakeAppServer } from "../support/memory-transport.js";

const open: Codex[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function setup(): { codex: Codex; server: FakeAppServer } {
  const { transport, server } = createMemoryTransport();
  server.handle("initialize", () => initializeResult());
  const codex = new Codex({ transport });
  open.push(codex);
  return { codex, server };
}

describe("checking mcpServers", () => {
  it.each([
    [{ "a b": { command: "x" } }, /not a server name/],
    [{ ["x".repeat(49)]: { command: "x" } }, /not a server name/],
    [{ s: { command: "x", url: "http://h/mcp" } }, /both command and url/],
    [{ s: {} }, /needs command .* or url/],
    [{ s: { command: "" } }, /mcpServers.s.command must be a non-empty string/],
    [{ s: { command: "x", args: "a b" } }, /args must be an array of strings/],
    [{ s: { command: "x", env: { "A-B": "1" } } }, /env has the invalid name "A-B"/],
    [{ s: { command: "x", headers: {} } }, /headers applies to url servers only/],
    [{ s: { url: "file:///x" } }, /must be an http:\/\/ or https:\/\/ URL/],
    [{ s: { url: "http://h/mcp", cwd: "/" } }, /cwd applies to command servers only/],
    [{ s: { url: "http://h/mcp", bearerTokenEnvVar: "A B" } }, /environment variable name/],
    [{ s: { command: "x", startupTimeoutSec: 0 } }, /seconds > 0/],
    [{ s: { command: "x", enabled: "yes" } }, /enabled must be a boolean/],
    [{ s: null }, /must be \{ command/],
    [[{ command: "x" }], /must be an object of servers by name/],
  ])("%j is refused", (servers, message) => {
    expect(() => checkMcpServers("mcpServers", servers)).toThrow(InvalidArgumentError);
    expect(() => checkMcpServers("mcpServers", servers)).toThrow(message);
  });

  it("writes the runtime's keys", () => {
    expect(
      mcpConfigTable({ command: "node", args: ["s.js"], env: { A: "1" }, cwd: "/w", toolTimeoutSec: 1.5 }),
    ).toEqual({ command: "node", args: ["s.js"], env: { A: "1" }, cwd: "/w", tool_timeout_sec: 1.5 });
    expect(
      mcpConfigTable({
        url: "https://h/mcp",
        headers: { "X-A": "b" },
        bearerTokenEnvVar: "TOKEN",
        enabled: false,
        enabledTools: ["a"],
        disabledTools: ["b"],
        startupTimeoutSec: 20,
      }),
    ).toEqual({
      url: "https://h/mcp",
      http_headers: { "X-A": "b" },
      bearer_token_env_var: "TOKEN",
      enabled: false,
      enabled_tools: ["a"],
      disabled_tools: ["b"],
      startup_timeout_sec: 20,
    });
  });

  it("Codex-level servers become config overrides of the spawned process, and need a spawned process", async () => {
    const host = new McpHost({ docs: { command: "npx", args: ["-y", "docs"] } }, true);
    expect(await host.processSettings()).toEqual({
      config: { "mcp_servers.docs": { command: "npx", args: ["-y", "docs"] } },
      env: {},
    });
    expect(
      () =>
        new Codex({
          transport: { type: "websocket", url: "ws://127.0.0.1:1" },
          mcpServers: { docs: { command: "x" } },
        }),
    ).toThrow(/pass mcpServers on threadStart/);
  });

  it("the overrides reach the spawn options, and a stdio transport's own config or env", () => {
    const mcp = { config: { "mcp_servers.a": { command: "x" } }, env: { T: "1" } };
    expect(withMcp({ config: { model: "m" } }, mcp)).toEqual({
      config: { model: "m", "mcp_servers.a": { command: "x" } },
      env: { T: "1" },
    });
    expect(withMcp({ type: "stdio" as const }, mcp)).toEqual({ type: "stdio" });
    expect(withMcp({ type: "stdio" as const, config: { k: 1 } }, mcp)).toEqual({
      type: "stdio",
      config: { k: 1, "mcp_servers.a": { command: "x" } },
    });
    expect(withMcp({ type: "websocket" as const, url: "ws://h" }, mcp)).toEqual({
      type: "websocket",
      url: "ws://h",
    });
    expect(withMcp(undefined, mcp)).toBeUndefined();
  });

  it("thread-level servers are merged into config.mcp_servers; a name given twice is refused", async () => {
    const { codex, server } = setup();
    const started = codex.threadStart({
      mcpServers: { a: { command: "x" } },
      config: { mcp_servers: { b: { url: "u" } }, k: 1 },
    });
    const request = await server.nextRequest("thread/start");
    expect(request.params).toMatchObject({
      config: { k: 1, mcp_servers: { b: { url: "u" }, a: { command: "x" } } },
    });
    server.respondError(request.id, { code: -32600, message: "not in this test" });
    await expect(started).rejects.toThrow("not in this test");
    await expect(
      codex.threadStart({ mcpServers: { a: { command: "x" } }, config: { "mcp_servers.a": {} } }),
    ).rejects.toThrow(/also configured/);
  });
});

describe("mcpServerStatus()", () => {
  it("fetches every page, passing the thread id and filters", async () => {
    const { codex, server } = setup();
    const seen: unknown[] = [];
    server.handle("mcpServerStatus/list", (params) => {
      seen.push(params);
      const p = params as { cursor?: string };
      return p.cursor === undefined
        ? { data: [{ name: "a" }], nextCursor: "c1" }
        : { data: [{ name: "b" }], nextCursor: null };
    });
    const all = await codex.mcpServerStatus({ threadId: "T", detail: "toolsAndAuthOnly" });
    expect(all.map((s) => s.name)).toEqual(["a", "b"]);
    expect(seen).toEqual([
      { threadId: "T", detail: "toolsAndAuthOnly" },
      { threadId: "T", detail: "toolsAndAuthOnly", cursor: "c1" },
    ]);
  });
});

describe("the MCP OAuth login handle", () => {
  function serveLogins(server: FakeAppServer): void {
    let n = 0;
    server.handle("mcpServer/oauth/login", () => ({
      authorizationUrl: "https://idp/authorize",
      loginId: `M${++n}`,
    }));
  }

  it("gets its own completion, also one that arrived before wait()", async () => {
    const { codex, server } = setup();
    serveLogins(server);
    const first = await codex.mcpServerOauthLogin("linear", { scopes: ["read"], timeoutSecs: 60 });
    const second = await codex.mcpServerOauthLogin("linear");
    expect(first).toBeInstanceOf(McpOauthLoginHandle);
    expect(first).toMatchObject({ name: "linear", loginId: "M1", authorizationUrl: "https://idp/authorize" });
    expect(server.received.find((m) => m["method"] === "mcpServer/oauth/login")?.["params"]).toEqual({
      name: "linear",
      scopes: ["read"],
      timeoutSecs: 60,
    });
    server.notify("mcpServer/oauthLogin/completed", {
      name: "linear",
      threadId: null,
      loginId: "M2",
      success: true,
    });
    const waiting = first.wait();
    server.notify("mcpServer/oauthLogin/completed", {
      name: "linear",
      threadId: null,
      loginId: "M1",
      success: false,
      error: "denied",
    });
    expect(await waiting).toMatchObject({ loginId: "M1", success: false, error: "denied" });
    expect(await second.wait()).toMatchObject({ loginId: "M2", success: true });
  });

  it("wait() times out with a TimeoutError naming the server, and fails when the connection is lost", async () => {
    const { codex, server } = setup();
    serveLogins(server);
    const login = await codex.mcpServerOauthLogin("linear");
    const error = await login.wait({ timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toMatch(/OAuth login of MCP server linear/);
    // The router's own timeout stays reachable as the cause.
    expect((error as TimeoutError).cause).toBeInstanceOf(TimeoutError);
    expect(String((error as TimeoutError).cause)).toMatch(/did not complete within 0 ms/);
    const pending = login.wait();
    server.crash();
    await expect(pending).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("rejects bad arguments before sending", async () => {
    const { codex } = setup();
    await expect(codex.mcpServerOauthLogin("")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.mcpServerOauthLogin("x", { timeoutSecs: 1.5 })).rejects.toThrow(/whole number/);
  });
});
