/**
 * The options of `CodexWorker`, and the checks that turn them into settings.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { hostname, homedir } from "node:os";
import { join } from "node:path";
import type { Codex } from "../api/codex/codex.js";
import type { CodexOptions } from "../api/codex/codex-options.js";
import type { ServerRequestHandler } from "../api/server-requests/server-requests.js";
import type { ToolEntry } from "../api/tools/tool.js";
import { InvalidArgumentError } from "../errors.js";
import type { QueueConnectionOptions } from "./producer.js";
import type { ThreadStore } from "./thread-store.js";

/** A workspace a worker's hook lent to a job, with the cleanup to run after it. */
export interface WorkspaceLease {
  /** The directory the thread works in (its `cwd`). */
  dir: string;
  /** Called after the job (completed, failed or handed back). */
  release?: (() => void | Promise<void>) | undefined;
}

/**
 * Turns a task's workspace key into a directory (clone a repository, check out a branch, make a
 * temp dir ...). Return `undefined` for a key it does not know: the job fails with an
 * `InvalidArgumentError` and the worker goes on.
 */
export type WorkspaceResolver = (
  key: string,
  job: { id: string },
) => string | WorkspaceLease | undefined | Promise<string | WorkspaceLease | undefined>;

/** Options of `CodexWorker`. */
export interface CodexWorkerOptions extends QueueConnectionOptions {
  /** How many jobs this worker runs at once, on its one app-server. Default 1. */
  concurrency?: number | undefined;
  /** Options of the worker's `Codex`, or a function that makes it (called once, on start). */
  codex?: CodexOptions | (() => Codex | Promise<Codex>) | undefined;
  /**
   * The app-server's CODEX_HOME, where rollouts are restored and read. Default: `codex.env.CODEX_HOME`,
   * else `$CODEX_HOME`, else `~/.codex`.
   */
  codexHome?: string | undefined;
  /** Resolves a task's `workspace` key. Without it, a task with a workspace key fails. */
  workspace?: WorkspaceResolver | undefined;
  /** Custom tools bound on every thread this worker starts or resumes. */
  tools?: readonly ToolEntry[] | undefined;
  /** Answers the app-server's requests (approvals, questions) of every turn. */
  onServerRequest?: ServerRequestHandler | undefined;
  /** Where threads are saved between jobs. Default: Redis, on this worker's connection. */
  threadStore?: ThreadStore | undefined;
  /** This worker's id, reported in job results. Default `<hostname>:<pid>:<random>`. */
  workerId?: string | undefined;
  /**
   * How long a job's lock lasts without renewal, in ms: a worker that dies (kill -9, lost machine)
   * gives its jobs to others after about this long. Default 30,000.
   */
  lockDurationMs?: number | undefined;
  /** How long `close()` lets running turns finish before interrupting them and handing the jobs back. Default 30,000. */
  shutdownGraceMs?: number | undefined;
  /** How long intake pauses after a model rate limit when the runtime reported no reset time. Default 60,000. */
  rateLimitPauseMs?: number | undefined;
  /** Least time between two `delta` events of one job, in ms. Default 100. */
  deltaThrottleMs?: number | undefined;
  /** How long a job's events (and so its result) are kept after the last one, in seconds. Default a week. */
  eventsTtlSeconds?: number | undefined;
}

/** The checked settings. */
export interface WorkerSettings {
  concurrency: number;
  codexHome: string;
  workerId: string;
  lockDurationMs: number;
  shutdownGraceMs: number;
  rateLimitPauseMs: number;
  deltaThrottleMs: number;
  eventsTtlSeconds: number;
}

function positive(value: number | undefined, fallback: number, argument: string, integer = false): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" ||
    !(value > 0) ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value))
  ) {
    throw new InvalidArgumentError(`${argument} must be a ${integer ? "positive integer" : "number > 0"}`, {
      argument,
    });
  }
  return value;
}

/** Checks the options. */
export function workerSettings(o: CodexWorkerOptions): WorkerSettings {
  if (o.workspace !== undefined && typeof o.workspace !== "function") {
    throw new InvalidArgumentError("workspace must be a function (key, job) => directory", {
      argument: "workspace",
    });
  }
  const codexOptions = typeof o.codex === "function" ? undefined : o.codex;
  const codexHome =
    o.codexHome ??
    codexOptions?.env?.["CODEX_HOME"] ??
    process.env["CODEX_HOME"] ??
    join(homedir(), ".codex");
  return {
    concurrency: positive(o.concurrency, 1, "concurrency", true),
    codexHome,
    workerId: o.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    lockDurationMs: positive(o.lockDurationMs, 30_000, "lockDurationMs"),
    shutdownGraceMs: positive(o.shutdownGraceMs, 30_000, "shutdownGraceMs"),
    rateLimitPauseMs: positive(o.rateLimitPauseMs, 60_000, "rateLimitPauseMs"),
    deltaThrottleMs: positive(o.deltaThrottleMs, 100, "deltaThrottleMs"),
    eventsTtlSeconds: positive(o.eventsTtlSeconds, 7 * 24 * 3600, "eventsTtlSeconds", true),
  };
}
