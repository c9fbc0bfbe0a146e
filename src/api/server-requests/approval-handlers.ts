/**
 * Ready-made server-request handlers for the common cases, and the per-method combinator, so
 * nobody has to write the request union by hand.
 *
 * @module
 */
import type { GrantedPermissionProfile } from "../../generated/v2/GrantedPermissionProfile.js";
import type { RequestPermissionProfile } from "../../generated/v2/RequestPermissionProfile.js";
import {
  DEFAULT_REJECTION,
  isServerRequestMethod,
  SERVER_REQUEST_METHODS,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type ServerRequestHandlers,
  type ServerRequestOf,
} from "./server-requests.js";
import { commandRequestFacts } from "./command-request.js";
import { describeValue, InvalidArgumentError, suggest } from "../validation.js";

export { shellScriptOf } from "./command-request.js";

/**
 * Combines one handler per method into a {@link ServerRequestHandler}. Each entry is checked
 * against its own method: `request.params` is that method's params, and returning another
 * method's answer (or a misspelt method name as a key) is a compile error. Methods without an
 * entry, and entries that return `undefined`, fall back to the next handler and finally to the
 * fail-safe default.
 *
 * @throws InvalidArgumentError when `handlers` is not an object of functions keyed by known methods
 * @example
 * ```ts
 * const codex = new Codex({
 *   onServerRequest: handleServerRequests({
 *     "item/commandExecution/requestApproval": ({ params }) =>
 *       params.cwd === "/repo" ? { decision: "accept" } : { decision: "decline" },
 *     "item/fileChange/requestApproval": () => ({ decision: "decline" }),
 *     "mcpServer/elicitation/request": () => ({ action: "decline", content: null, _meta: null }),
 *   }),
 * });
 * ```
 */
export function handleServerRequests(handlers: ServerRequestHandlers): ServerRequestHandler {
  if (typeof handlers !== "object" || handlers === null || Array.isArray(handlers)) {
    throw new InvalidArgumentError(
      `handleServerRequests: handlers must be an object mapping methods to functions; got ${describeValue(handlers)}`,
      { argument: "handlers" },
    );
  }
  const table = new Map<string, (request: ServerRequestEvent, context: ServerRequestContext) => unknown>();
  for (const [method, handler] of Object.entries(handlers)) {
    if (!isServerRequestMethod(method)) {
      const guess = suggest(method, SERVER_REQUEST_METHODS);
      throw new InvalidArgumentError(
        `handleServerRequests: ${JSON.stringify(method)} is not a server request method${guess === undefined ? "" : ` (did you mean ${JSON.stringify(guess)}?)`}`,
        { argument: "handlers" },
      );
    }
    if (typeof handler !== "function") {
      throw new InvalidArgumentError(
        `handleServerRequests: the handler of ${method} must be a function; got ${describeValue(handler)}`,
        { argument: "handlers" },
      );
    }
    table.set(method, handler as (request: ServerRequestEvent, context: ServerRequestContext) => unknown);
  }
  return (request, context) =>
    table.get(request.method)?.(request, context) as ReturnType<ServerRequestHandler>;
}

/** Grants what a permissions request asked for (leaving out what it did not ask for). */
function granted(requested: RequestPermissionProfile): GrantedPermissionProfile {
  const profile: GrantedPermissionProfile = {};
  if (requested.network) profile.network = requested.network;
  if (requested.fileSystem) profile.fileSystem = requested.fileSystem;
  return profile;
}

const DENY_HANDLERS: ServerRequestHandlers = {
  "item/commandExecution/requestApproval": () => ({ decision: "decline" }),
  "item/fileChange/requestApproval": () => ({ decision: "decline" }),
  "item/permissions/requestApproval": () => ({ permissions: {}, scope: "turn" }),
  "mcpServer/elicitation/request": () => ({ action: "decline", content: null, _meta: null }),
  execCommandApproval: () => ({ decision: { denied: { rejection: DEFAULT_REJECTION } } }),
  applyPatchApproval: () => ({ decision: { denied: { rejection: DEFAULT_REJECTION } } }),
};

/**
 * Approves every approval request: commands and file changes (`accept`, once; use
 * {@link approveCommands} with `forSession` to stop being asked), permission requests (what was
 * asked for, for the turn), and the legacy `execCommandApproval` / `applyPatchApproval`
 * (`approved`). Other requests (questions, MCP elicitations, tool calls…) fall back to the default
 * (a JSON-RPC error). This is what the Python SDK does when it gets an approval; use it only where
 * the agent may run anything the sandbox allows.
 *
 * @example
 * ```ts
 * const codex = new Codex({ onServerRequest: approveAll });
 * const thread = await codex.threadStart({ approvalMode: ApprovalMode.untrusted, sandbox: Sandbox.workspace_write });
 * ```
 */
export const approveAll: ServerRequestHandler = handleServerRequests({
  "item/commandExecution/requestApproval": () => ({ decision: "accept" }),
  "item/fileChange/requestApproval": () => ({ decision: "accept" }),
  "item/permissions/requestApproval": ({ params }) => ({
    permissions: granted(params.permissions),
    scope: "turn",
  }),
  execCommandApproval: () => ({ decision: "approved" }),
  applyPatchApproval: () => ({ decision: "approved" }),
});

/**
 * Denies every approval request: commands and file changes are declined (the agent is told and
 * carries on), permission requests are granted nothing, MCP elicitations are declined, and the
 * legacy approvals get `denied`. Other requests fall back to the default (a JSON-RPC error). It
 * answers what the default already declines, silently (no warning), and also declines permission
 * requests and elicitations, which the default answers with an error.
 *
 * @example
 * ```ts
 * const codex = new Codex({ onServerRequest: denyAll });
 * ```
 */
export const denyAll: ServerRequestHandler = handleServerRequests(DENY_HANDLERS);

/**
 * A command approval request (the v2 method or the legacy one), as a {@link CommandPredicate} gets it.
 *
 * @example
 * ```ts
 * const inRepo = (request: CommandApprovalRequest): boolean => request.params.cwd === "/repo";
 * ```
 */
export type CommandApprovalRequest =
  ServerRequestOf<"item/commandExecution/requestApproval"> | ServerRequestOf<"execCommandApproval">;

/**
 * What a {@link CommandPredicate} learns about a request besides the command, on top of the
 * handler's {@link ServerRequestContext}.
 *
 * @example
 * ```ts
 * import type { CommandPredicateContext } from "codex-app-sdk";
 *
 * const careful = (command: string, _request: unknown, context: CommandPredicateContext): boolean =>
 *   !context.escalation && command === "npm test";
 * ```
 */
export interface CommandPredicateContext extends ServerRequestContext {
  /**
   * The request asks to run the command **outside the sandbox**: the thread runs under
   * `on_request` (there sandboxed commands never ask), or the request carries the model's
   * justification for `require_escalated` (`params.reason`). Approving it lifts the sandbox for
   * that command. Only seen when {@link ApproveCommandsOptions.allowEscalation} is set.
   */
  readonly escalation: boolean;
  /** The request is about network access (a host to reach, network policy amendments). */
  readonly network: boolean;
  /**
   * The command starts a shell or REPL (`bash`, `python`, `node`, `psql`…) that reads commands from
   * its input, or is input written to a running one: the runtime writes later input without asking.
   */
  readonly interactive: boolean;
}

/**
 * Decides one command: `command` is the script the agent wants to run, unwrapped from the
 * runtime's `/bin/bash -lc '…'` wrapper (the request has the raw form in `params.command`).
 *
 * @example
 * ```ts
 * import type { CommandPredicate } from "codex-app-sdk";
 *
 * const readOnly: CommandPredicate = (command) => /^(ls|cat|git (status|diff|log))\b/.test(command) && !/[;&|`$<>\n]/.test(command);
 * ```
 */
export type CommandPredicate = (
  command: string,
  request: CommandApprovalRequest,
  context: CommandPredicateContext,
) => boolean | Promise<boolean>;

/**
 * Options of {@link approveCommands}.
 *
 * @example
 * ```ts
 * import { approveCommands, type ApproveCommandsOptions } from "codex-app-sdk";
 *
 * const options: ApproveCommandsOptions = { forSession: true };
 * const handler = approveCommands((cmd) => cmd === "npm test", options);
 * ```
 */
export interface ApproveCommandsOptions {
  /**
   * Approve for the rest of the session (`acceptForSession`): the runtime stops asking about that
   * same command. Default `false` (`accept`: this time only).
   */
  forSession?: boolean | undefined;
  /**
   * Let the predicate approve requests to run a command outside the sandbox (see
   * {@link CommandPredicateContext.escalation}). Default `false`: they are declined without asking it.
   */
  allowEscalation?: boolean | undefined;
  /** Let the predicate approve requests about network access. Default `false`: declined without asking it. */
  allowNetwork?: boolean | undefined;
  /**
   * Let the predicate approve shells and REPLs, and input to a running program (see
   * {@link CommandPredicateContext.interactive}). Default `false`: declined without asking it,
   * because approving `bash` approves every command later typed into it.
   */
  allowInteractive?: boolean | undefined;
}

/**
 * Answers command approvals with a predicate on the command: `true` approves, `false` declines.
 * Every other approval (file changes, permissions, MCP elicitations, legacy patches) is declined
 * as {@link denyAll} does; other requests fall back to the default.
 *
 * A predicate sees the whole script, which can chain commands (`git status; rm -rf ~`): match
 * the whole string, not a prefix, when it guards anything that matters.
 *
 * Some requests are declined without asking the predicate: requests with no command, requests to
 * run outside the sandbox, about network access, or to start a shell or REPL, unless the matching
 * `allow*` option is set. An approval does not always keep the sandbox: under `on_request` every
 * command request is an escalation, and under `untrusted` the runtime may re-run an approved command
 * that the sandbox blocked without the sandbox, without asking again. See docs/security.md.
 *
 * @throws InvalidArgumentError when `predicate` is not a function
 * @example
 * ```ts
 * import { approveCommands, type Thread } from "codex-app-sdk";
 *
 * declare const thread: Thread;
 * const onServerRequest = approveCommands((cmd) => /^(npm test|npm run lint)$/.test(cmd), { forSession: true });
 * const result = await thread.run("Run the tests", { onServerRequest });
 * ```
 */
export function approveCommands(
  predicate: CommandPredicate,
  options: ApproveCommandsOptions = {},
): ServerRequestHandler {
  if (typeof predicate !== "function") {
    throw new InvalidArgumentError(
      `approveCommands: predicate must be a function (command, request) => boolean; got ${describeValue(predicate)}`,
      { argument: "predicate" },
    );
  }
  const forSession = options.forSession === true;
  const decide = async (request: CommandApprovalRequest, context: ServerRequestContext): Promise<boolean> => {
    const facts = commandRequestFacts(request, context.approvalPolicy);
    if (facts.script === undefined) return false;
    if (facts.escalation && options.allowEscalation !== true) return false;
    if (facts.network && options.allowNetwork !== true) return false;
    if (facts.interactive && options.allowInteractive !== true) return false;
    const { escalation, network, interactive } = facts;
    return (
      (await predicate(facts.script, request, { ...context, escalation, network, interactive })) === true
    );
  };
  return handleServerRequests({
    ...DENY_HANDLERS,
    "item/commandExecution/requestApproval": async (request, context) => ({
      decision: (await decide(request, context)) ? (forSession ? "acceptForSession" : "accept") : "decline",
    }),
    execCommandApproval: async (request, context) => {
      if (await decide(request, context))
        return { decision: forSession ? "approved_for_session" : "approved" };
      return { decision: { denied: { rejection: "declined by the client's approveCommands" } } };
    },
  });
}
