/**
 * Controlling running turns through the real pinned binary: steer, interrupt, cancellation with an
 * `AbortSignal` (mid-stream and before `turn/start` returned), and the stickiness of approval
 * modes across resume, fork and turns.
 * Ports python-sdk.md §3.8 (test_app_server_turn_controls.py) and §3.2 (test_app_server_approvals.py).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  AbortError,
  ApprovalMode,
  InvalidRequestError,
  type Codex,
  type Notification,
} from "../../src/index.js";
import { sseResponse, textResponse, type RecordedRequest } from "../../src/testing/index.js";
import { listenersCalled } from "../support/listeners.js";
import {
  agentTexts,
  collect,
  deltasOf,
  PromptScript,
  rejection,
  SdkEnv,
  signal,
  userTexts,
  within,
} from "../support/sdk.js";

let env: SdkEnv;
let script: PromptScript;

afterEach(async () => {
  await env.dispose();
});

/** Every `turn/completed` the client receives, by turn id. */
function completions(codex: Codex): Map<string, Notification> {
  const seen = new Map<string, Notification>();
  codex.on("turn/completed", (n) => seen.set(n.params.turn.id, n));
  return seen;
}

/** A reply held after created + item added + first delta, until `gate` is released. */
function heldReply(text: string, deltas: string[]) {
  const gate = env.mock.gate();
  return { gate, answer: sseResponse(textResponse(text, { deltas }), { gate, gateAfter: 3 }) };
}

describe("steer and interrupt", () => {
  beforeEach(async () => {
    env = await SdkEnv.create();
    script = new PromptScript(env.mock);
  });

  it("steer() adds input to the running turn: same turn id, and the next model request carries it", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("before steer", ["before", " steer"]);
    script.on("start steering", answer);
    script.on("steering input", textResponse("after steer"));
    const deltas: string[] = [];
    const firstDelta = signal();
    codex.on("item/agentMessage/delta", (n) => {
      deltas.push(n.params.delta);
      firstDelta.resolve();
    });
    const thread = await codex.threadStart();
    const turn = await thread.turn("start steering");
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    await within(firstDelta.promise, "the first delta");

    expect(await turn.steer("steering input")).toEqual({ turnId: turn.id });
    const result = await turn.run();

    const [first, second] = await env.mock.waitForRequests(2);
    expect(first?.lastUserText()).toBe("start steering");
    expect(second?.lastUserText()).toBe("steering input");
    expect(result.id).toBe(turn.id);
    expect(result.status).toBe("completed");
    expect(userTexts(result.items)).toEqual(["start steering", "steering input"]);
    // The runtime abandons the model stream the steer cut short (its message never completes,
    // spec §9) and answers from a new request that includes the steering input.
    await listenersCalled();
    expect(deltas).toEqual(["before", "after steer"]);
    expect(agentTexts(result.items)).toEqual(["after steer"]);
    expect(result.finalResponse).toBe("after steer");

    // Steering a finished turn is refused by the server.
    await expect(turn.steer("too late")).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it("interrupt() stops the turn: run() resolves with status interrupted and a follow-up run completes", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("never finished", ["never", " finished"]);
    script.on("long task", answer);
    script.on("next task", textResponse("next done"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("long task");
    await gate.waitUntilReached({ timeoutMs: 10_000 });

    expect(await turn.interrupt()).toEqual({ alreadyFinished: false });
    const result = await turn.run();
    expect(result.id).toBe(turn.id);
    expect(result.status).toBe("interrupted");
    expect(result.finalResponse).toBeNull();
    // A finished turn: a no-op that says so (nothing is sent), so `finally { interrupt() }` is safe.
    expect(await turn.interrupt()).toEqual({ alreadyFinished: true });

    const next = await thread.run("next task");
    expect(next.status).toBe("completed");
    expect(next.finalResponse).toBe("next done");
  });

  it("interrupt() called as soon as turn() resolves waits for turn/started instead of being refused", async () => {
    const codex = env.codex();
    const { gate, answer } = heldReply("cut short", ["cut", " short"]);
    script.on("interrupt me at once", answer);
    script.on("afterwards", textResponse("fine"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("interrupt me at once");
    // No wait for any event: the server may not have reported the turn started yet.
    expect(await turn.interrupt()).toEqual({ alreadyFinished: false });
    const result = await turn.run();
    expect(result.status).toBe("interrupted");
    gate.release();
    expect((await thread.run("afterwards")).finalResponse).toBe("fine");
  });
});

describe("cancellation with an AbortSignal", () => {
  beforeEach(async () => {
    env = await SdkEnv.create();
    script = new PromptScript(env.mock);
  });

  it("aborting run() mid-stream interrupts the turn on the server, then rejects with AbortError", async () => {
    const { codex, spy } = env.spiedCodex();
    const seen = completions(codex);
    const { gate, answer } = heldReply("interrupted reply", ["interrupted", " reply"]);
    script.on("abort me", answer);
    script.on("after abort", textResponse("still works"));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const running = rejection(thread.run("abort me", { signal: controller.signal }), "the aborted run");
    await gate.waitUntilReached({ timeoutMs: 10_000 });

    controller.abort();
    const error = await running;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).name).toBe("AbortError");

    const interrupts = spy.requests("turn/interrupt");
    expect(interrupts).toHaveLength(1);
    const turnId = (interrupts[0]?.["params"] as { turnId: string }).turnId;
    expect(interrupts[0]?.["params"]).toEqual({ threadId: thread.id, turnId });
    // run() settled only once the server confirmed the turn stopped.
    await listenersCalled(); // codex.on() listeners run in a later batch
    const completed = seen.get(turnId);
    expect(completed?.method === "turn/completed" && completed.params.turn.status).toBe("interrupted");

    const next = await thread.run("after abort");
    expect(next.finalResponse).toBe("still works");
  });

  it("aborting a stream() mid-way ends the loop with AbortError after the events received so far", async () => {
    const { codex, spy } = env.spiedCodex();
    const { answer } = heldReply("streamed then aborted", ["streamed", " then aborted"]);
    script.on("stream then abort", answer);
    script.on("stream again", textResponse("fine"));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const turn = await thread.turn("stream then abort", { signal: controller.signal });

    const events = collect(turn.stream(), () => controller.abort());
    const error = await rejection(events, "the aborted stream");
    expect((error as Error).name).toBe("AbortError");
    expect(spy.requests("turn/interrupt")).toHaveLength(1);

    const next = await thread.turn("stream again");
    expect(deltasOf(await within(collect(next.stream()), "the next stream")).join("")).toBe("fine");
  });

  it("an already aborted signal sends nothing at all", async () => {
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(thread.run("never sent", { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(spy.requests("turn/start")).toHaveLength(0);
    expect(env.mock.requests).toHaveLength(0);
  });

  it("aborting while turn/start is in flight interrupts the turn once its id is known", async () => {
    const { codex, spy } = env.spiedCodex();
    const seen = completions(codex);
    // Whether the runtime reaches the model before the interrupt does not matter: hold it if so.
    script.on("abort in flight", heldReply("too late", ["too", " late"]).answer);
    script.on("after the in-flight abort", textResponse("works"));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    spy.onSend = (message) => {
      if (message["method"] === "turn/start") controller.abort();
    };

    const error = await rejection(thread.run("abort in flight", { signal: controller.signal }));
    spy.onSend = undefined;
    expect(error).toBeInstanceOf(AbortError);
    const interrupts = spy.requests("turn/interrupt");
    expect(interrupts).toHaveLength(1);
    const turnId = (interrupts[0]?.["params"] as { turnId: string }).turnId;
    await listenersCalled(); // codex.on() listeners run in a later batch
    const completed = seen.get(turnId);
    expect(completed?.method === "turn/completed" && completed.params.turn.status).toBe("interrupted");

    const next = await thread.run("after the in-flight abort");
    expect(next.finalResponse).toBe("works");
  });

  it("aborting right after turn() resolved, before the turn started on the server, still interrupts it", async () => {
    const { codex, spy } = env.spiedCodex();
    script.on("abort at once", heldReply("too late", ["too", " late"]).answer);
    script.on("after the early abort", textResponse("fine again"));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const turn = await thread.turn("abort at once", { signal: controller.signal });
    controller.abort();

    const result = turn.run();
    expect(await rejection(result)).toBeInstanceOf(AbortError);
    expect(spy.requests("turn/interrupt").map((m) => m["params"])).toEqual([
      { threadId: thread.id, turnId: turn.id },
    ]);
    expect((await thread.run("after the early abort")).finalResponse).toBe("fine again");
  });

  it("aborting after the turn completed changes nothing", async () => {
    const { codex, spy } = env.spiedCodex();
    script.on("quick", textResponse("done"));
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const result = await thread.run("quick", { signal: controller.signal });
    controller.abort();
    expect(result.finalResponse).toBe("done");
    expect(spy.requests("turn/interrupt")).toHaveLength(0);
  });
});

/** What the latest permissions instructions of a model request tell the model about approvals. */
function approvalToldToModel(request: RecordedRequest): "never" | "auto_review" | "other" {
  const blocks = request
    .messageInputTexts("developer")
    .filter((t) => t.includes("<permissions instructions>"));
  const latest = blocks.at(-1) ?? "";
  if (latest.includes("Approval policy is currently never")) return "never";
  if (latest.includes("`approvals_reviewer` is `auto_review`")) return "auto_review";
  return "other";
}

function requestFor(prompt: string): RecordedRequest {
  const request = env.mock.requests.find((r) => r.lastUserText() === prompt);
  if (!request) throw new Error(`no model request for ${JSON.stringify(prompt)}`);
  return request;
}

describe("approval modes are sticky", () => {
  // The config default is on-request, so "never" afterwards can only come from the stored setting.
  beforeEach(async () => {
    env = await SdkEnv.create({ config: { approval_policy: "on-request" } });
    script = new PromptScript(env.mock);
  });

  it("a thread started with deny_all is resumed with approvalPolicy never when no mode is given", async () => {
    script.on("materialize", textResponse("ok"));
    const first = env.codex();
    const thread = await first.threadStart({ approvalMode: ApprovalMode.deny_all });
    expect(thread.settings?.approvalPolicy).toBe("never");
    await thread.run("materialize");
    await first.close();

    // A fresh app-server knows the thread only from what it stored.
    const { codex, spy } = env.spiedCodex();
    const resumed = await codex.threadResume(thread.id);
    expect(resumed.id).toBe(thread.id);
    expect(resumed.settings?.approvalPolicy).toBe("never");
    expect(spy.requests("thread/resume")[0]?.["params"]).toEqual({ threadId: thread.id });
  });

  it("a fork inherits deny_all, and can override it with auto_review", async () => {
    const codex = env.codex();
    script.on("materialize", textResponse("ok"));
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all });
    await thread.run("materialize");

    const inherited = await codex.threadFork(thread.id);
    expect(inherited.id).not.toBe(thread.id);
    expect(inherited.settings?.approvalPolicy).toBe("never");

    const overridden = await codex.threadFork(thread.id, { approvalMode: ApprovalMode.auto_review });
    expect(overridden.settings?.approvalPolicy).toBe("on-request");
    expect(overridden.settings?.approvalsReviewer).toBe("auto_review");
  });

  it("a turn-level deny_all persists for the next turn without a mode", async () => {
    const codex = env.codex();
    script.on("turn with deny_all", textResponse("one"));
    script.on("turn without mode", textResponse("two"));
    const thread = await codex.threadStart();
    expect(thread.settings?.approvalPolicy).toBe("on-request");
    expect(thread.settings?.approvalsReviewer).toBe("auto_review");

    await thread.run("turn with deny_all", { approvalMode: ApprovalMode.deny_all });
    await thread.run("turn without mode");
    expect(approvalToldToModel(requestFor("turn with deny_all"))).toBe("never");
    expect(approvalToldToModel(requestFor("turn without mode"))).toBe("never");
    expect((await codex.threadResume(thread.id)).settings?.approvalPolicy).toBe("never");
  });

  it("run() without a mode keeps deny_all until an explicit auto_review switches it", async () => {
    const codex = env.codex();
    script.on("keep it", textResponse("kept"));
    script.on("switch it", textResponse("switched"));
    const thread = await codex.threadStart({ approvalMode: ApprovalMode.deny_all });

    await thread.run("keep it");
    expect(approvalToldToModel(requestFor("keep it"))).toBe("never");
    expect((await codex.threadResume(thread.id)).settings?.approvalPolicy).toBe("never");

    await thread.run("switch it", { approvalMode: ApprovalMode.auto_review });
    expect(approvalToldToModel(requestFor("switch it"))).toBe("auto_review");
    const after = await codex.threadResume(thread.id);
    expect(after.settings?.approvalPolicy).toBe("on-request");
    expect(after.settings?.approvalsReviewer).toBe("auto_review");
  });
});
