/**
 * The OAuth login of an MCP server (`mcpServer/oauth/login`): a handle with the URL to open and a
 * `wait()` for the server's `mcpServer/oauthLogin/completed`, routed to the handle by its login id.
 *
 * @module
 */
import type { McpServerOauthClientRegistration } from "../../generated/v2/McpServerOauthClientRegistration.js";
import type { McpServerOauthLoginCompletedNotification } from "../../generated/v2/McpServerOauthLoginCompletedNotification.js";
import { TimeoutError, UnexpectedResponseError } from "../../errors.js";
import type { LoginRouter } from "../login/login-router.js";
import { waitOptions, type LoginWaitOptions } from "../login/login-wait.js";

/** Options of `codex.mcpServerOauthLogin()`. */
export interface McpOauthLoginOptions {
  /** Log in the server as configured for this thread (a server given in a thread's `mcpServers`). */
  threadId?: string | undefined;
  /** OAuth scopes to ask for. Default: the server's. */
  scopes?: readonly string[] | undefined;
  /** How the runtime registers as an OAuth client. Default: automatic discovery. */
  clientRegistration?: McpServerOauthClientRegistration | undefined;
  /** How long the runtime waits for the browser callback, in whole seconds (`> 0`). */
  timeoutSecs?: number | undefined;
}

const COMPLETED = "mcpServer/oauthLogin/completed";

/**
 * An MCP server's OAuth login in progress: open `authorizationUrl` in a browser; the runtime's
 * local callback completes the login and stores the credentials.
 *
 * @example
 * ```ts
 * const login = await codex.mcpServerOauthLogin("linear");
 * console.log("Open", login.authorizationUrl);
 * const done = await login.wait({ timeoutMs: 10 * 60_000 });
 * console.log(done.success ? "logged in" : `failed: ${done.error}`);
 * ```
 */
export class McpOauthLoginHandle {
  /** The MCP server's name. */
  readonly name: string;
  /** The id of this login attempt (the server's, or the SDK's own when an older server sends none). */
  readonly loginId: string;
  /** The URL to open in a browser. */
  readonly authorizationUrl: string;
  readonly #router: LoginRouter;
  #completion: McpServerOauthLoginCompletedNotification | undefined;

  /** @internal Created by `codex.mcpServerOauthLogin()`. */
  constructor(router: LoginRouter, name: string, loginId: string, authorizationUrl: string) {
    this.#router = router;
    this.name = name;
    this.loginId = loginId;
    this.authorizationUrl = authorizationUrl;
  }

  /**
   * Waits for this login's completion (one that arrived earlier is returned at once). Rejects with
   * a `TimeoutError` or `AbortError` (the login stays pending in the runtime until its own timeout),
   * or a `TransportClosedError` when the connection is gone.
   *
   * @example
   * ```ts
   * const { success, error } = await login.wait({ signal: AbortSignal.timeout(5 * 60_000) });
   * ```
   */
  async wait(options?: LoginWaitOptions): Promise<McpServerOauthLoginCompletedNotification> {
    const { signal, timeoutMs } = waitOptions(options);
    if (this.#completion) return this.#completion;
    let params: unknown;
    try {
      params = await this.#router.wait(this.loginId, { signal, timeoutMs });
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      throw new TimeoutError(
        `the OAuth login of MCP server ${this.name} did not complete within ${error.timeoutMs} ms (no ${COMPLETED} arrived); wait() again to keep waiting`,
        error.timeoutMs,
        { cause: error },
      );
    }
    return (this.#completion ??= parseCompletion(params));
  }
}

function parseCompletion(params: unknown): McpServerOauthLoginCompletedNotification {
  const p = params as { success?: unknown; name?: unknown } | null;
  if (typeof p?.success !== "boolean" || typeof p.name !== "string") {
    throw new UnexpectedResponseError(
      COMPLETED,
      "{ name: string, success: boolean, error?: string }",
      params,
    );
  }
  return params as McpServerOauthLoginCompletedNotification;
}
