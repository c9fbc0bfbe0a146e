/**
 * Protocol fields the high-level calls used to drop, through the REAL pinned binary: a custom
 * `sandboxPolicy` given to `thread.turn()` governs the commands the model runs, and raw
 * `turn/start` / `thread/fork` fields reach the wire and are accepted by the runtime.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { ApprovalMode, InvalidArgumentError, Sandbox, type RunResult } from "../../src/index.js";
import type { SandboxPolicy } from "../../src/types.js";
import { shellCommandResponse, textResponse } from "../../src/testing/index.js";
import { makeOutsideDir } from "../support/outside-dir.js";
import { PromptScript, SdkEnv, within } from "../support/sdk.js";

let env: SdkEnv;
let script: PromptScript;
let outside: string;

beforeAll(async () => {
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
  // Outside the workspace and outside /tmp: the workspace-write sandbox alone does not let a
  // command write here, a writable root does.
  outside = makeOutsideDir();
});

afterAll(async () => {
  await env.dispose();
  rmSync(outside, { recursive: true, force: true });
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

function workspaceWrite(writableRoots: string[]): SandboxPolicy {
  return {
    type: "workspaceWrite",
    writableRoots,
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
  };
}

/** Runs one turn whose model asks to `touch file`, with `sandboxPolicy`; nobody is asked to approve. */
async function touchWith(prompt: string, file: string, sandboxPolicy: SandboxPolicy): Promise<RunResult> {
  script.on(
    prompt,
    shellCommandResponse(`call_${prompt.replaceAll(" ", "_")}`, `touch ${file}`),
    textResponse("done"),
  );
  const codex = env.codex();
  // deny_all: a command the sandbox refuses is not escalated to anyone, so only the policy decides.
  const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all, sandbox: Sandbox.read_only });
  const result = await within(thread.run(prompt, { sandboxPolicy }), "the turn");
  await codex.close();
  return result;
}

function commandOf(result: RunResult) {
  const command = result.items.find((item) => item.type === "commandExecution");
  if (command?.type !== "commandExecution") throw new Error("the turn ran no command");
  return command;
}

describe("a custom sandboxPolicy through thread.turn() options", () => {
  it("a writable root outside the cwd lets the command write there", async () => {
    const file = join(outside, "allowed.txt");
    const result = await touchWith("touch with a writable root", file, workspaceWrite([outside]));
    expect(commandOf(result).exitCode).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it("without the writable root the same command is refused and nothing is written", async () => {
    const file = join(outside, "refused.txt");
    const prompt = "touch without a writable root";
    const result = await touchWith(prompt, file, workspaceWrite([]));
    expect(existsSync(file)).toBe(false);
    // The runtime handled the call and told the model it failed, so the missing file is the
    // sandbox's doing. The command item itself was missing once from the result on the oldest
    // supported runtime under load, so the model's view is the evidence asked for; the item, when
    // present, must agree.
    const callId = `call_${prompt.replaceAll(" ", "_")}`;
    const output = env.mock.requests.map((r) => r.functionCallOutput(callId)).find((o) => o !== undefined);
    expect(output, "the runtime sent the command's outcome back to the model").toBeDefined();
    expect(String(output?.output)).not.toMatch(/exit code:? 0\b|Process exited with code 0\b/i);
    const command = result.items.find((item) => item.type === "commandExecution");
    if (command?.type === "commandExecution") expect(command.exitCode).not.toBe(0);
  });
});

describe("protocol fields of the thread and turn calls reach the wire", () => {
  it("turn/start carries clientUserMessageId, serviceTier and responsesapiClientMetadata, and the runtime takes them", async () => {
    script.on("fields", textResponse("ok"));
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    const result = await within(
      thread.run("fields", {
        clientUserMessageId: "client-msg-1",
        serviceTier: "flex",
        responsesapiClientMetadata: { tenant: "acme" },
      }),
      "the turn",
    );
    expect(result.status).toBe("completed");
    expect(spy.requests("turn/start")[0]?.["params"]).toMatchObject({
      clientUserMessageId: "client-msg-1",
      serviceTier: "flex",
      responsesapiClientMetadata: { tenant: "acme" },
    });
    // The experimental metadata field is not only sent: the runtime puts it on the model request.
    const body = env.mock.requests.at(-1)?.bodyText ?? "";
    expect(body).toContain("acme");
    await codex.close();
  });

  it("thread/fork carries lastTurnId and excludeTurns", async () => {
    script.on("first", textResponse("one"));
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    const first = await within(thread.run("first"), "the turn");
    const fork = await within(
      codex.threadFork(thread.id, { lastTurnId: first.id, excludeTurns: true }),
      "fork",
    );
    expect(fork.id).not.toBe(thread.id);
    expect(spy.requests("thread/fork")[0]?.["params"]).toMatchObject({
      threadId: thread.id,
      lastTurnId: first.id,
      excludeTurns: true,
    });
    await codex.close();
  });

  it("a preset and the raw field it sets are refused together, before anything is sent", async () => {
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    const sent = spy.sent.length;
    await expect(
      thread.run("never sent", { sandbox: Sandbox.read_only, sandboxPolicy: workspaceWrite([]) }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(
      thread.run("never sent", { approvalMode: ApprovalMode.deny_all, approvalPolicy: "never" }),
    ).rejects.toThrow(/approvalMode cannot be combined with approvalPolicy/);
    expect(spy.sent.length).toBe(sent);
    await codex.close();
  });
});
