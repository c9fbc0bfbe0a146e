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

/** The events without the runtime's warnings (`error` items, e.g. "Model metadata … not found" for the mock's slug). */
function withoutWarnings(events: readonly ThreadEvent[]): ThreadEvent[] {
  return events.filter((e) => !(e.type === "item.completed" && e.item.type === "error"));
}

describe("codex-sdk compat: a run", () => {
  it("streams thread.started, turn.started, the items and turn.completed, in order", async () => {
    script.on(
      "stream me",
      textResponse("Streamed answer", { deltas: 3, usage: usage({ inputTokens: 40, outputTokens: 7 }) }),
    );
    const thread = codex.startThread(threadOptions());
    expect(thread.id).toBeNull();
    const { events } = await thread.runStreamed("stream me");
    expect(thread.id, "nothing runs before the events are read").toBeNull();
    const seen = await within(collect(events), "the streamed run");
    expect(thread.id).toMatch(/\S/);
    expect(withoutWarnings(seen)).toEqual([
      { type: "thread.started", thread_id: thread.id },
      { type: "turn.started" },
      {
        type: "item.completed",
        item: {
          id: expect.stringMatching(/^item_\d+$/) as unknown,
          type: "agent_message",
          text: "Streamed answer",
        },
      },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 40,
          cached_input_tokens: 0,
          cache_write_input_tokens: 0,
          output_tokens: 7,
          reasoning_output_tokens: 0,
        },
      },
    ]);
    // Warnings of the runtime are error items, as codex exec reports them.
    for (const e of seen)
      if (e.type === "item.completed" && e.item.type === "error") expect(e.item.message).toMatch(/\S/);
    expect(thread.sdkThread?.id, "the escape hatch is the same thread").toBe(thread.id);
  });

  it("run() returns the completed items, the final response and the usage", async () => {
    script.on("list it", shellCommandResponse("call_ls", "echo compat-out"), textResponse("Listed"));
    const thread = codex.startThread(threadOptions());
    const streamed = await within(
      collect((await thread.runStreamed("list it")).events),
      "the run with a command",
    );
    const commands = withoutWarnings(streamed).filter(
      (e) => e.type.startsWith("item.") && "item" in e && e.item.type === "command_execution",
    );
    expect(commands.map((e) => e.type)).toEqual(["item.started", "item.completed"]);
    const [started, completed] = commands as [
      Extract<ThreadEvent, { item: unknown }>,
      Extract<ThreadEvent, { item: unknown }>,
    ];
    expect(started.item).toMatchObject({
      type: "command_execution",
      status: "in_progress",
      aggregated_output: "",
    });
    expect(started.item).not.toHaveProperty("exit_code");
    expect(completed.item).toMatchObject({ id: started.item.id, status: "completed", exit_code: 0 });
    expect(completed.item.type === "command_execution" && completed.item.aggregated_output).toContain(
      "compat-out",
    );
    expect(completed.item.type === "command_execution" && completed.item.command).toContain(
      "echo compat-out",
    );

    script.on("answer plainly", textResponse("Plain answer"));
    const turn = await within(thread.run("answer plainly"), "run()");
    expect(turn.finalResponse).toBe("Plain answer");
    expect(turn.items.filter((i) => i.type !== "error").map((i) => i.type)).toEqual(["agent_message"]);
    expect(turn.usage).not.toBeNull();
  });
});

describe("codex-sdk compat: threads", () => {
  it("two runs continue one thread: the second request carries the first answer; usage is the running total", async () => {
    script.on(
      "first question",
      textResponse("First answer", { usage: usage({ inputTokens: 100, outputTokens: 10 }) }),
    );
    script.on(
      "second question",
      textResponse("Second answer", { usage: usage({ inputTokens: 300, outputTokens: 20 }) }),
    );
    const thread = codex.startThread(threadOptions());
    const first = await within(thread.run("first question"), "the first run");
    const id = thread.id;
    const second = await within(thread.run("second question"), "the second run");
    expect(thread.id).toBe(id);
    expect(first.finalResponse).toBe("First answer");
    expect(second.finalResponse).toBe("Second answer");
    expect(requestFor("second question").messageInputTexts("assistant")).toContain("First answer");
    // As upstream: the thread's totals, so the second run reports both turns.
    expect(first.usage).toMatchObject({ input_tokens: 100, output_tokens: 10 });
    expect(second.usage).toMatchObject({ input_tokens: 400, output_tokens: 30 });
  });

  it("resumeThread(id) continues a thread, on the same client and on a new one", async () => {
    script.on("remember blue", textResponse("Noted: blue"));
    const original = codex.startThread(threadOptions());
    await within(original.run("remember blue"), "the first run");
    const id = original.id;
    if (id === null) throw new Error("no thread id after a run");

    script.on("which colour", textResponse("Blue"));
    const resumed = codex.resumeThread(id, threadOptions());
    expect(resumed.id).toBe(id);
    const turn = await within(resumed.run("which colour"), "the resumed run");
    expect(turn.finalResponse).toBe("Blue");
    expect(requestFor("which colour").messageInputTexts("assistant")).toContain("Noted: blue");

    // A new client (its own app-server), as a new process would resume it. The first client must
    // let go of the thread first: two app-servers cannot both write it.
    const other = ownCodex();
    await codex.close();
    codex = new Codex(compatOptions());
    script.on("and again", textResponse("Still blue"));
    const events = await within(
      collect((await other.resumeThread(id, threadOptions()).runStreamed("and again")).events),
      "the run on a new client",
    );
    expect(events[0]).toEqual({ type: "thread.started", thread_id: id });
    expect(requestFor("and again").messageInputTexts("user")).toContain("remember blue");
    await other.close();
  });

  it("sends the output schema as strict json_schema, unchanged when it is already strict", async () => {
    const schema = {
      type: "object",
      properties: {
        summary: { type: "string" },
        status: { type: "string", enum: ["ok", "action_required"] },
      },
      required: ["summary", "status"],
      additionalProperties: false,
    };
    const answer = JSON.stringify({ summary: "all good", status: "ok" });
    script.on("status please", textResponse(answer));
    const turn = await within(
      codex.startThread(threadOptions()).run("status please", { outputSchema: schema }),
      "the run",
    );
    expect(turn.finalResponse).toBe(answer);
    const format = (requestFor("status please").bodyJson["text"] as { format?: Record<string, unknown> })
      .format;
    expect(format).toMatchObject({ type: "json_schema", strict: true, schema });
  });

  it("refuses an output schema that is not a plain object, before anything is sent", async () => {
    const before = env.mock.requests.length;
    const error = await rejection(
      codex.startThread(threadOptions()).run("never sent", { outputSchema: [1] }),
    );
    expect(String(error)).toContain("outputSchema must be a plain JSON object");
    expect(env.mock.requests.length).toBe(before);
  });

  it("joins the text parts of a multi-part input with a blank line", async () => {
    script.on("part one\n\npart two", textResponse("Joined"));
    const turn = await within(
      codex.startThread(threadOptions()).run([
        { type: "text", text: "part one" },
        { type: "text", text: "part two" },
      ]),
      "the multi-part run",
    );
    expect(turn.finalResponse).toBe("Joined");
    expect(requestFor("part one\n\npart two").lastUserText()).toBe("part one\n\npart two");
  });
});

describe("codex-sdk compat: failures", () => {
  it("a failed turn rejects run() with the runtime's message; the stream ends with turn.failed", async () => {
    script.on("fail me", failedResponse("the model broke down"));
    const error = await rejection(codex.startThread(threadOptions()).run("fail me"));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("the model broke down");

    script.on("fail streamed", failedResponse("broke down again"));
    const seen = await within(
      collect((await codex.startThread(threadOptions()).runStreamed("fail streamed")).events),
      "the stream",
    );
    const last = seen.at(-1);
    expect(last?.type).toBe("turn.failed");
    expect(last?.type === "turn.failed" && last.error.message).toContain("broke down again");
    expect(seen.some((e) => e.type === "turn.completed")).toBe(false);
  });

  it("an aborted signal rejects before anything is sent, and the thread stays unstarted", async () => {
    const before = env.mock.requests.length;
    const thread = codex.startThread(threadOptions());
    const error = await rejection(thread.run("never sent", { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).name).toBe("AbortError");
    expect(thread.id).toBeNull();
    expect(env.mock.requests.length).toBe(before);
  });

  it("aborting during a run stops the turn and rejects with an AbortError; the thread runs on", async () => {
    const gate = env.mock.gate();
    script.on("slow one", sseResponse(textResponse("never finished", { deltas: 2 }), { gate, gateAfter: 3 }));
    const thread = codex.startThread(threadOptions());
    const controller = new AbortController();
    const run = thread.run("slow one", { signal: controller.signal });
    await gate.waitUntilReached({ timeoutMs: 15_000 });
    controller.abort();
    const error = await rejection(run);
    expect(error).toBeInstanceOf(AbortError);
    gate.release();

    script.on("after abort", textResponse("Back again"));
    const next = await within(thread.run("after abort"), "the run after the abort");
    expect(next.finalResponse).toBe("Back again");
  });

  it("refuses a working directory outside a Git repository unless skipGitRepoCheck", async () => {
    const plain = join(env.harness.workspace, "not-a-repo");
    await mkdir(plain, { recursive: true });
    const before = env.mock.requests.length;
    const refused = codex.startThread({ workingDirectory: plain });
    const error = await rejection(refused.run("never sent"));
    expect((error as Error).message).toBe(
      "Not inside a trusted directory and --skip-git-repo-check was not specified.",
    );
    expect(refused.id).toBeNull();
    expect(env.mock.requests.length).toBe(before);

    const repo = join(env.harness.workspace, "repo");
    await mkdir(join(repo, ".git"), { recursive: true });
    await mkdir(join(repo, "src"), { recursive: true });
    script.on("inside a repo", textResponse("Fine here"));
    const turn = await within(
      codex.startThread({ workingDirectory: join(repo, "src") }).run("inside a repo"),
      "the run in a repo",
    );
    expect(turn.finalResponse).toBe("Fine here");
  });
});

describe("codex-sdk compat: client options", () => {
  it("apiKey and baseUrl apply to that client only: its requests go to baseUrl with the key; process.env is untouched", async () => {
    const other = await MockResponsesServer.start();
    const processEnv = { ...process.env };
    try {
      other.enqueue(textResponse("From the other endpoint"));
      const keyed = ownCodex({
        apiKey: "sk-compat-test-key",
        baseUrl: other.url,
        config: { model_provider: "openai" },
      });
      const turn = await within(keyed.startThread(threadOptions()).run("keyed request"), "the keyed run");
      expect(turn.finalResponse).toBe("From the other endpoint");
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.header("authorization")).toBe("Bearer sk-compat-test-key");
      expect(process.env).toEqual(processEnv);
      await keyed.close();

      // The shared client still talks to the harness mock, without the key.
      script.on("unkeyed", textResponse("Harness mock"));
      await within(codex.startThread(threadOptions()).run("unkeyed"), "the run on the other client");
      expect(requestFor("unkeyed").header("authorization")).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("config is flattened into --config overrides of the client's app-server", async () => {
    script.on("configured", textResponse("Configured"));
    const configured = ownCodex({
      config: { model: "configured-model", model_providers: { mock_provider: { request_max_retries: 0 } } },
    });
    await within(configured.startThread(threadOptions()).run("configured"), "the configured run");
    expect(requestFor("configured").bodyJson["model"]).toBe("configured-model");
    await configured.close();
  });
});
