/**
 * Portable threads: a thread lives in its rollout file, so after each job the worker saves the
 * file to a {@link ThreadStore}, and a job that continues the thread on another worker restores it
 * there first.
 *
 * @module
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Redis } from "ioredis";
import { InvalidArgumentError } from "../errors.js";

/** A saved thread: its rollout file and where it lies under CODEX_HOME. */
export interface StoredThread {
  /** The rollout's path relative to CODEX_HOME (`sessions/YYYY/MM/DD/rollout-….jsonl`). */
  path: string;
  /** The rollout file's bytes. */
  data: Buffer;
  /** Increases with every save: a worker that holds an older copy in memory reloads it. */
  version: number;
}

/**
 * Where workers keep threads between jobs. The default is Redis ({@link RedisThreadStore}); a
 * shared directory ({@link DirectoryThreadStore}) or object storage fit the same interface.
 * `save` is called by the one worker holding the thread's lock.
 */
export interface ThreadStore {
  /** Saves a thread's rollout; returns the new version. */
  save(threadId: string, thread: { path: string; data: Buffer }): Promise<number>;
  /** The saved thread, or `undefined` when the store does not hold it. */
  load(threadId: string): Promise<StoredThread | undefined>;
  /** Forgets a thread. */
  delete(threadId: string): Promise<void>;
}

/** Refuses a stored path that could escape CODEX_HOME. */
export function checkRolloutPath(path: string): string {
  const parts = path.split("/");
  if (
    path.startsWith("/") ||
    parts.some((p) => p === ".." || p === "") ||
    !/sessions$/.test(parts[0] ?? "")
  ) {
    throw new InvalidArgumentError(`not a rollout path under CODEX_HOME: ${JSON.stringify(path)}`, {
      argument: "path",
    });
  }
  return path;
}

/** Threads in Redis hashes under `<prefix>:codex:thread:<id>` (no expiry unless `ttlSeconds`). */
export class RedisThreadStore implements ThreadStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "bull",
    private readonly ttlSeconds?: number,
  ) {}

  #key(threadId: string): string {
    return `${this.prefix}:codex:thread:${threadId}`;
  }

  async save(threadId: string, thread: { path: string; data: Buffer }): Promise<number> {
    const key = this.#key(threadId);
    const multi = this.redis
      .multi()
      .hincrby(key, "version", 1)
      .hset(key, "path", thread.path, "data", thread.data);
    if (this.ttlSeconds !== undefined) multi.expire(key, this.ttlSeconds);
    const replies = await multi.exec();
    return Number(replies?.[0]?.[1] ?? 0);
  }

  async load(threadId: string): Promise<StoredThread | undefined> {
    const key = this.#key(threadId);
    const [version = null, path = null] = await this.redis.hmget(key, "version", "path");
    const data = await this.redis.hgetBuffer(key, "data");
    if (version === null || path === null || data === null) return undefined;
    return { version: Number(version), path: checkRolloutPath(path), data };
  }

  async delete(threadId: string): Promise<void> {
    await this.redis.del(this.#key(threadId));
  }
}

/**
 * Threads as files in a directory every worker mounts (NFS, a shared volume):
 * `<dir>/<threadId>.json` holds the path and version, `<dir>/<threadId>.jsonl` the rollout.
 */
export class DirectoryThreadStore implements ThreadStore {
  constructor(readonly dir: string) {}

  async save(threadId: string, thread: { path: string; data: Buffer }): Promise<number> {
    const old = await this.#meta(threadId);
    const version = (old?.version ?? 0) + 1;
    await mkdir(this.dir, { recursive: true });
    await atomicWrite(join(this.dir, `${safe(threadId)}.jsonl`), thread.data);
    await atomicWrite(
      join(this.dir, `${safe(threadId)}.json`),
      JSON.stringify({ path: thread.path, version }),
    );
    return version;
  }

  async load(threadId: string): Promise<StoredThread | undefined> {
    const meta = await this.#meta(threadId);
    if (meta === undefined) return undefined;
    const data = await readFile(join(this.dir, `${safe(threadId)}.jsonl`));
    return { path: checkRolloutPath(meta.path), version: meta.version, data };
  }

  async delete(threadId: string): Promise<void> {
    const { rm } = await import("node:fs/promises");
    await rm(join(this.dir, `${safe(threadId)}.json`), { force: true });
    await rm(join(this.dir, `${safe(threadId)}.jsonl`), { force: true });
  }

  async #meta(threadId: string): Promise<{ path: string; version: number } | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${safe(threadId)}.json`), "utf8")) as {
        path: string;
        version: number;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

function safe(threadId: string): string {
  if (!/^[\w-]+$/.test(threadId)) {
    throw new InvalidArgumentError(`not a thread id: ${JSON.stringify(threadId)}`, { argument: "threadId" });
  }
  return threadId;
}

async function atomicWrite(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
