/**
 * A thread's history, page by page: `thread.turns()` (`thread/turns/list`) and `thread.items()`
 * (`thread/items/list`), both {@link CursorPage}s (awaitable first page, lazily followed cursors).
 * Every option is checked before anything is sent: the runtime takes `limit: 0` as "one" and an
 * anchor object in place of a cursor without complaint, which would hide the caller's bug.
 *
 * @module
 */
import type { ThreadItemsListParams } from "../../generated/experimental/v2/ThreadItemsListParams.js";
import type { ThreadItemEntry } from "../../generated/v2/ThreadItemEntry.js";
import type { ThreadItemsListResponse } from "../../generated/v2/ThreadItemsListResponse.js";
import type { ThreadTurnsListParams } from "../../generated/v2/ThreadTurnsListParams.js";
import type { ThreadTurnsListResponse } from "../../generated/v2/ThreadTurnsListResponse.js";
import type { Turn } from "../../generated/v2/Turn.js";
import type { Thread as ProtocolThread } from "../../generated/v2/Thread.js";
import type { ThreadListResponse } from "../../generated/v2/ThreadListResponse.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { threadListParams, type ThreadListOptions } from "./thread-params.js";
import { describeValue, InvalidArgumentError, nonEmptyString, optionalInteger, optionalOneOf } from "../validation.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "../runtime/host.js";
import { CursorPage } from "../runtime/page.js";

/**
 * Options of `thread.turns()`: the fields of `ThreadTurnsListParams` but `threadId`, and a
 * `signal`. `limit` is the page size (an integer >= 1; the runtime picks one when omitted);
 * `sortDirection` is `"desc"` (newest first, the runtime's default) or `"asc"`; `itemsView`
 * (`"notLoaded"`, `"summary"` (default) or `"full"`) says how much of each turn's items to include;
 * `cursor` starts after a page's `nextCursor` (or at a `backwardsCursor` with the opposite
 * direction).
 */
export type ThreadTurnsOptions = RequestFields<Omit<ThreadTurnsListParams, "threadId">> & CallOptions;

/**
 * Options of `thread.items()`: the fields of `ThreadItemsListParams` but `threadId` (`deferOutput`
 * is `@experimental`), and a `signal`. `turnId` limits the items to one turn; `sortDirection` is
 * `"asc"` (oldest first, the runtime's default) or `"desc"`; `cursor` is a page's `nextCursor`, or
 * `{ type: "item", itemId }` to start after (or, descending, before) an item of `turnId`.
 */
export type ThreadItemsOptions = RequestFields<Omit<ThreadItemsListParams, "threadId">> & CallOptions;

/** What `thread.turns()` returns: awaited, one page of turns; iterated, every turn. */
export type TurnsPage = CursorPage<ThreadTurnsListResponse, Turn>;

/** What `thread.items()` returns: awaited, one page of items; iterated, every item (with its `turnId`). */
export type ItemsPage = CursorPage<ThreadItemsListResponse, ThreadItemEntry>;

const DIRECTIONS = ["asc", "desc"] as const;
const ITEMS_VIEWS = ["notLoaded", "summary", "full"] as const;
/** The runtime reads `limit` as a u32. */
const MAX_LIMIT = 2 ** 32 - 1;

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

function checkPaging(params: { limit?: number | null; sortDirection?: unknown }): void {
  if (present(params.limit)) optionalInteger("limit", params.limit, { min: 1, max: MAX_LIMIT });
  if (present(params.sortDirection)) optionalOneOf("sortDirection", params.sortDirection, DIRECTIONS);
}

/** Pages of `thread/turns/list` for a thread. */
export function turnsPage(host: RuntimeHost, threadId: string, options: ThreadTurnsOptions): TurnsPage {
  return new CursorPage({
    label: "thread.turns()",
    prepare: () => {
      const { signal, params } = splitOptions<Omit<ThreadTurnsListParams, "threadId">>("options", options);
      checkPaging(params);
      if (present(params.cursor)) nonEmptyString("cursor", params.cursor);
      if (present(params.itemsView)) optionalOneOf("itemsView", params.itemsView, ITEMS_VIEWS);
      return {
        signal,
        send: (cursor) =>
          host.request(
            "thread/turns/list",
            { ...params, threadId, ...(cursor === undefined ? {} : { cursor }) },
            { signal },
          ),
      };
    },
  });
}

/** Pages of `thread/items/list` for a thread. */
export function itemsPage(host: RuntimeHost, threadId: string, options: ThreadItemsOptions): ItemsPage {
  return new CursorPage({
    label: "thread.items()",
    prepare: () => {
      const { signal, params } = splitOptions<Omit<ThreadItemsListParams, "threadId">>("options", options);
      checkPaging(params);
      if (present(params.turnId)) nonEmptyString("turnId", params.turnId);
      if (present(params.cursor)) checkItemsCursor(params.cursor, params.turnId);
      return {
        signal,
        send: (cursor) =>
          host.request(
            "thread/items/list",
            { ...params, threadId, ...(cursor === undefined ? {} : { cursor }) },
            { signal },
          ),
      };
    },
  });
}

function checkItemsCursor(cursor: unknown, turnId: string | null | undefined): void {
  if (typeof cursor === "string") {
    nonEmptyString("cursor", cursor);
    return;
  }
  const anchor = cursor as { type?: unknown; itemId?: unknown } | null;
  if (typeof anchor !== "object" || anchor === null || anchor.type !== "item") {
    throw new InvalidArgumentError(
      `cursor must be a page cursor (a non-empty string) or an item anchor { type: "item", itemId }; got ${describeValue(cursor)}`,
      { argument: "cursor" },
    );
  }
  nonEmptyString("cursor.itemId", anchor.itemId);
  if (!present(turnId)) {
    throw new InvalidArgumentError("an item anchor cursor needs turnId: the item of which turn to start after", {
      argument: "turnId",
    });
  }
}

/** Pages of `thread/list` (what `codex.threads()` iterates). */
export function threadsPage(
  host: RuntimeHost,
  options: ThreadListOptions & CallOptions,
): CursorPage<ThreadListResponse, ProtocolThread> {
  return new CursorPage({
    label: "threads()",
    prepare: () => {
      const { signal: given, ...list } = options;
      const signal = optionalAbortSignal("signal", given);
      const first = threadListParams(list);
      return {
        signal,
        send: (cursor) =>
          host.request("thread/list", cursor === undefined ? first : threadListParams({ ...list, cursor }), {
            signal,
          }),
      };
    },
  });
}
