/**
 * Type tests of server-request handling: the request union narrows `params` by `method`, the
 * per-method combinator checks each answer against its method, the options accept handlers, and a
 * turn's stream carries requests as well as notifications. Checked by `tsc -p tsconfig.json` (and
 * run as no-ops by vitest); nothing is started.
 */
/* eslint-disable @typescript-eslint/unbound-method -- methods are only looked at by the type checker, never called */
import { describe, expectTypeOf, it } from "vitest";

import {
  approveAll,
  approveCommands,
  Codex,
  denyAll,
  handleServerRequests,
  isServerRequestEvent,
  type CommandApprovalRequest,
  type Notification,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type ServerRequestHandlerOf,
  type ServerRequestMethod,
  type ServerRequestOf,
  type ServerRequestParams,
  type ServerRequestResponse,
  type Thread,
  type TurnEvent,
  type TurnHandle,
  type TurnOptions,
} from "../../src/index.js";
import type { ServerRequest, ServerRequestMap } from "../../src/types.js";
import type {
  CommandExecutionRequestApprovalParams,
  CommandExecutionRequestApprovalResponse,
  FileChangeRequestApprovalResponse,
  v2,
} from "../../src/types.js";
import type { NotificationMethod } from "../../src/api/events.js";

declare const thread: Thread;
declare const turn: TurnHandle;

function typeOnly(check: () => void): () => void {
  return () => expectTypeOf(check).toBeFunction();
}

describe("the request union", () => {
  it(
    "is the generated ServerRequest, and method narrows params",
    typeOnly(() => {
      expectTypeOf<ServerRequestEvent>().toEqualTypeOf<ServerRequest>();
      expectTypeOf<ServerRequestMethod>().toEqualTypeOf<keyof ServerRequestMap>();
      expectTypeOf<
        ServerRequestParams<"item/commandExecution/requestApproval">
      >().toEqualTypeOf<CommandExecutionRequestApprovalParams>();
      expectTypeOf<
        ServerRequestResponse<"item/fileChange/requestApproval">
      >().toEqualTypeOf<FileChangeRequestApprovalResponse>();
      expectTypeOf<ServerRequestOf<"execCommandApproval">["params"]["command"]>().toEqualTypeOf<string[]>();

      const handler: ServerRequestHandler = (request) => {
        if (request.method === "item/commandExecution/requestApproval") {
          expectTypeOf(request.params).toEqualTypeOf<CommandExecutionRequestApprovalParams>();
          expectTypeOf(request.params.command).toEqualTypeOf<string | null | undefined>();
          return { decision: "accept" };
        }
        if (request.method === "mcpServer/elicitation/request") {
          expectTypeOf(request.params.turnId).toEqualTypeOf<string | null>();
          return { action: "decline", content: null, _meta: null };
        }
        return undefined;
      };
      expectTypeOf(handler).parameter(1).toEqualTypeOf<ServerRequestContext>();
      expectTypeOf<ServerRequestContext["signal"]>().toEqualTypeOf<AbortSignal>();
      expectTypeOf<ServerRequestContext["turnId"]>().toEqualTypeOf<string | undefined>();
    }),
  );

  it(
    "a single handler's answer is checked against the union of all answers",
    typeOnly(() => {
      // Async, and a handler that answers nothing (it falls back), are fine.
      const later: ServerRequestHandler = () => Promise.resolve({ decision: "decline" });
      const nothing: ServerRequestHandler = () => {};
      // @ts-expect-error not the answer of any method
      const wrong: ServerRequestHandler = () => ({ decision: "yes" });
      // @ts-expect-error an answer is an object
      const text: ServerRequestHandler = () => "accept";
      void [later, nothing, wrong, text];
    }),
  );
});

describe("handleServerRequests checks each answer against its own method", () => {
  it(
    "params narrow per entry and the right answers compile",
    typeOnly(() => {
      const handler = handleServerRequests({
        "item/commandExecution/requestApproval": (request, { signal }) => {
          expectTypeOf(request.params).toEqualTypeOf<CommandExecutionRequestApprovalParams>();
          expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
          return { decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["ls"] } } };
        },
        "item/fileChange/requestApproval": () => Promise.resolve({ decision: "acceptForSession" }),
        "mcpServer/elicitation/request": () => ({ action: "accept", content: { name: "Ada" }, _meta: null }),
        execCommandApproval: () => ({ decision: { denied: { rejection: "no" } } }),
        "item/tool/requestUserInput": () => undefined,
      });
      expectTypeOf(handler).toEqualTypeOf<ServerRequestHandler>();
      expectTypeOf<
        Awaited<ReturnType<ServerRequestHandlerOf<"item/commandExecution/requestApproval">>>
      >().toEqualTypeOf<CommandExecutionRequestApprovalResponse | undefined | void>();
    }),
  );

  it(
    "a wrong answer for a method is a compile error",
    typeOnly(() => {
      handleServerRequests({
        // @ts-expect-error "yes" is not a command decision
        "item/commandExecution/requestApproval": () => ({ decision: "yes" }),
      });
      handleServerRequests({
        // @ts-expect-error the legacy word is not a v2 decision (it would fail the command on the server)
        "item/commandExecution/requestApproval": () => ({ decision: "approved" }),
      });
      handleServerRequests({
        // @ts-expect-error an elicitation answer is not a file-change answer
        "item/fileChange/requestApproval": (): v2.McpServerElicitationRequestResponse => ({
          action: "accept",
          content: null,
          _meta: null,
        }),
      });
      handleServerRequests({
        // @ts-expect-error acceptWithExecpolicyAmendment exists for commands only
        "item/fileChange/requestApproval": () => ({
          decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["ls"] } },
        }),
      });
      handleServerRequests({
        // @ts-expect-error async answers are checked too
        execCommandApproval: () => Promise.resolve({ decision: "accept" }),
      });
      handleServerRequests({
        // @ts-expect-error a misspelt method is not a key
        "item/commandExecution/requestAproval": () => ({ decision: "accept" }),
      });
      handleServerRequests({
        "item/commandExecution/requestApproval": (request) => {
          // @ts-expect-error params of another method are not there
          void request.params.fileChanges;
          return undefined;
        },
      });
    }),
  );
});

describe("helpers and options", () => {
  it(
    "ready-made handlers are handlers; the predicate gets the script and the request",
    typeOnly(() => {
      expectTypeOf(approveAll).toEqualTypeOf<ServerRequestHandler>();
      expectTypeOf(denyAll).toEqualTypeOf<ServerRequestHandler>();
      const handler = approveCommands(
        (command, request) => {
          expectTypeOf(command).toEqualTypeOf<string>();
          expectTypeOf(request).toEqualTypeOf<CommandApprovalRequest>();
          return command === "ls";
        },
        { forSession: true },
      );
      expectTypeOf(handler).toEqualTypeOf<ServerRequestHandler>();
      // @ts-expect-error the predicate decides with a boolean
      approveCommands(() => "accept");
    }),
  );

  it(
    "client and turn options take handlers; the timeout is a number",
    typeOnly(() => {
      new Codex({ onServerRequest: approveAll, serverRequestTimeoutMs: 30_000 });
      // @ts-expect-error a handler is a function, not a decision
      new Codex({ onServerRequest: { decision: "accept" } });
      expectTypeOf<TurnOptions["onServerRequest"]>().toEqualTypeOf<ServerRequestHandler | undefined>();
      void thread.run("go", { onServerRequest: denyAll });
    }),
  );

  it(
    "a turn's stream carries requests and notifications, told apart by method or isServerRequestEvent",
    typeOnly(() => {
      expectTypeOf(turn.stream).returns.toEqualTypeOf<AsyncIterableIterator<TurnEvent>>();
      expectTypeOf<TurnEvent>().toEqualTypeOf<Notification | ServerRequestEvent>();
      // No method is both a notification and a request, so `method` alone discriminates.
      expectTypeOf<Extract<NotificationMethod, ServerRequestMethod>>().toBeNever();
      const use = (event: TurnEvent): void => {
        if (event.method === "item/commandExecution/requestApproval") {
          expectTypeOf(event.id).toEqualTypeOf<string | number>();
        } else if (event.method === "serverRequest/resolved") {
          expectTypeOf(event.params.requestId).toEqualTypeOf<string | number>();
        }
        if (isServerRequestEvent(event)) expectTypeOf(event).toEqualTypeOf<ServerRequestEvent>();
        else expectTypeOf(event).toEqualTypeOf<Notification>();
      };
      void use;
    }),
  );
});
