#!/usr/bin/env node
// The compatibility job: runs the integration suite against an older runtime the SDK supports
// (package.json's codexRuntime.oldestSupported, or --version), so users who pin that runtime
// through `codexPath` / CODEX_PATH know what works.
//
// It installs that version's @openai/codex into a temporary prefix, finds its native binary the way
// the SDK does, and runs vitest with CODEX_PATH pointing at it and CODEX_COMPAT_VERSION naming it
// (test/integration/runtime-version.test.ts asserts that the server really reports that version).
// Other arguments go to vitest (for example a reporter). The exit code is vitest's.
//
// Usage: node scripts/test-compat.mjs [--version X.Y.Z] [vitest args]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nativeCodexBinary } from "./codex-binary.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Integration tests that run against the compat runtime. Left out: response-types.test.ts checks
 * the generated types, which are the pinned binary's own, so it always runs the pinned binary.
 */
const PINNED_ONLY = new Set(["response-types.test.ts"]);
const files = readdirSync(join(root, "test", "integration"))
  .filter((name) => name.endsWith(".test.ts") && !PINNED_ONLY.has(name))
  .sort()
  .map((name) => join("test", "integration", name));

function parseArgs(argv) {
  let version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).codexRuntime?.oldestSupported;
  const vitestArgs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--version") version = argv[++i];
    else if (argv[i] !== "--") vitestArgs.push(argv[i]);
  }
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version ?? "")) throw new Error(`not a runtime version: ${version}`);
  return { version, vitestArgs };
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const { version, vitestArgs } = parseArgs(process.argv.slice(2));
const prefix = mkdtempSync(join(tmpdir(), `codex-compat-${version}-`));
let code = 1;
try {
  const started = Date.now();
  execFileSync(
    npm,
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `@openai/codex@${version}`,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const bin = nativeCodexBinary(prefix);
  const reported = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `codex-cli ${version}`)
    throw new Error(`${bin} reports ${reported}, expected codex-cli ${version}`);
  console.log(
    `compat: codex ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s at ${bin}`,
  );
  console.log(`compat: ${files.length} integration test files`);
  code = await new Promise((resolveCode) => {
    const child = spawn(
      process.execPath,
      [join(root, "node_modules", "vitest", "vitest.mjs"), "run", ...files, ...vitestArgs],
      {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, CODEX_PATH: bin, CODEX_COMPAT_VERSION: version },
      },
    );
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)));
  });
} catch (error) {
  console.error(`compat: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  rmSync(prefix, { recursive: true, force: true });
}
process.exit(code);
