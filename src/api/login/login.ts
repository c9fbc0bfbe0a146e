/**
 * Accounts and login: the API-key login, the ChatGPT browser and device-code login handles, the
 * per-login router that delivers each `account/login/completed` to its own handle, the checks of
 * the server's answers, and the redaction that keeps an API key out of every error.
 *
 * A login's completion can arrive before anyone waits for it (a cancel, or a second login that
 * replaces the first, completes it at once), so completions nobody waits for are kept (bounded)
 * and handed to the first `wait()` of that login id.
 *
 * @module
 */
import type { ClientRequestArgs, ClientRequestMethod, ClientRequestResult } from "../../client/client.js";
import type { AccountLoginCompletedNotification } from "../../generated/v2/AccountLoginCompletedNotification.js";
import type { CancelLoginAccountResponse } from "../../generated/v2/CancelLoginAccountResponse.js";
import type { GetAccountResponse } from "../../generated/v2/GetAccountResponse.js";
import type { LoginAccountResponse } from "../../generated/v2/LoginAccountResponse.js";
import {
  abortErrorFrom,
  CodexError,
  JsonRpcError,
  TimeoutError,
  TransportClosedError,
  UnexpectedResponseError,
  type JsonRpcErrorObject,
} from "../../errors.js";
import { isRecord } from "../../internal/guards.js";
import { limitTimer, optionalAbortSignal, optionalDuration } from "../../internal/limits.js";
import { describeValue, InvalidArgumentError, optionalBoolean } from "../validation.js";

export { UnexpectedResponseError };

/** What the login functions need from `Codex`: its typed `request()`. */
export interface LoginRequester {
  request<M extends ClientRequestMethod>(
    method: M,
    ...args: ClientRequestArgs<M>
  ): Promise<ClientRequestResult<M>>;
}

/**
 * Options of a login handle's `wait()`.
 *
 * @example
 * ```ts
 * const done = await login.wait({ signal: AbortSignal.timeout(60_000) });
 * const quick = await login.wait({ timeoutMs: 5_000 }); // rejects with a TimeoutError after 5 s
 * ```
 */
export interface LoginWaitOptions {
  /** Stops waiting (rejects with an `AbortError`); the login itself stays pending on the server. */
  signal?: AbortSignal | undefined;
  /**
   * Rejects with a `TimeoutError` after this many milliseconds (`>= 0`). Default, `Infinity` and
   * anything above 2^31 - 1 ms (about 24.8 days): no limit.
   */
  timeoutMs?: number | undefined;
}

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

interface Waiter {
  resolve(completion: unknown): void;
  reject(error: Error): void;
}

/**
 * Routes `account/login/completed` notifications by `loginId` to the `wait()` calls of that login,
 * and keeps completions nobody waits for yet (at most `maxBuffered`, oldest dropped first) for a
 * later `wait()`. Completions without a login id (the API-key login's) are not routed.
 *
 * @example
 * ```ts
 * const router = new LoginRouter();
 * router.route({ loginId: "L1", success: false, error: "Login cancelled", onboardingEntrypoint: null });
 * await router.wait("L1"); // the early completion, replayed
 * ```
 */
export class LoginRouter {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #buffered = new Map<string, unknown>();
  readonly #maxBuffered: number;
  #waiterCount = 0;
  #failure: Error | undefined;

  readonly #keepAlive: (() => () => void) | undefined;

  /** @param keepAlive holds the process alive while a `wait()` waits; returns the release. */
  constructor(maxBuffered = 256, keepAlive?: () => () => void) {
    this.#maxBuffered = maxBuffered;
    this.#keepAlive = keepAlive;
  }

  /** Number of `wait()` calls currently registered (zero once every wait settled). */
  get waiterCount(): number {
    return this.#waiterCount;
  }

  /** Number of completions kept for a later `wait()`. */
  get bufferedCount(): number {
    return this.#buffered.size;
  }

  /** Delivers one notification's params. Returns `false` when no waiter took it (it was buffered or ignored). */
  route(params: unknown): boolean {
    const loginId = loginIdOf(params);
    if (loginId === undefined) return false;
    const waiters = this.#waiters.get(loginId);
    if (waiters) {
      this.#waiters.delete(loginId);
      this.#waiterCount -= waiters.size;
      for (const waiter of waiters) waiter.resolve(params);
      return true;
    }
    this.#buffered.delete(loginId);
    if (this.#buffered.size >= this.#maxBuffered) {
      const oldest = this.#buffered.keys().next();
      if (!oldest.done) this.#buffered.delete(oldest.value);
    }
    this.#buffered.set(loginId, params);
    return false;
  }

  /** Removes and returns the buffered completion of a login, if one arrived before anyone waited. */
  take(loginId: string): unknown {
    const params = this.#buffered.get(loginId);
    this.#buffered.delete(loginId);
    return params;
  }

  /**
   * Waits for the completion of `loginId` (a buffered one is returned at once). Abort and timeout
   * reject and unregister the wait, leaving no timer or listener behind.
   */
  wait(loginId: string, options: LoginWaitOptions = {}): Promise<unknown> {
    if (this.#buffered.has(loginId)) return Promise.resolve(this.take(loginId));
    if (this.#failure) return Promise.reject(this.#failure);
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal, `wait() for login ${loginId}`));
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const release = this.#keepAlive?.();
      const settle = (): void => {
        release?.();
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        resolve: (completion) => {
          settle();
          resolve(completion);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const giveUp = (error: Error): void => {
        this.#unregister(loginId, waiter);
        waiter.reject(error);
      };
      const onAbort = (): void =>
        giveUp(abortErrorFrom(signal as AbortSignal, `wait() for login ${loginId}`));
      this.#register(loginId, waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = limitTimer(() => giveUp(timeoutError(loginId, timeoutMs)), timeoutMs);
      }
    });
  }

  /** The connection is gone: every current and later wait without a buffered completion rejects. */
  fail(error: Error): void {
    this.#failure ??= error;
    const all = [...this.#waiters.values()];
    this.#waiters.clear();
    this.#waiterCount = 0;
    for (const waiters of all) for (const waiter of waiters) waiter.reject(error);
  }

  #register(loginId: string, waiter: Waiter): void {
    let set = this.#waiters.get(loginId);
    if (!set) this.#waiters.set(loginId, (set = new Set()));
    set.add(waiter);
    this.#waiterCount++;
  }

  #unregister(loginId: string, waiter: Waiter): void {
    const set = this.#waiters.get(loginId);
    if (!set?.delete(waiter)) return;
    this.#waiterCount--;
    if (set.size === 0) this.#waiters.delete(loginId);
  }
}

function loginIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const id = (params as { loginId?: unknown }).loginId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

function timeoutError(loginId: string, timeoutMs: number): TimeoutError {
  return new TimeoutError(
    `login ${loginId} did not complete within ${timeoutMs} ms (no account/login/completed arrived); ` +
      `it is still pending on the server: wait() again, or cancel() it`,
    timeoutMs,
  );
}

/**
 * What login handles share: the login id, `wait()` for its completion and `cancel()`.
 *
 * @example
 * ```ts
 * async function finish(handle: LoginHandle): Promise<boolean> {
 *   const done = await handle.wait({ timeoutMs: 5 * 60_000 });
 *   return done.success;
 * }
 * ```
 */
export abstract class LoginHandle {
  /** The server's id of this login attempt. */
  readonly loginId: string;
  readonly #requester: LoginRequester;
  readonly #router: LoginRouter;
  #completion: AccountLoginCompletedNotification | undefined;

  /** @internal Created by `codex.loginChatgpt()` / `codex.loginChatgptDeviceCode()`. */
  constructor(requester: LoginRequester, router: LoginRouter, loginId: string) {
    this.#requester = requester;
    this.#router = router;
    this.loginId = loginId;
  }

  /**
   * Waits for this login's `account/login/completed` (and only this login's; a completion that
   * arrived earlier is returned at once). `success` is `false` with an `error` when the login was
   * cancelled, replaced by a newer login, or failed. Rejects with a `TimeoutError` or `AbortError`
   * (the login stays pending on the server), or a `TransportClosedError` when the connection is gone.
   *
   * @example
   * ```ts
   * const done = await handle.wait({ timeoutMs: 10 * 60_000 });
   * if (!done.success) console.error("login failed:", done.error);
   * ```
   */
  async wait(options?: LoginWaitOptions): Promise<AccountLoginCompletedNotification> {
    const { signal, timeoutMs } = waitOptions(options);
    if (this.#completion) return this.#completion;
    const early = this.#router.take(this.loginId);
    if (early !== undefined) return (this.#completion = parseCompletion(early));
    const params = await this.#router.wait(this.loginId, { signal, timeoutMs });
    return (this.#completion ??= parseCompletion(params));
  }

  /**
   * Cancels this login (`account/login/cancel`): `canceled`, or `notFound` when it had already
   * ended. A pending `wait()` then resolves with `success: false`.
   *
   * @example
   * ```ts
   * const { status } = await handle.cancel(); // "canceled" | "notFound"
   * ```
   */
  async cancel(): Promise<CancelLoginAccountResponse> {
    const response: unknown = await this.#requester.request("account/login/cancel", {
      loginId: this.loginId,
    });
    const status = (response as { status?: unknown } | null)?.status;
    if (!isRecord(response) || (status !== "canceled" && status !== "notFound")) {
      throw new UnexpectedResponseError(
        "account/login/cancel",
        '{ status: "canceled" | "notFound" }',
        response,
      );
    }
    return response as CancelLoginAccountResponse;
  }
}

/**
 * A ChatGPT browser login in progress: open `authUrl` in a browser; the runtime's local callback
 * server (its `redirect_uri`) completes the login. Starting another login cancels this one.
 *
 * @example
 * ```ts
 * const login = await codex.loginChatgpt();
 * console.log("Open", login.authUrl);
 * const done = await login.wait({ timeoutMs: 10 * 60_000 });
 * console.log(done.success ? "logged in" : `failed: ${done.error}`);
 * ```
 */
export class ChatgptLoginHandle extends LoginHandle {
  /** The URL to open in a browser (its `redirect_uri` points at the runtime's local callback server). */
  readonly authUrl: string;

  /** @internal Created by `codex.loginChatgpt()`. */
  constructor(requester: LoginRequester, router: LoginRouter, loginId: string, authUrl: string) {
    super(requester, router, loginId);
    this.authUrl = authUrl;
  }
}

/**
 * A ChatGPT device-code login in progress: the user opens `verificationUrl` on any device and
 * enters `userCode`; the runtime polls the auth server until the login completes.
 *
 * @example
 * ```ts
 * const login = await codex.loginChatgptDeviceCode();
 * console.log(`Open ${login.verificationUrl} and enter ${login.userCode}`);
 * const done = await login.wait({ timeoutMs: 15 * 60_000 });
 * ```
 */
export class DeviceCodeLoginHandle extends LoginHandle {
  /** The page where the user enters the code. */
  readonly verificationUrl: string;
  /** The one-time code to enter there. */
  readonly userCode: string;

  /** @internal Created by `codex.loginChatgptDeviceCode()`. */
  constructor(
    requester: LoginRequester,
    router: LoginRouter,
    loginId: string,
    verificationUrl: string,
    userCode: string,
  ) {
    super(requester, router, loginId);
    this.verificationUrl = verificationUrl;
    this.userCode = userCode;
  }
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

/** Checks the shape of an `account/login/completed` payload. */
export function parseCompletion(params: unknown): AccountLoginCompletedNotification {
  const p = isRecord(params) ? params : undefined;
  const error = p?.["error"];
  if (!p || typeof p["success"] !== "boolean" || !(error === null || typeof error === "string")) {
    throw new UnexpectedResponseError(
      "account/login/completed",
      "{ loginId: string, success: boolean, error: string | null }",
      params,
    );
  }
  return p as AccountLoginCompletedNotification;
}

/** Checks the options of a login handle's `wait()`. */
export function waitOptions(options: unknown): LoginWaitOptions {
  if (options === undefined) return {};
  if (!isRecord(options)) {
    throw new InvalidArgumentError(`wait() options must be an object; got ${describeValue(options)}`, {
      argument: "options",
    });
  }
  const signal = optionalAbortSignal("signal", options["signal"]);
  const timeoutMs = optionalDuration("timeoutMs", options["timeoutMs"]);
  return { signal, timeoutMs };
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

const REDACTED = "[redacted api key]";

/**
 * `text` with every occurrence of `secret` replaced by `[redacted api key]`.
 *
 * @example
 * ```ts
 * redactText("bad key sk-123", "sk-123"); // "bad key [redacted api key]"
 * ```
 */
export function redactText(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join(REDACTED);
}

/**
 * A copy of `value` (JSON-like data, at most 32 levels deep) in which every string has `secret`
 * redacted; deeper or non-plain parts are replaced by a marker rather than copied unchecked.
 *
 * @example
 * ```ts
 * redactValue({ params: { apiKey: "sk-123" } }, "sk-123"); // { params: { apiKey: "[redacted api key]" } }
 * ```
 */
export function redactValue(value: unknown, secret: string, depth = 0): unknown {
  if (typeof value === "string") return redactText(value, secret);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 32) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secret, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactText(k, secret)] = redactValue(v, secret, depth + 1);
  return out;
}

/**
 * `error` with `secret` removed from its message, `data` and stderr tail. An error that does not
 * contain it is returned as is; one that does is rebuilt (same class for JSON-RPC and transport
 * errors, a `CodexError` otherwise), without the original as `cause`, since that would keep the secret.
 *
 * @example
 * ```ts
 * try { await request(); } catch (e) { throw redactError(e, apiKey); }
 * ```
 */
export function redactError(error: unknown, secret: string): unknown {
  if (!(error instanceof Error) || !containsSecret(error, secret, 0)) return error;
  if (error instanceof JsonRpcError) {
    const Cls = error.constructor as new (e: JsonRpcErrorObject, method?: string) => JsonRpcError;
    const message = redactText(error.rpcMessage, secret);
    const object: JsonRpcErrorObject =
      error.data === undefined
        ? { code: error.code, message }
        : { code: error.code, message, data: redactValue(error.data, secret) };
    return new Cls(object, error.method);
  }
  if (error instanceof TransportClosedError) {
    const head = error.message.split("\n--- app-server stderr")[0] ?? "";
    return new TransportClosedError(redactText(head, secret), {
      exitCode: error.exitCode,
      signal: error.signal,
      stderrTail: redactText(error.stderrTail, secret),
    });
  }
  return new CodexError(redactText(error.message, secret));
}

function containsSecret(value: unknown, secret: string, depth: number): boolean {
  if (typeof value === "string") return value.includes(secret);
  if (typeof value !== "object" || value === null || depth > 32) return false;
  if (value instanceof Error && (value.message.includes(secret) || (value.stack ?? "").includes(secret))) {
    return true;
  }
  const own: unknown[] = Object.values(value);
  if (value instanceof Error) own.push(value.cause);
  return own.some((v) => containsSecret(v, secret, depth + 1));
}

function isNonEmpty(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
