/**
 * When an approved command leaves the sandbox, through the REAL pinned binary: under `on_request`
 * a command request IS an escalation (the model asked for `require_escalated`), and under
 * `untrusted` an approved command that the sandbox blocks is re-run without it. `approveCommands`
 * declines escalations unless the caller opts in, and tells the predicate which requests are one.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  ApprovalMode,
  Sandbox,
  approveCommands,
  type CommandPredicateContext,
  type ServerRequestEvent,
  type ServerRequestHandler,
} from "../../src/index.js";
import { shellCommandResponse, textResponse } from "../../src/testing/index.js";
import { makeOutsideDir } from "../support/outside-dir.js";
import { PromptScript, SdkEnv, within } from "../support/sdk.js";

let env: SdkEnv;
let script: PromptScript;
let outside: string;
let calls = 0;

beforeAll(async () => {
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
  // Outside the workspace and outside /tmp: no sandbox preset lets a command write here.
  outside = makeOutsideDir();
});

afterAll(async () => {
  await env.dispose();
  rmSync(outside, { recursive: true, force: true });
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

function recording(handler: ServerRequestHandler) {
  const seen: ServerRequestEvent[] = [];
  const wrapped: ServerRequestHandler = (request, context) => {
    seen.push(request);
    return handler(request, context);
  };
  return { handler: wrapped, seen };
}

async function runEscalated(
  prompt: string,
  file: string,
  handler: ServerRequestHandler,
  justification?: string,
) {
  script.on(
    prompt,
    shellCommandResponse(`call_esc_${++calls}`, `touch ${file}`, {
      sandboxPermissions: "require_escalated",
      ...(justification === undefined ? {} : { justification }),
    }),
    textResponse("done"),
  );
  const codex = env.codex({ onServerRequest: handler });
  const thread = await codex.threadStart({
    approvalMode: ApprovalMode.on_request,
    sandbox: Sandbox.read_only,
  });
  await within(thread.run(prompt), "the turn");
  await codex.close();
}

describe("escalations under ApprovalMode.on_request", () => {
  it("approveCommands declines an escalation without asking the predicate; nothing is written", async () => {
    const asked: string[] = [];
    const { handler, seen } = recording(approveCommands((command) => (asked.push(command), true)));
    const file = join(outside, "declined.txt");
    await runEscalated("escalate declined", file, handler, "needs to write outside");
    expect(seen.map((r) => r.method)).toEqual(["item/commandExecution/requestApproval"]);
    expect(asked).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it("with allowEscalation the predicate sees that it is one, and an approval runs it outside the sandbox", async () => {
    const contexts: CommandPredicateContext[] = [];
    const handler = approveCommands(
      (_command, _request, context) => {
        contexts.push(context);
        return true;
      },
      { allowEscalation: true },
    );
    const file = join(outside, "escalated.txt");
    await runEscalated("escalate allowed", file, handler, "needs to write outside");
    expect(contexts.map((c) => c.escalation)).toEqual([true]);
    expect(existsSync(file)).toBe(true);
  });

  it("an escalation without a justification (no reason in the request) is recognised by the thread's policy", async () => {
    const asked: string[] = [];
    const { handler, seen } = recording(approveCommands((command) => (asked.push(command), true)));
    const file = join(outside, "no-justification.txt");
    await runEscalated("escalate silently", file, handler);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.params).not.toHaveProperty("reason");
    expect(asked).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});

describe("approvals under ApprovalMode.untrusted (what the runtime decides)", () => {
  // The runtime may retry a command the sandbox denied without the sandbox, without a second
  // request. Most runs here stay blocked; a few (under load) came back as a success that the model
  // saw, with no second request. Either way the client is asked once and the outcome is one of the
  // two: blocked (nothing written) or re-run unsandboxed (the file exists). docs/security.md says so.
  it("an approved ordinary command that the sandbox blocks is asked once: blocked, or re-run unsandboxed", async () => {
    const contexts: CommandPredicateContext[] = [];
    const { handler, seen } = recording(approveCommands((_c, _r, context) => (contexts.push(context), true)));
    const file = join(outside, "untrusted-retry.txt");
    const callId = `call_esc_${++calls}`;
    script.on("untrusted touch", shellCommandResponse(callId, `touch ${file}`), textResponse("done"));
    const codex = env.codex({ onServerRequest: handler });
    const thread = await codex.threadStart({
      approvalMode: ApprovalMode.untrusted,
      sandbox: Sandbox.workspace_write,
    });
    await within(thread.run("untrusted touch"), "the turn");
    await codex.close();
    expect(seen).toHaveLength(1);
    expect(contexts.map((c) => [c.escalation, c.approvalPolicy])).toEqual([[false, "untrusted"]]);
    const output = env.mock.requests.flatMap((r) => r.functionCallOutputs()).find((o) => o.callId === callId);
    expect(output?.output).toBeDefined();
    if (output?.output.includes("Read-only file system") === true) {
      expect(existsSync(file), "blocked, yet written").toBe(false);
    } else {
      expect(output?.output).toContain("Process exited with code 0");
      expect(existsSync(file), "reported a success, yet nothing written").toBe(true);
    }
  });
});
