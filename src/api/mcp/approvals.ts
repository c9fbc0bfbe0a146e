/**
 * Approving MCP tool calls. Under `ApprovalMode.on_request` the runtime asks before it runs an MCP
 * tool that is not marked read-only: it sends `mcpServer/elicitation/request` with
 * `_meta.codex_approval_kind = "mcp_tool_call"`. Under `deny_all` (policy `never`) it refuses such
 * calls without asking.
 *
 * @module
 */
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import type { ServerRequestHandler } from "../server-requests/server-requests.js";
import { describeValue, InvalidArgumentError } from "../validation.js";

/** An MCP tool call the runtime asks the client to approve. */
export interface McpToolCallApproval {
  /** The MCP server's name. */
  server: string;
  /** The tool's name. */
  tool: string;
  /** The arguments the model gave. */
  arguments: JsonValue;
  /** The thread asking. */
  threadId: string;
  /** The turn asking, when known. */
  turnId: string | null;
}

/** Decides one MCP tool call: `true` runs it. May be async. */
export type McpToolCallPredicate = (call: McpToolCallApproval) => boolean | Promise<boolean>;

/**
 * A server-request handler that answers the runtime's MCP tool-call approvals: accepted when
 * `allow` returns `true` (every call when omitted), declined otherwise. Other requests, other
 * elicitations included, fall through (`undefined`) to the next handler.
 *
 * @example
 * ```ts
 * import { ApprovalMode, Codex, approveMcpToolCalls } from "codex-app-sdk";
 * const codex = new Codex({ onServerRequest: approveMcpToolCalls((call) => call.server === "docs") });
 * const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
 * ```
 */
export function approveMcpToolCalls(allow?: McpToolCallPredicate): ServerRequestHandler {
  if (allow !== undefined && typeof allow !== "function") {
    throw new InvalidArgumentError(
      `approveMcpToolCalls: allow must be a function; got ${describeValue(allow)}`,
      {
        argument: "allow",
      },
    );
  }
  return async (request) => {
    if (request.method !== "mcpServer/elicitation/request") return undefined;
    const { params } = request;
    const meta = params._meta as { [key: string]: JsonValue } | null;
    if (meta?.["codex_approval_kind"] !== "mcp_tool_call") return undefined;
    const call: McpToolCallApproval = {
      server: params.serverName,
      tool: typeof meta["tool_name"] === "string" ? meta["tool_name"] : "",
      arguments: meta["tool_params"] ?? null,
      threadId: params.threadId,
      turnId: params.turnId,
    };
    const ok = allow === undefined || (await allow(call)) === true;
    return ok
      ? { action: "accept", content: {}, _meta: null }
      : { action: "decline", content: null, _meta: null };
  };
}
