/**
 * Approval modes: who decides when the agent wants to do something its sandbox does not allow
 * (write outside the workspace, reach the network, run a command that is not known to be safe).
 * A mode is sent as the `approvalPolicy` / `approvalsReviewer` pair of `thread/start`,
 * `thread/resume`, `thread/fork` and `turn/start`, and sticks for later turns.
 *
 * @module
 */

import type { ApprovalsReviewer } from "../../generated/v2/ApprovalsReviewer.js";
import type { AskForApproval } from "../../generated/v2/AskForApproval.js";
import { oneOf } from "../validation.js";

/**
 * Approval presets.
 *
 * - `auto_review` (the default for new threads): escalations go to the runtime's automatic
 *   reviewer, a subagent that weighs the risk and approves or denies; the client never sees an
 *   approval request (the review shows up as `item/autoApprovalReview/*` notifications).
 * - `deny_all`: the runtime never asks; anything that needs an escalation is refused and the
 *   agent carries on without it.
 * - `untrusted`: the client is asked (through its server-request handler) before any command
 *   that is not known to be safe.
 * - `on_request`: the client is asked when the agent requests an escalation.
 *
 * With `untrusted` and `on_request`, requests go to the handler given to `Codex`; without one
 * they are declined. Set `untrusted` per thread or turn, not in `config.toml`: the 0.169 runtime
 * refuses to start when its config has `approval_policy = "untrusted"`.
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all });
 * await thread.run("Refactor utils.ts", { approvalMode: ApprovalMode.on_request });
 * ```
 */
export const ApprovalMode = {
  auto_review: "auto_review",
  deny_all: "deny_all",
  untrusted: "untrusted",
  on_request: "on_request",
} as const;

/**
 * One of the {@link ApprovalMode} presets: `"auto_review" | "deny_all" | "untrusted" | "on_request"`.
 *
 * @example
 * ```ts
 * const mode: ApprovalMode = interactive ? ApprovalMode.on_request : ApprovalMode.auto_review;
 * ```
 */
export type ApprovalMode = (typeof ApprovalMode)[keyof typeof ApprovalMode];

/**
 * The wire params an {@link ApprovalMode} becomes. `approvalsReviewer` is left out for
 * `deny_all`, where nobody is asked.
 *
 * @example
 * ```ts
 * const params: ApprovalParams = approvalParams(ApprovalMode.on_request);
 * // { approvalPolicy: "on-request", approvalsReviewer: "user" }
 * ```
 */
export interface ApprovalParams {
  approvalPolicy: AskForApproval;
  approvalsReviewer?: ApprovalsReviewer;
}

const MODES = Object.values(ApprovalMode);

const LABELS: Readonly<Record<ApprovalMode, string>> = {
  auto_review: "ApprovalMode.auto_review",
  deny_all: "ApprovalMode.deny_all",
  untrusted: "ApprovalMode.untrusted",
  on_request: "ApprovalMode.on_request",
};

/** Wire spellings and near misses, normalized (lowercase, no `-`, `_`, spaces). */
const ALIASES: Readonly<Record<string, ApprovalMode>> = {
  never: "deny_all",
  guardiansubagent: "auto_review",
};

/** Functions, so that every call returns a fresh object the caller may change. */
const PARAMS: Readonly<Record<ApprovalMode, () => ApprovalParams>> = {
  auto_review: () => ({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" }),
  deny_all: () => ({ approvalPolicy: "never" }),
  untrusted: () => ({ approvalPolicy: "untrusted", approvalsReviewer: "user" }),
  on_request: () => ({ approvalPolicy: "on-request", approvalsReviewer: "user" }),
};

/**
 * The `approvalPolicy` / `approvalsReviewer` params for a mode, ready to spread into
 * `thread/start`, `thread/resume`, `thread/fork` or `turn/start` params. `undefined` gives `{}`:
 * nothing is sent and the thread keeps its stored setting. Every call returns a new object.
 *
 * @throws `InvalidArgumentError` when `mode` is not an {@link ApprovalMode} (wire values
 * such as `"never"` or `"on-request"` are rejected too, with a hint).
 * @example
 * ```ts
 * approvalParams(ApprovalMode.auto_review); // { approvalPolicy: "on-request", approvalsReviewer: "auto_review" }
 * approvalParams(ApprovalMode.deny_all); // { approvalPolicy: "never" }
 * approvalParams(ApprovalMode.untrusted); // { approvalPolicy: "untrusted", approvalsReviewer: "user" }
 * approvalParams(ApprovalMode.on_request); // { approvalPolicy: "on-request", approvalsReviewer: "user" }
 * approvalParams(undefined); // {}
 * const params: ThreadStartParams = { cwd, ...approvalParams(options.approvalMode ?? ApprovalMode.auto_review) };
 * ```
 */
export function approvalParams(mode: ApprovalMode): ApprovalParams;
export function approvalParams(mode: ApprovalMode | undefined): Partial<ApprovalParams>;
export function approvalParams(mode: ApprovalMode | undefined): Partial<ApprovalParams> {
  if (mode === undefined) return {};
  return PARAMS[oneOf("approvalMode", mode, MODES, { labels: LABELS, aliases: ALIASES })]();
}
