/**
 * Waits for the first turn the runtime starts on a thread after a request that starts one without
 * naming it (`thread/compact/start` answers `{}`; `thread/goal/set` starts a continuation turn).
 * The caller holds the thread's turn slot, so no turn of this `Codex` can start meanwhile; a turn
 * started by another client at the same moment would be taken for it.
 */
import { abortable } from "../../internal/abortable.js";
import { abortErrorFrom, TimeoutError } from "../../errors.js";
import type { Notification } from "../events.js";
import type { ThreadObserver, ThreadWatch } from "./thread-watch.js";

/** How long the runtime gets to start the turn after the request was answered. */
export const FOREIGN_START_MS = 30_000;

/** A pending wait for the next `turn/started` of a thread. */
export interface NextTurn {
  /** Resolves with the turn id once it started (bounded; rejects on abort or a lost connection). */
  started(signal: AbortSignal | undefined, what: string): Promise<string>;
  /** Stops waiting (nothing started, or the request failed). */
  cancel(): void;
}

/**
 * Starts watching `threadId` now (before the request is sent: the turn can start before its
 * answer arrives). `onStarted` runs synchronously on the read path with the turn id, before the
 * `turn/started` itself is routed, so it can register the turn's sink.
 */
export function nextTurn(watch: ThreadWatch, threadId: string, onStarted: (turnId: string) => void): NextTurn {
  let resolve!: (turnId: string) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  const observer: ThreadObserver = {
    notify(n: Notification) {
      if (n.method !== "turn/started") return;
      off();
      onStarted(n.params.turn.id);
      resolve(n.params.turn.id);
    },
    fail: (error) => reject(error),
  };
  const off = watch.observe(threadId, observer);
  return {
    started: (signal, what) =>
      abortable(promise, {
        signal,
        abortError: (s) => abortErrorFrom(s, what),
        timeoutMs: FOREIGN_START_MS,
        onTimeout: () => {
          off();
          throw new TimeoutError(`${what}: the runtime started no turn within ${FOREIGN_START_MS} ms`, FOREIGN_START_MS);
        },
        unref: true,
      }),
    cancel: off,
  };
}
