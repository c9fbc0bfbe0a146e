/**
 * Errors of the job queue (`codex-app-sdk/queue`).
 *
 * @module
 */
import { CodexError, type CodexErrorOptions } from "./base.js";

/**
 * A queued job failed on a worker with an error the producer cannot rebuild as its own class (the
 * SDK's error classes come back as themselves: `TurnFailedError`, `OutputValidationError`, ...).
 * `remoteName` is the class name the worker saw.
 *
 * @example
 * ```ts
 * try { await job.result(); } catch (e) { if (e instanceof JobFailedError) console.error(e.remoteName, e.message); }
 * ```
 */
export class JobFailedError extends CodexError {
  override name = "JobFailedError";
  /** The `name` of the error on the worker (e.g. `"TypeError"`). */
  readonly remoteName: string;
  /** The job's id. */
  readonly jobId: string;
  constructor(message: string, remoteName: string, jobId: string, options?: CodexErrorOptions) {
    super(message, options);
    this.remoteName = remoteName;
    this.jobId = jobId;
  }
}
