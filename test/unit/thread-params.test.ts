import { describe, expect, it } from "vitest";
import {
  threadForkParams,
  threadListParams,
  threadResumeParams,
  threadStartParams,
} from "../../src/api/threads/thread-params.js";
import { ApprovalMode, InvalidArgumentError, Sandbox } from "../../src/index.js";

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
