/**
 * A worker's side of portable threads: restores a stored thread into this app-server's CODEX_HOME
 * before a job continues it, and saves its rollout after the job.
 *
 * Facts of the runtime this follows (spec appendix "moving a thread between app-servers"):
 * `thread/resume` by `path` refuses a rollout copied from elsewhere, while the same file written
 * under this CODEX_HOME at its original `sessions/…` path resumes by id; and a thread an app-server
 * has loaded keeps its in-memory history (even after `thread/unsubscribe`), so a copy that another
 * worker has since continued is unloaded (`thread/delete`) before the newer file is written.
 *
 * @module
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { Codex } from "../api/codex/codex.js";
import type { Thread } from "../api/threads/thread.js";
import type { ThreadResumeOptions } from "../api/threads/thread-params.js";
import { CodexError, InvalidArgumentError } from "../errors.js";
import { checkRolloutPath, type ThreadStore } from "./thread-store.js";

/** The version a worker holds of a thread it let diverge from the store (a failed or handed-back turn). */
const STALE = -1;

/** Restores and saves the threads of one app-server. */
export class ThreadKeeper {
  /** Thread id -> the store version this app-server has loaded. */
  readonly #loaded = new Map<string, number>();

  constructor(
    private readonly store: ThreadStore,
    private readonly codexHome: string,
  ) {}

  /**
   * Makes `threadId` current in this app-server and resumes it.
   * @throws InvalidArgumentError when no store holds the thread
   */
  async resume(codex: Codex, threadId: string, options: ThreadResumeOptions): Promise<Thread> {
    const stored = await this.store.load(threadId);
    if (stored === undefined) {
      throw new InvalidArgumentError(`task.threadId: no thread store holds the thread ${threadId}`, {
        argument: "task.threadId",
      });
    }
    const held = this.#loaded.get(threadId);
    if (held !== stored.version) {
      if (held !== undefined) {
        // A stale copy is loaded here: unload it, or resume would return its old history.
        await codex.request("thread/delete", { threadId }).catch(() => undefined);
      }
      const file = join(this.codexHome, ...checkRolloutPath(stored.path).split("/"));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, stored.data);
    }
    const thread = await codex.threadResume(threadId, options);
    this.#loaded.set(threadId, stored.version);
    return thread;
  }

  /** Saves the thread's rollout after a job that completed (the file the app-server wrote). */
  async save(thread: Thread): Promise<void> {
    const path = thread.info.path;
    if (path === null || path === undefined) {
      throw new CodexError(
        `thread ${thread.id} has no rollout file (an ephemeral thread cannot move between workers)`,
      );
    }
    const rel = relative(this.codexHome, path);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new CodexError(
        `thread ${thread.id}: its rollout ${path} is not under CODEX_HOME ${this.codexHome}`,
      );
    }
    const data = await readFile(path);
    const version = await this.store.save(thread.id, { path: rel.split(sep).join("/"), data });
    this.#loaded.set(thread.id, version);
  }

  /** Marks this app-server's copy as diverged from the store (its turn was not saved). */
  markStale(threadId: string): void {
    if (this.#loaded.has(threadId)) this.#loaded.set(threadId, STALE);
    else this.#loaded.set(threadId, STALE);
  }
}
