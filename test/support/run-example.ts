/**
 * Runs one example program as its users would (`tsx examples/<topic>/main.ts`, importing the built
 * package by name) against a harness's app-server environment, and returns what it printed.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppServerHarness } from "../../src/testing/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsxLoader = createRequire(import.meta.url).resolve("tsx");

/** What an example run produced. */
export interface ExampleRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of {@link runExample}. */
export interface RunExampleOptions {
  harness: AppServerHarness;
  args?: string[];
  /** Written to the example's stdin, then stdin is closed. */
  stdin?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs `examples/<relPath>` with the harness's environment (CODEX_HOME pointing at the mock) and the
 * harness workspace as cwd. Rejects when it does not exit within `timeoutMs` (the process is killed).
 */
export function runExample(relPath: string, options: RunExampleOptions): Promise<ExampleRun> {
  const file = join(root, "examples", relPath);
  // Strip what the developer's own environment could leak into the example (a real API key, another
  // binary, loaders); the harness's and the test's explicit variables are applied after that.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.OPENAI_API_KEY;
  delete inherited.CODEX_PATH;
  delete inherited.NODE_OPTIONS;
  delete inherited.CODEX_DEMO_OFFLINE;
  const env: NodeJS.ProcessEnv = { ...inherited, ...options.harness.env, ...options.env };
  const child = spawn(process.execPath, ["--import", tsxLoader, file, ...(options.args ?? [])], {
    cwd: options.harness.workspace,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin.end(options.stdin ?? "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `example ${relPath} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ stdout, stderr, code, signal });
    });
  });
}
