/**
 * The runtime check of a handler's answer to a server request. Types catch most mistakes, but a
 * handler written in JavaScript, one that casts, or one whose answer came from elsewhere (a UI, a
 * file) can still send a shape the server cannot read. The server then does not say so: it fails
 * the item with a vague "approval request failed" and logs the reason to its stderr. Checking here
 * turns that into a clear error for the user. Only what the server needs to tell the decision is
 * checked; nested data the server itself validates is passed through.
 *
 * @module
 */
import type { ReviewDecision } from "../../generated/ReviewDecision.js";
import type { CommandExecutionApprovalDecision } from "../../generated/v2/CommandExecutionApprovalDecision.js";
import type { FileChangeApprovalDecision } from "../../generated/v2/FileChangeApprovalDecision.js";
import type { McpServerElicitationAction } from "../../generated/v2/McpServerElicitationAction.js";
import type { PermissionGrantScope } from "../../generated/v2/PermissionGrantScope.js";
import { isRecord } from "../../internal/guards.js";
import { describeValue } from "../validation.js";

type Check = (answer: Record<string, unknown>) => string | undefined;

/**
 * Every variant of a generated decision union, as the keys of an object typed `satisfies` this:
 * a variant the protocol adds or removes is a compile error here, so a runtime upgrade cannot
 * leave the check accepting or refusing the wrong set.
 */
type Variants<T> = Record<Extract<T, string>, true>;
/** The keys of the object variants (`{ acceptWithExecpolicyAmendment: … }`) of a decision union. */
type ObjectVariants<T> = Record<T extends string ? never : keyof T, true>;

const COMMAND_STRINGS = {
  accept: true,
  acceptForSession: true,
  decline: true,
  cancel: true,
} satisfies Variants<CommandExecutionApprovalDecision>;
const COMMAND_OBJECTS = {
  acceptWithExecpolicyAmendment: true,
  applyNetworkPolicyAmendment: true,
} satisfies ObjectVariants<CommandExecutionApprovalDecision>;
const FILE_STRINGS = {
  accept: true,
  acceptForSession: true,
  decline: true,
  cancel: true,
} satisfies Variants<FileChangeApprovalDecision>;
const FILE_OBJECTS = {} satisfies ObjectVariants<FileChangeApprovalDecision>;
const REVIEW_STRINGS = {
  approved: true,
  approved_for_session: true,
  approved_mcp_policy_amendment: true,
  timed_out: true,
  abort: true,
} satisfies Variants<ReviewDecision>;
const REVIEW_OBJECTS = {
  approved_execpolicy_amendment: true,
  network_policy_amendment: true,
  denied: true,
} satisfies ObjectVariants<ReviewDecision>;
const ELICITATION_ACTIONS = {
  accept: true,
  decline: true,
  cancel: true,
} satisfies Variants<McpServerElicitationAction>;
const GRANT_SCOPES = { turn: true, session: true } satisfies Variants<PermissionGrantScope>;

const keysOf = (variants: object): string[] => Object.keys(variants);
const quoted = (variants: object): string => {
  const names = keysOf(variants).map((k) => JSON.stringify(k));
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}`;
};

/** A string variant from `strings`, or an object with exactly one key from `objects` whose value is an object. */
function variant(value: unknown, strings: readonly string[], objects: readonly string[]): boolean {
  if (typeof value === "string") return strings.includes(value);
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && objects.includes(keys[0] as string) && isRecord(value[keys[0] as string]);
}

function decision(stringVariants: object, objectVariants: object): Check {
  const strings = keysOf(stringVariants);
  const objects = keysOf(objectVariants);
  const expected = [...strings.map((s) => JSON.stringify(s)), ...objects.map((o) => `{ ${o}: … }`)].join(
    ", ",
  );
  return (answer) =>
    variant(answer["decision"], strings, objects)
      ? undefined
      : `decision must be one of ${expected}; got ${describeValue(answer["decision"])}`;
}

function field(name: string, test: (v: unknown) => boolean, expected: string, secret = false): Check {
  const describe = secret ? describeKind : describeValue;
  return (answer) =>
    test(answer[name]) ? undefined : `${name} must be ${expected}; got ${describe(answer[name])}`;
}

/**
 * The kind of a value, never its content: for answers that carry credentials, whose values must
 * not travel into an error message (which the SDK logs and sends back to the server).
 */
function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "undefined" ? "undefined" : `a value of type ${type}`;
}

/** Methods whose answers carry credentials: a problem is described without showing any value. */
const CREDENTIAL_METHODS: ReadonlySet<string> = new Set([
  "account/chatgptAuthTokens/refresh",
  "attestation/generate",
]);

function all(...checks: Check[]): Check {
  return (answer) => {
    for (const check of checks) {
      const problem = check(answer);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

const isString = (v: unknown): boolean => typeof v === "string";
const optional =
  (test: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    v === undefined || v === null || test(v);

const CHECKS: Readonly<Record<string, Check>> = {
  "item/commandExecution/requestApproval": decision(COMMAND_STRINGS, COMMAND_OBJECTS),
  "item/fileChange/requestApproval": decision(FILE_STRINGS, FILE_OBJECTS),
  execCommandApproval: decision(REVIEW_STRINGS, REVIEW_OBJECTS),
  applyPatchApproval: decision(REVIEW_STRINGS, REVIEW_OBJECTS),
  "item/tool/requestUserInput": field(
    "answers",
    isRecord,
    "an object mapping question ids to { answers: string[] }",
  ),
  "mcpServer/elicitation/request": field(
    "action",
    (v) => typeof v === "string" && Object.hasOwn(ELICITATION_ACTIONS, v),
    quoted(ELICITATION_ACTIONS),
  ),
  "item/permissions/requestApproval": all(
    field("permissions", isRecord, "an object (the granted permission profile; {} grants nothing)"),
    field("scope", (v) => typeof v === "string" && Object.hasOwn(GRANT_SCOPES, v), quoted(GRANT_SCOPES)),
  ),
  "item/tool/call": all(
    field("contentItems", Array.isArray, "an array"),
    field("success", (v) => typeof v === "boolean", "a boolean"),
  ),
  "account/chatgptAuthTokens/refresh": all(
    field("accessToken", isString, "a string", true),
    field("chatgptAccountId", isString, "a string", true),
    field("chatgptPlanType", optional(isString), "a string or null", true),
  ),
  "attestation/generate": field("token", isString, "a string", true),
};

/**
 * Why `answer` cannot be sent as the result of `method`, or `undefined` when it can.
 *
 * @example
 * ```ts
 * checkServerRequestAnswer("item/commandExecution/requestApproval", { decision: "yes" });
 * // 'decision must be one of "accept", "acceptForSession", …; got "yes"'
 * ```
 */
export function checkServerRequestAnswer(method: string, answer: unknown): string | undefined {
  if (!isRecord(answer)) {
    const got = CREDENTIAL_METHODS.has(method) ? describeKind(answer) : describeValue(answer);
    return `the answer must be an object; got ${got}`;
  }
  try {
    return CHECKS[method]?.(answer);
  } catch {
    return "the answer could not be read (a getter or proxy threw)";
  }
}
