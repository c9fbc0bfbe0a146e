/**
 * `codex-app-sdk/codex-sdk` against the real pinned binary and the mock model, in scenarios written
 * from `@openai/codex-sdk`'s documented behaviour (its README and types): the events and items of a
 * run, threads continued and resumed, structured output, input parts, failures, aborts, the
 * working-directory check, and `apiKey` / `baseUrl` scoped to one client.
 *
 * The scenarios share one compat `Codex` (one app-server) unless they need their own.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { AbortError } from "../../src/index.js";
import { Codex, type CodexOptions, type ThreadEvent, type ThreadOptions } from "../../src/codex-sdk/index.js";
import {
  failedResponse,
  MockResponsesServer,
  sseResponse,
  shellCommandResponse,
  textResponse,
  usage,
} from "../../src/testing/index.js";
import { PromptScript, rejection, SdkEnv, within } from "../support/sdk.js";

let env: SdkEnv;
let script: PromptScript;
let codex: Codex;
const extra: Codex[] = [];

/** Compat options on the harness: its environment exactly (plus PATH), as `env` means upstream. */
function compatOptions(more: CodexOptions = {}): CodexOptions {
  return { env: { ...env.harness.env, PATH: process.env["PATH"] ?? "" }, ...more };
}

/** A compat client of its own, closed after the file. */
function ownCodex(more: CodexOptions = {}): Codex {
  const c = new Codex(compatOptions(more));
  extra.push(c);
  return c;
}

function threadOptions(more: ThreadOptions = {}): ThreadOptions {
  return { workingDirectory: env.harness.workspace, skipGitRepoCheck: true, ...more };
}

async function collect(events: AsyncGenerator<ThreadEvent>): Promise<ThreadEvent[]> {
  const seen: ThreadEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

function requestFor(prompt: string) {
  const request = env.mock.requests.find((r) => r.lastUserText() === prompt);
  if (!request) throw new Error(`no model request for ${JSON.stringify(prompt)}`);
  return request;
}

beforeAll(async () => {
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
  codex = new Codex(compatOptions());
});

afterAll(async () => {
  await Promise.all([codex, ...extra].map((c) => c.close()));
  await env.dispose();
});

afterEach(() => {
  expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
});

describe("codex-sdk compat: a run", () => {
  it("streams thread.started, turn.started, the items and turn.completed, in order", async () => {
    script.on("stream me", textResponse("Streamed answer", { deltas: 3 }));
    const thread = codex.startThread(threadOptions());
    expect(thread.id).toBeNull();
    const { events } = await thread.runStreamed("stream me");
    const seen = await within(collect(events), "the streamed run");
    console.log(JSON.stringify(seen));
    expect(seen[0]).toEqual({ type: "thread.started", thread_id: thread.id });
    expect(seen[1]).toEqual({ type: "turn.started" });
    expect(seen.at(-1)?.type).toBe("turn.completed");
  });

  it("runs a command: command_execution started then completed, then the answer", async () => {
    script.on("list it", shellCommandResponse("call_ls", "echo compat-out"), textResponse("Listed"));
    const thread = codex.startThread(threadOptions());
    const { events } = await thread.runStreamed("list it");
    const seen = await within(collect(events), "the run with a command");
    console.log(JSON.stringify(seen));
  });
});
