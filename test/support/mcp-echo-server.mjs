// A small MCP server over stdio, written with @modelcontextprotocol/sdk: one tool, `echo`, that
// answers "echo: <text>". The integration tests hand it to the runtime as a command server.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "echo-fixture", version: "1.0.0" });
server.registerTool(
  "echo",
  { description: "Repeats the given text", inputSchema: { text: z.string() } },
  ({ text }) => ({ content: [{ type: "text", text: `echo: ${text}` }] }),
);
await server.connect(new StdioServerTransport());
