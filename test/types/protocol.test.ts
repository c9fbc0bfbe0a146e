/**
 * Type tests of the protocol reach: `codex.request()` types stable and experimental methods (each
 * from its own generated map, so the two stay apart), the methods with optional params are typed,
 * and the high-level option types accept every field of the generated `thread/start`,
 * `thread/resume`, `thread/fork` and `turn/start` params. Checked by `tsc -p tsconfig.json`
 * (and run as no-ops by vitest); nothing is started.
 */
import { describe, expect, expectTypeOf, it } from "vitest";

import { isExperimentalMethod } from "../../src/index.js";

import type {
  Codex,
  ClientRequestParams,
  ClientRequestResult,
  RequestMethod,
  Thread,
  ThreadForkOptions,
  ThreadReplacedField,
  ThreadResumeOptions,
  ThreadStartOptions,
  TurnOptions,
  TurnReplacedField,
} from "../../src/index.js";
import type {
  ClientRequestMap,
  ExperimentalClientRequestMap,
  ExperimentalClientRequestMethod,
  experimental,
  v2,
} from "../../src/types.js";

declare const codex: Codex;
declare const thread: Thread;

/** Runs nothing: `check` exists for the type checker only. */
function typeOnly(check: () => void | Promise<void>): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

/** The generated params fields an options type does not accept (apart from those it replaces on purpose). */
type Missing<Params, Options, Replaced extends PropertyKey> = Exclude<keyof Params, keyof Options | Replaced>;

describe("codex.request() is typed for stable and experimental methods", () => {
  it(
    "an experimental method's params and result come from the experimental protocol",
    typeOnly(async () => {
      const list = await codex.request("thread/backgroundTerminals/list", { threadId: "t" });
      expectTypeOf(list).toEqualTypeOf<experimental.v2.ThreadBackgroundTerminalsListResponse>();
      expectTypeOf(list.data).toBeArray();
      // @ts-expect-error threadId is a string
      await codex.request("thread/backgroundTerminals/list", { threadId: 1 });
      // @ts-expect-error a field the params do not have
      await codex.request("thread/backgroundTerminals/list", { threadId: "t", thread: "t" });
      expectTypeOf<
        ClientRequestResult<"memory/reset">
      >().toEqualTypeOf<experimental.v2.MemoryResetResponse>();
    }),
  );

  it("isExperimentalMethod tells them apart at run time", () => {
    expect(isExperimentalMethod("thread/backgroundTerminals/list")).toBe(true);
    expect(isExperimentalMethod("thread/start")).toBe(false);
    expect(isExperimentalMethod("account/rateLimits/read")).toBe(false);
    expect(isExperimentalMethod("no/such/method")).toBe(false);
  });

  it(
    "stable and experimental methods stay apart",
    typeOnly(() => {
      expectTypeOf<"thread/backgroundTerminals/list">().toExtend<ExperimentalClientRequestMethod>();
      expectTypeOf<"thread/backgroundTerminals/list">().not.toExtend<keyof ClientRequestMap>();
      expectTypeOf<"thread/start">().not.toExtend<ExperimentalClientRequestMethod>();
      expectTypeOf<"thread/start" | "thread/backgroundTerminals/list">().toExtend<RequestMethod>();
      // A stable method keeps the stable params; its experimental form is in the experimental map.
      expectTypeOf<ClientRequestParams<"thread/start">>().toEqualTypeOf<v2.ThreadStartParams>();
      expectTypeOf<ExperimentalClientRequestMap["thread/start"]["params"]>().toHaveProperty("dynamicTools");
      expectTypeOf<v2.ThreadStartParams>().not.toHaveProperty("dynamicTools");
    }),
  );

  it(
    "the stable methods whose params may be omitted are typed (they were missing from the map)",
    typeOnly(async () => {
      const limits = await codex.request("account/rateLimits/read");
      expectTypeOf(limits).toEqualTypeOf<v2.GetAccountRateLimitsResponse>();
      expectTypeOf(await codex.request("account/usage/read", undefined)).toEqualTypeOf<
        ClientRequestMap["account/usage/read"]["result"]
      >();
      expectTypeOf(await codex.request("account/gatewayOAuth/read")).toEqualTypeOf<
        ClientRequestMap["account/gatewayOAuth/read"]["result"]
      >();
      await codex.request("account/gatewayOAuth/login", null);
      // @ts-expect-error params of the method, when given, are checked
      await codex.request("account/rateLimits/read", { nope: true });
    }),
  );
});

describe("thread and turn options accept every field of the generated params", () => {
  it(
    "no generated field is left out (a new field of the runtime fails here until the options take it)",
    typeOnly(() => {
      type Start = ExperimentalClientRequestMap["thread/start"]["params"];
      type Resume = ExperimentalClientRequestMap["thread/resume"]["params"];
      type Fork = ExperimentalClientRequestMap["thread/fork"]["params"];
      type Turn = ExperimentalClientRequestMap["turn/start"]["params"];
      expectTypeOf<Missing<Start, ThreadStartOptions, never>>().toEqualTypeOf<never>();
      expectTypeOf<Missing<Resume, ThreadResumeOptions, "threadId">>().toEqualTypeOf<never>();
      expectTypeOf<Missing<Fork, ThreadForkOptions, "threadId">>().toEqualTypeOf<never>();
      expectTypeOf<Missing<Turn, TurnOptions, "threadId" | "input">>().toEqualTypeOf<never>();
      // The replaced keys are exactly those an SDK convenience takes over.
      expectTypeOf<ThreadReplacedField>().toEqualTypeOf<"threadId" | "cwd" | "sandbox" | "config">();
      expectTypeOf<TurnReplacedField>().toEqualTypeOf<"threadId" | "input" | "cwd" | "outputSchema">();
      // Pass-through fields keep the protocol's types.
      expectTypeOf<TurnOptions>()
        .toHaveProperty("sandboxPolicy")
        .toEqualTypeOf<v2.SandboxPolicy | null | undefined>();
      expectTypeOf<ThreadForkOptions>()
        .toHaveProperty("lastTurnId")
        .toEqualTypeOf<string | null | undefined>();
    }),
  );

  it(
    "protocol fields are accepted by the calls, and a misspelled field is a compile error",
    typeOnly(async () => {
      await thread.turn("hi", {
        clientUserMessageId: "m1",
        serviceTier: "flex",
        sandboxPolicy: { type: "readOnly", networkAccess: false },
        responsesapiClientMetadata: { tenant: "a" },
      });
      // @ts-expect-error clientUserMessageID is not a turn option (clientUserMessageId is)
      await thread.turn("hi", { clientUserMessageID: "m1" });
      // @ts-expect-error sandboxPolicy takes a protocol SandboxPolicy, not a preset
      await thread.run("hi", { sandboxPolicy: "read-only" });
      await codex.threadFork("t", { lastTurnId: "turn-1", excludeTurns: true });
      await codex.threadResume("t", { excludeTurns: true, initialTurnsPage: null });
      await codex.threadStart({ ephemeral: true, historyMode: null, serviceName: "svc" });
      // @ts-expect-error threadId is the call's argument, not an option
      await codex.threadResume("t", { threadId: "u" });
    }),
  );
});
