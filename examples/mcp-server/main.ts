/**
 * MCP server: give the agent your own tools through an MCP server that lives in this process.
 *
 * The server is built with `@modelcontextprotocol/sdk` (install it next to codex-app-sdk) and
 * handed over as is: the SDK serves it to the app-server on 127.0.0.1 with a random token, and
 * stops it when the client closes. The model sees its tools in the namespace `mcp__orders`.
 *
 * Under `ApprovalMode.on_request` the runtime asks before it runs an MCP tool that is not marked
 * read-only; `approveMcpToolCalls` answers those requests with a rule.
 *
 *   npx tsx examples/mcp-server/main.ts
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

import { ApprovalMode, Codex, approveMcpToolCalls } from "codex-app-sdk";

const ORDERS: Record<string, string> = { "42": "shipped on Monday", "43": "waiting for stock" };

const orders = new McpServer({ name: "orders", version: "1.0.0" });
orders.registerTool(
  "order_status",
  { description: "The delivery status of an order", inputSchema: { id: z.string() } },
  ({ id }) => ({ content: [{ type: "text", text: `order ${id}: ${ORDERS[id] ?? "unknown order"}` }] }),
);

await using codex = new Codex({
  mcpServers: { orders },
  // Approve the calls of this server's tools only.
  onServerRequest: approveMcpToolCalls((call) => {
    console.log(`[approve] ${call.server}.${call.tool} ${JSON.stringify(call.arguments)}`);
    return call.server === "orders";
  }),
});

const thread = await codex.threadStart({ approvalMode: ApprovalMode.on_request });
// A thread's MCP servers start in the background; this answers once they are up.
for (const server of await codex.mcpServerStatus({ threadId: thread.id })) {
  console.log(
    `[server] ${server.name} ${server.runtimeStatus} tools: ${Object.keys(server.tools).join(", ")}`,
  );
}

const result = await thread.run("Where is order 42?");
for (const item of result.items) {
  if (item.type !== "mcpToolCall") continue;
  // MCP content blocks are JSON: keep the text ones.
  const text = (item.result?.content ?? [])
    .map((block) =>
      typeof block === "object" && block !== null && "text" in block && typeof block.text === "string"
        ? block.text
        : "",
    )
    .join("");
  console.log(`[tool] ${item.server}.${item.tool} ${item.status}: ${text}`);
}
console.log(`[answer] ${result.finalResponse}`);
