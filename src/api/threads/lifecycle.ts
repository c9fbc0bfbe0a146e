/**
 * A thread's history and lifecycle beyond turns: fork at a turn, revert, delete, unsubscribe.
 * The `Thread` methods of the same names are thin wrappers of these.
 *
 * All four methods exist on every supported runtime (0.169.0 on; `thread/revert` works only on
 * threads whose `historyMode` is `"paginated"`, the default for new threads).
 *
 * @module
 */
import type { ThreadDeleteResponse } from "../../generated/v2/ThreadDeleteResponse.js";
import type { ThreadRevertResponse } from "../../generated/v2/ThreadRevertResponse.js";
import type { ThreadUnsubscribeResponse } from "../../generated/v2/ThreadUnsubscribeResponse.js";
import { CodexError } from "../../errors.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { nonEmptyString } from "../validation.js";
import type { CallOptions, RuntimeHost } from "../runtime/host.js";

/**
 * `thread/revert`: replaces the thread's stored history with the turns before `beforeTurnId`.
 * Only the conversation history changes: files the reverted turns edited stay as they are.
 */
export async function revertThread(
  host: RuntimeHost,
  threadId: string,
  beforeTurnId: string,
  options: CallOptions,
): Promise<ThreadRevertResponse> {
  const turnId = nonEmptyString("beforeTurnId", beforeTurnId);
  const signal = optionalAbortSignal("signal", options.signal);
  return host.request("thread/revert", { threadId, beforeTurnId: turnId }, { signal });
}

/** `thread/delete`: removes the thread's stored rollout (it leaves every list; resume fails). */
export async function deleteThread(
  host: RuntimeHost,
  threadId: string,
  options: CallOptions = {},
): Promise<ThreadDeleteResponse> {
  const signal = optionalAbortSignal("signal", options.signal);
  return host.request("thread/delete", { threadId: nonEmptyString("threadId", threadId) }, { signal });
}

/**
 * `thread/unsubscribe`, refused (nothing sent) while the thread runs or queues a turn in this client:
 * that turn's events would stop arriving and its `run()` would never settle.
 */
export async function unsubscribeThread(
  host: RuntimeHost,
  threadId: string,
  busy: boolean,
  options: CallOptions,
): Promise<ThreadUnsubscribeResponse> {
  const signal = optionalAbortSignal("signal", options.signal);
  if (busy) {
    throw new CodexError(
      `thread ${threadId} has a turn running or queued in this client: unsubscribing would cut off its events; await it or interrupt it first`,
    );
  }
  return host.request("thread/unsubscribe", { threadId }, { signal });
}
