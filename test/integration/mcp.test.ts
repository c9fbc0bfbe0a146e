/**
 * MCP servers through the REAL pinned binary and the mock Responses API: a stdio server written
 * with `@modelcontextprotocol/sdk` (test/support/mcp-echo-server.mjs), a command that does not
 * exist, and an in-process `McpServer` the SDK serves on loopback HTTP.
 *
 * The runtime offers an MCP server's tools to the model as the namespace `mcp__<server>`, so the
 * mock calls `echo` in namespace `mcp__echo`. Under `ApprovalMode.on_request` the runtime asks the
 * client before it runs a tool that is not marked read-only (`approveMcpToolCalls` answers);
 * under `deny_all` it refuses the call without asking.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  ApprovalMode,
  Codex,
  InvalidArgumentError,
  InvalidRequestError,
  approveMcpToolCalls,
  type McpToolCallApproval,
} from "../../src/index.js";
import type { McpServerStatus, ThreadItem } from "../../src/types.js";
import { textResponse, toolCallResponse, type SseEvent } from "../../src/testing/index.js";
import { PromptScript, SdkEnv, appServerPids, rejection, within } from "../support/sdk.js";

const ECHO_SERVER = fileURLToPath(new URL("../support/mcp-echo-server.mjs", import.meta.url));
const echo = { command: process.execPath, args: [ECHO_SERVER] };

let env: SdkEnv;
let script: PromptScript;
let calls = 0;

beforeAll(async () => {
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
});
afterAll(async () => {
  await env.dispose();
});
afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

/** The mock answers `prompt` with a call of `tool` in the namespace of MCP server `server`, then `text`. */
function scriptMcpCall(
  prompt: string,
  server: string,
  tool: string,
  args: Record<string, unknown>,
  text: string,
): string {
  const callId = `call_mcp_${++calls}`;
  const events: SseEvent[] = toolCallResponse(callId, tool, args).map((event) =>
    event.type === "response.output_item.done"
      ? { ...event, item: { ...(event["item"] as object), namespace: `mcp__${server}` } }
      : event,
  );
  script.on(prompt, events, textResponse(text));
  return callId;
}

/**
 * A thread's MCP servers start in the background: a turn begun before a server is ready does not
 * offer its tools. The status listing with the thread id answers once the thread's servers started.
 */
async function ready(codex: Codex, threadId: string, name: string): Promise<void> {
  const status = await within(codex.mcpServerStatus({ threadId, serverName: name }), "mcpServerStatus");
  expect(byName(status, name)?.runtimeStatus).toBe("connected");
}

function mcpCalls(items: readonly ThreadItem[]) {
  return items.flatMap((i) => (i.type === "mcpToolCall" ? [i] : []));
}

function byName(list: McpServerStatus[], name: string): McpServerStatus | undefined {
  return list.find((s) => s.name === name);
}

/** What the model got back for a call: the `function_call_output` of the mock's later request. */
function outputSentToModel(callId: string): string {
  const outputs = env.mock.requests.flatMap((r) => r.functionCallOutputs());
  return JSON.stringify(outputs.find((o) => o.callId === callId)?.output ?? null);
}

describe("a stdio MCP server given to new Codex()", () => {
  it("is listed as ready, the model calls its tool after approval, and the item carries its answer", async () => {
    const asked: McpToolCallApproval[] = [];
    const codex = env.codex({
      mcpServers: { echo },
      onServerRequest: approveMcpToolCalls((call) => (asked.push(call), true)),
    });
    const status = byName(await within(codex.mcpServerStatus(), "mcpServerStatus"), "echo");
    expect(status).toMatchObject({ name: "echo", toolsError: null, serverInfo: { name: "echo-fixture" } });
    expect(Object.keys(status?.tools ?? {})).toEqual(["echo"]);

    const callId = scriptMcpCall("echo hello", "echo", "echo", { text: "hello" }, "it said hello");
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
    await ready(codex, thread.id, "echo");
    const result = await within(thread.run("echo hello"), "the turn");

    expect(result.finalResponse).toBe("it said hello");
    const [call] = mcpCalls(result.items);
    expect(call).toMatchObject({
      id: callId,
      server: "echo",
      tool: "echo",
      status: "completed",
      error: null,
    });
    expect(call?.result?.content).toEqual([{ type: "text", text: "echo: hello" }]);
    expect(outputSentToModel(callId)).toContain("echo: hello");
    expect(asked).toEqual([
      { server: "echo", tool: "echo", arguments: { text: "hello" }, threadId: thread.id, turnId: result.id },
    ]);
  });

  it("a declined approval fails the call and the turn completes", async () => {
    const codex = env.codex({ mcpServers: { echo }, onServerRequest: approveMcpToolCalls(() => false) });
    scriptMcpCall("echo declined", "echo", "echo", { text: "no" }, "not allowed");
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
    await ready(codex, thread.id, "echo");
    const result = await within(thread.run("echo declined"), "the turn");
    expect(result.status).toBe("completed");
    expect(mcpCalls(result.items)[0]).toMatchObject({ status: "failed", result: null });
  });

  it("under deny_all the runtime refuses the call without asking", async () => {
    let asked = 0;
    const codex = env.codex({ mcpServers: { echo }, onServerRequest: () => void asked++ });
    scriptMcpCall("echo denied", "echo", "echo", { text: "no" }, "refused");
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all });
    await ready(codex, thread.id, "echo");
    const result = await within(thread.run("echo denied"), "the turn");
    expect(mcpCalls(result.items)[0]).toMatchObject({
      status: "failed",
      result: null,
      error: { message: expect.stringMatching(/approval policy is never/) as unknown },
    });
    expect(asked).toBe(0);
  });

  it("a server whose command does not exist shows as failed, and turns still work", async () => {
    const codex = env.codex({ mcpServers: { ghost: { command: "/nonexistent/mcp-server-for-a-test" } } });
    const ghost = byName(await within(codex.mcpServerStatus(), "mcpServerStatus"), "ghost");
    expect(ghost?.toolsError).toMatch(/MCP startup failed/);
    expect(ghost?.tools).toEqual({});
    script.on("still fine", textResponse("yes"));
    const thread = await codex.threadStart();
    expect((await within(thread.run("still fine"), "the turn")).finalResponse).toBe("yes");
  });

  it("reloadMcpServers() is answered; OAuth login of a stdio server is refused by the runtime", async () => {
    const codex = env.codex({ mcpServers: { echo } });
    await within(codex.reloadMcpServers(), "the reload");
    const error = await rejection(codex.mcpServerOauthLogin("echo"));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(String(error)).toMatch(/only supported for streamable HTTP servers/);
  });
});

describe("mcpServers on a thread call", () => {
  it("works for that thread, and the status lists it only with the thread id", async () => {
    const codex = env.codex({ onServerRequest: approveMcpToolCalls() });
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request, mcpServers: { echo } });
    expect(byName(await codex.mcpServerStatus(), "echo")).toBeUndefined();
    await ready(codex, thread.id, "echo");

    scriptMcpCall("thread echo", "echo", "echo", { text: "thread" }, "done");
    const result = await within(thread.run("thread echo"), "the turn");
    expect(mcpCalls(result.items)[0]?.result?.content).toEqual([{ type: "text", text: "echo: thread" }]);
  });

  it("is validated before anything is sent", async () => {
    const codex = env.codex();
    const bad = [
      { "bad name": echo },
      { both: { command: "x", url: "http://127.0.0.1:1/mcp" } },
      { neither: {} },
      { web: { url: "ftp://example.com" } },
      { web: { url: "http://127.0.0.1:1/mcp", bearerTokenEnvVar: "not a name" } },
    ];
    for (const mcpServers of bad) {
      await expect(codex.threadStart({ mcpServers: mcpServers as never })).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    await expect(
      codex.threadStart({ mcpServers: { echo }, config: { mcp_servers: { echo: { command: "y" } } } }),
    ).rejects.toThrow(/also configured in config.mcp_servers/);
  });
});

describe("an in-process McpServer", () => {
  function adder(): McpServer {
    const server = new McpServer({ name: "adder", version: "1.0.0" });
    server.registerTool(
      "add",
      { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } },
      ({ a, b }) => ({ content: [{ type: "text", text: `sum: ${a + b}` }] }),
    );
    return server;
  }

  /** Answers `GET /` on the port with the given headers: the status code, or the connection error code. */
  function probe(port: number, headers: Record<string, string> = {}): Promise<number | string> {
    return new Promise((resolve) => {
      const options = { host: "127.0.0.1", port, path: "/mcp/mine", method: "POST", headers, agent: false };
      const req = request(options, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end("{}");
    });
  }

  it("serves every thread, keeps its token out of argv, and its port is closed after close()", async () => {
    const codex = new Codex({
      ...env.harness.codexOptions(),
      mcpServers: { mine: adder() },
      onServerRequest: approveMcpToolCalls(),
    });
    try {
      const status = byName(await within(codex.mcpServerStatus(), "mcpServerStatus"), "mine");
      expect(status).toMatchObject({ authStatus: "bearerToken", toolsError: null });
      expect(Object.keys(status?.tools ?? {})).toEqual(["add"]);
      const port = Number(new URL(status?.httpOrigin ?? "").port);
      expect(new URL(status?.httpOrigin ?? "").hostname).toBe("127.0.0.1");

      // Two threads: two MCP sessions of the runtime on the one server object.
      for (const [prompt, a, b] of [["add one", 2, 3] as const, ["add two", 10, 20] as const]) {
        scriptMcpCall(prompt, "mine", "add", { a, b }, "added");
        const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
        await ready(codex, thread.id, "mine");
        const result = await within(thread.run(prompt), "the turn");
        expect(mcpCalls(result.items)[0]).toMatchObject({
          status: "completed",
          result: { content: [{ type: "text", text: `sum: ${a + b}` }] },
        });
      }

      // The token is in the app-server's environment, not in its command line; requests without it are refused.
      const [pid] = appServerPids(env.harness.codexHome).filter((p) =>
        readFileSync(`/proc/${p}/environ`, "utf8").includes("CODEX_APP_SDK_MCP_TOKEN="),
      );
      expect(pid).toBeDefined();
      const token =
        /CODEX_APP_SDK_MCP_TOKEN=([^\0]+)/.exec(readFileSync(`/proc/${pid}/environ`, "utf8"))?.[1] ?? "";
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(`/proc/${pid}/cmdline`, "utf8")).not.toContain(token);
      expect(await probe(port)).toBe(401);
      expect(await probe(port, { authorization: "Bearer wrong" })).toBe(401);
      expect(await probe(port, { authorization: `Bearer ${token}` })).not.toBe(401);

      await codex.close();
      expect(await probe(port)).toBe("ECONNREFUSED");
    } finally {
      await codex.close();
    }
  });

  it("can be given to one thread only", async () => {
    const codex = env.codex({ onServerRequest: approveMcpToolCalls() });
    const thread = await codex.threadStart({
      approvalMode: ApprovalMode.on_request,
      mcpServers: { mine: adder() },
    });
    await ready(codex, thread.id, "mine");
    scriptMcpCall("thread add", "mine", "add", { a: 4, b: 5 }, "nine");
    const result = await within(thread.run("thread add"), "the turn");
    expect(mcpCalls(result.items)[0]?.result?.content).toEqual([{ type: "text", text: "sum: 9" }]);
  });
});
