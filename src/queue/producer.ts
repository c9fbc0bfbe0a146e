/**
 * The producer side: {@link CodexQueue} enqueues tasks, {@link CodexJob} follows one of them.
 *
 * @module
 */
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { AbortError, CodexError, OutputValidationError, TimeoutError, abortErrorFrom } from "../errors.js";
import type { InferOutput, StandardSchemaV1 } from "../api/structured/output-schema.js";
import { deserializeError } from "./error-codec.js";
import {
  DEFAULT_EVENTS_TTL_SECONDS,
  publishEvent,
  readEvents,
  type CodexJobEvent,
  type CodexJobResult,
} from "./events.js";
import {
  bullConnection,
  checkConnection,
  checkName,
  closeClient,
  QueueKeys,
  redisClient,
  type RedisConnection,
} from "./redis.js";
import { storedTask, type CodexTask, type JobData } from "./task.js";

/** The BullMQ job name of every Codex task. */
export const JOB_NAME = "codex-turn";
/** The default queue name. */
export const DEFAULT_QUEUE_NAME = "codex";
/** The default Redis key prefix (BullMQ's). */
export const DEFAULT_PREFIX = "bull";

/** Options shared by {@link CodexQueue} and `CodexWorker`. */
export interface QueueConnectionOptions {
  /** How to reach Redis (auth and TLS go here: `password`, `username`, `tls`). */
  connection: RedisConnection;
  /** Queue name. Default `"codex"`. Producers and workers of one queue must agree. */
  name?: string | undefined;
  /** Redis key prefix. Default `"bull"`. */
  prefix?: string | undefined;
}

/** Options of {@link CodexQueue}. */
export interface CodexQueueOptions extends QueueConnectionOptions {
  /** Job options applied to every `add()` (overridden by its own). Default: 3 attempts, exponential backoff from 1 s. */
  defaultJobOptions?: CodexJobOptions | undefined;
  /** How long a job's events (and so its result for `job.result()`) are kept, in seconds. Default a week. */
  eventsTtlSeconds?: number | undefined;
}

/**
 * BullMQ job options a task may carry. `jobId` makes `add()` idempotent: adding a task with the id
 * of a job that still exists returns that job and enqueues nothing.
 */
export type CodexJobOptions = Pick<
  JobsOptions,
  "jobId" | "priority" | "delay" | "attempts" | "backoff" | "removeOnComplete" | "removeOnFail" | "lifo"
>;

/** Options of {@link CodexJob.result}. */
export interface JobResultOptions {
  /** Stop waiting (the job keeps running; use `cancel()` to stop it). */
  signal?: AbortSignal | undefined;
  /** Reject with `TimeoutError` after this many ms. Default: wait as long as it takes. */
  timeoutMs?: number | undefined;
}

type TaskOutput<T extends CodexTask> = T extends { turn?: { outputSchema?: infer S } | undefined }
  ? [S] extends [undefined]
    ? never
    : S extends StandardSchemaV1
      ? InferOutput<S>
      : S extends object
        ? unknown
        : never
  : never;

/**
 * The producer: enqueues {@link CodexTask}s for `CodexWorker`s on any machine that reaches the same
 * Redis.
 *
 * @example
 * ```ts
 * import { CodexQueue } from "codex-app-sdk/queue";
 * const queue = new CodexQueue({ connection: { host: "redis", port: 6379 } });
 * const job = await queue.add({ input: "What is 2 + 2?" });
 * const { finalResponse, threadId } = await job.result({ timeoutMs: 60_000 });
 * await queue.close();
 * ```
 */
export class CodexQueue {
  readonly #queue: Queue;
  readonly #redis: Redis;
  readonly #connection: RedisConnection;
  readonly #keys: QueueKeys;
  readonly #ttl: number;

  constructor(options: CodexQueueOptions) {
    const name = checkName(options.name ?? DEFAULT_QUEUE_NAME, "name");
    const prefix = checkName(options.prefix ?? DEFAULT_PREFIX, "prefix");
    this.#connection = options.connection;
    checkConnection(options.connection);
    this.#redis = redisClient(options.connection);
    this.#keys = new QueueKeys(prefix, name);
    this.#ttl = options.eventsTtlSeconds ?? DEFAULT_EVENTS_TTL_SECONDS;
    this.#queue = new Queue(name, {
      connection: bullConnection(options.connection),
      prefix,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: "exponential", delay: 1_000 },
        ...options.defaultJobOptions,
      },
    });
  }

  /** The BullMQ queue underneath (for dashboards such as bull-board, metrics, `pause()`). */
  get bullQueue(): Queue {
    return this.#queue;
  }

  /**
   * Enqueues a task. The task is checked to be plain JSON first (`InvalidArgumentError` naming the
   * offending path otherwise); a zod `outputSchema` is sent as JSON Schema and kept here to type and
   * validate `output`.
   */
  async add<T extends CodexTask>(
    task: T,
    jobOptions: CodexJobOptions = {},
  ): Promise<CodexJob<TaskOutput<T>>> {
    const { stored, schema } = await storedTask(task);
    const data: JobData = { v: 1, task: stored };
    const job = await this.#queue.add(JOB_NAME, data, jobOptions);
    if (job.id === undefined) throw new CodexError("BullMQ returned a job without an id");
    return new CodexJob<TaskOutput<T>>(job.id, this.#context(), schema);
  }

  /** A handle on an existing job by id (e.g. in another process than the one that added it). */
  job<T = never>(jobId: string, outputSchema?: StandardSchemaV1): CodexJob<T> {
    return new CodexJob<T>(jobId, this.#context(), outputSchema);
  }

  /** Closes the Redis connections (jobs keep running on the workers). */
  async close(): Promise<void> {
    await this.#queue.close();
    await closeClient(this.#redis);
  }

  #context(): JobContext {
    return {
      queue: this.#queue,
      redis: this.#redis,
      connection: this.#connection,
      keys: this.#keys,
      ttl: this.#ttl,
    };
  }
}

interface JobContext {
  queue: Queue;
  redis: Redis;
  connection: RedisConnection;
  keys: QueueKeys;
  ttl: number;
}

/**
 * A job on the queue: follow its progress, wait for its result, cancel it. `T` is the type of
 * `output` (from the task's `outputSchema`).
 */
export class CodexJob<T = never> {
  readonly #ctx: JobContext;
  readonly #schema: StandardSchemaV1 | undefined;

  /** @internal Made by `CodexQueue.add()` and `CodexQueue.job()`. */
  constructor(
    /** The job's id (BullMQ's). */
    readonly id: string,
    ctx: JobContext,
    schema?: StandardSchemaV1,
  ) {
    this.#ctx = ctx;
    this.#schema = schema;
  }

  /**
   * The job's progress from its start, ending after `completed` or `failed`. Each call reads the
   * whole history again on a Redis connection of its own.
   *
   * @example
   * ```ts
   * for await (const event of job.events()) if (event.type === "item") console.log(event.item.type);
   * ```
   */
  async *events(options: { signal?: AbortSignal | undefined } = {}): AsyncGenerator<CodexJobEvent> {
    const redis = redisClient(this.#ctx.connection);
    try {
      yield* readEvents(redis, this.#ctx.keys.events(this.id), options.signal);
    } finally {
      redis.disconnect();
    }
  }

  /**
   * Waits for the job's result. A failed job rejects with the worker's error as the same SDK class
   * (`TurnFailedError`, `OutputValidationError`, `InvalidArgumentError`, `AbortError` after
   * `cancel()`, ...) and message; other errors arrive as `JobFailedError`.
   */
  async result(options: JobResultOptions = {}): Promise<CodexJobResult<T>> {
    const controller = new AbortController();
    const { signal, timeoutMs } = options;
    if (signal?.aborted) throw abortErrorFrom(signal, "Waiting for the job's result");
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              controller.abort(
                new TimeoutError(`job ${this.id}: no result within ${timeoutMs} ms`, timeoutMs),
              ),
            timeoutMs,
          );
    try {
      for await (const event of this.events({ signal: controller.signal })) {
        if (event.type === "completed") return await this.#typed(event.result);
        if (event.type === "failed") throw deserializeError(event.error, this.id);
      }
      throw new AbortError(`job ${this.id}: its events ended without a result`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Cancels the job: a waiting job is removed, a running turn is interrupted. Either way the job
   * fails with an `AbortError` (not retried). Returns when the request is recorded.
   */
  async cancel(): Promise<void> {
    const { redis, keys, queue, ttl } = this.#ctx;
    await redis.set(keys.cancel(this.id), "1", "EX", ttl);
    await redis.publish(keys.cancelChannel, this.id);
    const job = await queue.getJob(this.id);
    const state = job === undefined ? "unknown" : await job.getState();
    if (job !== undefined && (state === "waiting" || state === "delayed" || state === "prioritized")) {
      const removed = await queue.remove(this.id).catch(() => 0);
      if (removed === 1) {
        const error = { name: "AbortError", message: `job ${this.id} was cancelled before it started` };
        await publishEvent(redis, keys.events(this.id), { type: "failed", error }, ttl);
      }
    }
  }

  async #typed(result: CodexJobResult<unknown>): Promise<CodexJobResult<T>> {
    const schema = this.#schema;
    if (schema === undefined || !("output" in result)) return result as CodexJobResult<T>;
    const outcome = await schema["~standard"].validate(result.output);
    if (outcome.issues !== undefined) {
      const error: CodexError = new OutputValidationError(
        `job ${this.id}: the output does not match the schema`,
        result.finalResponse,
        outcome.issues,
        result,
      );
      throw error;
    }
    return { ...result, output: outcome.value } as CodexJobResult<T>;
  }
}
