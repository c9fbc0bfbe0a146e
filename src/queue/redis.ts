/**
 * Redis connections and key names of the queue. The queue's own keys (job events, cancel
 * requests, thread locks, stored threads) sit beside BullMQ's under the same prefix.
 *
 * @module
 */
import type { RedisOptions } from "bullmq";
import { Redis } from "ioredis";
import { InvalidArgumentError } from "../errors.js";

/**
 * How to reach Redis: the connection options of ioredis, as BullMQ takes them (`host`, `port`,
 * `username`, `password`, `tls`, `db`, ...). Every connection the queue opens uses them.
 */
export type RedisConnection = RedisOptions;

/** Checks `connection`. */
export function checkConnection(connection: unknown): RedisConnection {
  if (typeof connection !== "object" || connection === null || Array.isArray(connection)) {
    throw new InvalidArgumentError("connection must be Redis connection options ({ host, port, ... })", {
      argument: "connection",
    });
  }
  return connection;
}

/** A new client on `connection`. Commands wait across reconnects (a Redis restart loses none). */
export function redisClient(connection: RedisConnection): Redis {
  const client = new Redis({ ...(connection as object), maxRetriesPerRequest: null });
  // Connection errors are retried by ioredis (and commands wait); without a listener each one would
  // be printed as an unhandled error event.
  client.on("error", () => undefined);
  return client;
}

/** The BullMQ form of `connection` (options with the settings workers need). */
export function bullConnection(connection: RedisConnection): RedisOptions {
  return { ...connection, maxRetriesPerRequest: null };
}

/** Closes a client: QUIT when connected, otherwise drop it. Never throws. */
export async function closeClient(client: Redis): Promise<void> {
  try {
    if (client.status === "ready") await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

/** Key names of one queue. */
export class QueueKeys {
  constructor(
    readonly prefix: string,
    readonly queue: string,
  ) {}
  /** The stream of a job's events. */
  events(jobId: string): string {
    return `${this.prefix}:${this.queue}:codex:events:${jobId}`;
  }
  /** Set when the job's producer asked to cancel it. */
  cancel(jobId: string): string {
    return `${this.prefix}:${this.queue}:codex:cancel:${jobId}`;
  }
  /** The channel cancel requests are announced on. */
  get cancelChannel(): string {
    return `${this.prefix}:${this.queue}:codex:cancel`;
  }
  /** The lock that keeps two jobs of one thread from running at once. */
  threadLock(threadId: string): string {
    return `${this.prefix}:codex:thread-lock:${threadId}`;
  }
}

/** Checks a queue name or prefix (BullMQ uses `:` as its separator). */
export function checkName(value: unknown, argument: string): string {
  if (typeof value !== "string" || value === "" || value.includes(":")) {
    throw new InvalidArgumentError(`${argument} must be a non-empty string without ":"`, { argument });
  }
  return value;
}
