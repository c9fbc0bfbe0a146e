/**
 * The worker side: {@link CodexWorker} takes jobs from the queue and runs each as one turn on its
 * own app-server.
 *
 * @module
 */
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { Codex } from "../api/codex/codex.js";
import type { Thread } from "../api/threads/thread.js";
import type { TurnEvent } from "../api/events.js";
import { AbortError, CodexError, InvalidArgumentError, TurnFailedError } from "../errors.js";
import type { RateLimitSnapshot } from "../generated/v2/RateLimitSnapshot.js";
import { isRetryableError } from "../retry.js";
import { serializeError } from "./error-codec.js";
import { publishEvent, type CodexJobEvent, type CodexJobResult } from "./events.js";
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME } from "./producer.js";
import { bullConnection, checkConnection, checkName, closeClient, QueueKeys, redisClient } from "./redis.js";
import { jobDataOf, type StoredTask } from "./task.js";
import { ThreadKeeper } from "./thread-keeper.js";
import { tryLock, type HeldLock } from "./thread-lock.js";
import { RedisThreadStore } from "./thread-store.js";
import {
  workerSettings,
  type CodexWorkerOptions,
  type WorkerSettings,
  type WorkspaceLease,
} from "./worker-options.js";

/** A running job's controls. */
interface Running {
  readonly controller: AbortController;
  /** Why the turn was aborted: the producer cancelled it, or the worker is handing it back. */
  reason: "cancel" | "handback" | undefined;
}

/** How long a job whose thread is busy waits before it is tried again (plus jitter), in ms. */
const THREAD_BUSY_RETRY_MS = 200;

/**
 * Runs queued tasks: each job is one turn, on a new thread or on the thread it continues (restored
 * from the thread store, whichever worker ran it before). Runs until `close()`.
 *
 * @example
 * ```ts
 * import { CodexWorker } from "codex-app-sdk/queue";
 * const worker = new CodexWorker({
 *   connection: { host: "redis", port: 6379 },
 *   concurrency: 4,
 *   workspace: async (key) => ({ dir: await checkout(key), release: () => cleanup(key) }),
 * });
 * process.on("SIGTERM", () => void worker.close());
 * ```
 */
export class CodexWorker {
  /** This worker's id, as reported in job results and events. */
  readonly id: string;
  readonly #options: CodexWorkerOptions;
  readonly #settings: WorkerSettings;
  readonly #keys: QueueKeys;
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #queue: Queue;
  readonly #worker: Worker;
  readonly #keeper: ThreadKeeper;
  readonly #running = new Map<string, Running>();
  readonly #codex: Promise<Codex>;
  #rateLimits: RateLimitSnapshot | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: CodexWorkerOptions) {
    const name = checkName(options.name ?? DEFAULT_QUEUE_NAME, "name");
    const prefix = checkName(options.prefix ?? DEFAULT_PREFIX, "prefix");
    this.#options = options;
    this.#settings = workerSettings(options);
    this.id = this.#settings.workerId;
    this.#keys = new QueueKeys(prefix, name);
    checkConnection(options.connection);
    this.#redis = redisClient(options.connection);
    this.#subscriber = redisClient(options.connection);
    const store = options.threadStore ?? new RedisThreadStore(this.#redis, prefix);
    this.#keeper = new ThreadKeeper(store, this.#settings.codexHome);
    this.#codex = this.#makeCodex();
    // Keep an unhandled rejection away until a job awaits it.
    this.#codex.catch(() => undefined);
    const connection = bullConnection(options.connection);
    this.#queue = new Queue(name, { connection, prefix });
    this.#worker = new Worker(name, (job, token) => this.#process(job, token ?? ""), {
      connection,
      prefix,
      concurrency: this.#settings.concurrency,
      lockDuration: this.#settings.lockDurationMs,
      stalledInterval: this.#settings.lockDurationMs,
      maxStalledCount: 2,
      // BullMQ honours a manual `queue.rateLimit()` (how a model rate limit pauses intake) only for
      // workers with a limiter; this one never limits by itself.
      limiter: { max: 1_000_000_000, duration: 1_000 },
    });
    this.#worker.on("error", () => undefined);
    this.#worker.on("stalled", (jobId) => {
      const event: CodexJobEvent = {
        type: "status",
        status: "requeued",
        workerId: this.id,
        attempt: 0,
        message: "its worker stopped renewing the job's lock (it died or hung); the job runs again",
      };
      this.#publish(jobId, event).catch(() => undefined);
    });
    this.#subscriber.on("message", (_channel: string, jobId: string) => this.#abort(jobId, "cancel"));
    this.#subscriber.subscribe(this.#keys.cancelChannel).catch(() => undefined);
  }

  /** Resolves when the worker is connected to Redis and its app-server is up. */
  async waitUntilReady(): Promise<void> {
    await this.#worker.waitUntilReady();
    await (await this.#codex).start();
  }

  /**
   * Stops taking jobs, lets running turns finish for `graceMs` (default `shutdownGraceMs`), then
   * interrupts the rest and hands their jobs back to the queue (another worker runs them from the
   * thread's last saved state). Then closes the app-server and the connections. Idempotent.
   */
  close(options: { graceMs?: number | undefined } = {}): Promise<void> {
    this.#closed ??= (async () => {
      const grace = options.graceMs ?? this.#settings.shutdownGraceMs;
      const closing = this.#worker.close();
      const timer = setTimeout(() => {
        for (const jobId of this.#running.keys()) this.#abort(jobId, "handback");
      }, grace);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        await this.#queue.close().catch(() => undefined);
        await closeClient(this.#subscriber);
        await (await this.#codex.catch(() => undefined))?.close();
        await closeClient(this.#redis);
      }
    })();
    return this.#closed;
  }

  async #makeCodex(): Promise<Codex> {
    const option = this.#options.codex;
    const codex = typeof option === "function" ? await option() : new Codex(option ?? {});
    codex.on("account/rateLimits/updated", (n) => {
      this.#rateLimits = n.params.rateLimits;
    });
    return codex;
  }

  #abort(jobId: string, reason: "cancel" | "handback"): void {
    const running = this.#running.get(jobId);
    if (running === undefined || running.reason !== undefined) return;
    running.reason = reason;
    running.controller.abort(
      new AbortError(reason === "cancel" ? `job ${jobId} was cancelled` : "handed back"),
    );
  }

  #publish(jobId: string, event: CodexJobEvent): Promise<void> {
    return publishEvent(this.#redis, this.#keys.events(jobId), event, this.#settings.eventsTtlSeconds);
  }

  async #process(job: Job, token: string): Promise<CodexJobResult<unknown>> {
    const jobId = job.id ?? "";
    const attempt = job.attemptsMade + 1;
    const running: Running = { controller: new AbortController(), reason: undefined };
    this.#running.set(jobId, running);
    let lease: WorkspaceLease | undefined;
    let lock: HeldLock | undefined;
    let thread: Thread | undefined;
    let chain = Promise.resolve();
    const emit = (event: CodexJobEvent): void => {
      chain = chain.then(() => this.#publish(jobId, event)).catch(() => undefined);
    };
    try {
      const { task } = jobDataOf(job.data);
      if ((await this.#redis.exists(this.#keys.cancel(jobId))) === 1) {
        throw new AbortError(`job ${jobId} was cancelled`);
      }
      emit({ type: "status", status: "active", workerId: this.id, attempt });
      const codex = await this.#codex;
      lease = await this.#lease(task, jobId);
      if (task.threadId !== undefined) {
        lock = await tryLock(
          this.#redis,
          this.#keys.threadLock(task.threadId),
          jobId,
          this.#settings.lockDurationMs,
        );
        if (lock === undefined) {
          emit({ type: "status", status: "waiting-for-thread", workerId: this.id, attempt });
          await chain;
          await job.moveToDelayed(
            Date.now() + THREAD_BUSY_RETRY_MS + Math.random() * THREAD_BUSY_RETRY_MS,
            token,
          );
          throw new DelayedError();
        }
        thread = await this.#keeper.resume(codex, task.threadId, {
          ...(lease === undefined ? {} : { cwd: lease.dir }),
          ...(this.#options.tools === undefined ? {} : { tools: this.#options.tools }),
        });
      } else {
        thread = await codex.threadStart({
          ...task.thread,
          ...(lease === undefined ? {} : { cwd: lease.dir }),
          ...(this.#options.tools === undefined ? {} : { tools: this.#options.tools }),
        });
        lock = await tryLock(
          this.#redis,
          this.#keys.threadLock(thread.id),
          jobId,
          this.#settings.lockDurationMs,
        );
      }
      const started = thread;
      const deltas = new DeltaBuffer(this.#settings.deltaThrottleMs, (itemId, text) =>
        emit({ type: "delta", itemId, text }),
      );
      const onEvent = (event: TurnEvent): void => {
        if (event.method === "turn/started") {
          emit({ type: "started", threadId: started.id, turnId: event.params.turn.id, workerId: this.id });
        } else if (event.method === "item/completed") {
          deltas.flush();
          emit({ type: "item", item: event.params.item });
        } else if (event.method === "item/agentMessage/delta" && task.streamDeltas === true) {
          deltas.add(event.params.itemId, event.params.delta);
        }
      };
      const result = await thread.run(task.input, {
        ...(task.turn as object),
        signal: running.controller.signal,
        onEvent,
        ...(this.#options.onServerRequest === undefined
          ? {}
          : { onServerRequest: this.#options.onServerRequest }),
      });
      deltas.flush();
      await this.#keeper.save(thread);
      const out: CodexJobResult<unknown> = {
        ...result,
        jobId,
        threadId: thread.id,
        turnId: result.id,
        workerId: this.id,
      } as CodexJobResult<unknown>;
      emit({ type: "completed", result: out });
      await chain;
      return out;
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (thread !== undefined) this.#keeper.markStale(thread.id);
      await chain;
      throw await this.#failure(job, token, running, error, attempt);
    } finally {
      this.#running.delete(jobId);
      await lock?.release();
      await lease?.release?.();
    }
  }

  /** What a failed attempt throws to BullMQ, after telling the producer what happened. */
  async #failure(job: Job, token: string, running: Running, error: unknown, attempt: number): Promise<Error> {
    const jobId = job.id ?? "";
    if (running.reason === "handback") {
      await job.moveToWait(token);
      await this.#publish(jobId, {
        type: "status",
        status: "requeued",
        workerId: this.id,
        attempt,
        message: "the worker shut down; another worker runs the job",
      });
      return new WaitingError();
    }
    const cause = running.reason === "cancel" ? new AbortError(`job ${jobId} was cancelled`) : error;
    if (running.reason === undefined && isRateLimit(cause)) {
      const pauseMs = resetDelay(this.#rateLimits) ?? this.#settings.rateLimitPauseMs;
      await this.#queue.rateLimit(pauseMs);
      await this.#publish(jobId, {
        type: "status",
        status: "requeued",
        workerId: this.id,
        attempt,
        message: `the model's rate limit was reached; intake pauses for ${pauseMs} ms`,
      });
      return Worker.RateLimitError();
    }
    const attempts = job.opts.attempts ?? 1;
    const retry = running.reason === undefined && isRetryableError(cause) && attempt < attempts;
    const serialized = serializeError(cause);
    if (retry) {
      await this.#publish(jobId, {
        type: "status",
        status: "retrying",
        workerId: this.id,
        attempt,
        message: serialized.message,
      });
      return cause instanceof Error ? cause : new CodexError(String(cause));
    }
    await this.#publish(jobId, { type: "failed", error: serialized });
    return new UnrecoverableError(serialized.message);
  }

  async #lease(task: StoredTask, jobId: string): Promise<WorkspaceLease | undefined> {
    const key = task.workspace;
    if (key === undefined) return undefined;
    const resolve = this.#options.workspace;
    if (resolve === undefined) {
      throw new InvalidArgumentError(
        `task.workspace: this worker has no workspace hook for the key ${JSON.stringify(key)}`,
        {
          argument: "task.workspace",
        },
      );
    }
    const lease = await resolve(key, { id: jobId });
    if (lease === undefined) {
      throw new InvalidArgumentError(`task.workspace: unknown workspace key ${JSON.stringify(key)}`, {
        argument: "task.workspace",
      });
    }
    return typeof lease === "string" ? { dir: lease } : lease;
  }
}

/** Whether a failed turn hit the model's rate or usage limit. */
function isRateLimit(error: unknown): boolean {
  if (!(error instanceof TurnFailedError)) return false;
  const info = error.codexErrorInfo;
  if (info === "rateLimitExceeded" || info === "usageLimitExceeded") return true;
  // An HTTP 429 the runtime's own retries did not get past.
  if (typeof info !== "object" || info === null || !("responseTooManyFailedAttempts" in info)) return false;
  const failed = (info as { responseTooManyFailedAttempts?: { httpStatusCode?: unknown } | null })
    .responseTooManyFailedAttempts;
  return failed?.httpStatusCode === 429;
}

/** Milliseconds until the exhausted rate-limit window resets, if the runtime said. */
function resetDelay(limits: RateLimitSnapshot | undefined): number | undefined {
  const resets = [limits?.primary, limits?.secondary]
    .filter((w) => w !== null && w !== undefined && w.usedPercent >= 100 && w.resetsAt !== null)
    .map((w) => (w?.resetsAt ?? 0) * 1000 - Date.now());
  const longest = Math.max(...resets, 0);
  return longest > 0 ? longest : undefined;
}

/** Coalesces text deltas per item, flushing at most every `intervalMs`. */
class DeltaBuffer {
  readonly #pending = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly intervalMs: number,
    private readonly send: (itemId: string, text: string) => void,
  ) {}
  add(itemId: string, text: string): void {
    this.#pending.set(itemId, (this.#pending.get(itemId) ?? "") + text);
    this.#timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const [itemId, text] of this.#pending) this.send(itemId, text);
    this.#pending.clear();
  }
}
