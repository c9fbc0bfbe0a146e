import { describe, expect, expectTypeOf, it } from "vitest";

import type { ApprovalsReviewer } from "../../src/generated/v2/ApprovalsReviewer.js";
import type { AskForApproval } from "../../src/generated/v2/AskForApproval.js";
import {
  ApprovalMode,
  approvalParams,
  type ApprovalParams,
} from "../../src/api/server-requests/approvals.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import { CodexError } from "../../src/errors.js";

const LIST =
  "approvalMode must be one of: ApprovalMode.auto_review, ApprovalMode.deny_all, ApprovalMode.untrusted, " +
  "ApprovalMode.on_request";

describe("ApprovalMode", () => {
  it("has exactly the four modes, in order, named by their values", () => {
    expect(ApprovalMode).toStrictEqual({
      auto_review: "auto_review",
      deny_all: "deny_all",
      untrusted: "untrusted",
      on_request: "on_request",
    });
    expect(Object.keys(ApprovalMode)).toStrictEqual(["auto_review", "deny_all", "untrusted", "on_request"]);
    expectTypeOf<ApprovalMode>().toEqualTypeOf<"auto_review" | "deny_all" | "untrusted" | "on_request">();
  });
});

describe("approvalParams", () => {
  it("auto_review routes escalations to the runtime's reviewer", () => {
    expect(approvalParams(ApprovalMode.auto_review)).toStrictEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
  });

  it("deny_all never asks and sends no reviewer field", () => {
    const params = approvalParams(ApprovalMode.deny_all);
    expect(params).toStrictEqual({ approvalPolicy: "never" });
    expect(Object.keys(params)).toStrictEqual(["approvalPolicy"]);
  });

  it("untrusted asks the client (user reviewer) before commands not known safe", () => {
    expect(approvalParams(ApprovalMode.untrusted)).toStrictEqual({
      approvalPolicy: "untrusted",
      approvalsReviewer: "user",
    });
  });

  it("on_request asks the client (user reviewer) when the agent requests escalation", () => {
    expect(approvalParams(ApprovalMode.on_request)).toStrictEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
    });
  });

  it("sends nothing for undefined, so the stored setting is kept", () => {
    expect(approvalParams(undefined)).toStrictEqual({});
  });

  it("returns a fresh object every time", () => {
    const first = approvalParams(ApprovalMode.on_request);
    first.approvalPolicy = "never";
    expect(approvalParams(ApprovalMode.on_request).approvalPolicy).toBe("on-request");
  });

  it("is typed by the generated protocol types", () => {
    expectTypeOf<ApprovalParams>().toEqualTypeOf<{
      approvalPolicy: AskForApproval;
      approvalsReviewer?: ApprovalsReviewer;
    }>();
    expectTypeOf(approvalParams(ApprovalMode.deny_all)).toEqualTypeOf<ApprovalParams>();
    expectTypeOf(approvalParams(undefined as ApprovalMode | undefined)).toEqualTypeOf<
      Partial<ApprovalParams>
    >();
  });

  it.each<[unknown, string]>([
    ["never", `; got "never" (did you mean ApprovalMode.deny_all?)`],
    ["on-request", `; got "on-request" (did you mean ApprovalMode.on_request?)`],
    ["onRequest", `; got "onRequest" (did you mean ApprovalMode.on_request?)`],
    ["auto-review", `; got "auto-review" (did you mean ApprovalMode.auto_review?)`],
    ["guardian_subagent", `; got "guardian_subagent" (did you mean ApprovalMode.auto_review?)`],
    ["DENY_ALL", `; got "DENY_ALL" (did you mean ApprovalMode.deny_all?)`],
    ["deny_al", `; got "deny_al" (did you mean ApprovalMode.deny_all?)`],
    ["on-failure", `; got "on-failure"`],
    ["dangerously_bypass_approvals_and_sandbox", `; got "dangerously_bypass_approvals_and_sandbox"`],
    ["", `; got ""`],
    [null, "; got null"],
    [true, "; got true"],
    [{ granular: {} }, `; got {"granular":{}}`],
  ])("rejects %s, listing the four modes", (value, rest) => {
    let error: unknown;
    try {
      approvalParams(value as ApprovalMode);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(CodexError);
    expect((error as InvalidArgumentError).message).toBe(LIST + rest);
    expect((error as InvalidArgumentError).argument).toBe("approvalMode");
  });
});
