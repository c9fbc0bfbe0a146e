/**
 * A worker process of the queue tests: one `CodexWorker` with its own app-server (its own
 * CODEX_HOME, made by the test with `AppServerHarness` on the shared mock). Configured by the JSON
 * in argv[2]; prints `ready <workerId>` when it takes jobs, and on SIGTERM closes gracefully (with
 * the configured grace) and prints `closed`.
 */
import { CodexWorker } from "../../src/queue/index.js";

interface Config {
  redis: { host: string; port: number };
  codex: { cwd: string; env: Record<string, string> };
  workerId: string;
  concurrency?: number;
  lockDurationMs?: number;
  graceMs?: number;
  workspaces?: Record<string, string>;
  rateLimitPauseMs?: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as Config;
const worker = new CodexWorker({
  connection: config.redis,
  codex: config.codex,
  workerId: config.workerId,
  concurrency: config.concurrency ?? 1,
  lockDurationMs: config.lockDurationMs ?? 3_000,
  ...(config.graceMs === undefined ? {} : { shutdownGraceMs: config.graceMs }),
  ...(config.rateLimitPauseMs === undefined ? {} : { rateLimitPauseMs: config.rateLimitPauseMs }),
  workspace: (key) => config.workspaces?.[key],
});
process.on("SIGTERM", () => {
  worker.close().then(
    () => {
      process.stdout.write("closed\n");
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`close failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
await worker.waitUntilReady();
process.stdout.write(`ready ${worker.id}\n`);
