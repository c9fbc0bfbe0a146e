/**
 * The login handles: what the ChatGPT browser and device-code logins share (`wait()` for this
 * login's completion, `cancel()`), and the two handles that add their URLs and codes.
 *
 * @module
 */
import type { ClientRequestArgs, ClientRequestMethod, ClientRequestResult } from "../../client/client.js";
import type { AccountLoginCompletedNotification } from "../../generated/v2/AccountLoginCompletedNotification.js";
import type { CancelLoginAccountResponse } from "../../generated/v2/CancelLoginAccountResponse.js";
import { UnexpectedResponseError } from "../../errors.js";
import { isRecord } from "../../internal/guards.js";
import type { LoginRouter } from "./login-router.js";
import { waitOptions, type LoginWaitOptions } from "./login-wait.js";

/** What the login functions need from `Codex`: its typed `request()`. */
export interface LoginRequester {
  request<M extends ClientRequestMethod>(
    method: M,
    ...args: ClientRequestArgs<M>
  ): Promise<ClientRequestResult<M>>;
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


/** Checks the shape of an `account/login/completed` payload. */
function parseCompletion(params: unknown): AccountLoginCompletedNotification {
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

