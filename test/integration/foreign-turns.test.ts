/**
 * Turns the SDK did not start, against the real binary and the mock Responses API: attaching to a
 * turn another client of a shared WebSocket app-server started (running, and completed), an
 * unknown turn id, a review (`review/start`), waiting for a compaction, and a goal run spanning
 * two continuation turns (the model completes the goal with its `update_goal` tool).
 */
import { afterEach, describe, expect, it } from "vitest";

import {
  AbortError,
  Codex,
  InvalidArgumentError,
  TurnNotFoundError,
  type TurnEvent,
} from "../../src/index.js";
import {
  AppServerHarness,
  sseResponse,
  textResponse,
  toolCallResponse,
  type MockResponderResult,
  type RecordedRequest,
} from "../../src/testing/index.js";
import { startAppServer } from "../support/app-server-process.js";
import { agentTexts, collect, immediateRejection, rejection, SdkEnv, within } from "../support/sdk.js";

const TOKEN = "foreign-turns-token-3c9d1e";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function env(responder: (request: RecordedRequest) => MockResponderResult): Promise<SdkEnv> {
  const e = await SdkEnv.create();
  cleanups.push(() => e.dispose());
  e.mock.setResponder(responder);
  return e;
}

const isGoalRequest = (request: RecordedRequest): boolean => request.bodyText.includes('source=\\"goal\\"');

describe("attachTurn on a shared WebSocket app-server", () => {
  it("follows a turn a second client started, attaches to a completed turn, and refuses an unknown id", async () => {
    const harness = await AppServerHarness.create();
    cleanups.push(() => harness.dispose());
    const gate = harness.mock.gate();
    harness.mock.setResponder((request) =>
      request.lastUserText() === "slow one"
        ? sseResponse(textResponse("the slow answer", { deltas: 3 }), { gate, gateAfter: 2 })
        : textResponse(`reply to ${request.lastUserText() ?? ""}`),
    );
    const server = await startAppServer({ listen: "ws", token: TOKEN, harness });
    cleanups.push(() => server.dispose());
    const transport = { type: "websocket" as const, url: server.url, token: TOKEN };
    const first = new Codex({ ...harness.codexOptions(), transport });
    const second = new Codex({ ...harness.codexOptions(), transport });
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );

    const mine = await first.threadStart();
    await mine.run("warm up"); // a thread has no rollout (and cannot be resumed) before its first turn
    const theirs = await second.threadResume(mine.id);
    // The second client's turn: the first client did not start it.
    const started = await theirs.turn("slow one");
    await gate.waitUntilReached({ timeoutMs: 15_000 });
    const attached = await mine.attachTurn(started.id);
    // A third client subscribes only now: it received none of the turn's events, and sees the
    // stored turn (its items so far) and then the live events.
    const third = new Codex({ ...harness.codexOptions(), transport });
    cleanups.push(() => third.close());
    const lateJoiner = await (await third.threadResume(mine.id)).attachTurn(started.id);
    const lateEvents = collect(lateJoiner.stream({ interruptOnExit: false }));
    expect(attached.id).toBe(started.id);
    expect(attached.threadId).toBe(mine.id);
    const events = collect(attached.stream({ interruptOnExit: false }));
    gate.release();
    const result = await within(attached.result(), "the attached turn's result");
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("the slow answer");
    expect(agentTexts(result.items)).toEqual(["the slow answer"]);
    const lateResult = await within(lateJoiner.result(), "the late joiner's result");
    expect(lateResult.finalResponse).toBe("the slow answer");
    expect(lateResult.items.map((i) => i.type)).toEqual(result.items.map((i) => i.type));
    const lateSeen = await lateEvents;
    expect(lateSeen[0]?.method).toBe("turn/started");
    expect(lateSeen.filter((e) => e.method === "turn/started")).toHaveLength(1);
    expect(lateSeen.at(-1)?.method).toBe("turn/completed");
    const seen = await events;
    expect(seen.filter((e) => e.method === "turn/started")).toHaveLength(1);
    expect(seen.at(-1)?.method).toBe("turn/completed");
    await started.result();

    // A turn that already completed: its stored items and a rebuilt turn/completed.
    const done = await second.threadResume(mine.id).then((t) => t.run("second prompt"));
    const late = await mine.attachTurn(done.id);
    const doneResult = await within(late.run(), "the completed turn's result");
    expect(doneResult.finalResponse).toBe("reply to second prompt");
    expect(doneResult.status).toBe("completed");

    // The first client can still run its own turns (the queue is not left busy).
    expect((await within(mine.run("mine again"), "a turn after attaching")).finalResponse).toBe(
      "reply to mine again",
    );

    const unknown = await rejection(mine.attachTurn("01a00000-0000-7000-8000-000000000000"));
    expect(unknown).toBeInstanceOf(TurnNotFoundError);
    expect((unknown as TurnNotFoundError).turnId).toBe("01a00000-0000-7000-8000-000000000000");
    await expect(mine.attachTurn("")).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("review, compaction and goals", () => {
  it("review() returns the review turn's handle; the thread runs turns afterwards", async () => {
    const e = await env((request) =>
      request.lastUserText() === "check the diff"
        ? textResponse("no bugs found")
        : textResponse(`reply to ${request.lastUserText() ?? ""}`),
    );
    const codex = e.codex();
    const thread = await codex.threadStart();
    const review = await thread.review("check the diff");
    expect(review.threadId).toBe(thread.id);
    const events: TurnEvent[] = await collect(review);
    const result = await within(review.result(), "the review's result");
    expect(result.finalResponse).toBe("no bugs found");
    const exited = result.items.find((i) => i.type === "exitedReviewMode");
    expect(exited?.type === "exitedReviewMode" && exited.review).toBe("no bugs found");
    expect(
      events.some((ev) => ev.method === "item/completed" && ev.params.item.type === "enteredReviewMode"),
    ).toBe(true);
    expect((await within(thread.run("after review"), "a turn after the review")).finalResponse).toBe(
      "reply to after review",
    );
    await expect(thread.review({ type: "branch" } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(thread.review({ type: "baseBranch", branch: "" })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it("compact({ wait: true }) resolves once the compaction turn completed", async () => {
    const e = await env((request) =>
      request.bodyText.includes("CONTEXT CHECKPOINT COMPACTION")
        ? textResponse("the summary")
        : textResponse(`reply to ${request.lastUserText() ?? ""}`),
    );
    const thread = await e.codex().threadStart();
    await thread.run("first");
    const result = await within(thread.compact({ wait: true }), "the compaction");
    expect(result.status).toBe("completed");
    expect(result.items.map((i) => i.type)).toContain("contextCompaction");
    // Aborted before: rejected at once, nothing sent (the count below stays at one).
    const aborted = AbortSignal.abort();
    expect(await immediateRejection(thread.compact({ wait: true, signal: aborted }))).toBeInstanceOf(
      AbortError,
    );
    expect(await immediateRejection(thread.review("x", { signal: aborted }))).toBeInstanceOf(AbortError);
    expect(await immediateRejection(thread.startGoal("x", { signal: aborted }))).toBeInstanceOf(AbortError);
    expect(await immediateRejection(thread.attachTurn(result.id, { signal: aborted }))).toBeInstanceOf(
      AbortError,
    );
    const compactions = e.mock.requests.filter((r) => r.bodyText.includes("CONTEXT CHECKPOINT COMPACTION"));
    expect(compactions).toHaveLength(1);
    expect(e.mock.requests.filter((r) => r.lastUserText() === "x")).toHaveLength(0);
    expect(await thread.compact()).toEqual({});
    await expect(thread.compact({ wait: "yes" } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("runGoal() spans every continuation turn and ends when the model completes the goal", async () => {
    let goalRequests = 0;
    const e = await env((request) => {
      if (!isGoalRequest(request)) return textResponse("not a goal request");
      goalRequests++;
      if (goalRequests === 1) return textResponse("first step done");
      if (request.lastInputItem()?.type === "function_call_output") return textResponse("goal reached");
      return toolCallResponse("call_goal", "update_goal", { status: "complete" });
    });
    const thread = await e.codex().threadStart();
    const goal = await thread.startGoal("  reach the goal  ");
    const events = await collect(goal);
    const result = await within(goal.result(), "the goal run");
    expect(result.id).toBe(goal.id);
    expect(result.status).toBe("completed");
    expect(agentTexts(result.items)).toEqual(["first step done", "goal reached"]);
    expect(result.finalResponse).toBe("goal reached");
    // One logical turn: one start, one completion, every event under the handle's id.
    expect(events.filter((ev) => ev.method === "turn/started")).toHaveLength(1);
    expect(events.filter((ev) => ev.method === "turn/completed")).toHaveLength(1);
    const turnIds = new Set(events.map((ev) => (ev.params as { turnId?: string }).turnId).filter(Boolean));
    expect([...turnIds]).toEqual([goal.id]);
    const turns = await thread.read({ includeTurns: true });
    expect(turns.thread.turns.length).toBeGreaterThanOrEqual(2);
    expect((await thread.getGoal()).goal?.status).toBe("complete");
    expect((await thread.clearGoal()).cleared).toBe(true);
    expect((await thread.getGoal()).goal).toBeNull();

    await expect(thread.runGoal("   ")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(thread.runGoal("x".repeat(4001))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(thread.setGoal({ status: "done" } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("interrupting a goal run pauses the goal and ends the run interrupted; the thread runs turns afterwards", async () => {
    const harness = await AppServerHarness.create();
    cleanups.push(() => harness.dispose());
    const gate = harness.mock.gate();
    // The later turn's request carries the goal turns in its history: it is told by its prompt.
    harness.mock.setResponder((request) =>
      isGoalRequest(request) && request.lastUserText() !== "after the goal"
        ? sseResponse(textResponse("working on it for a long time", { deltas: 4 }), { gate, gateAfter: 2 })
        : textResponse(`reply to ${request.lastUserText() ?? ""}`),
    );
    const codex = new Codex(harness.codexOptions());
    cleanups.push(() => codex.close());
    const thread = await codex.threadStart();
    const goal = await thread.startGoal("a goal that never ends");
    await gate.waitUntilReached({ timeoutMs: 15_000 });
    expect(await within(goal.interrupt(), "the goal interrupt")).toEqual({ alreadyFinished: false });
    const result = await within(goal.result(), "the interrupted goal run");
    expect(result.status).toBe("interrupted");
    expect(result.id).toBe(goal.id);
    expect((await thread.getGoal()).goal?.status).toBe("paused");
    expect(await goal.interrupt()).toEqual({ alreadyFinished: true });
    expect((await within(thread.run("after the goal"), "a turn after the goal")).finalResponse).toBe(
      "reply to after the goal",
    );
  });
});
