/**
 * OpenTelemetry spans against the real pinned app-server, recorded by the OpenTelemetry SDK's
 * in-memory exporter: request, turn, item and approval spans with their parents and attributes,
 * the W3C trace context sent on the wire, and errors recorded on spans.
 */
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, trace, SpanStatusCode } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { ApprovalMode, Sandbox, tool, TurnFailedError, type Codex } from "../../src/index.js";
import {
  failedResponse,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
} from "../../src/testing/index.js";
import { PromptScript, rejection, SdkEnv, within } from "../support/sdk.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
let env: SdkEnv;
let codex: Codex;
let script: PromptScript;
let dir: string;
const traceFile = (): string => join(dir, "trace.jsonl");

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
  dir = mkdtempSync(join(tmpdir(), "codex-otel-"));
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
  codex = env.codex({
    traceFile: traceFile(),
    onServerRequest: (request) =>
      request.method === "item/commandExecution/requestApproval" ? { decision: "accept" } : undefined,
  });
});

afterAll(async () => {
  await env.dispose();
  await provider.shutdown();
  trace.disable();
  context.disable();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => exporter.reset());

const lookup = tool({
  name: "lookup_city",
  description: "Facts about a city",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `${city} has 2 million people`,
});

function one(
  spans: readonly ReadableSpan[],
  name: string,
  extra?: (s: ReadableSpan) => boolean,
): ReadableSpan {
  const found = spans.filter((s) => s.name === name && (extra?.(s) ?? true));
  expect(
    found.map((s) => s.name),
    `one span named ${name}`,
  ).toEqual([name]);
  return found[0]!;
}

const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

/** The `trace` field of each outgoing request with this method, from the protocol trace file. */
function sentTraces(method: string): unknown[] {
  return readFileSync(traceFile(), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { dir: string; msg: { method?: string; id?: unknown; trace?: unknown } })
    .filter((l) => l.dir === "out" && l.msg.method === method && l.msg.id !== undefined)
    .map((l) => l.msg.trace);
}

describe("OpenTelemetry spans", () => {
  it("one turn with a shell command and a custom tool: request, turn and item spans with their parents and attributes", async () => {
    const thread = await codex.threadStart({ tools: [lookup] });
    script.on(
      "facts please",
      shellCommandResponse("call_sh", "echo traced-shell"),
      toolCallResponse("call_tool", "lookup_city", { city: "Paris" }),
      textResponse("Paris is big."),
    );
    const tracer = trace.getTracer("test");
    const result = await tracer.startActiveSpan("user work", async (root) => {
      try {
        return await within(thread.run("facts please"), "the traced turn");
      } finally {
        root.end();
      }
    });
    expect(result.finalResponse).toBe("Paris is big.");
    const spans = exporter.getFinishedSpans();
    const root = one(spans, "user work");
    const turn = one(spans, "invoke_agent codex");
    const request = one(spans, "turn/start");
    const shell = one(spans, "execute_tool shell");
    const toolItem = one(
      spans,
      "execute_tool lookup_city",
      (s) => s.attributes["codex.item.type"] === "dynamicToolCall",
    );
    const toolCall = one(
      spans,
      "execute_tool lookup_city",
      (s) => s.attributes["codex.server_request.method"] === "item/tool/call",
    );

    // One trace, from the user's span down to the tool call answered by the SDK.
    for (const s of [turn, request, shell, toolItem, toolCall]) {
      expect(s.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    expect(parentOf(turn)).toBe(root.spanContext().spanId);
    expect(parentOf(request)).toBe(turn.spanContext().spanId);
    expect(parentOf(shell)).toBe(turn.spanContext().spanId);
    expect(parentOf(toolItem)).toBe(turn.spanContext().spanId);
    expect(parentOf(toolCall)).toBe(toolItem.spanContext().spanId);

    expect(turn.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.conversation.id": thread.id,
      "gen_ai.request.model": env.harness.configToml.match(/^model = "(.*)"$/m)?.[1],
      "gen_ai.provider.name": "mock_provider",
      "gen_ai.system": "mock_provider",
      "codex.turn.id": result.id,
      "codex.turn.status": "completed",
      "gen_ai.response.finish_reasons": ["completed"],
    });
    // Three model calls of the default mock usage (10 in, 5 out) each.
    expect(turn.attributes["gen_ai.usage.input_tokens"]).toBe(30);
    expect(turn.attributes["gen_ai.usage.output_tokens"]).toBe(15);
    expect(turn.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(request.attributes).toMatchObject({ "rpc.system": "jsonrpc", "rpc.method": "turn/start" });
    expect(String(shell.attributes["codex.command"])).toContain("echo traced-shell");
    expect(shell.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "codex.command.exit_code": 0,
    });
    expect(toolItem.attributes).toMatchObject({
      "gen_ai.tool.name": "lookup_city",
      "codex.item.status": "completed",
    });
    expect(toolCall.attributes).toMatchObject({
      "gen_ai.tool.call.id": "call_tool",
      "codex.tool.success": true,
    });
    // Item spans lie inside their turn.
    const ms = (t: [number, number]): number => t[0] * 1e3 + t[1] / 1e6;
    expect(ms(shell.startTime)).toBeGreaterThanOrEqual(ms(turn.startTime));
    expect(ms(shell.endTime)).toBeLessThanOrEqual(ms(turn.endTime));

    // The request went out with its own span as W3C trace context.
    const c = request.spanContext();
    expect(sentTraces("turn/start").at(-1)).toEqual({ traceparent: `00-${c.traceId}-${c.spanId}-01` });
  });

  it("an approval span carries the decision, under its turn", async () => {
    const thread = await codex.threadStart({
      approvalMode: ApprovalMode.untrusted,
      sandbox: Sandbox.workspace_write,
    });
    script.on(
      "approve it",
      shellCommandResponse("call_ap", "echo approved > approved.txt"),
      textResponse("ok"),
    );
    const result = await within(thread.run("approve it"), "the turn with an approval");
    expect(result.status).toBe("completed");
    const spans = exporter.getFinishedSpans();
    const turn = one(spans, "invoke_agent codex");
    const approval = one(spans, "codex.approval item/commandExecution/requestApproval");
    expect(approval.attributes).toMatchObject({ "codex.approval.decision": "accept" });
    expect(String(approval.attributes["codex.command"])).toContain("echo approved");
    expect([
      turn.spanContext().spanId,
      ...spans.filter((s) => s.name === "execute_tool shell").map((s) => s.spanContext().spanId),
    ]).toContain(parentOf(approval));
  });

  it("a failed request and a failed turn are recorded as errors", async () => {
    await expect(
      codex.request("thread/resume", { threadId: "00000000-0000-0000-0000-000000000000" }),
    ).rejects.toThrow();
    const thread = await codex.threadStart();
    script.on("fail now", failedResponse("model broke"));
    const failed = await rejection(thread.run("fail now"), "the failing turn");
    expect(failed).toBeInstanceOf(TurnFailedError);
    const spans = exporter.getFinishedSpans();
    const resume = one(spans, "thread/resume");
    expect(resume.status.code).toBe(SpanStatusCode.ERROR);
    expect(resume.events.map((e) => e.name)).toContain("exception");
    const turn = one(spans, "invoke_agent codex");
    expect(turn.status.code).toBe(SpanStatusCode.ERROR);
    expect(turn.attributes["codex.turn.status"]).toBe("failed");
  });
});
