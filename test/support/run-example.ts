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
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.harness.env, ...options.env };
  delete env.OPENAI_API_KEY;
  delete env.CODEX_PATH;
  delete env.NODE_OPTIONS;
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
