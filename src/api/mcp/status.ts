/**
 * `codex.mcpServerStatus()`: every page of `mcpServerStatus/list`, as one typed array.
 *
 * @module
 */
import type { ListMcpServerStatusParams } from "../../generated/v2/ListMcpServerStatusParams.js";
import type { ListMcpServerStatusResponse } from "../../generated/v2/ListMcpServerStatusResponse.js";
import type { McpServerStatus } from "../../generated/v2/McpServerStatus.js";
import type { McpServerStatusDetail } from "../../generated/v2/McpServerStatusDetail.js";
import { abortErrorFrom } from "../../errors.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import type { LoginRequester } from "../login/login.js";
import { nonEmptyString } from "../validation.js";

/** Options of `codex.mcpServerStatus()`. */
export interface McpServerStatusOptions {
  /**
   * Report the servers as this thread sees them, including those given in its `mcpServers`
   * (without it, only the servers of the app-server's own config and of `new Codex({ mcpServers })`).
   */
  threadId?: string | undefined;
  /** Only this server. */
  serverName?: string | undefined;
  /** `"toolsAndAuthOnly"` skips resources and templates. Default `"full"`. */
  detail?: McpServerStatusDetail | undefined;
  /** Stops the listing (rejects with an `AbortError`). */
  signal?: AbortSignal | undefined;
}

/** Lists every MCP server (all pages). */
export async function listMcpServerStatus(
  requester: LoginRequester,
  options: McpServerStatusOptions,
): Promise<McpServerStatus[]> {
  const signal = optionalAbortSignal("signal", options.signal);
  const base: ListMcpServerStatusParams = {};
  if (options.threadId !== undefined) base.threadId = nonEmptyString("threadId", options.threadId);
  if (options.serverName !== undefined) base.serverName = nonEmptyString("serverName", options.serverName);
  if (options.detail !== undefined) base.detail = options.detail;
  const all: McpServerStatus[] = [];
  let cursor: string | null = null;
  do {
    if (signal?.aborted) throw abortErrorFrom(signal, "mcpServerStatus()");
    const page: ListMcpServerStatusResponse = await requester.request(
      "mcpServerStatus/list",
      cursor === null ? base : { ...base, cursor },
      { signal },
    );
    all.push(...page.data);
    cursor = page.data.length > 0 ? page.nextCursor : null;
  } while (cursor !== null);
  return all;
}
