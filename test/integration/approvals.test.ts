/**
 * Approvals and other server requests through the REAL pinned binary and the mock Responses API.
 * The mock answers a prompt with an `exec_command` function call that writes a file in the
 * workspace, then with a text; the thread runs under `ApprovalMode.untrusted` in the
 * workspace-write sandbox, so the runtime asks the client before running the command.
 *
 * The request without a default answer is a real one too: an MCP server (a small script) asks for
 * an elicitation while the model calls its tool, and the runtime sends `mcpServer/elicitation/request`.
 *
 * The tests share one harness (answers keyed by prompt, files named per test); each makes its own
 * `Codex`, because the client-level options differ.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  AbortError,
  ApprovalMode,
  Codex,
  Sandbox,
  TimeoutError,
  approveAll,
  type CodexOptions,
  type Notification,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type TurnEvent,
} from "../../src/index.js";
import type { ThreadItem } from "../../src/types.js";
import {
  AppServerHarness,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
  type SseEvent,
} from "../../src/testing/index.js";
import { PromptScript, SdkEnv, signal, within } from "../support/sdk.js";

const COMMAND = "item/commandExecution/requestApproval";
const ELICITATION = "mcpServer/elicitation/request";

let env: SdkEnv;
let script: PromptScript;
let mcpDir: string;
let mcpLog: string;
let calls = 0;

beforeAll(async () => {
  // The MCP server: on tools/call it asks the client for an elicitation, and returns what it got.
  const dir = (mcpDir = mkdtempSync(join(tmpdir(), "codex-sdk-mcp-")));
  const mcpScript = join(dir, "mcp-elicit.cjs");
  mcpLog = join(dir, "mcp.log");
  writeFileSync(mcpScript, MCP_SERVER);
  env = await SdkEnv.create({
    config: {
      mcp_servers: { elicit: { command: process.execPath, args: [mcpScript], env: { MCP_LOG: mcpLog } } },
    },
  });
  script = new PromptScript(env.mock);
});

afterAll(async () => {
  await env.dispose();
  rmSync(mcpDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(script.unused(), "scripted answers the runtime never asked for").toEqual([]);
});

/** A prompt whose answer is `exec_command <cmd>`, then `text` once the command's output came back. */
function scriptShell(prompt: string, cmd: string, text = "done"): void {
  script.on(prompt, shellCommandResponse(`call_${++calls}`, cmd), textResponse(text));
}

function codexWith(options: Omit<CodexOptions, "cwd" | "env"> = {}): Codex {
  return env.codex(options);
}

function untrustedThread(codex: Codex) {
  return codex.threadStart({ approvalMode: ApprovalMode.untrusted, sandbox: Sandbox.workspace_write });
}

function workspaceFile(name: string): string {
  return join(env.harness.workspace, name);
}

function commandItems(items: readonly ThreadItem[]) {
  return items.flatMap((i) => (i.type === "commandExecution" ? [i] : []));
}

/** Collects a stream (bounded). */
async function drain(stream: AsyncIterable<TurnEvent>): Promise<TurnEvent[]> {
  return within(
    (async () => {
      const events: TurnEvent[] = [];
      for await (const event of stream) events.push(event);
      return events;
    })(),
    "the turn's stream",
  );
}

/** Records the requests a handler saw, answering with `answer`. */
function recording(answer: ServerRequestHandler) {
  const seen: ServerRequestEvent[] = [];
  const handler: ServerRequestHandler = (request, context) => {
    seen.push(request);
    return answer(request, context);
  };
  return { handler, seen };
}

/** The notifications of `method` a client emits, as they come. */
function listen(codex: Codex, method: "error" | "warning"): Notification[] {
  const seen: Notification[] = [];
  codex.on(method, (n) => seen.push(n));
  return seen;
}

describe("command approvals under ApprovalMode.untrusted (workspace-write)", () => {
  it("accept: the command runs (the file exists, exit code 0); the stream shows the request, then its resolution", async () => {
    const { handler, seen } = recording(() => ({ decision: "accept" }));
    const codex = codexWith({ onServerRequest: handler });
    scriptShell("accept it", "echo accepted > accept.txt");
    const thread = await untrustedThread(codex);
    const turn = await thread.turn("accept it");
    const events = await drain(turn.stream());

    expect(readFileSync(workspaceFile("accept.txt"), "utf8")).toBe("accepted\n");
    expect(seen).toHaveLength(1);
    const request = seen[0];
    expect(request?.method).toBe(COMMAND);
    if (request?.method !== COMMAND) return;
    expect(request.params).toMatchObject({ threadId: thread.id, turnId: turn.id, kind: "command" });
    expect(request.params.command).toContain("echo accepted > accept.txt");

    const methods = events.map((e) => e.method);
    const asked = methods.indexOf(COMMAND);
    const resolved = methods.indexOf("serverRequest/resolved");
    const done = events.findIndex(
      (e) => e.method === "item/completed" && e.params.item.type === "commandExecution",
    );
    expect(asked).toBeGreaterThan(-1);
    expect(asked).toBeLessThan(resolved);
    expect(resolved).toBeLessThan(done);
    expect(events[asked]).toMatchObject({ id: request.id });
    expect(events[resolved]).toMatchObject({ params: { threadId: thread.id, requestId: request.id } });
    const item = events[done];
    expect(item?.method === "item/completed" && item.params.item).toMatchObject({
      type: "commandExecution",
      status: "completed",
      exitCode: 0,
    });
    expect(events.at(-1)).toMatchObject({
      method: "turn/completed",
      params: { turn: { status: "completed" } },
    });
  });

  it("decline: the command does not run (no file), the item is declined, and the turn completes", async () => {
    const codex = codexWith({ onServerRequest: () => ({ decision: "decline" }) });
    scriptShell("decline it", "echo declined > decline.txt", "understood");
    const thread = await untrustedThread(codex);
    const result = await within(thread.run("decline it"), "the declined turn");

    expect(existsSync(workspaceFile("decline.txt"))).toBe(false);
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("understood");
    expect(commandItems(result.items)).toMatchObject([{ status: "declined", exitCode: null }]);
    const followUp = env.mock.requests.filter((r) => r.lastUserText() === "decline it").at(-1);
    expect(followUp?.functionCallOutputs()[0]?.output).toContain("rejected by user");
  });

  it("acceptForSession: the same command is not asked again in the session; accept asks every time", async () => {
    async function twice(decision: "accept" | "acceptForSession", name: string): Promise<number> {
      const { handler, seen } = recording(() => ({ decision }));
      const codex = codexWith({ onServerRequest: handler });
      const thread = await untrustedThread(codex);
      for (const round of [1, 2]) {
        scriptShell(`${name} ${round}`, `echo ${name} >> ${name}.txt`);
        const result = await within(thread.run(`${name} ${round}`), `${name} turn ${round}`);
        expect(commandItems(result.items)).toMatchObject([{ status: "completed", exitCode: 0 }]);
      }
      expect(readFileSync(workspaceFile(`${name}.txt`), "utf8")).toBe(`${name}\n${name}\n`);
      return seen.length;
    }
    expect(await twice("acceptForSession", "session")).toBe(1);
    expect(await twice("accept", "once")).toBe(2);
  });

  it("no handler: the default declines, the turn completes, and the client warns once", async () => {
    const codex = codexWith();
    const warnings = listen(codex, "warning");
    const thread = await untrustedThread(codex);
    for (const round of [1, 2]) {
      scriptShell(`no handler ${round}`, `echo nobody > nobody-${round}.txt`);
      const result = await within(thread.run(`no handler ${round}`), `turn ${round}`);
      expect(result.status).toBe("completed");
      expect(commandItems(result.items)).toMatchObject([{ status: "declined" }]);
      expect(existsSync(workspaceFile(`nobody-${round}.txt`))).toBe(false);
    }
    const sdkWarnings = warnings.filter(
      (w) => w.method === "warning" && w.params.message.includes("codex-app-sdk"),
    );
    expect(sdkWarnings).toHaveLength(1);
    expect(sdkWarnings[0]?.params).toMatchObject({ threadId: thread.id });
  });

  it("the turn's handler wins over the client's for that turn only", async () => {
    const client = recording(() => ({ decision: "decline" }));
    const codex = codexWith({ onServerRequest: client.handler });
    const thread = await untrustedThread(codex);
    scriptShell("turn handler", "echo turn > turn-level.txt");
    const own = recording(() => ({ decision: "accept" }));
    const result = await within(thread.run("turn handler", { onServerRequest: own.handler }), "the turn");
    expect(commandItems(result.items)).toMatchObject([{ status: "completed" }]);
    expect(existsSync(workspaceFile("turn-level.txt"))).toBe(true);
    expect([own.seen.length, client.seen.length]).toEqual([1, 0]);

    scriptShell("client handler", "echo client > client-level.txt");
    const next = await within(thread.run("client handler"), "the next turn");
    expect(commandItems(next.items)).toMatchObject([{ status: "declined" }]);
    expect([own.seen.length, client.seen.length]).toEqual([1, 1]);
  });
});

describe("failing handlers: the server gets an error, the user an `error` event, the turn completes", () => {
  async function failingTurn(name: string, options: Omit<CodexOptions, "cwd" | "env">) {
    const codex = codexWith(options);
    const errors = listen(codex, "error");
    scriptShell(name, `echo ${name} > ${name}.txt`);
    const thread = await untrustedThread(codex);
    const turn = await thread.turn(name);
    const events = await drain(turn.stream());
    const completed = events.at(-1);
    expect(completed).toMatchObject({ method: "turn/completed", params: { turn: { status: "completed" } } });
    expect(existsSync(workspaceFile(`${name}.txt`))).toBe(false);
    const item = events.find(
      (e) => e.method === "item/completed" && e.params.item.type === "commandExecution",
    );
    // The runtime treats an error answer as a failed approval: the command fails, the agent carries on.
    expect(item?.method === "item/completed" && item.params.item).toMatchObject({ status: "failed" });
    const streamErrors = events.filter((e) => e.method === "error");
    expect(streamErrors).toHaveLength(1);
    expect(errors).toEqual(streamErrors);
    return { error: streamErrors[0] as Notification, turnId: turn.id };
  }

  it("a throwing handler", async () => {
    const { error, turnId } = await failingTurn("throwing", {
      onServerRequest: () => {
        throw new Error("policy service unavailable");
      },
    });
    expect(error.params).toMatchObject({ willRetry: false, turnId });
    expect(error.method === "error" && error.params.error.message).toContain("policy service unavailable");
  });

  it("a handler slower than serverRequestTimeoutMs: answered at the timeout, its signal aborted", async () => {
    let context: ServerRequestContext | undefined;
    const { error } = await failingTurn("slow", {
      serverRequestTimeoutMs: 300,
      onServerRequest: (_request, ctx) => {
        context = ctx;
        return new Promise(() => undefined); // never answers
      },
    });
    expect(error.method === "error" && error.params.error.message).toContain("did not answer");
    expect(context?.signal.aborted).toBe(true);
    expect(context?.signal.reason).toBeInstanceOf(TimeoutError);
  });
});

describe("interrupting a turn while an approval is pending", () => {
  it("aborts the handler's signal; the turn ends interrupted and nothing is reported as an error", async () => {
    const asked = signal<ServerRequestContext>();
    const codex = codexWith({
      onServerRequest: (_request, context) => {
        asked.resolve(context);
        return new Promise((_, reject) =>
          context.signal.addEventListener("abort", () => reject(context.signal.reason as Error)),
        );
      },
    });
    const errors = listen(codex, "error");
    script.on("interrupt me", shellCommandResponse(`call_${++calls}`, "echo never > interrupted.txt"));
    const thread = await untrustedThread(codex);
    const turn = await thread.turn("interrupt me");
    const run = turn.run();
    const context = await within(asked.promise, "the approval request");
    expect(context.signal.aborted).toBe(false);
    await turn.interrupt();
    const result = await within(run, "the interrupted turn");

    expect(result.status).toBe("interrupted");
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBeInstanceOf(AbortError);
    expect(existsSync(workspaceFile("interrupted.txt"))).toBe(false);
    expect(errors).toEqual([]);
    // The thread stays usable.
    script.on("after interrupt", textResponse("still here"));
    expect((await within(thread.run("after interrupt"), "the next turn")).finalResponse).toBe("still here");
  });
});

describe("a request without a default answer (an MCP elicitation during a turn)", () => {
  function scriptToolCall(prompt: string, text: string): void {
    const events: SseEvent[] = toolCallResponse(`call_${++calls}`, "ask_name", {}).map((event) =>
      event.type === "response.output_item.done"
        ? { ...event, item: { ...(event["item"] as object), namespace: "mcp__elicit" } }
        : event,
    );
    script.on(prompt, events, textResponse(text));
  }

  function mcpReplies(): unknown[] {
    return readFileSync(mcpLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id?: unknown })
      .filter((m) => typeof m.id === "string" && m.id.startsWith("elicit-"));
  }

  it("no handler: the client answers with a JSON-RPC error, the runtime declines, and the turn completes", async () => {
    const codex = codexWith();
    scriptToolCall("ask without handler", "no name then");
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
    const turn = await thread.turn("ask without handler");
    const events = await drain(turn.stream());

    const request = events.find((e) => e.method === ELICITATION);
    expect(request).toMatchObject({ params: { threadId: thread.id, turnId: turn.id, serverName: "elicit" } });
    expect(events.at(-1)).toMatchObject({
      method: "turn/completed",
      params: { turn: { status: "completed" } },
    });
    const tool = events.find((e) => e.method === "item/completed" && e.params.item.type === "mcpToolCall");
    expect(JSON.stringify(tool)).toContain(String.raw`elicitation result: {\"action\":\"decline\"}`);
    expect(mcpReplies().at(-1)).toMatchObject({ result: { action: "decline" } });
  });

  it("a handler's answer reaches the MCP server", async () => {
    const codex = codexWith({ onServerRequest: approveAll }); // approveAll leaves elicitations alone…
    scriptToolCall("ask with handler", "hello Ada");
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
    const result = await within(
      thread.run("ask with handler", {
        // …so the turn's handler answers it.
        onServerRequest: (request) =>
          request.method === ELICITATION
            ? { action: "accept", content: { name: "Ada" }, _meta: null }
            : undefined,
      }),
      "the turn",
    );
    expect(result.finalResponse).toBe("hello Ada");
    expect(mcpReplies().at(-1)).toMatchObject({ result: { action: "accept", content: { name: "Ada" } } });
  });
});

describe("runtime facts docs/approvals.md states (0.169)", () => {
  it("resuming a loaded thread ignores its approval settings; a turn-level approvalMode applies and sticks", async () => {
    const { handler, seen } = recording(() => ({ decision: "accept" }));
    const codex = codexWith({ onServerRequest: handler });
    const thread = await codex.threadStart({
      approvalMode: ApprovalMode.deny_all,
      sandbox: Sandbox.workspace_write,
    });
    // A thread can be resumed once its first turn wrote the rollout.
    scriptShell("before resume", "echo first > first.txt");
    await within(thread.run("before resume"), "the first turn");
    const resumed = await codex.threadResume(thread.id, { approvalMode: ApprovalMode.untrusted });
    expect(resumed.settings?.approvalPolicy).toBe("never"); // the request's "untrusted" was ignored

    scriptShell("after resume", "echo resumed > resumed.txt");
    await within(resumed.run("after resume"), "the turn after resume");
    expect(seen).toHaveLength(0); // not asked: still "never"

    scriptShell("turn level", "echo turn > turn-mode.txt");
    await within(resumed.run("turn level", { approvalMode: ApprovalMode.untrusted }), "the turn-level turn");
    scriptShell("sticky", "echo sticky > sticky.txt");
    await within(resumed.run("sticky"), "the next turn");
    expect(seen).toHaveLength(2);
  });

  it('approval_policy = "untrusted" in config.toml makes the runtime refuse to start', async () => {
    const harness = await AppServerHarness.create({ config: { approval_policy: "untrusted" } });
    const codex = new Codex(harness.codexOptions());
    try {
      await expect(within(codex.start(), "the failed start")).rejects.toThrow(
        'approval_policy = "untrusted" is no longer supported',
      );
    } finally {
      await codex.close();
      await harness.dispose();
    }
  });
});

const MCP_SERVER = String.raw`
const { appendFileSync } = require("node:fs");
let buf = "";
let calls = 0;
const pending = new Map();
const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
process.stdin.on("data", (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    const m = JSON.parse(line);
    if (process.env.MCP_LOG) appendFileSync(process.env.MCP_LOG, line + "\n");
    if (m.method === "initialize") {
      send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "elicit", version: "1" } } });
    } else if (m.method === "tools/list") {
      send({ jsonrpc: "2.0", id: m.id, result: { tools: [{ name: "ask_name", description: "Asks the user for their name", inputSchema: { type: "object", properties: {} }, annotations: { readOnlyHint: true } }] } });
    } else if (m.method === "tools/call") {
      const id = "elicit-" + ++calls;
      pending.set(id, m.id);
      send({ jsonrpc: "2.0", id, method: "elicitation/create", params: { message: "Your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } } });
    } else if (pending.has(m.id)) {
      send({ jsonrpc: "2.0", id: pending.get(m.id), result: { content: [{ type: "text", text: "elicitation result: " + JSON.stringify(m.result ?? m.error) }] } });
      pending.delete(m.id);
    } else if (m.id !== undefined && m.method) {
      send({ jsonrpc: "2.0", id: m.id, result: {} });
    }
  }
});
process.stdin.on("end", () => process.exit(0));
`;
