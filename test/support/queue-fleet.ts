/**
 * A fleet for the queue tests: real worker processes (test/support/queue-worker.ts), each with its
 * own app-server and CODEX_HOME on one shared mock, against one real redis-server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { AppServerHarness, type MockResponsesServer } from "../../src/testing/index.js";
import type { RedisServer } from "./redis-server.js";

const tsxLoader = createRequire(import.meta.url).resolve("tsx");
const workerScript = fileURLToPath(new URL("./queue-worker.ts", import.meta.url));

/** Options of one worker process. */
export interface WorkerProcessOptions {
  concurrency?: number;
  graceMs?: number;
  lockDurationMs?: number;
  workspaces?: Record<string, string>;
  rateLimitPauseMs?: number;
}

/** One worker process. */
export class WorkerProcess {
  #output = "";
  #waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;
  constructor(
    readonly id: string,
    readonly child: ChildProcess,
    readonly harness: AppServerHarness,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.#output += chunk;
      for (const wake of this.#waiters.splice(0)) wake();
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      if (process.env["QUEUE_DEBUG"]) process.stderr.write(`[${id}] ${chunk}`);
    });
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  /** Resolves when the worker printed `line` (bounded by `ms`). */
  async printed(line: string, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.#output.split("\n").some((l) => l.startsWith(line))) {
      if (this.child.exitCode !== null) throw new Error(`worker ${this.id} exited before printing ${line}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`worker ${this.id} did not print ${line} within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Graceful shutdown: SIGTERM, then waits for the process to exit. */
  async shutdown(): Promise<number | null> {
    this.child.kill("SIGTERM");
    return this.exited;
  }

  /** kill -9. */
  async kill(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }
}

/** The worker processes of one test file. */
export class Fleet {
  readonly workers: WorkerProcess[] = [];
  constructor(
    readonly redis: RedisServer,
    readonly mock: MockResponsesServer,
  ) {}

  /** Starts a worker process and waits until it takes jobs. */
  async start(id: string, options: WorkerProcessOptions = {}): Promise<WorkerProcess> {
    const harness = await AppServerHarness.create({ mock: this.mock });
    const config = {
      redis: this.redis.connection,
      codex: harness.codexOptions(),
      workerId: id,
      ...options,
    };
    const child = spawn(process.execPath, ["--import", tsxLoader, workerScript, JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    const worker = new WorkerProcess(id, child, harness);
    this.workers.push(worker);
    await worker.printed("ready");
    return worker;
  }

  /** Kills what is still running and removes every CODEX_HOME. */
  async dispose(): Promise<void> {
    await Promise.all(
      this.workers.splice(0).map(async (w) => {
        if (w.child.exitCode === null && w.child.signalCode === null) await w.kill();
        await w.harness.dispose();
      }),
    );
  }
}
