/**
 * Accounts and login: the API-key login, starting the ChatGPT browser and device-code logins (their
 * handles live in `login-handles.ts`, the router that completes them in `login-router.ts`), reading
 * the account and logging out, with the server's answers checked and the API key kept out of every
 * error (`redaction.ts`).
 *
 * @module
 */
import type { GetAccountResponse } from "../../generated/v2/GetAccountResponse.js";
import type { LoginAccountResponse } from "../../generated/v2/LoginAccountResponse.js";
import { UnexpectedResponseError } from "../../errors.js";
import { isRecord } from "../../internal/guards.js";
import { describeValue, InvalidArgumentError, optionalBoolean } from "../validation.js";
import { ChatgptLoginHandle, DeviceCodeLoginHandle, type LoginRequester } from "./login-handles.js";
import type { LoginRouter } from "./login-router.js";
import { redactError, redactValue } from "./redaction.js";

// Re-exported so that the callers of the login functions import one module.
export { UnexpectedResponseError };
export { ChatgptLoginHandle, DeviceCodeLoginHandle, LoginHandle, type LoginRequester } from "./login-handles.js";
export { LoginRouter } from "./login-router.js";
export { waitOptions, type LoginWaitOptions } from "./login-wait.js";

/**
 * Options of `codex.account()`.
 *
 * @example
 * ```ts
 * const { account } = await codex.account({ refreshToken: true });
 * ```
 */
export interface AccountOptions {
  /** Ask the server to refresh the ChatGPT token before answering. Default `false`. */
  refreshToken?: boolean | undefined;
}

/** `account/login/start` with an API key; resolves once the server confirms. The key never appears in an error. */
export async function loginWithApiKey(requester: LoginRequester, apiKey: unknown): Promise<void> {
  const key = apiKeyArgument(apiKey);
  let response: unknown;
  try {
    response = await requester.request("account/login/start", { type: "apiKey", apiKey: key });
  } catch (error) {
    throw redactError(error, key);
  }
  expectLoginType(response, "apiKey", '{ type: "apiKey" }', key);
}

/** `account/login/start` for the ChatGPT browser flow, returning its handle. */
export async function startChatgptLogin(
  requester: LoginRequester,
  router: LoginRouter,
): Promise<ChatgptLoginHandle> {
  const response = await requester.request("account/login/start", { type: "chatgpt" });
  const r = expectLoginType(
    response,
    "chatgpt",
    '{ type: "chatgpt", loginId: non-empty string, authUrl: non-empty string }',
  );
  const [loginId, authUrl] = [r["loginId"], r["authUrl"]];
  if (!isNonEmpty(loginId) || !isNonEmpty(authUrl)) {
    throw new UnexpectedResponseError(
      'account/login/start (type "chatgpt")',
      "{ loginId: non-empty string, authUrl: non-empty string }",
      response,
    );
  }
  return new ChatgptLoginHandle(requester, router, loginId, authUrl);
}

/** `account/login/start` for the ChatGPT device-code flow, returning its handle. */
export async function startDeviceCodeLogin(
  requester: LoginRequester,
  router: LoginRouter,
): Promise<DeviceCodeLoginHandle> {
  const response = await requester.request("account/login/start", { type: "chatgptDeviceCode" });
  const expected = '{ type: "chatgptDeviceCode", loginId, verificationUrl, userCode: non-empty strings }';
  const r = expectLoginType(response, "chatgptDeviceCode", expected);
  const [loginId, url, code] = [r["loginId"], r["verificationUrl"], r["userCode"]];
  if (!isNonEmpty(loginId) || !isNonEmpty(url) || !isNonEmpty(code)) {
    throw new UnexpectedResponseError('account/login/start (type "chatgptDeviceCode")', expected, response);
  }
  return new DeviceCodeLoginHandle(requester, router, loginId, url, code);
}

/** `account/read` (always sends `refreshToken`, `false` included), with the answer's shape checked. */
export async function readAccount(requester: LoginRequester, options: unknown): Promise<GetAccountResponse> {
  if (options !== undefined && !isRecord(options)) {
    throw new InvalidArgumentError(`account() options must be an object; got ${describeValue(options)}`, {
      argument: "options",
    });
  }
  const refreshToken =
    optionalBoolean("refreshToken", (options as AccountOptions | undefined)?.refreshToken) ?? false;
  const response: unknown = await requester.request("account/read", { refreshToken });
  const account = isRecord(response) ? response["account"] : undefined;
  const accountOk = account === null || (isRecord(account) && typeof account["type"] === "string");
  if (!isRecord(response) || !accountOk || typeof response["requiresOpenaiAuth"] !== "boolean") {
    throw new UnexpectedResponseError(
      "account/read",
      "{ account: { type: string, ... } | null, requiresOpenaiAuth: boolean }",
      response,
    );
  }
  return response as GetAccountResponse;
}

/** `account/logout` (sent without params, as the server expects). */
export async function logoutAccount(requester: LoginRequester): Promise<void> {
  const response: unknown = await requester.request("account/logout");
  if (!isRecord(response)) throw new UnexpectedResponseError("account/logout", "an object ({})", response);
}

function expectLoginType(
  response: unknown,
  type: LoginAccountResponse["type"],
  expected: string,
  secret?: string,
): Record<string, unknown> {
  if (isRecord(response) && response["type"] === type) return response;
  const shown = secret === undefined ? response : redactValue(response, secret);
  throw new UnexpectedResponseError(`account/login/start (type "${type}")`, expected, shown);
}

/**
 * Checks an API key without ever echoing it: a non-empty string of printable ASCII (it travels in
 * an HTTP header, where anything else fails much later and far less clearly).
 */
function apiKeyArgument(value: unknown): string {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`apiKey ${why}`, { argument: "apiKey" });
  };
  if (typeof value !== "string")
    return fail(`must be a string; got ${value === null ? "null" : typeof value}`);
  if (value === "") return fail("must be a non-empty string");
  if (value.trim() !== value) return fail("has leading or trailing whitespace; trim it first");
  const bad = value.search(/[^\x21-\x7e]/);
  if (bad >= 0)
    return fail(`must be printable ASCII without spaces; it has another character at index ${bad}`);
  return value;
}

function isNonEmpty(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
