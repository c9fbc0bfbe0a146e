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
import { isRecord } from "../../internal/guards.js";
import { describeValue } from "../validation.js";

type Check = (answer: Record<string, unknown>) => string | undefined;

const COMMAND_DECISIONS = ["accept", "acceptForSession", "decline", "cancel"];
const FILE_DECISIONS = ["accept", "acceptForSession", "decline", "cancel"];
const REVIEW_DECISIONS = [
  "approved",
  "approved_for_session",
  "approved_mcp_policy_amendment",
  "timed_out",
  "abort",
];

/** A string variant from `strings`, or an object with exactly one key from `objects` whose value is an object. */
function variant(value: unknown, strings: readonly string[], objects: readonly string[]): boolean {
  if (typeof value === "string") return strings.includes(value);
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && objects.includes(keys[0] as string) && isRecord(value[keys[0] as string]);
}

function decision(strings: readonly string[], objects: readonly string[]): Check {
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
  "item/commandExecution/requestApproval": decision(COMMAND_DECISIONS, [
    "acceptWithExecpolicyAmendment",
    "applyNetworkPolicyAmendment",
  ]),
  "item/fileChange/requestApproval": decision(FILE_DECISIONS, []),
  execCommandApproval: decision(REVIEW_DECISIONS, [
    "approved_execpolicy_amendment",
    "network_policy_amendment",
    "denied",
  ]),
  applyPatchApproval: decision(REVIEW_DECISIONS, [
    "approved_execpolicy_amendment",
    "network_policy_amendment",
    "denied",
  ]),
  "item/tool/requestUserInput": field(
    "answers",
    isRecord,
    "an object mapping question ids to { answers: string[] }",
  ),
  "mcpServer/elicitation/request": field(
    "action",
    (v) => v === "accept" || v === "decline" || v === "cancel",
    `"accept", "decline" or "cancel"`,
  ),
  "item/permissions/requestApproval": all(
    field("permissions", isRecord, "an object (the granted permission profile; {} grants nothing)"),
    field("scope", (v) => v === "turn" || v === "session", `"turn" or "session"`),
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
