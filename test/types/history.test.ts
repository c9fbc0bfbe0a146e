/**
 * Type tests of typed notifications (stable and experimental kept apart), thread history paging
 * and the lifecycle wrappers. Checked by `tsc -p tsconfig.json` (and run as no-ops by vitest);
 * nothing is started.
 */
import { describe, expectTypeOf, it } from "vitest";

import type {
  AnyNotification,
  AnyNotificationMethod,
  Codex,
  ExperimentalNotification,
  ExperimentalNotificationMethod,
  ExperimentalNotificationOf,
  FileSearchSession,
  FileSearchSessionEvent,
  ItemsPage,
  ListenedNotificationOf,
  Notification,
  NotificationMethod,
  NotificationOf,
  Thread,
  ThreadNotFoundError,
  TurnsPage,
} from "../../src/index.js";
import type { ThreadItemEntry } from "../../src/generated/v2/ThreadItemEntry.js";
import type { ThreadTurnsListResponse } from "../../src/generated/v2/ThreadTurnsListResponse.js";
import type { ThreadUnsubscribeStatus } from "../../src/generated/v2/ThreadUnsubscribeStatus.js";
import type { Turn } from "../../src/generated/v2/Turn.js";

declare const codex: Codex;
declare const thread: Thread;

/** Runs nothing: `check` exists for the type checker only. */
function typeOnly(check: () => void | Promise<void>): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

describe("notifications: stable and experimental apart", () => {
  it(
    "a stable method's listener gets the stable form; its experimental form adds the experimental fields",
    typeOnly(() => {
      codex.on("thread/started", (n) => {
        expectTypeOf(n).toEqualTypeOf<NotificationOf<"thread/started">>();
        // @ts-expect-error `environments` is an experimental field of Thread, absent from the stable form
        void n.params.thread.environments;
      });
      type Started = ExperimentalNotificationOf<"thread/started">;
      expectTypeOf<Started["params"]["thread"]>().toHaveProperty("environments");
      expectTypeOf<Started["params"]["thread"]>().toHaveProperty("id").toEqualTypeOf<string>();
    }),
  );

  it(
    "experimental-only methods are those of the experimental protocol the stable one lacks, typed in the experimental form",
    typeOnly(() => {
      expectTypeOf<ExperimentalNotificationMethod>().toEqualTypeOf<
        Exclude<ExperimentalNotification["method"], NotificationMethod>
      >();
      expectTypeOf<NotificationMethod>().toExtend<AnyNotificationMethod>();
      expectTypeOf<ListenedNotificationOf<"turn/completed">>().toEqualTypeOf<
        NotificationOf<"turn/completed">
      >();
      expectTypeOf<ListenedNotificationOf<ExperimentalNotificationMethod>>().toEqualTypeOf<
        ExperimentalNotificationOf<ExperimentalNotificationMethod>
      >();
      // Today no method is experimental-only, so "*" listeners see exactly the stable union.
      expectTypeOf<AnyNotification>().toEqualTypeOf<Notification>();
      codex.on("*", (n) => expectTypeOf(n).toEqualTypeOf<AnyNotification>());
      // @ts-expect-error not a notification method
      codex.on("thread/nope", () => undefined);
      const it = codex.notifications({ methods: ["thread/deleted", "thread/reverted"] });
      expectTypeOf(it.next()).resolves.toHaveProperty("value");
      codex.on("thread/reverted", (n) => expectTypeOf(n.params).toEqualTypeOf<{ threadId: string }>());
    }),
  );
});

describe("thread history and lifecycle", () => {
  it(
    "turns() and items() are awaitable pages and async iterables of turns and items",
    typeOnly(async () => {
      expectTypeOf(thread.turns()).toEqualTypeOf<TurnsPage>();
      expectTypeOf(
        await thread.turns({ limit: 5, sortDirection: "asc" }),
      ).toEqualTypeOf<ThreadTurnsListResponse>();
      for await (const turn of thread.turns()) expectTypeOf(turn).toEqualTypeOf<Turn>();
      expectTypeOf(thread.items()).toEqualTypeOf<ItemsPage>();
      for await (const entry of thread.items({ turnId: "t" }))
        expectTypeOf(entry).toEqualTypeOf<ThreadItemEntry>();
      // @ts-expect-error a misspelled option
      thread.turns({ limt: 5 });
      // @ts-expect-error not a direction
      thread.turns({ sortDirection: "up" });
    }),
  );

  it(
    "fork, revert, delete, unsubscribe",
    typeOnly(async () => {
      expectTypeOf(await thread.fork({ lastTurnId: "t" })).toEqualTypeOf<Thread>();
      expectTypeOf((await thread.revert("t")).turnsBackwardsCursor).toEqualTypeOf<string | null>();
      expectTypeOf((await thread.unsubscribe()).status).toEqualTypeOf<ThreadUnsubscribeStatus>();
      expectTypeOf(await thread.delete()).toEqualTypeOf(await codex.threadDelete("id"));
      expectTypeOf<ThreadNotFoundError["threadId"]>().toEqualTypeOf<string>();
      // @ts-expect-error revert names the first turn dropped
      await thread.revert();
    }),
  );

  it(
    "a file search session yields its two notification kinds",
    typeOnly(async () => {
      const session = await codex.fuzzyFileSearchSession({ roots: ["/"] });
      expectTypeOf(session).toEqualTypeOf<FileSearchSession>();
      for await (const event of session) {
        expectTypeOf(event).toEqualTypeOf<FileSearchSessionEvent>();
        if (event.method === "fuzzyFileSearch/sessionUpdated") expectTypeOf(event.params.files).toBeArray();
      }
    }),
  );
});
