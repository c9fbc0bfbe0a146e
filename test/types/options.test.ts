/**
 * Type tests of the public option types under `exactOptionalPropertyTypes` (on in this project, as
 * in many consumers): every optional option also accepts `undefined`, which means "not sent", so a
 * caller can forward a value that may be missing without spreading conditionally. And `validate`
 * after a zod `outputSchema` receives the schema's output type, not `unknown`.
 * Checked by `tsc -p tsconfig.json` (and run as no-ops by vitest); nothing is started.
 */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";

import type {
  AccountOptions,
  CodexOptions,
  CommandExecOptions,
  ConfigBatchWriteOptions,
  ConfigReadOptions,
  ConfigWriteOptions,
  FeedbackUploadOptions,
  FuzzyFileSearchOptions,
  RateLimitsOptions,
  SkillsListOptions,
  UsageReadOptions,
  LoginWaitOptions,
  ModelsOptions,
  NotificationIteratorOptions,
  RetryOptions,
  StdioTransportOptions,
  Thread,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadStartOptions,
  TurnOptions,
  WebSocketTransportOptions,
} from "../../src/index.js";
import type {
  AppServerHarnessOptions,
  SseStreamOptions,
  TextResponseOptions,
} from "../../src/testing/index.js";

declare const thread: Thread;
declare const maybeString: string | undefined;
declare const maybeNumber: number | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const maybeBoolean: boolean | undefined;

/** Runs nothing: `check` exists for the type checker only. */
function typeOnly(check: () => void | Promise<void>): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

describe("option types accept undefined for every optional option", () => {
  it(
    "thread, turn and client options",
    typeOnly(() => {
      const start: ThreadStartOptions = { cwd: maybeString, model: maybeString, ephemeral: maybeBoolean };
      const resume: ThreadResumeOptions = { cwd: maybeString, baseInstructions: maybeString };
      const fork: ThreadForkOptions = { cwd: maybeString, ephemeral: maybeBoolean };
      const list: ThreadListOptions = { cwd: maybeString, limit: maybeNumber, cursor: maybeString };
      const turn: TurnOptions = { cwd: maybeString, signal: maybeSignal, model: maybeString };
      const codex: CodexOptions = {
        cwd: maybeString,
        codexPath: maybeString,
        startTimeoutMs: maybeNumber,
        closeGraceMs: maybeNumber,
        maxWriteBufferBytes: maybeNumber,
        serverRequestTimeoutMs: maybeNumber,
      };
      const stdio: StdioTransportOptions = { cwd: maybeString, closeGraceMs: maybeNumber };
      const ws: WebSocketTransportOptions = { url: "ws://127.0.0.1:1", token: maybeString };
      const models: ModelsOptions = { includeHidden: maybeBoolean };
      const account: AccountOptions = { refreshToken: maybeBoolean };
      const wait: LoginWaitOptions = { signal: maybeSignal, timeoutMs: maybeNumber };
      const notifications: NotificationIteratorOptions = { signal: maybeSignal, bufferSize: maybeNumber };
      const retry: RetryOptions = { signal: maybeSignal, maxDelayMs: maybeNumber };
      expectTypeOf([start, resume, fork, list, turn, codex, stdio, ws]).toBeArray();
      expectTypeOf([models, account, wait, notifications, retry]).toBeArray();
    }),
  );

  it(
    "runtime-control options (derived from the generated params) accept undefined too",
    typeOnly(() => {
      const read: ConfigReadOptions = { includeLayers: maybeBoolean, cwd: maybeString, signal: maybeSignal };
      const write: ConfigWriteOptions = { expectedVersion: maybeString, filePath: maybeString };
      const batch: ConfigBatchWriteOptions = { reloadUserConfig: maybeBoolean };
      const skills: SkillsListOptions = { forceReload: maybeBoolean, signal: maybeSignal };
      const limits: RateLimitsOptions = { excludeResetCreditDetails: maybeBoolean };
      const usage: UsageReadOptions = { threadId: maybeString };
      const feedback: FeedbackUploadOptions = { reason: maybeString, includeLogs: maybeBoolean };
      const search: FuzzyFileSearchOptions = {
        roots: ["/"],
        cancellationToken: maybeString,
        signal: maybeSignal,
      };
      const exec: CommandExecOptions = {
        cwd: maybeString,
        tty: maybeBoolean,
        streamStdin: maybeBoolean,
        timeoutMs: maybeNumber,
        onOutput: undefined,
        signal: maybeSignal,
      };
      // @ts-expect-error a misspelled option is a compile error
      const typo: CommandExecOptions = { streamStdn: true };
      expectTypeOf([read, write, batch, skills, limits, usage, feedback, search, exec, typo]).toBeArray();
    }),
  );

  it(
    "call sites: run(), turn() and threads() take a signal that may be undefined",
    typeOnly(async () => {
      await thread.run("hi", { signal: maybeSignal, cwd: maybeString });
      await thread.turn("hi", { signal: maybeSignal });
    }),
  );

  it(
    "testing kit options",
    typeOnly(() => {
      const harness: AppServerHarnessOptions = { requiresOpenaiAuth: maybeBoolean };
      const sse: SseStreamOptions = { delayMs: maybeNumber };
      const text: TextResponseOptions = { deltas: maybeNumber };
      expectTypeOf([harness, sse, text]).toBeArray();
    }),
  );
});

describe("validate after a zod outputSchema", () => {
  const Answer = z.object({ ok: z.boolean(), count: z.number() });
  type Answer = z.infer<typeof Answer>;

  it(
    "receives the schema's output type",
    typeOnly(async () => {
      const result = await thread.run("count", {
        outputSchema: Answer,
        validate: (value) => {
          expectTypeOf(value).toEqualTypeOf<Answer>();
          return value.count >= 0;
        },
      });
      expectTypeOf(result.output).toEqualTypeOf<Answer>();
    }),
  );

  it(
    "accepts a check of the output type and refuses a check of another type",
    typeOnly(async () => {
      const counted = (value: Answer): boolean => value.count >= 0;
      await thread.run("count", { outputSchema: Answer, validate: counted });
      const other = (value: { other: string }): boolean => value.other !== "";
      // @ts-expect-error a check of another shape does not fit this schema's output
      await thread.run("count", { outputSchema: Answer, validate: other });
    }),
  );

  it(
    "stays unknown after a JSON Schema without a type parameter",
    typeOnly(async () => {
      await thread.run("count", {
        outputSchema: { type: "object", properties: {} },
        validate: (value) => {
          expectTypeOf(value).toBeUnknown();
          return true;
        },
      });
    }),
  );
});
