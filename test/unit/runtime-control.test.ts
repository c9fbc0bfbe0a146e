/**
 * Runtime control against a scripted fake app-server, for what the real binary cannot do here:
 * rate limits and token usage need a ChatGPT account (offline, the runtime answers -32600
 * "codex account authentication required"), and feedback upload needs the network (-32603, a DNS
 * failure reaching Sentry). Also the exact wire form of each request, and the exec handle's
 * failure paths at exact points (a crash mid-command, a throwing `onOutput`, an abort racing the
 * exit), which the real binary cannot be made to hit on demand.
 */
import { afterEach, describe, expect, it } from "vitest";

import {
  AbortError,
  Codex,
  CodexError,
  InternalRpcError,
  InvalidArgumentError,
  InvalidRequestError,
  TransportClosedError,
} from "../../src/index.js";
import {
  createMemoryTransport,
  FakeRpcError,
  initializeResult,
  type FakeAppServer,
} from "../support/memory-transport.js";

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

const SNAPSHOT = {
  limitId: "codex",
  limitName: null,
  normalModelSlug: null,
  primary: { usedPercent: 42, windowDurationMins: 300, resetsAt: 1_800_000_000 },
  secondary: null,
  credits: null,
  individualLimit: null,
  spendControlReached: null,
  planType: "plus",
  rateLimitReachedType: null,
};

describe("codex.usage (fake server: needs a ChatGPT account, which the offline harness cannot have)", () => {
  it("rateLimits() sends account/rateLimits/read with the given fields and returns the typed answer", async () => {
    const { codex, server } = setup();
    const answer = {
      ordinaryUsageAllowed: true,
      rateLimits: SNAPSHOT,
      rateLimitsByLimitId: { codex: SNAPSHOT },
      rateLimitResetCredits: null,
      accountId: "acct_1",
      rateLimitUpsell: null,
    };
    const pending = codex.usage.rateLimits({
      excludeResetCreditDetails: true,
      supportsLunaReserve: undefined,
    });
    const request = await server.nextRequest("account/rateLimits/read");
    expect(request.params).toEqual({ excludeResetCreditDetails: true });
    server.respond(request.id, answer);
    const limits = await pending;
    expect(limits.rateLimits.primary?.usedPercent).toBe(42);
    expect(limits).toEqual(answer);
  });

  it("read() sends account/usage/read (with threadId when given); the logged-out refusal is an InvalidRequestError", async () => {
    const { codex, server } = setup();
    const usage = { summary: {}, dailyUsageBuckets: null };
    server.handle("account/usage/read", (params) => {
      if ((params as { threadId?: string }).threadId === "t-1") return { ...usage, threadUsage: null };
      throw new FakeRpcError({
        code: -32600,
        message: "codex account authentication required to read token usage",
      });
    });
    expect(await codex.usage.read({ threadId: "t-1" })).toEqual({ ...usage, threadUsage: null });
    await expect(codex.usage.read()).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(codex.usage.read({ threadId: "" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      codex.usage.rateLimits({ excludeResetCreditDetails: "yes" as never }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("codex.feedback.upload() (fake server: the upload needs the network)", () => {
  it("sends the classification and options, and returns the thread id and prompt hash", async () => {
    const { codex, server } = setup();
    const pending = codex.feedback.upload("bug", {
      reason: "wrong file",
      threadId: "t-9",
      includeLogs: true,
      tags: { team: "infra" },
    });
    const request = await server.nextRequest("feedback/upload");
    expect(request.params).toEqual({
      classification: "bug",
      reason: "wrong file",
      threadId: "t-9",
      includeLogs: true,
      tags: { team: "infra" },
    });
    server.respond(request.id, { threadId: "t-9", promptHash: null });
    expect(await pending).toEqual({ threadId: "t-9", promptHash: null });
  });

  it("an upload failure is an InternalRpcError; bad arguments send nothing", async () => {
    const { codex, server } = setup();
    server.handle("feedback/upload", () => {
      throw new FakeRpcError({ code: -32603, message: "failed to upload feedback: dns error" });
    });
    await expect(codex.feedback.upload("bug")).rejects.toBeInstanceOf(InternalRpcError);
    await expect(codex.feedback.upload("")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.feedback.upload("bug", { tags: { a: 1 as never } })).rejects.toThrow(/tags\.a/);
    await expect(codex.feedback.upload("bug", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(server.received.filter((m) => m.method === "feedback/upload")).toHaveLength(1);
  });
});

describe("codex.models() pager", () => {
  it("iterates every page with the same options and stops at a null cursor; aborting stops it", async () => {
    const { codex, server } = setup();
    const model = (id: string) => ({ id }) as never;
    server.handle("model/list", (params) => {
      const { cursor } = params as { cursor?: string };
      if (cursor === undefined) return { data: [model("a"), model("b")], nextCursor: "2" };
      return { data: [model("c")], nextCursor: null };
    });
    const ids: string[] = [];
    for await (const m of codex.models({ modelProvider: "p", limit: 2 })) ids.push(m.id);
    expect(ids).toEqual(["a", "b", "c"]);
    const sent = server.received.filter((m) => m.method === "model/list").map((m) => m.params);
    expect(sent).toEqual([
      { includeHidden: false, modelProvider: "p", limit: 2 },
      { includeHidden: false, modelProvider: "p", limit: 2, cursor: "2" },
    ]);
    const page = codex.models({ signal: AbortSignal.abort() });
    await expect(page).rejects.toBeInstanceOf(AbortError);
    expect(Object.prototype.toString.call(page)).toBe("[object ModelsPage]");
  });
});

describe("codex.exec() failure paths (fake server: exact points the real binary cannot be made to hit)", () => {
  const delta = (processId: string, text: string, stream = "stdout") => ({
    processId,
    stream,
    deltaBase64: Buffer.from(text).toString("base64"),
    capReached: false,
  });

  it("a crash mid-command fails wait() and the output iterator with TransportClosedError", async () => {
    const { codex, server } = setup();
    const proc = await codex.exec(["sleep", "100"]);
    const request = await server.nextRequest("command/exec");
    expect(request.params).toMatchObject({
      command: ["sleep", "100"],
      streamStdoutStderr: true,
      processId: proc.processId,
    });
    server.notify("command/exec/outputDelta", delta(proc.processId, "partial"));
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const c of proc) chunks.push(c.text);
    })();
    server.crash({ exitCode: null, signal: "SIGKILL" });
    await expect(proc.wait()).rejects.toBeInstanceOf(TransportClosedError);
    await expect(reading).rejects.toBeInstanceOf(TransportClosedError);
    expect(chunks).toEqual(["partial"]);
  });

  it("a throwing onOutput terminates the command and wait() rejects with that error", async () => {
    const { codex, server } = setup();
    const boom = new Error("consumer broke");
    const proc = await codex.exec(["yes"], {
      onOutput: () => {
        throw boom;
      },
    });
    const request = await server.nextRequest("command/exec");
    server.notify("command/exec/outputDelta", delta(proc.processId, "y\n"));
    const terminate = await server.nextRequest("command/exec/terminate");
    expect(terminate.params).toEqual({ processId: proc.processId });
    server.respond(terminate.id, {});
    server.respond(request.id, { exitCode: 137, stdout: "", stderr: "" });
    const error = await proc.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexError);
    expect((error as Error).cause).toBe(boom);
  });

  it("an abort that loses the race with the exit: terminate is refused as 'no active', wait() still settles", async () => {
    const { codex, server } = setup();
    const controller = new AbortController();
    const proc = await codex.exec(["true"], { signal: controller.signal });
    const request = await server.nextRequest("command/exec");
    controller.abort();
    const terminate = await server.nextRequest("command/exec/terminate");
    server.respondError(terminate.id, {
      code: -32600,
      message: `no active command/exec for process id "${proc.processId}"`,
    });
    server.respond(request.id, { exitCode: 0, stdout: "", stderr: "" });
    await expect(proc.wait()).rejects.toBeInstanceOf(AbortError);
    await proc.terminate(); // after the exit: nothing is sent
    expect(server.received.filter((m) => m.method === "command/exec/terminate")).toHaveLength(1);
  });

  it("an abort while the client starts sends no command", async () => {
    const { transport, server } = createMemoryTransport();
    const controller = new AbortController();
    server.handle("initialize", () => {
      controller.abort();
      return initializeResult();
    });
    const codex = new Codex({ transport });
    open.push(codex);
    await expect(codex.exec(["ls"], { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(server.received.filter((m) => m.method === "command/exec")).toEqual([]);
  });

  it("stdin writes go out in call order, base64, and end() closes stdin once", async () => {
    const { codex, server } = setup();
    const proc = await codex.exec(["cat"], { streamStdin: true });
    const request = await server.nextRequest("command/exec");
    server.handle("command/exec/write", () => ({}));
    await Promise.all([proc.write("a"), proc.write(new Uint8Array([0x62])), proc.end("c")]);
    const writes = server.received.filter((m) => m.method === "command/exec/write").map((m) => m.params);
    expect(writes).toEqual([
      { processId: proc.processId, deltaBase64: "YQ==" },
      { processId: proc.processId, deltaBase64: "Yg==" },
      { processId: proc.processId, deltaBase64: "Yw==", closeStdin: true },
    ]);
    await expect(proc.end()).rejects.toThrow(/closed/);
    await expect(proc.write(42 as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    // "é" is two bytes in UTF-8; split across two chunks it still decodes whole, in the later one.
    const [first, second] = [Buffer.from([0xc3]), Buffer.from([0xa9])];
    for (const bytes of [first, second]) {
      server.notify("command/exec/outputDelta", {
        ...delta(proc.processId, ""),
        deltaBase64: bytes.toString("base64"),
      });
    }
    server.respond(request.id, { exitCode: 0, stdout: "", stderr: "" });
    expect((await proc.wait()).stdout).toBe("é");
    const texts: string[] = [];
    for await (const chunk of proc) texts.push(chunk.text);
    expect(texts).toEqual(["", "é"]);
  });
});
