import { describe, expect, it } from "vitest";
import {
  threadForkParams,
  threadListParams,
  threadResumeParams,
  threadStartParams,
} from "../../src/api/threads/thread-params.js";
import { turnStartParams } from "../../src/api/threads/turn-options.js";
import { ApprovalMode, InvalidArgumentError, Sandbox, type TurnOptions } from "../../src/index.js";

describe("thread lifecycle params", () => {
  it("threadStart defaults to auto_review and sends nothing else unasked", () => {
    expect(threadStartParams({})).toEqual({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" });
  });

  it("threadStart maps every option to its wire name", () => {
    expect(
      threadStartParams({
        approvalMode: ApprovalMode.deny_all,
        baseInstructions: "base",
        config: { model_reasoning_effort: "high" },
        cwd: "/w",
        developerInstructions: "dev",
        ephemeral: true,
        model: "m",
        modelProvider: "p",
        personality: "pragmatic",
        sandbox: Sandbox.workspace_write,
        serviceName: "svc",
        serviceTier: "flex",
        sessionStartSource: "startup",
        threadSource: "ci-bot",
      }),
    ).toEqual({
      approvalPolicy: "never",
      baseInstructions: "base",
      config: { model_reasoning_effort: "high" },
      cwd: "/w",
      developerInstructions: "dev",
      ephemeral: true,
      model: "m",
      modelProvider: "p",
      personality: "pragmatic",
      sandbox: "workspace-write",
      serviceName: "svc",
      serviceTier: "flex",
      sessionStartSource: "startup",
      threadSource: "ci-bot",
    });
  });

  it("resume and fork send no approval settings unless given, so stored settings persist", () => {
    expect(threadResumeParams("t1", {})).toEqual({ threadId: "t1" });
    expect(threadForkParams("t1", {})).toEqual({ threadId: "t1" });
    expect(threadForkParams("t1", { approvalMode: ApprovalMode.auto_review, threadSource: "x" })).toEqual({
      threadId: "t1",
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
      threadSource: "x",
    });
    expect(() => threadResumeParams("", {})).toThrowError(InvalidArgumentError);
  });

  it("protocol fields the SDK once dropped are sent as given, null included; undefined is not sent", () => {
    expect(
      threadStartParams({
        historyMode: null,
        projectId: "p1",
        experimentalRawEvents: true,
        model: undefined,
      }),
    ).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
      historyMode: null,
      projectId: "p1",
      experimentalRawEvents: true,
    });
    expect(threadResumeParams("t1", { excludeTurns: true, path: null })).toEqual({
      threadId: "t1",
      excludeTurns: true,
      path: null,
    });
    expect(threadForkParams("t1", { lastTurnId: "turn-3", beforeTurnId: undefined })).toEqual({
      threadId: "t1",
      lastTurnId: "turn-3",
    });
  });

  it("an untyped caller's unknown key is never sent, and threadId cannot be overridden", () => {
    const untyped = { threadId: "other", nonsense: 1, model: "m" } as unknown as Parameters<
      typeof threadForkParams
    >[1];
    expect(threadForkParams("t1", untyped)).toEqual({ threadId: "t1", model: "m" });
  });

  it("raw approval fields replace the approvalMode default, and the two together are refused", () => {
    expect(threadStartParams({ approvalPolicy: "untrusted" })).toEqual({ approvalPolicy: "untrusted" });
    expect(threadStartParams({ approvalsReviewer: "user" })).toEqual({ approvalsReviewer: "user" });
    expect(() =>
      threadStartParams({ approvalMode: ApprovalMode.deny_all, approvalsReviewer: "user" }),
    ).toThrowError(/approvalMode cannot be combined with approvalsReviewer/);
    expect(() => threadStartParams({ tools: [], dynamicTools: [] })).toThrowError(InvalidArgumentError);
  });

  it("threadList maps filters and validates the page size", () => {
    expect(
      threadListParams({
        archived: true,
        limit: 5,
        searchTerm: "needle",
        useStateDbOnly: true,
        cwd: ["/a", "/b"],
      }),
    ).toEqual({ archived: true, limit: 5, searchTerm: "needle", useStateDbOnly: true, cwd: ["/a", "/b"] });
    expect(threadListParams({})).toEqual({});
    expect(() => threadListParams({ limit: 0 })).toThrowError(InvalidArgumentError);
    expect(() => threadListParams({ limit: 1.5 })).toThrowError(/limit/);
  });
});

describe("turn/start params", () => {
  const input = [{ type: "text" as const, text: "hi", text_elements: [] }];

  it("sends the protocol fields as given and the SDK options in their wire form", () => {
    const options: TurnOptions = {
      clientUserMessageId: "m1",
      serviceTier: "flex",
      effort: "high",
      summary: undefined,
      approvalMode: ApprovalMode.on_request,
      cwd: "/w",
      sandbox: Sandbox.read_only,
      signal: undefined,
    };
    expect(turnStartParams("t1", input, options)).toEqual({
      threadId: "t1",
      input,
      clientUserMessageId: "m1",
      serviceTier: "flex",
      effort: "high",
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
      cwd: "/w",
      sandboxPolicy: { type: "readOnly", networkAccess: false },
    });
  });

  it("a raw sandboxPolicy is sent as given; with the sandbox preset too, it is refused", () => {
    const sandboxPolicy = {
      type: "workspaceWrite" as const,
      writableRoots: ["/out"],
      networkAccess: true,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    };
    expect(turnStartParams("t1", input, { sandboxPolicy })).toEqual({ threadId: "t1", input, sandboxPolicy });
    expect(() => turnStartParams("t1", input, { sandbox: Sandbox.read_only, sandboxPolicy })).toThrowError(
      /sandbox cannot be combined with sandboxPolicy/,
    );
  });

  it("options cannot override the thread id or the input", () => {
    const untyped = { threadId: "other", input: [] } as unknown as TurnOptions;
    expect(turnStartParams("t1", input, untyped)).toEqual({ threadId: "t1", input });
  });
});
