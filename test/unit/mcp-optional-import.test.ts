/**
 * `@modelcontextprotocol/sdk` is an optional peer dependency: importing `codex-app-sdk` (the built
 * main entry), creating a client and passing command/url MCP servers must not load it. A child
 * Node process registers a resolve hook that refuses the package, then imports the entry; a
 * control run proves the hook does catch an import of the package.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith("@modelcontextprotocol/")) throw new Error("LOADED " + specifier);
  return next(specifier, context);
}`;

async function run(body: string): Promise<string> {
  const program = [
    'import { register } from "node:module";',
    `register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOK)}));`,
    "try {",
    body,
    '  console.log("not loaded");',
    "} catch (error) { console.log(String(error.message)); }",
  ].join("\n");
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", program], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
  });
  return stdout.trim();
}

it("importing the main entry and configuring command/url servers does not load @modelcontextprotocol/sdk", async () => {
  const out = await run(
    `  const { Codex } = await import(${JSON.stringify(entry)});
  const codex = new Codex({ mcpServers: { a: { command: "x" }, b: { url: "http://127.0.0.1:1/mcp" } } });
  await codex.close();`,
  );
  expect(out).toBe("not loaded");
});

it("(control) the hook catches an import of the package", async () => {
  expect(await run('  await import("@modelcontextprotocol/sdk/server/mcp.js");')).toBe(
    "LOADED @modelcontextprotocol/sdk/server/mcp.js",
  );
});
