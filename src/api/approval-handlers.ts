/**
 * Ready-made server-request handlers for the common cases, and the per-method combinator, so
 * nobody has to write the request union by hand.
 *
 * @module
 */
import type { GrantedPermissionProfile } from "../generated/v2/GrantedPermissionProfile.js";
import type { RequestPermissionProfile } from "../generated/v2/RequestPermissionProfile.js";
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
import { describeValue, InvalidArgumentError, suggest } from "./validation.js";

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
 * Decides one command: `command` is the script the agent wants to run, unwrapped from the
 * runtime's `/bin/bash -lc '…'` wrapper (the request has the raw form in `params.command`).
 *
 * @example
 * ```ts
 * const readOnly: CommandPredicate = (command) => /^(ls|cat|git (status|diff|log))\b/.test(command) && !/[;&|`$<>\n]/.test(command);
 * ```
 */
export type CommandPredicate = (
  command: string,
  request: CommandApprovalRequest,
  context: ServerRequestContext,
) => boolean | Promise<boolean>;

/**
 * Options of {@link approveCommands}.
 *
 * @example
 * ```ts
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
}

/**
 * Answers command approvals with a predicate on the command: `true` approves, `false` declines.
 * Every other approval (file changes, permissions, MCP elicitations, legacy patches) is declined
 * as {@link denyAll} does; other requests fall back to the default.
 *
 * A predicate sees the whole script, which can chain commands (`git status; rm -rf ~`): match
 * the whole string, not a prefix, when it guards anything that matters. The sandbox still applies
 * to approved commands.
 *
 * @throws InvalidArgumentError when `predicate` is not a function
 * @example
 * ```ts
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
  return handleServerRequests({
    ...DENY_HANDLERS,
    "item/commandExecution/requestApproval": async (request, context) => {
      const ok = await predicate(shellScriptOf(request.params.command ?? ""), request, context);
      return { decision: ok === true ? (forSession ? "acceptForSession" : "accept") : "decline" };
    },
    execCommandApproval: async (request, context) => {
      const ok = await predicate(scriptOfArgv(request.params.command), request, context);
      if (ok === true) return { decision: forSession ? "approved_for_session" : "approved" };
      return { decision: { denied: { rejection: "declined by the client's approveCommands predicate" } } };
    },
  });
}

const SHELLS = new Set(["bash", "sh", "zsh", "dash"]);

/** The script of `[shell, -lc|-c, script]`, or `undefined` for any other argv. */
function wrappedScript(argv: readonly string[]): string | undefined {
  const [shell, flag, script, ...rest] = argv;
  if (shell === undefined || script === undefined || rest.length > 0) return undefined;
  if (!SHELLS.has(shell.slice(shell.lastIndexOf("/") + 1))) return undefined;
  return flag === "-lc" || flag === "-c" ? script : undefined;
}

/** The legacy request's argv as a script: unwrapped from the shell, or its words joined. */
function scriptOfArgv(argv: readonly string[]): string {
  return wrappedScript(argv) ?? argv.join(" ");
}

/**
 * The script inside the runtime's shell wrapper: `/bin/bash -lc 'echo hi > f'` → `echo hi > f`.
 * Anything that is not exactly `<shell> -lc|-c <one word>` is returned unchanged.
 *
 * @example
 * ```ts
 * shellScriptOf(`/bin/bash -lc "echo \\"it's\\" > f"`); // echo "it's" > f
 * shellScriptOf("git status"); // git status
 * ```
 */
export function shellScriptOf(command: string): string {
  const argv = shellWords(command);
  return (argv && wrappedScript(argv)) ?? command;
}

/** POSIX shell word splitting (quotes and backslashes; no expansions). `undefined` when unbalanced. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let closed = false;
      for (i++; i < text.length; i++) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          break;
        }
        const next = text[i + 1];
        if (d === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
          word += next;
          i++;
        } else word += d;
      }
      if (!closed) return undefined;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      word += next;
      inWord = true;
      i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
