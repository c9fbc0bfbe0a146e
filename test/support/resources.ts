/**
 * Leak detection for reliability tests: which timers, child processes, pipes and sockets the SDK
 * created during a test and are still alive at its end.
 *
 * `process.getActiveResourcesInfo()` does not list unref'd timers (the SDK unrefs its own), so this
 * uses an async hook that sees every timer and handle from its creation to its destruction.
 */
import { createHook } from "node:async_hooks";
import { fileURLToPath } from "node:url";

/** The resource types that can leak (promises and one-shot callbacks cannot outlive their work). */
const TRACKED = new Set(["Timeout", "PROCESSWRAP", "PIPEWRAP", "TCPWRAP", "TCPSERVERWRAP", "SIGNALWRAP"]);

/** Only what the SDK itself creates counts (not the test runner's or the test's own timers). */
const SDK_SOURCE = fileURLToPath(new URL("../../src/", import.meta.url));

/** Where the resource was created: the first frame in the SDK's sources. */
function sdkCreationSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  return stack
    .split("\n")
    .find((line) => line.includes(SDK_SOURCE))
    ?.trim();
}

/** Resources created since {@link trackResources} and not yet destroyed. */
export interface ResourceTracker {
  /** The live resources the SDK created while tracking, e.g. `["Timeout at … (src/transport/stdio.ts:…)"]`. */
  live(): string[];
  /** Runs `fn` without tracking what it creates (the test's own bounded waits). */
  untracked<T>(fn: () => T): T;
  /**
   * Waits, at most `ms`, until every tracked resource is gone (handles close on a later turn of the
   * event loop); returns what is still alive then.
   */
  settle(ms?: number): Promise<string[]>;
  stop(): void;
}

/** Starts tracking timers and handles created from now on. */
export function trackResources(): ResourceTracker {
  const live = new Map<number, string>();
  let paused = 0;
  const hook = createHook({
    init(asyncId, type) {
      if (paused > 0 || !TRACKED.has(type)) return;
      const site = sdkCreationSite();
      if (site !== undefined) live.set(asyncId, `${type} ${site}`);
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  const untracked = <T>(fn: () => T): T => {
    paused++;
    try {
      return fn();
    } finally {
      paused--;
    }
  };
  return {
    live: () => [...live.values()].sort(),
    untracked,
    async settle(ms = 2000) {
      const deadline = Date.now() + ms;
      while (live.size > 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => untracked(() => setTimeout(resolve, 5)));
      }
      return [...live.values()].sort();
    },
    stop: () => hook.disable(),
  };
}

/** Counts of `process.getActiveResourcesInfo()` by type, e.g. `{ PipeWrap: 3, ProcessWrap: 1 }`. */
export function activeResourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
