/**
 * Turns of one thread through the real pinned binary: concurrent `run()`s run one after another,
 * each its own turn, never merged by the runtime (which treats a `turn/start` on a busy thread as a
 * steer); queued calls that are aborted or closed send nothing; leaving a stream interrupts its
 * turn; `interrupt()` of a finished turn is a no-op; one signal shared by many turns.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AbortError, Codex, CodexError, type Notification } from "../../src/index.js";
import { sseResponse, textResponse } from "../../src/testing/index.js";
import { startAppServer } from "../support/app-server-process.js";
import { PromptScript, rejection, SdkEnv, signal, userTexts, within } from "../support/sdk.js";

let env: SdkEnv;
let script: PromptScript;

beforeEach(async () => {
  env = await SdkEnv.create();
  script = new PromptScript(env.mock);
});

afterEach(async () => {
  const unused = script.takeUnused();
  await env.dispose();
  expect(unused).toEqual([]);
});

/** A reply held after created + item added + first delta, until `gate` is released. */
function heldReply(text: string) {
  const gate = env.mock.gate();
  return {
    gate,
    answer: sseResponse(textResponse(text, { deltas: [text.slice(0, 3), text.slice(3)] }), {
      gate,
      gateAfter: 3,
    }),
  };
}

/** Resolves with the next `turn/completed` the client receives. */
function nextCompletion(codex: ReturnType<SdkEnv["codex"]>): Promise<Notification> {
  const done = signal<Notification>();
  const off = codex.on("turn/completed", (n) => done.resolve(n));
  return within(done.promise, "turn/completed").finally(off);
}

describe("concurrent run() on one thread", () => {
  for (const n of [2, 5]) {
    it(`${n} concurrent run()s each get their own turn and answer, in call order, each input sent once`, async () => {
      const { codex, spy } = env.spiedCodex();
      const prompts = Array.from({ length: n }, (_, i) => `prompt number ${i}`);
      for (const p of prompts) script.on(p, textResponse(`answer to ${p}`));
      const thread = await codex.threadStart();

      const results = await within(Promise.all(prompts.map((p) => thread.run(p))), `${n} runs`, 60_000);

      expect(results.map((r) => r.finalResponse)).toEqual(prompts.map((p) => `answer to ${p}`));
      expect(new Set(results.map((r) => r.id)).size).toBe(n);
      for (const [i, r] of results.entries()) expect(userTexts(r.items)).toEqual([prompts[i]]);
      // Each input reached the model exactly once, as the newest input of its own request, in order.
      const requests = env.mock.requests;
      expect(requests.map((r) => r.lastUserText())).toEqual(prompts);
      // And each turn/start carried one prompt, in call order.
      const sent = spy.requests("turn/start").map((m) => JSON.stringify(m["params"]));
      expect(sent).toHaveLength(n);
      for (const [i, p] of prompts.entries()) expect(sent[i]).toContain(p);
    });
  }

  it("a queued run() that is aborted rejects with AbortError and never sends its input", async () => {
    const { codex, spy } = env.spiedCodex();
    const { gate, answer } = heldReply("first answer");
    script.on("first", answer);
    script.on("third", textResponse("third answer"));
    const thread = await codex.threadStart();
    const first = thread.run("first");
    await gate.waitUntilReached({ timeoutMs: 10_000 });

    const controller = new AbortController();
    const second = thread.run("second", { signal: controller.signal });
    const third = thread.run("third");
    controller.abort();
    expect(await rejection(second, "the aborted queued run")).toBeInstanceOf(AbortError);
    gate.release();

    expect((await within(first, "first")).finalResponse).toBe("first answer");
    expect((await within(third, "third")).finalResponse).toBe("third answer");
    expect(env.mock.requests.map((r) => r.lastUserText())).toEqual(["first", "third"]);
    expect(JSON.stringify(spy.requests("turn/start"))).not.toContain("second");
  });

  it("close() while a run() is queued rejects it without sending its input", async () => {
    const { codex, spy } = env.spiedCodex();
    const { gate, answer } = heldReply("never finished");
    script.on("running", answer);
    const thread = await codex.threadStart();
    const running = thread.run("running").catch((e: unknown) => e);
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    const queued = thread.run("queued").catch((e: unknown) => e);

    await codex.close();
    expect(await within(queued, "the queued run after close()")).toBeInstanceOf(CodexError);
    expect(await running).toBeInstanceOf(CodexError);
    expect(JSON.stringify(spy.requests("turn/start"))).not.toContain("queued");
  });

  it("a run() while another client's turn runs on the thread waits for it instead of merging into it", async () => {
    // Two connections to one app-server (over a unix socket): b sees a's turn start.
    const server = await startAppServer({ listen: "unix", harness: env.harness });
    try {
      await twoClients(server.socketPath ?? "");
    } finally {
      await server.dispose();
    }
  });

  async function twoClients(path: string): Promise<void> {
    const a = env.track(new Codex({ transport: { type: "unix", path } }));
    const b = env.track(new Codex({ transport: { type: "unix", path } }));
    const { gate, answer } = heldReply("answer for a");
    script.on("warm up", textResponse("warm"));
    script.on("from a", answer);
    script.on("from b", textResponse("answer for b"));
    const threadA = await a.threadStart();
    await threadA.run("warm up"); // b resumes a thread with history
    const threadB = await b.threadResume(threadA.id);
    const seenByB = signal<Notification>();
    b.on("turn/started", (n) => seenByB.resolve(n));

    const runA = threadA.run("from a");
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    await within(seenByB.promise, "b to see a's turn start");
    const runB = threadB.run("from b");
    gate.release();

    const resultA = await within(runA, "a's run");
    const resultB = await within(runB, "b's run");
    expect(userTexts(resultA.items)).toEqual(["from a"]);
    expect(resultA.finalResponse).toBe("answer for a");
    expect(resultB.id).not.toBe(resultA.id);
    expect(userTexts(resultB.items)).toEqual(["from b"]);
    expect(resultB.finalResponse).toBe("answer for b");
  }

  it("twenty concurrent turns (on ten threads, two each) sharing one AbortSignal print no MaxListenersExceededWarning", async () => {
    const codex = env.codex();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const threads = await Promise.all(Array.from({ length: 10 }, () => codex.threadStart()));
      const prompts = Array.from({ length: 20 }, (_, i) => `shared signal ${i}`);
      for (const p of prompts) script.on(p, textResponse(`ok ${p}`));
      const results = await within(
        Promise.all(
          prompts.map((p, i) =>
            (threads[i % 10] as (typeof threads)[number]).run(p, { signal: controller.signal }),
          ),
        ),
        "20 runs",
        90_000,
      );
      expect(results.map((r) => r.finalResponse)).toEqual(prompts.map((p) => `ok ${p}`));
      // Warnings are emitted on the next tick: let one pass.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning").map((w) => w.message)).toEqual(
      [],
    );
  }, 120_000);
});

describe("leaving a stream early", () => {
  it("break on the first delta interrupts the turn; the next run() is a turn of its own", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("long story");
    script.on("tell a story", answer);
    script.on("second", textResponse("second answer"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("tell a story");
    const completed = nextCompletion(codex);

    for await (const event of turn.stream()) if (event.method === "item/agentMessage/delta") break;
    // return() waited for the interrupted turn's completion.
    const first = await completed;
    expect(first.method === "turn/completed" && first.params.turn.status).toBe("interrupted");
    gate.release();

    const second = await within(thread.run("second"), "the next run");
    expect(second.id).not.toBe(turn.id);
    expect(second.finalResponse).toBe("second answer");
    expect(userTexts(second.items)).toEqual(["second"]);
    expect(env.mock.requests.map((r) => r.lastUserText())).toEqual(["tell a story", "second"]);
    expect(await turn.interrupt()).toEqual({ alreadyFinished: true });
  });

  it("a throw inside the loop interrupts the turn too", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("long story");
    script.on("throw midway", answer);
    const thread = await codex.threadStart();
    const turn = await thread.turn("throw midway");
    const completed = nextCompletion(codex);
    const thrown = new Error("consumer failed");
    const error = await (async () => {
      for await (const event of turn.stream()) if (event.method === "item/agentMessage/delta") throw thrown;
    })().catch((e: unknown) => e);
    expect(error).toBe(thrown);
    const first = await completed;
    expect(first.method === "turn/completed" && first.params.turn.status).toBe("interrupted");
    gate.release();
  });

  it("interruptOnExit: false leaves the turn running; it completes, and interrupt() then says alreadyFinished", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("kept running");
    script.on("keep going", answer);
    script.on("after", textResponse("after answer"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("keep going");
    const completed = nextCompletion(codex);
    for await (const event of turn.stream({ interruptOnExit: false })) {
      if (event.method === "item/agentMessage/delta") break;
    }
    const next = thread.run("after");
    gate.release();
    const first = await completed;
    expect(first.method === "turn/completed" && first.params.turn.status).toBe("completed");
    expect(first.method === "turn/completed" && first.params.turn.id).toBe(turn.id);
    expect((await within(next, "the next run")).finalResponse).toBe("after answer");
    // The handle stopped receiving events at the break: the server says the turn is not active.
    expect(await turn.interrupt()).toEqual({ alreadyFinished: true });
  });
});
