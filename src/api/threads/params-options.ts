/**
 * Option types derived from the generated params of `thread/start`, `thread/resume`,
 * `thread/fork` and `turn/start`, and the one helper that copies their pass-through fields onto
 * the wire. The options accept every field of the params (the experimental ones too: the SDK
 * connects with `experimentalApi` by default), except the few an SDK convenience replaces under
 * the same key (`cwd`, checked; `sandbox`, a preset; `config`, merged with `mcpServers`;
 * `outputSchema`, zod or JSON Schema made strict).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import type { ApprovalsReviewer } from "../../generated/v2/ApprovalsReviewer.js";
import type { AskForApproval } from "../../generated/v2/AskForApproval.js";
import { approvalParams, type ApprovalMode } from "../server-requests/approvals.js";

/**
 * The options a generated params type `P` becomes: every field but the `Replaced` ones, optional,
 * and also taking `undefined` (which, as everywhere in the SDK, means "not sent"). A homomorphic
 * mapped type, so each field keeps the protocol's own TSDoc (including `@experimental` notes).
 *
 * @example
 * ```ts
 * type Options = ParamsOptions<TurnStartParams, "threadId" | "input">;
 * const o: Options = { clientUserMessageId: "msg-1", serviceTier: undefined };
 * ```
 */
export type ParamsOptions<P, Replaced extends keyof P> = {
  [K in keyof Omit<P, Replaced>]?: Omit<P, Replaced>[K] | undefined;
};

/**
 * The names of the pass-through fields, from an object literal with exactly one `true` per field:
 * a field missing from it (the runtime gained one) or not in `K` (a typo, a removed field) is a
 * compile error, so the runtime list cannot drift from the generated params.
 */
export function fieldList<K extends string>(): (fields: { [F in K]: true }) => readonly K[] {
  return (fields) => Object.keys(fields) as K[];
}

/**
 * Copies the listed fields of `options` that are not `undefined` into a params object. Only listed
 * fields: an unknown key of an untyped caller's options is never sent.
 */
export function copyFields<O extends object, K extends keyof O>(
  options: O,
  fields: readonly K[],
): { [F in K]?: Exclude<O[F], undefined> } {
  const params: { [F in K]?: Exclude<O[F], undefined> } = {};
  for (const field of fields) {
    const value = options[field];
    if (value !== undefined) params[field] = value as Exclude<O[K], undefined>;
  }
  return params;
}

/** The approval fields of thread and turn options: the `approvalMode` preset and the raw pair. */
export interface ApprovalOptions {
  approvalMode?: ApprovalMode | undefined;
  approvalPolicy?: AskForApproval | null | undefined;
  approvalsReviewer?: ApprovalsReviewer | null | undefined;
}

/** The approval params of {@link approvalFields}. */
interface ApprovalWire {
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
}

/**
 * The approval params of options: the preset's pair, or the raw fields as given (`fallback` is
 * used when neither is). A preset together with a raw field is refused: which should win is not
 * obvious, so the caller says.
 * @throws InvalidArgumentError for `approvalMode` with `approvalPolicy` or `approvalsReviewer`
 */
export function approvalFields(o: ApprovalOptions, fallback?: ApprovalMode): ApprovalWire {
  const raw = copyFields(o, ["approvalPolicy", "approvalsReviewer"]);
  const hasRaw = Object.keys(raw).length > 0;
  if (o.approvalMode !== undefined && hasRaw) {
    throw new InvalidArgumentError(
      `approvalMode cannot be combined with ${Object.keys(raw).join(" and ")}: approvalMode sets both approvalPolicy and approvalsReviewer; pass either the preset or the raw fields`,
      { argument: "approvalMode" },
    );
  }
  return hasRaw ? raw : approvalParams(o.approvalMode ?? fallback);
}

/**
 * Refuses two options that set the same thing in different forms (e.g. the `sandbox` preset and a
 * raw `sandboxPolicy`).
 * @throws InvalidArgumentError when both are given
 */
export function refuseBoth(o: object, convenience: string, raw: string, why: string): void {
  const given = (key: string): boolean => (o as Record<string, unknown>)[key] !== undefined;
  if (given(convenience) && given(raw)) {
    throw new InvalidArgumentError(
      `${convenience} cannot be combined with ${raw}: ${why}; pass one of them`,
      {
        argument: convenience,
      },
    );
  }
}
