/**
 * Starting an MCP server's OAuth login (`mcpServer/oauth/login`) and routing its completion to the
 * handle (oauth.ts). Reached from async calls only: loaded with the deferred modules.
 *
 * @module
 */
import type { McpServerOauthLoginParams } from "../../generated/v2/McpServerOauthLoginParams.js";
import { UnexpectedResponseError } from "../../errors.js";
import type { LoginRequester } from "../login/login-handles.js";
import type { LoginRouter } from "../login/login-router.js";
import { describeValue, InvalidArgumentError, nonEmptyString } from "../validation.js";
import { McpOauthLoginHandle, type McpOauthLoginOptions } from "./oauth.js";

/** Routes a completion to its handle: by login id, or by server name when an older server sends none. */
export function routeOauthCompletion(router: LoginRouter, params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  const p = params as { loginId?: unknown; name?: unknown };
  if (typeof p.loginId === "string" && p.loginId !== "") router.route(params);
  else if (typeof p.name === "string") router.route({ ...p, loginId: fallbackId(p.name) });
}

/** `mcpServer/oauth/login`, returning the handle. */
export async function startMcpOauthLogin(
  requester: LoginRequester,
  router: LoginRouter,
  name: string,
  options: McpOauthLoginOptions = {},
): Promise<McpOauthLoginHandle> {
  const params: McpServerOauthLoginParams = { name: nonEmptyString("name", name) };
  if (options.threadId !== undefined) params.threadId = nonEmptyString("threadId", options.threadId);
  if (options.scopes !== undefined) params.scopes = [...options.scopes];
  if (options.clientRegistration !== undefined) params.clientRegistration = options.clientRegistration;
  const t = options.timeoutSecs;
  if (t !== undefined) {
    if (typeof t !== "number" || !Number.isInteger(t) || t <= 0) {
      throw new InvalidArgumentError(
        `timeoutSecs must be a whole number of seconds > 0, got ${describeValue(t)}`,
        {
          argument: "timeoutSecs",
        },
      );
    }
    // The generated type says bigint (a u64); on the wire it is a JSON number.
    params.timeoutSecs = t as unknown as bigint;
  }
  const response: unknown = await requester.request("mcpServer/oauth/login", params);
  const r = response as { authorizationUrl?: unknown; loginId?: unknown } | null;
  if (typeof r?.authorizationUrl !== "string" || r.authorizationUrl === "") {
    throw new UnexpectedResponseError(
      "mcpServer/oauth/login",
      "{ authorizationUrl: non-empty string, loginId?: string }",
      response,
    );
  }
  const loginId = typeof r.loginId === "string" && r.loginId !== "" ? r.loginId : fallbackId(name);
  return new McpOauthLoginHandle(router, name, loginId, r.authorizationUrl);
}

function fallbackId(name: string): string {
  return `mcp-server:${name}`;
}
