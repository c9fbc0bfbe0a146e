/**
 * `codex-app-sdk/queue`: Codex work across many machines on BullMQ (Redis). Producers enqueue
 * serializable tasks with {@link CodexQueue}; {@link CodexWorker}s on any machine run each as one
 * turn on their own app-server. Threads move between workers through a {@link ThreadStore}. Needs
 * the optional peer dependencies `bullmq` and `ioredis`. See docs/scaling.md.
 *
 * @example
 * ```ts
 * import { CodexQueue, CodexWorker } from "codex-app-sdk/queue";
 * const connection = { host: "127.0.0.1", port: 6379 };
 * const worker = new CodexWorker({ connection, concurrency: 2 });
 * const queue = new CodexQueue({ connection });
 * const job = await queue.add({ input: "What is 2 + 2?" });
 * console.log((await job.result()).finalResponse);
 * await queue.close();
 * await worker.close();
 * ```
 *
 * @module
 */
export {
  CodexJob,
  CodexQueue,
  DEFAULT_PREFIX,
  DEFAULT_QUEUE_NAME,
  type CodexJobOptions,
  type CodexQueueOptions,
  type JobResultOptions,
  type QueueConnectionOptions,
} from "./producer.js";
export { CodexWorker } from "./worker.js";
export type { CodexWorkerOptions, WorkspaceLease, WorkspaceResolver } from "./worker-options.js";
export type { CodexTask, QueueThreadOptions, QueueTurnOptions } from "./task.js";
export type { CodexJobEvent, CodexJobResult } from "./events.js";
export type { SerializedError } from "./error-codec.js";
export type { RedisConnection } from "./redis.js";
export {
  DirectoryThreadStore,
  RedisThreadStore,
  type StoredThread,
  type ThreadStore,
} from "./thread-store.js";
export { JobFailedError } from "../errors.js";
