/**
 * Examples are what users copy: they may import only the package's public entry points (by name,
 * exactly as an installed package is imported) and Node's built-in modules. Every example folder
 * has a `main.ts`, is listed in examples/README.md, and has a test that runs it against the mock.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examplesDir = join(root, "examples");

/**
 * Public entry points an example may import, plus the optional peer dependencies: `zod` (schemas
 * for structured output), `@modelcontextprotocol/sdk`'s server (in-process MCP servers),
 * OpenTelemetry's API and SDK (the observability example), and the job queue entry (whose peers are
 * bullmq and ioredis). The demo (its offline mode) and the recorded-test example (a cassette) may
 * also use the testing kit.
 */
const PUBLIC = new Set([
  "codex-app-sdk",
  "codex-app-sdk/types",
  "codex-app-sdk/codex-sdk",
  "codex-app-sdk/queue",
  "zod",
  "@modelcontextprotocol/sdk/server/mcp.js",
  "@opentelemetry/api",
  "@opentelemetry/sdk-trace-base",
  "@opentelemetry/context-async-hooks",
]);
const DEMO_EXTRA = new Set(["codex-app-sdk/testing"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier of a file: static and dynamic imports, `export ... from`, `import x = require()`. */
export function importsOf(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((ref) => ref.fileName);
}

function forbiddenImports(file: string): string[] {
  const usesKit = ["demo.ts", join("recorded-test", "main.ts")].includes(relative(examplesDir, file));
  const allowed = usesKit ? new Set([...PUBLIC, ...DEMO_EXTRA]) : PUBLIC;
  return importsOf(readFileSync(file, "utf8")).filter(
    (specifier) => !specifier.startsWith("node:") && !allowed.has(specifier),
  );
}

const files = sourceFiles(examplesDir);
const topics = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe("examples import only the public entry points", () => {
  it("finds the examples", () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(topics.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files.map((file) => [relative(root, file), file]))("%s", (_name, file) => {
    expect(forbiddenImports(file)).toEqual([]);
  });

  it("detects a forbidden import (self-check of the scanner)", () => {
    const code = [
      'import { Codex } from "codex-app-sdk";',
      'import type { Thread } from "codex-app-sdk/types";',
      'import { readFile } from "node:fs/promises";',
      'import { TurnRouter } from "../../src/api/turns/turn-router.js";',
      'export { x } from "codex-app-sdk/dist/index.js";',
      'const m = await import("zod");',
    ].join("\n");
    expect(importsOf(code)).toEqual([
      "codex-app-sdk",
      "codex-app-sdk/types",
      "node:fs/promises",
      "../../src/api/turns/turn-router.js",
      "codex-app-sdk/dist/index.js",
      "zod",
    ]);
  });
});

describe("every example folder", () => {
  const readme = readFileSync(join(examplesDir, "README.md"), "utf8");
  it.each(topics)("%s has main.ts, a README entry and a test", (topic) => {
    expect(existsSync(join(examplesDir, topic, "main.ts")), `examples/${topic}/main.ts`).toBe(true);
    expect(readme, `examples/README.md lists ${topic}`).toContain(`(${topic}/main.ts)`);
    expect(
      existsSync(join(root, "test", "examples", `${topic}.test.ts`)),
      `test/examples/${topic}.test.ts`,
    ).toBe(true);
  });
});
