/**
 * A handle on a turn the SDK did not start: one started by another client of a shared app-server,
 * by the runtime itself, or by this client before the handle was lost.
 *
 * The server does not replay a turn's past events. What the handle sees:
 * 1. the turn as stored (`thread/turns/list` with full items): a `turn/started` and one
 *    `item/completed` per item completed so far, rebuilt from the stored turn;
 * 2. the events this connection received for the turn before the handle existed (the router
 *    buffers the events of turns nobody holds a handle of), without repeating an item of step 1;
 * 3. then the live events, up to `turn/completed`.
 * A turn that already completed yields its stored items and a `turn/completed` rebuilt from the
 * stored turn; its `usage` comes only from events this connection still held (not stored per turn).
 */
import type { AppServerClient } from "../../client/client.js";
import type { ThreadTurnsListResponse } from "../../generated/v2/ThreadTurnsListResponse.js";
import type { Turn } from "../../generated/v2/Turn.js";
import { abortErrorFrom, CodexError, TurnNotFoundError } from "../../errors.js";
import type { TurnEvent } from "../events.js";
import type { TurnQueue } from "./turn-queue.js";
import type { TurnSink } from "./turn-router.js";
import { TurnHandle, type TurnContext } from "./turn.js";

/** Options of `thread.attachTurn()`. */
export interface AttachTurnOptions {
  /**
   * Aborting interrupts the turn on the server (`turn/interrupt`) and rejects the handle's stream
   * and result with an `AbortError`, as for a turn started with `thread.turn()`; aborting while the
   * turn is still being looked up rejects the call.
   */
  signal?: AbortSignal | undefined;
  /** Called with each event the handle receives (stored, buffered, then live). Must not throw. */
  onEvent?: ((event: TurnEvent) => void) | undefined;
}

/** Page size of the `thread/turns/list` search. */
const PAGE = 25;

/** The stored turn, newest first, paging until found; `undefined` when the thread has no such turn. */
export async function findStoredTurn(
  client: AppServerClient,
  threadId: string,
  turnId: string,
  signal: AbortSignal | undefined,
): Promise<Turn | undefined> {
  let cursor: string | null = null;
  do {
    if (signal?.aborted) throw abortErrorFrom(signal, "attachTurn");
    const page: ThreadTurnsListResponse = await client.request("thread/turns/list", {
      threadId,
      limit: PAGE,
      itemsView: "full",
      ...(cursor === null ? {} : { cursor }),
    });
    const found = page.data.find((turn) => turn.id === turnId);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return undefined;
}

/**
 * Forwards a turn's events to its handle, dropping a second `turn/started` and the events of items
 * the handle already received from the stored turn.
 */
class AttachedSink implements TurnSink {
  readonly #handle: TurnHandle<never>;
  readonly #items = new Set<string>();
  #started = false;

  constructor(handle: TurnHandle<never>) {
    this.#handle = handle;
  }

  /** Pushes the stored turn's start and completed items. */
  seed(threadId: string, turn: Turn): void {
    this.push({ method: "turn/started", params: { threadId, turn: { ...turn, items: [], status: "inProgress" } } });
    for (const item of turn.items) {
      this.push({
        method: "item/completed",
        params: { item, threadId, turnId: turn.id, completedAtMs: completedAt(item) },
      });
      this.#items.add(item.id);
    }
  }

  push(event: TurnEvent): void {
    if (event.method === "turn/started") {
      if (this.#started) return;
      this.#started = true;
    }
    const itemId = itemIdOf(event.params);
    if (itemId !== undefined && this.#items.has(itemId)) return;
    this.#handle.push(event);
  }

  fail(error: Error): void {
    this.#handle.fail(error);
  }
}

function completedAt(item: Turn["items"][number]): number {
  const at = (item as { completedAtMs?: unknown }).completedAtMs;
  return typeof at === "number" ? at : Date.now();
}

function itemIdOf(params: unknown): string | undefined {
  const p = params as { itemId?: unknown; item?: { id?: unknown } } | undefined;
  if (typeof p?.itemId === "string") return p.itemId;
  return typeof p?.item?.id === "string" ? p.item.id : undefined;
}

/** Looks the turn up and returns its handle (see the module comment). */
export async function attachTurn(
  ctx: TurnContext,
  turns: TurnQueue,
  threadId: string,
  turnId: string,
  options: AttachTurnOptions,
): Promise<TurnHandle> {
  const { router } = ctx;
  // Keeps the events of the turn buffered while it is looked up, even if it completes meanwhile.
  const release = router.hold();
  try {
    if (router.isActive(turnId)) {
      throw new CodexError(
        `turn ${turnId} already has a handle on this Codex (its events go to that handle); use it`,
      );
    }
    const stored = await findStoredTurn(ctx.client, threadId, turnId, options.signal);
    if (options.signal?.aborted) throw abortErrorFrom(options.signal, "attachTurn");
    if (router.isActive(turnId)) throw new CodexError(`turn ${turnId} got a handle while it was looked up`);
    const buffered = router.buffered(turnId);
    if (!stored && buffered.length === 0) throw new TurnNotFoundError(threadId, turnId);
    const handle = new TurnHandle(ctx, threadId, turnId, options.signal, options.onEvent);
    const sink = new AttachedSink(handle);
    if (stored) sink.seed(threadId, stored);
    const completedLive = buffered.some((e) => e.method === "turn/completed");
    if (stored && stored.status !== "inProgress" && !completedLive) {
      sink.push({ method: "turn/completed", params: { threadId, turn: stored } });
      return handle;
    }
    // The thread is busy until this turn completes: the turn queue may not have seen it start.
    if (!completedLive && stored) turns.observe({ method: "turn/started", params: { threadId, turn: stored } });
    router.register(turnId, sink);
    return handle;
  } finally {
    release();
  }
}
