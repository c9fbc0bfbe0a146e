/**
 * A job's progress: the worker appends events to a Redis stream per job, the producer's handle
 * reads it from the start, so `events()` and `result()` see everything whenever they are called.
 *
 * @module
 */
import type { Redis } from "ioredis";
import type { ThreadItem } from "../generated/v2/ThreadItem.js";
import type { BaseRunResult } from "../errors.js";
import { abortErrorFrom } from "../errors.js";
import { sleep } from "../internal/abortable.js";
import type { SerializedError } from "./error-codec.js";

/**
 * The result of a queued job: the turn's `RunResult` (with `output` when the task had an
 * `outputSchema`), the thread and turn it ran as, and who ran it.
 */
export type CodexJobResult<T = never> = ([T] extends [never]
  ? BaseRunResult
  : BaseRunResult & { output: T }) & {
  /** The job's id. */
  jobId: string;
  /** The thread the turn ran on: pass it as `threadId` of a later task to continue the conversation. */
  threadId: string;
  /** The turn's id (the same as `id`). */
  turnId: string;
  /** The id of the worker that ran the turn. */
  workerId: string;
};

/**
 * One step of a job's progress, as `job.events()` yields it, in order. The last event is
 * `completed` or `failed`; a job that is retried or handed back shows `retrying` / `requeued`
 * statuses in between and runs again (from `active`).
 */
export type CodexJobEvent =
  | {
      type: "status";
      /** `active`: a worker took the job; `waiting-for-thread`: another job holds its thread; `retrying`: the attempt failed and will be retried; `requeued`: the worker handed the job back. */
      status: "active" | "waiting-for-thread" | "retrying" | "requeued";
      workerId: string;
      /** 1 for the first run of the job. */
      attempt: number;
      /** Why, for `retrying` and `requeued`. */
      message?: string | undefined;
    }
  | { type: "started"; threadId: string; turnId: string; workerId: string }
  | { type: "item"; item: ThreadItem }
  | { type: "delta"; itemId: string; text: string }
  | { type: "completed"; result: CodexJobResult<unknown> }
  | { type: "failed"; error: SerializedError };

/** How long a job's event stream is kept after its last event, in seconds (a week). */
export const DEFAULT_EVENTS_TTL_SECONDS = 7 * 24 * 3600;
/** Most events kept per job (older text deltas and items are trimmed first). */
const MAX_EVENTS = 10_000;

/** Appends `event` to the stream at `key`. */
export async function publishEvent(
  redis: Redis,
  key: string,
  event: CodexJobEvent,
  ttlSeconds: number,
): Promise<void> {
  await redis
    .multi()
    .xadd(key, "MAXLEN", "~", MAX_EVENTS, "*", "e", JSON.stringify(event))
    .expire(key, ttlSeconds)
    .exec();
}

/** Whether `event` ends a job's stream. */
export function isTerminal(
  event: CodexJobEvent,
): event is Extract<CodexJobEvent, { type: "completed" | "failed" }> {
  return event.type === "completed" || event.type === "failed";
}

/** Pause before reading again after the connection dropped. */
const RECONNECT_PAUSE_MS = 250;

function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  return /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|LOADING|Stream isn't writeable/i.test(message);
}

/** How long one blocking read waits before it looks at the signal again (and survives a Redis restart). */
const BLOCK_MS = 2_000;

/**
 * Reads the stream at `key` from its start on `redis` (a connection of its own: reads block it),
 * yielding each event until a terminal one. Aborting `signal` disconnects `redis` and rejects.
 */
export async function* readEvents(
  redis: Redis,
  key: string,
  signal?: AbortSignal,
): AsyncGenerator<CodexJobEvent> {
  let last = "0";
  const onAbort = (): void => redis.disconnect();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw abortErrorFrom(signal, "Reading the job's events");
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = await redis.xread("COUNT", 500, "BLOCK", BLOCK_MS, "STREAMS", key, last);
      } catch (error) {
        if (signal?.aborted) throw abortErrorFrom(signal, "Reading the job's events");
        // The connection dropped (a Redis restart): ioredis reconnects; read again from `last`.
        if (!isConnectionError(error)) throw error;
        await sleep(RECONNECT_PAUSE_MS, signal, (s) => abortErrorFrom(s, "Reading the job's events"));
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          last = id;
          const raw = fields[1];
          if (raw === undefined) continue;
          const event = JSON.parse(raw) as CodexJobEvent;
          yield event;
          if (isTerminal(event)) return;
        }
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
