/**
 * Type tests of the public thread and turn surface: the parameters and results of every public
 * method of `Codex`, `Thread` and `TurnHandle`, and the typed escape hatch `codex.request()`.
 * They are checked by `tsc -p tsconfig.json` (and run as no-ops by vitest); nothing is started.
 */
/* eslint-disable @typescript-eslint/unbound-method -- methods are only looked at by the type checker, never called */
import { describe, expectTypeOf, it } from "vitest";

import {
  Codex,
  type Thread,
  type TurnHandle,
  type ApprovalMode,
  type CodexMetadata,
  type CodexOptions,
  type ModelsOptions,
  type Notification,
  type NotificationIterator,
  type NotificationIteratorOptions,
  type NotificationMethod,
  type RequestOptions,
  type RunInput,
  type RunResult,
  type Sandbox,
  type ThreadEffectiveSettings,
  type ThreadForkOptions,
  type ThreadListOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
  type TurnEvent,
  type TurnOptions,
  type TurnInterruptResult,
  type TurnStreamOptions,
} from "../../src/index.js";
import type {
  AskForApproval,
  ModelListResponse,
  Thread as ProtocolThread,
  ThreadArchiveResponse,
  ThreadCompactStartResponse,
  ThreadGoalGetResponse,
  ThreadListResponse,
  ThreadReadResponse,
  ThreadSetNameResponse,
  ThreadStartResponse,
  TurnSteerResponse,
  v2,
} from "../../src/types.js";

// Values are never created: the checks below are compiled by tsc and never executed.
declare const codex: Codex;
declare const thread: Thread;
declare const turn: TurnHandle;

/** Runs nothing: `check` exists for the type checker only (the values above are declared, not made). */
function typeOnly(check: () => void): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

describe("Codex", () => {
  it(
    "constructor, start, metadata, close, asyncDispose",
    typeOnly(() => {
      expectTypeOf(Codex).constructorParameters.toEqualTypeOf<[options?: CodexOptions]>();
      expectTypeOf(codex.start).parameters.toEqualTypeOf<[]>();
      expectTypeOf(codex.start).returns.toEqualTypeOf<Promise<CodexMetadata>>();
      expectTypeOf(codex.metadata).toEqualTypeOf<CodexMetadata>();
      expectTypeOf(codex.close).returns.toEqualTypeOf<Promise<void>>();
      expectTypeOf(codex[Symbol.asyncDispose]).returns.toEqualTypeOf<Promise<void>>();
      expectTypeOf(codex).toExtend<AsyncDisposable>();
    }),
  );

  it(
    "threadStart / threadResume / threadFork take their options and give a Thread",
    typeOnly(() => {
      expectTypeOf(codex.threadStart).parameters.toEqualTypeOf<[options?: ThreadStartOptions]>();
      expectTypeOf(codex.threadStart).returns.toEqualTypeOf<Promise<Thread>>();
      expectTypeOf(codex.threadResume).parameters.toEqualTypeOf<
        [threadId: string, options?: ThreadResumeOptions]
      >();
      expectTypeOf(codex.threadResume).returns.toEqualTypeOf<Promise<Thread>>();
      expectTypeOf(codex.threadFork).parameters.toEqualTypeOf<
        [threadId: string, options?: ThreadForkOptions]
      >();
      expectTypeOf(codex.threadFork).returns.toEqualTypeOf<Promise<Thread>>();

      expectTypeOf<ThreadStartOptions>()
        .toHaveProperty("approvalMode")
        .toEqualTypeOf<ApprovalMode | undefined>();
      expectTypeOf<ThreadStartOptions>().toHaveProperty("sandbox").toEqualTypeOf<Sandbox | undefined>();
      // Protocol fields take the protocol's type (null included), plus undefined for "not sent".
      expectTypeOf<ThreadStartOptions>()
        .toHaveProperty("ephemeral")
        .toEqualTypeOf<boolean | null | undefined>();
      expectTypeOf<ThreadStartOptions>()
        .toHaveProperty("serviceName")
        .toEqualTypeOf<string | null | undefined>();
      expectTypeOf<ThreadForkOptions>().toHaveProperty("ephemeral").toEqualTypeOf<boolean | undefined>();
      expectTypeOf<ThreadResumeOptions>().not.toHaveProperty("ephemeral");
      // @ts-expect-error an approval mode is one of the presets, not a wire value
      void codex.threadStart({ approvalMode: "never" });
      // @ts-expect-error a misspelled option is refused
      void codex.threadStart({ modle: "gpt-5.4" });
    }),
  );

  it(
    "threadList / threads / threadArchive / threadUnarchive / models",
    typeOnly(() => {
      expectTypeOf(codex.threadList).parameters.toEqualTypeOf<[options?: ThreadListOptions]>();
      expectTypeOf(codex.threadList).returns.toEqualTypeOf<Promise<ThreadListResponse>>();
      expectTypeOf(codex.threads).parameters.toEqualTypeOf<
        [options?: ThreadListOptions & { signal?: AbortSignal }]
      >();
      expectTypeOf(codex.threads).returns.toEqualTypeOf<AsyncGenerator<ProtocolThread>>();
      expectTypeOf<ThreadListOptions>().toHaveProperty("cursor").toEqualTypeOf<string | undefined>();
      expectTypeOf<ThreadListOptions>().toHaveProperty("limit").toEqualTypeOf<number | undefined>();
      expectTypeOf<ThreadListOptions>().toHaveProperty("archived").toEqualTypeOf<boolean | undefined>();

      expectTypeOf(codex.threadArchive).parameters.toEqualTypeOf<[threadId: string]>();
      expectTypeOf(codex.threadArchive).returns.toEqualTypeOf<Promise<ThreadArchiveResponse>>();
      expectTypeOf(codex.threadUnarchive).parameters.toEqualTypeOf<[threadId: string]>();
      expectTypeOf(codex.threadUnarchive).returns.toEqualTypeOf<Promise<Thread>>();

      expectTypeOf(codex.models).parameters.toEqualTypeOf<[options?: ModelsOptions]>();
      // Still a Promise of the first page (code written for the old signature compiles), and now
      // also an async iterable of every model.
      expectTypeOf(codex.models).returns.toExtend<Promise<ModelListResponse>>();
      expectTypeOf(codex.models).returns.toExtend<AsyncIterable<ModelListResponse["data"][number]>>();
      expectTypeOf<ModelsOptions>()
        .toHaveProperty("includeHidden")
        .toEqualTypeOf<boolean | null | undefined>();
      expectTypeOf<ModelsOptions>()
        .toHaveProperty("modelProvider")
        .toEqualTypeOf<string | null | undefined>();
    }),
  );

  it(
    "request() is typed by the method: params and result",
    typeOnly(() => {
      const read = codex.request("thread/read", { threadId: "t", includeTurns: true });
      expectTypeOf(read).toEqualTypeOf<Promise<ThreadReadResponse>>();
      expectTypeOf(codex.request<"thread/read">).parameters.toEqualTypeOf<
        [method: "thread/read", params: v2.ThreadReadParams, options?: RequestOptions]
      >();
      expectTypeOf(codex.request("thread/start", {})).toEqualTypeOf<Promise<ThreadStartResponse>>();
      expectTypeOf(codex.request("model/list", {}, { timeoutMs: 5000 })).toEqualTypeOf<
        Promise<ModelListResponse>
      >();
      expectTypeOf(codex.request("config/read", {})).toEqualTypeOf<Promise<v2.ConfigReadResponse>>();
      // Methods without params may leave them out; the others may not.
      expectTypeOf(codex.request("account/logout")).toEqualTypeOf<Promise<v2.LogoutAccountResponse>>();
      // @ts-expect-error config/read takes a params object
      void codex.request("config/read");

      // @ts-expect-error not a method of the protocol
      void codex.request("thread/reed", { threadId: "t" });
      // @ts-expect-error wrong params for the method
      void codex.request("thread/read", { threadID: "t" });
      // @ts-expect-error params of thread/read are required
      void codex.request("thread/read");
      // @ts-expect-error a server notification is not a request
      void codex.request("turn/completed", {});
    }),
  );

  it(
    "on() and notifications() are typed by the notification method",
    typeOnly(() => {
      const off = codex.on("thread/started", (n) => {
        expectTypeOf(n.method).toEqualTypeOf<"thread/started">();
        expectTypeOf(n.params.thread).toEqualTypeOf<ProtocolThread>();
      });
      expectTypeOf(off).toEqualTypeOf<() => void>();
      codex.on("*", (n) => expectTypeOf(n).toEqualTypeOf<Notification>());
      // @ts-expect-error not a notification method
      codex.on("thread/startd", () => undefined);

      const all = codex.notifications();
      expectTypeOf(all).toEqualTypeOf<NotificationIterator<Notification>>();
      expectTypeOf(all.dropped).toEqualTypeOf<number>();
      const some = codex.notifications({ methods: ["turn/completed"], bufferSize: 10 });
      expectTypeOf(some).toEqualTypeOf<
        NotificationIterator<Extract<Notification, { method: "turn/completed" }>>
      >();
      expectTypeOf(codex.notifications).parameter(0).toExtend<NotificationIteratorOptions | undefined>();
      expectTypeOf<NotificationMethod>().toExtend<string>();
    }),
  );
});

describe("Thread", () => {
  it(
    "id, info and settings",
    typeOnly(() => {
      expectTypeOf(thread.id).toEqualTypeOf<string>();
      expectTypeOf(thread.info).toEqualTypeOf<ProtocolThread>();
      expectTypeOf(thread.settings).toEqualTypeOf<ThreadEffectiveSettings | null>();
      expectTypeOf<ThreadEffectiveSettings>()
        .toHaveProperty("approvalPolicy")
        .toEqualTypeOf<AskForApproval>();
      expectTypeOf<ThreadEffectiveSettings>().toHaveProperty("model").toEqualTypeOf<string>();
    }),
  );

  it(
    "run / turn take an input and turn options",
    typeOnly(() => {
      // run/turn are overloaded for structured output (test/types/structured.test.ts); the last
      // overload is the general one.
      expectTypeOf<Parameters<typeof thread.run>>().toEqualTypeOf<[input: RunInput, options?: TurnOptions]>();
      expectTypeOf<ReturnType<typeof thread.run>>().toEqualTypeOf<Promise<RunResult>>();
      expectTypeOf<Parameters<typeof thread.turn>>().toEqualTypeOf<
        [input: RunInput, options?: TurnOptions]
      >();
      expectTypeOf<ReturnType<typeof thread.turn>>().toEqualTypeOf<Promise<TurnHandle>>();
      expectTypeOf<TurnOptions>().toHaveProperty("signal").toEqualTypeOf<AbortSignal | undefined>();
      expectTypeOf<TurnOptions>().toHaveProperty("approvalMode").toEqualTypeOf<ApprovalMode | undefined>();
      expectTypeOf<TurnOptions>().toHaveProperty("model").toEqualTypeOf<string | null | undefined>();
      expectTypeOf<string>().toExtend<RunInput>();
      expectTypeOf<[{ type: "text"; text: "hi" }, { type: "image"; url: "data:," }]>().toExtend<RunInput>();
      // @ts-expect-error an unknown input item type
      void thread.run([{ type: "input_text", text: "hi" }]);
    }),
  );

  it(
    "read / setName / compact",
    typeOnly(() => {
      expectTypeOf(thread.read).parameters.toEqualTypeOf<[options?: { includeTurns?: boolean }]>();
      expectTypeOf(thread.read).returns.toEqualTypeOf<Promise<ThreadReadResponse>>();
      expectTypeOf(thread.setName).parameters.toEqualTypeOf<[name: string]>();
      expectTypeOf(thread.setName).returns.toEqualTypeOf<Promise<ThreadSetNameResponse>>();
      expectTypeOf(thread.compact()).toEqualTypeOf<Promise<ThreadCompactStartResponse>>();
      expectTypeOf(thread.compact({ wait: true })).toEqualTypeOf<Promise<RunResult>>();
      // @ts-expect-error -- wait is a boolean
      void thread.compact({ wait: "yes" });
    }),
  );

  it(
    "attachTurn / review / goals",
    typeOnly(() => {
      expectTypeOf(thread.attachTurn("t")).toEqualTypeOf<Promise<TurnHandle>>();
      expectTypeOf(thread.review("look for bugs")).toEqualTypeOf<Promise<TurnHandle>>();
      expectTypeOf(thread.review({ type: "commit", sha: "abc", title: null })).toEqualTypeOf<
        Promise<TurnHandle>
      >();
      // @ts-expect-error -- not a review target
      void thread.review({ type: "branch" });
      expectTypeOf(thread.runGoal("ship it")).toEqualTypeOf<Promise<RunResult>>();
      expectTypeOf(thread.startGoal("ship it", { tokenBudget: 1000 })).toEqualTypeOf<Promise<TurnHandle>>();
      expectTypeOf(thread.getGoal()).toEqualTypeOf<Promise<ThreadGoalGetResponse>>();
      void thread.setGoal({ status: "paused" });
      // @ts-expect-error -- not a goal status
      void thread.setGoal({ status: "done" });
    }),
  );
});

describe("TurnHandle", () => {
  it(
    "ids, steer, interrupt, stream and run",
    typeOnly(() => {
      expectTypeOf(turn.id).toEqualTypeOf<string>();
      expectTypeOf(turn.threadId).toEqualTypeOf<string>();
      expectTypeOf(turn.steer).parameters.toEqualTypeOf<[input: RunInput]>();
      expectTypeOf(turn.steer).returns.toEqualTypeOf<Promise<TurnSteerResponse>>();
      expectTypeOf(turn.interrupt).parameters.toEqualTypeOf<[]>();
      expectTypeOf(turn.interrupt).returns.toEqualTypeOf<Promise<TurnInterruptResult>>();
      expectTypeOf(turn.stream).parameters.toEqualTypeOf<[options?: TurnStreamOptions]>();
      expectTypeOf(turn.stream).returns.toEqualTypeOf<AsyncIterableIterator<TurnEvent>>();
      expectTypeOf(turn.run).parameters.toEqualTypeOf<[]>();
      expectTypeOf(turn.run).returns.toEqualTypeOf<Promise<RunResult>>();
    }),
  );

  it(
    "stream events narrow by method",
    typeOnly(() => {
      async function consume(): Promise<void> {
        for await (const event of turn.stream()) {
          if (event.method === "item/agentMessage/delta")
            expectTypeOf(event.params.delta).toEqualTypeOf<string>();
          if (event.method === "turn/completed")
            expectTypeOf(event.params.turn.status).toEqualTypeOf<v2.TurnStatus>();
        }
      }
      expectTypeOf(consume).returns.toEqualTypeOf<Promise<void>>();
    }),
  );

  it(
    "RunResult fields",
    typeOnly(() => {
      expectTypeOf<RunResult>().toEqualTypeOf<{
        id: string;
        status: v2.TurnStatus;
        error: v2.TurnError | null;
        startedAt: number | null;
        completedAt: number | null;
        durationMs: number | null;
        finalResponse: string | null;
        items: v2.ThreadItem[];
        usage: v2.ThreadTokenUsage | null;
      }>();
    }),
  );
});
