/**
 * The ready-made handlers (`approveAll`, `denyAll`, `approveCommands`), the per-method combinator,
 * the shell unwrapping the command predicate sees, and the runtime check of answers. Pure logic:
 * handlers are called directly with requests shaped like the 0.169 runtime's.
 */
import { describe, expect, it, vi } from "vitest";

import {
  approveAll,
  approveCommands,
  denyAll,
  handleServerRequests,
  shellScriptOf,
} from "../../src/api/server-requests/approval-handlers.js";
import { checkServerRequestAnswer } from "../../src/api/server-requests/answer-check.js";
import {
  defaultServerRequestAnswer,
  isServerRequestEvent,
  SERVER_REQUEST_METHODS,
  type ServerRequestContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type ServerRequestParams,
} from "../../src/api/server-requests/server-requests.js";
import { InvalidArgumentError } from "../../src/api/validation.js";

const context: ServerRequestContext = { signal: new AbortController().signal, threadId: "t", turnId: "u" };

/** Requests as the runtime sends them (params trimmed to what matters). */
const requests = {
  command: (
    command: string | null = "/bin/bash -lc 'echo hi > f.txt'",
    extra: Partial<ServerRequestParams<"item/commandExecution/requestApproval">> = {},
  ): ServerRequestEvent => ({
    id: 0,
    method: "item/commandExecution/requestApproval",
    params: {
      kind: "command",
      threadId: "t",
      turnId: "u",
      itemId: "c",
      startedAtMs: 1,
      environmentId: "local",
      command,
      ...extra,
    },
  }),
  file: (): ServerRequestEvent => ({
    id: 1,
    method: "item/fileChange/requestApproval",
    params: { threadId: "t", turnId: "u", itemId: "p", startedAtMs: 1 },
  }),
  permissions: (): ServerRequestEvent => ({
    id: 2,
    method: "item/permissions/requestApproval",
    params: {
      threadId: "t",
      turnId: "u",
      itemId: "i",
      environmentId: null,
      startedAtMs: 1,
      cwd: "/w",
      reason: null,
      permissions: { network: { enabled: true }, fileSystem: null },
    },
  }),
  elicitation: (): ServerRequestEvent => ({
    id: 3,
    method: "mcpServer/elicitation/request",
    params: {
      threadId: "t",
      turnId: null,
      serverName: "s",
      environmentId: null,
      mode: "form",
      _meta: null,
      message: "Your name?",
      requestedSchema: { type: "object", properties: {} },
    },
  }),
  legacyExec: (command = ["/bin/bash", "-lc", "ls -la"]): ServerRequestEvent => ({
    id: 4,
    method: "execCommandApproval",
    params: {
      conversationId: "t",
      callId: "c",
      approvalId: null,
      command,
      cwd: "/w",
      reason: null,
      parsedCmd: [],
    },
  }),
  legacyPatch: (): ServerRequestEvent => ({
    id: 5,
    method: "applyPatchApproval",
    params: { conversationId: "t", callId: "c", fileChanges: {}, reason: null, grantRoot: null },
  }),
  userInput: (): ServerRequestEvent => ({
    id: 6,
    method: "item/tool/requestUserInput",
    params: {
      threadId: "t",
      turnId: "u",
      itemId: "i",
      questions: [],
      isBlocking: true,
      autoResolutionMs: null,
    },
  }),
};

async function answer(handler: ServerRequestHandler, request: ServerRequestEvent): Promise<unknown> {
  return handler(request, context);
}

describe("approveAll / denyAll", () => {
  it("approveAll accepts every approval, grants what was asked, and leaves other requests to the default", async () => {
    expect(await answer(approveAll, requests.command())).toEqual({ decision: "accept" });
    expect(await answer(approveAll, requests.file())).toEqual({ decision: "accept" });
    expect(await answer(approveAll, requests.permissions())).toEqual({
      permissions: { network: { enabled: true } },
      scope: "turn",
    });
    expect(await answer(approveAll, requests.legacyExec())).toEqual({ decision: "approved" });
    expect(await answer(approveAll, requests.legacyPatch())).toEqual({ decision: "approved" });
    expect(await answer(approveAll, requests.elicitation())).toBeUndefined();
    expect(await answer(approveAll, requests.userInput())).toBeUndefined();
  });

  it("denyAll declines every approval and elicitation, and leaves other requests to the default", async () => {
    expect(await answer(denyAll, requests.command())).toEqual({ decision: "decline" });
    expect(await answer(denyAll, requests.file())).toEqual({ decision: "decline" });
    expect(await answer(denyAll, requests.permissions())).toEqual({ permissions: {}, scope: "turn" });
    expect(await answer(denyAll, requests.elicitation())).toEqual({
      action: "decline",
      content: null,
      _meta: null,
    });
    expect(await answer(denyAll, requests.legacyExec())).toMatchObject({ decision: { denied: {} } });
    expect(await answer(denyAll, requests.legacyPatch())).toMatchObject({ decision: { denied: {} } });
    expect(await answer(denyAll, requests.userInput())).toBeUndefined();
  });

  it("every answer of the ready-made handlers passes the runtime check", async () => {
    for (const handler of [approveAll, denyAll, approveCommands(() => true), approveCommands(() => false)]) {
      for (const make of Object.values(requests)) {
        const request = make();
        const value = await answer(handler, request);
        if (value !== undefined)
          expect(checkServerRequestAnswer(request.method, value), request.method).toBeUndefined();
      }
    }
  });
});

describe("approveCommands", () => {
  it("decides command approvals by the unwrapped script, once or for the session", async () => {
    const predicate = vi.fn((command: string) => command === "echo hi > f.txt");
    const once = approveCommands(predicate);
    expect(await answer(once, requests.command())).toEqual({ decision: "accept" });
    expect(predicate).toHaveBeenCalledWith("echo hi > f.txt", requests.command(), {
      ...context,
      escalation: false,
      network: false,
      interactive: false,
    });
    expect(await answer(once, requests.command("/bin/bash -lc 'rm -rf /'"))).toEqual({ decision: "decline" });
    const session = approveCommands(predicate, { forSession: true });
    expect(await answer(session, requests.command())).toEqual({ decision: "acceptForSession" });
  });

  it("declines every other approval, and leaves other requests to the default", async () => {
    const handler = approveCommands(() => true);
    expect(await answer(handler, requests.file())).toEqual({ decision: "decline" });
    expect(await answer(handler, requests.permissions())).toEqual({ permissions: {}, scope: "turn" });
    expect(await answer(handler, requests.legacyPatch())).toMatchObject({ decision: { denied: {} } });
    expect(await answer(handler, requests.userInput())).toBeUndefined();
  });

  it("handles the legacy execCommandApproval argv, an async predicate, and a missing command", async () => {
    const seen: string[] = [];
    const handler = approveCommands(async (command) => {
      seen.push(command);
      await Promise.resolve();
      return command.startsWith("ls");
    });
    expect(await answer(handler, requests.legacyExec())).toEqual({ decision: "approved" });
    expect(await answer(handler, requests.legacyExec(["rm", "-rf", "x"]))).toMatchObject({
      decision: { denied: { rejection: expect.stringContaining("approveCommands") as string } },
    });
    expect(await answer(handler, requests.command(null))).toEqual({ decision: "decline" });
    expect(await answer(handler, requests.command(""))).toEqual({ decision: "decline" });
    // A request with no command is declined without asking the predicate.
    expect(seen).toEqual(["ls -la", "rm -rf x"]);
  });

  it("quotes the legacy argv when joining it, so the predicate sees the words as they are", async () => {
    const seen: string[] = [];
    const handler = approveCommands((command) => (seen.push(command), false));
    await answer(handler, requests.legacyExec(["echo", "a; rm -rf ~", "it's"]));
    await answer(handler, requests.legacyExec(["./bash", "-lc", "ls"]));
    expect(seen).toEqual([`echo 'a; rm -rf ~' 'it'\\''s'`, "./bash -lc ls"]);
  });

  it("declines an escalation unless allowEscalation, and tells the predicate it is one", async () => {
    const escalated = requests.command("/bin/bash -lc 'touch /etc/x'", { reason: "needs /etc" });
    const predicate = vi.fn(() => true);
    expect(await answer(approveCommands(predicate), escalated)).toEqual({ decision: "decline" });
    expect(predicate).not.toHaveBeenCalled();
    const allowing = approveCommands(predicate, { allowEscalation: true });
    expect(await answer(allowing, escalated)).toEqual({ decision: "accept" });
    expect(predicate).toHaveBeenCalledWith(
      "touch /etc/x",
      escalated,
      expect.objectContaining({ escalation: true }),
    );
    const legacy = {
      ...requests.legacyExec(),
      params: { ...requests.legacyExec().params, reason: "escalate" },
    };
    expect(
      await answer(
        approveCommands(() => true),
        legacy as ServerRequestEvent,
      ),
    ).toMatchObject({
      decision: { denied: {} },
    });
  });

  it("declines network requests unless allowNetwork", async () => {
    const network = requests.command("/bin/bash -lc 'curl example.com'", {
      reason: "network",
      networkApprovalContext: { host: "example.com", protocol: "https" },
    });
    expect(
      await answer(
        approveCommands(() => true),
        network,
      ),
    ).toEqual({ decision: "decline" });
    const seen: boolean[] = [];
    const allowing = approveCommands((_c, _r, ctx) => (seen.push(ctx.network, ctx.escalation), true), {
      allowNetwork: true,
    });
    expect(await answer(allowing, network)).toEqual({ decision: "accept" });
    expect(seen).toEqual([true, false]);
  });

  it.each([
    "/bin/bash -lc bash",
    "/bin/bash -lc 'python3'",
    "/bin/bash -lc 'node -i'",
    "/bin/bash -lc 'cd /w && exec zsh -l'",
    "/bin/bash -lc 'FOO=1 /usr/bin/python3.12 -q'",
    "/bin/bash -lc 'psql'",
    "/bin/bash -lc 'bash -s < x'",
  ])("refuses the interactive program %s unless allowInteractive", async (command) => {
    expect(
      await answer(
        approveCommands(() => true),
        requests.command(command),
      ),
    ).toEqual({ decision: "decline" });
    const allowing = approveCommands((_c, _r, ctx) => ctx.interactive, { allowInteractive: true });
    expect(await answer(allowing, requests.command(command))).toEqual({ decision: "accept" });
  });

  it.each(["/bin/bash -lc 'python3 -m pytest'", "/bin/bash -lc 'node build.js'", "/bin/bash -lc 'npm test'"])(
    "does not count %s as interactive",
    async (command) => {
      expect(
        await answer(
          approveCommands(() => true),
          requests.command(command),
        ),
      ).toEqual({ decision: "accept" });
    },
  );

  it("refuses input written to a running program (kind writeStdin) unless allowInteractive", async () => {
    const stdin = requests.command("ls", { kind: "writeStdin" });
    expect(
      await answer(
        approveCommands(() => true),
        stdin,
      ),
    ).toEqual({ decision: "decline" });
    expect(
      await answer(
        approveCommands(() => true, { allowInteractive: true }),
        stdin,
      ),
    ).toEqual({
      decision: "accept",
    });
  });

  it("only a literal true approves (a truthy non-boolean from JavaScript does not)", async () => {
    const handler = approveCommands((() => "yes") as never);
    expect(await answer(handler, requests.command())).toEqual({ decision: "decline" });
  });

  it("rejects a predicate that is not a function", () => {
    expect(() => approveCommands("ls" as never)).toThrow(InvalidArgumentError);
  });
});

describe("shellScriptOf", () => {
  it.each([
    ["/bin/bash -lc 'echo hi > f.txt'", "echo hi > f.txt"],
    [
      String.raw`/bin/bash -lc "echo \"it's\" > proof.txt && cat proof.txt"`,
      `echo "it's" > proof.txt && cat proof.txt`,
    ],
    [String.raw`/bin/sh -c 'a'\''b'`, "a'b"],
    ["/usr/bin/zsh -lc 'ls'", "ls"],
    ["/bin/sh -c ls", "ls"],
  ])("unwraps %s", (command, script) => {
    expect(shellScriptOf(command)).toBe(script);
  });

  it.each([
    "git status",
    "/bin/bash -lc 'unbalanced",
    "/bin/bash -lc 'a' extra",
    "/bin/bash script.sh",
    "python -c 'print(1)'",
    // Only shells at standard absolute paths: a relative one could be any program.
    "bash -c ls",
    "./bash -lc ls",
    "/tmp/x/bash -lc ls",
    "",
  ])("leaves %j unchanged", (command) => {
    expect(shellScriptOf(command)).toBe(command);
  });
});

describe("handleServerRequests", () => {
  it("dispatches by method and returns undefined for methods without an entry", async () => {
    const handler = handleServerRequests({
      "item/fileChange/requestApproval": (request) => ({
        decision: request.params.itemId === "p" ? "accept" : "decline",
      }),
    });
    expect(await answer(handler, requests.file())).toEqual({ decision: "accept" });
    expect(await answer(handler, requests.command())).toBeUndefined();
  });

  it("rejects unknown methods (with a suggestion) and non-function entries", () => {
    expect(() =>
      handleServerRequests({ "item/commandExecution/requestaproval": () => undefined } as never),
    ).toThrow(/did you mean "item\/commandExecution\/requestApproval"/);
    expect(() => handleServerRequests({ execCommandApproval: "approved" } as never)).toThrow(
      InvalidArgumentError,
    );
    expect(() => handleServerRequests(null as never)).toThrow(InvalidArgumentError);
  });
});

describe("defaults and checks", () => {
  it("knows every method of the generated protocol", () => {
    expect([...SERVER_REQUEST_METHODS].sort()).toEqual(
      [
        "account/chatgptAuthTokens/refresh",
        "applyPatchApproval",
        "attestation/generate",
        "execCommandApproval",
        "item/commandExecution/requestApproval",
        "item/fileChange/requestApproval",
        "item/permissions/requestApproval",
        "item/tool/call",
        "item/tool/requestUserInput",
        "mcpServer/elicitation/request",
      ].sort(),
    );
  });

  it("the default answers pass the runtime check; only approvals have one", () => {
    for (const method of SERVER_REQUEST_METHODS) {
      const value = defaultServerRequestAnswer(method);
      const approval = /requestApproval$|^execCommandApproval$|^applyPatchApproval$/.test(method);
      if (method === "item/permissions/requestApproval" || !approval) expect(value, method).toBeUndefined();
      else expect(checkServerRequestAnswer(method, value), method).toBeUndefined();
    }
  });

  it.each([
    [
      "item/commandExecution/requestApproval",
      { decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["ls"] } } },
    ],
    ["item/commandExecution/requestApproval", { decision: "cancel" }],
    ["execCommandApproval", { decision: "approved_for_session" }],
    ["item/tool/requestUserInput", { answers: { q: { answers: ["Blue"] } } }],
    ["mcpServer/elicitation/request", { action: "accept", content: { name: "Ada" }, _meta: null }],
    ["item/tool/call", { contentItems: [{ type: "inputText", text: "ok" }], success: true }],
    ["account/chatgptAuthTokens/refresh", { accessToken: "a", chatgptAccountId: "b", chatgptPlanType: null }],
    ["attestation/generate", { token: "t" }],
  ])("accepts a valid %s answer", (method, value) => {
    expect(checkServerRequestAnswer(method, value)).toBeUndefined();
  });

  it.each([
    ["item/commandExecution/requestApproval", { decision: { acceptWithExecpolicyAmendment: ["ls"] } }],
    ["item/commandExecution/requestApproval", { decision: { accept: {}, decline: {} } }],
    ["item/fileChange/requestApproval", { decision: "acceptWithExecpolicyAmendment" }],
    ["execCommandApproval", { decision: "denied" }],
    ["item/tool/requestUserInput", { answers: [] }],
    ["mcpServer/elicitation/request", { action: "ok" }],
    ["item/permissions/requestApproval", { permissions: {}, scope: "forever" }],
    ["item/tool/call", { contentItems: [], success: "yes" }],
    ["account/chatgptAuthTokens/refresh", { accessToken: "a" }],
    ["attestation/generate", {}],
    ["item/fileChange/requestApproval", null],
    ["item/fileChange/requestApproval", ["accept"]],
  ])("rejects an invalid %s answer", (method, value) => {
    expect(checkServerRequestAnswer(method, value)).toEqual(expect.any(String));
  });

  it("survives a hostile answer", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    expect(checkServerRequestAnswer("item/fileChange/requestApproval", hostile)).toContain(
      "could not be read",
    );
  });

  it("isServerRequestEvent tells requests from notifications", () => {
    expect(isServerRequestEvent(requests.command())).toBe(true);
    expect(
      isServerRequestEvent({
        method: "serverRequest/resolved",
        params: { threadId: "t", requestId: 0 },
      } as never),
    ).toBe(false);
    expect(isServerRequestEvent({ method: "unknown/request", id: 1 } as never)).toBe(false);
  });
});
