/**
 * `thread.compact({ wait: true })`: the compaction turn followed to its end.
 *
 * `thread/compact/start` answers `{}` at once; the runtime then runs compaction as a turn of its
 * own (`turn/started`, a `contextCompaction` item, `turn/completed`), whose id the SDK learns from
 * that `turn/started`. The thread's turn slot is held from before the request until the compaction
 * turn is known, so no turn of this `Codex` starts in between.
 */
import { TurnHandle, type TurnContext } from "./turn.js";
import type { TurnEvent } from "../events.js";
import type { TurnSlot } from "./turn-queue.js";
import type { ThreadWatch } from "./thread-watch.js";
import { nextTurn } from "./foreign-start.js";

/** Options of `thread.compact()`. */
export interface CompactOptions {
  /**
   * `true`: resolve once the compaction turn has completed, with its {@link RunResult} (its items
   * hold the `contextCompaction` item). Default `false`: resolve when the server accepted the
   * request (`thread/compact/start`'s empty result), as before.
   */
  wait?: boolean | undefined;
  /**
   * With `wait`: aborting interrupts the compaction turn (once it started) and rejects with an
   * `AbortError`; aborting while the call waits for the thread's running turn sends nothing.
   */
  signal?: AbortSignal | undefined;
  /** With `wait`: called with each event of the compaction turn. Must not throw. */
  onEvent?: ((event: TurnEvent) => void) | undefined;
}

/** What starting a compaction needs (the caller holds the thread's slot and a subscribed client). */
export interface CompactionDeps {
  readonly ctx: TurnContext;
  readonly threads: ThreadWatch;
  readonly slot: TurnSlot;
}

/** Sends `thread/compact/start` and returns the compaction turn's handle once it started. */
export async function startCompaction(
  deps: CompactionDeps,
  threadId: string,
  options: CompactOptions,
): Promise<TurnHandle> {
  const { ctx, slot } = deps;
  let handle: TurnHandle | undefined;
  const next = nextTurn(deps.threads, threadId, (turnId) => {
    handle = new TurnHandle(ctx, threadId, turnId, options.signal, options.onEvent);
    ctx.router.register(turnId, handle);
    slot.bind(turnId);
  });
  try {
    await ctx.client.request("thread/compact/start", { threadId });
  } catch (error) {
    next.cancel();
    slot.release();
    throw error;
  }
  try {
    await next.started(options.signal, "compact");
  } catch (error) {
    // Aborted (the turn, should it start later, is interrupted by its handle's aborted signal),
    // timed out, or the connection is gone.
    if (handle === undefined) slot.release();
    throw error;
  }
  return handle as TurnHandle;
}
