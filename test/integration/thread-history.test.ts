/**
 * Thread history and lifecycle against the real binary and the mock model: fork at a turn (the
 * fork's next model request carries only the history up to that turn), revert, delete, unsubscribe,
 * paging of turns and items (order, completeness, cursors followed lazily, abort), resume without
 * history, a fuzzy file search session and feedback/save. Every method used exists on the oldest
 * supported runtime (0.169.0), so nothing here skips.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  AbortError,
  InvalidArgumentError,
  InvalidRequestError,
  ThreadNotFoundError,
  type Codex,
  type Thread,
} from "../../src/index.js";
import { textResponse } from "../../src/testing/index.js";
import type { FileSearchSessionEvent } from "../../src/api/runtime/file-search-session.js";
import { agentTexts, rejection, SdkEnv, userTexts, within } from "../support/sdk.js";

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** A thread with `count` completed turns (prompts `q0`…), and the turn ids in order. */
async function threadWithTurns(codex: Codex, count: number): Promise<{ thread: Thread; ids: string[] }> {
  const thread = await codex.threadStart();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    env.mock.enqueue(textResponse(`a${i}`));
    ids.push((await thread.run(`q${i}`)).id);
  }
  return { thread, ids };
}

describe("fork, revert, delete, unsubscribe", () => {
  it("fork({ lastTurnId }) keeps the turns up to it: the fork's next model request carries only those", async () => {
    const codex = env.codex();
    const { thread, ids } = await threadWithTurns(codex, 3);
    const fork = await thread.fork({ lastTurnId: ids[1] });
    expect(fork.id).not.toBe(thread.id);

    env.mock.enqueue(textResponse("forked answer"));
    const before = env.mock.requests.length;
    expect((await fork.run("q-fork")).finalResponse).toBe("forked answer");
    const request = env.mock.requests[before];
    const users = request?.messageInputTexts("user") ?? [];
    expect(users).toEqual(expect.arrayContaining(["q0", "q1", "q-fork"]));
    expect(users).not.toContain("q2");
    expect(request?.messageInputTexts("assistant")).toEqual(["a0", "a1"]);
    const forkTurns = [];
    for await (const turn of fork.turns({ sortDirection: "asc" })) forkTurns.push(turn);
    expect(forkTurns.map((t) => userTexts(t.items))).toEqual([["q0"], ["q1"], ["q-fork"]]);
    // The source thread is untouched.
    expect((await thread.turns()).data.map((t) => t.id)).toEqual([...ids].reverse());
  });

  it("revert(turnId) drops that turn and the later ones from the history; the next turn continues before it", async () => {
    const codex = env.codex();
    const { thread, ids } = await threadWithTurns(codex, 3);
    const reverted = await thread.revert(ids[1] ?? "");
    expect(reverted.thread.id).toBe(thread.id);
    expect(reverted.thread.turns).toEqual([]);
    const kept = [];
    for await (const turn of thread.turns({ sortDirection: "asc" })) kept.push(turn.id);
    expect(kept).toEqual([ids[0]]);
    expect((await thread.read({ includeTurns: true })).thread.turns.map((t) => t.id)).toEqual([ids[0]]);

    env.mock.enqueue(textResponse("after revert"));
    const before = env.mock.requests.length;
    await thread.run("q-next");
    const users = env.mock.requests[before]?.messageInputTexts("user") ?? [];
    expect(users).toEqual(expect.arrayContaining(["q0", "q-next"]));
    expect(users).not.toContain("q1");
    expect(users).not.toContain("q2");

    const bad = await rejection(thread.revert("no-such-turn"));
    expect(bad).toBeInstanceOf(InvalidRequestError);
  });

  it("delete() removes the thread: the list no longer shows it and resuming it is a ThreadNotFoundError", async () => {
    const codex = env.codex();
    const { thread: kept } = await threadWithTurns(codex, 1);
    const { thread } = await threadWithTurns(codex, 1);
    expect((await codex.threadList()).data.map((t) => t.id)).toContain(thread.id);
    expect(await thread.delete()).toEqual({});
    const listed = (await codex.threadList()).data.map((t) => t.id);
    expect(listed).not.toContain(thread.id);
    expect(listed).toContain(kept.id);
    const resumed = await rejection(codex.threadResume(thread.id));
    expect(resumed).toBeInstanceOf(ThreadNotFoundError);
    expect(resumed).toBeInstanceOf(InvalidRequestError);
    expect((resumed as ThreadNotFoundError).threadId).toBe(thread.id);
    expect(await rejection(codex.threadDelete(thread.id))).toBeInstanceOf(ThreadNotFoundError);
    expect(await rejection(codex.threadFork(UNKNOWN))).toBeInstanceOf(ThreadNotFoundError);
  });

  it("unsubscribe() detaches this client; the next turn resubscribes (thread/resume) and streams as before", async () => {
    const { codex, spy } = env.spiedCodex();
    const { thread } = await threadWithTurns(codex, 1);
    expect(await thread.unsubscribe()).toEqual({ status: "unsubscribed" });
    expect(await thread.unsubscribe()).toEqual({ status: "notSubscribed" });
    expect(spy.requests("thread/resume")).toHaveLength(0);

    env.mock.enqueue(textResponse("again"));
    expect((await within(thread.run("q-again"), "the turn after unsubscribe")).finalResponse).toBe("again");
    const resumes = spy.requests("thread/resume");
    expect(resumes).toHaveLength(1);
    expect(resumes[0]?.["params"]).toMatchObject({ threadId: thread.id, excludeTurns: true });
  });

  it("unsubscribe() while a turn runs is refused and sends nothing", async () => {
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("slow"), { gate });
    const turn = await thread.turn("q-slow");
    await expect(thread.unsubscribe()).rejects.toThrow(/running or queued/);
    expect(spy.requests("thread/unsubscribe")).toHaveLength(0);
    gate.release();
    expect((await turn.run()).finalResponse).toBe("slow");
  });

  it("threadResume(id, { excludeTurns: true }) returns the thread without its turns", async () => {
    const codex = env.codex();
    const { thread, ids } = await threadWithTurns(codex, 2);
    await codex.close();
    const again = env.codex();
    const light = await again.threadResume(thread.id, { excludeTurns: true });
    expect(light.info.turns).toEqual([]);
    expect((await light.turns({ sortDirection: "asc" })).data.map((t) => t.id)).toEqual(ids);
    const full = await again.threadResume(thread.id);
    expect(full.info.turns.map((t) => t.id)).toEqual(ids);
  });
});

describe("paging", () => {
  it("turns() and items() yield every entry in order, following cursors lazily", async () => {
    const { codex, spy } = env.spiedCodex();
    const { thread, ids } = await threadWithTurns(codex, 5);

    const newestFirst = [];
    for await (const turn of thread.turns({ limit: 2 })) newestFirst.push(turn.id);
    expect(newestFirst).toEqual([...ids].reverse());
    expect(spy.requests("thread/turns/list")).toHaveLength(3); // 2 + 2 + 1

    const oldestFirst = [];
    for await (const turn of thread.turns({ limit: 2, sortDirection: "asc" })) oldestFirst.push(turn);
    expect(oldestFirst.map((t) => t.id)).toEqual(ids);
    expect(oldestFirst.map((t) => agentTexts(t.items))).toEqual(ids.map((_, i) => [`a${i}`]));

    // Lazily: three turns need two pages of two; breaking out fetches nothing more.
    const sent = spy.requests("thread/turns/list").length;
    const taken = [];
    for await (const turn of thread.turns({ limit: 2, sortDirection: "asc" })) {
      taken.push(turn.id);
      if (taken.length === 3) break;
    }
    expect(taken).toEqual(ids.slice(0, 3));
    expect(spy.requests("thread/turns/list").length - sent).toBe(2);
    const cursors = spy
      .requests("thread/turns/list")
      .slice(sent)
      .map((r) => (r["params"] as { cursor?: unknown }).cursor);
    expect(cursors[0]).toBeUndefined();
    expect(typeof cursors[1]).toBe("string");

    // Awaited: one page, one request.
    const page = await thread.turns({ limit: 2, sortDirection: "asc" });
    expect(page.data.map((t) => t.id)).toEqual(ids.slice(0, 2));
    expect(page.nextCursor).toEqual(expect.any(String));

    const items = [];
    for await (const entry of thread.items({ limit: 3 })) items.push(entry);
    expect(items.map((e) => e.turnId)).toEqual(ids.flatMap((id) => [id, id]));
    expect(items.map((e) => e.item.type)).toEqual(ids.flatMap(() => ["userMessage", "agentMessage"]));
    expect(spy.requests("thread/items/list")).toHaveLength(4); // 3 + 3 + 3 + 1
    const ofOne = [];
    for await (const entry of thread.items({ turnId: ids[2] })) ofOne.push(entry.item);
    expect(userTexts(ofOne)).toEqual(["q2"]);
  });

  it("refuses bad paging options before sending anything, and stops at an abort mid-paging", async () => {
    const { codex, spy } = env.spiedCodex();
    const { thread, ids } = await threadWithTurns(codex, 3);
    const bad = [
      () => thread.turns({ limit: 0 }),
      () => thread.turns({ limit: 1.5 }),
      () => thread.turns({ cursor: "" }),
      () => thread.turns({ sortDirection: "up" as never }),
      () => thread.turns({ itemsView: "all" as never }),
      () => thread.items({ cursor: { type: "item", itemId: "x" } }),
      () => thread.items({ limit: -1 }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(thread.fork({ lastTurnId: ids[0], beforeTurnId: ids[1] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(thread.revert("")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(spy.requests("thread/turns/list")).toEqual([]);
    expect(spy.requests("thread/items/list")).toEqual([]);
    expect(spy.requests("thread/fork")).toEqual([]);
    expect(spy.requests("thread/revert")).toEqual([]);

    const controller = new AbortController();
    const seen: string[] = [];
    const loop = (async () => {
      for await (const turn of thread.turns({ limit: 1, signal: controller.signal })) {
        seen.push(turn.id);
        controller.abort();
      }
    })();
    expect(await rejection(loop)).toBeInstanceOf(AbortError);
    expect(seen).toEqual([ids[2]]);
    expect(spy.requests("thread/turns/list")).toHaveLength(1);

    // A cursor the runtime cannot read is its InvalidRequestError.
    expect(await rejection(thread.turns({ cursor: "garbage" }))).toBeInstanceOf(InvalidRequestError);
  });
});

describe("runtime control", () => {
  it("a fuzzy file search session yields the matches of each update, and stop() ends it", async () => {
    mkdirSync(join(env.harness.workspace, "src"), { recursive: true });
    writeFileSync(join(env.harness.workspace, "src", "alpha-needle.ts"), "x");
    writeFileSync(join(env.harness.workspace, "beta-notes.md"), "x");
    const codex = env.codex();
    const session = await codex.fuzzyFileSearchSession({ roots: [env.harness.workspace] });
    const events: FileSearchSessionEvent[] = [];
    // Checked on each event as it arrives: no polling, and nothing left running after a timeout.
    let onEvent = (): void => {};
    const consumed = (async () => {
      for await (const event of session) {
        events.push(event);
        onEvent();
      }
    })();
    const eventually = (check: () => boolean, what: string): Promise<void> =>
      within(
        new Promise<void>((resolve) => {
          onEvent = () => {
            if (!check()) return;
            onEvent = () => {};
            resolve();
          };
          onEvent();
        }),
        what,
      );
    // The runtime may answer a query before its index is complete (an update with fewer files, or
    // none), then again: wait for the update that has files, and check every update of the query.
    const resultOf = async (query: string): Promise<string[][]> => {
      await session.update(query);
      const updates = (): string[][] =>
        events.flatMap((e) =>
          e.method === "fuzzyFileSearch/sessionUpdated" && e.params.query === query
            ? [e.params.files.map((f) => f.path)]
            : [],
        );
      await eventually(() => updates().some((files) => files.length > 0), `the results of ${query}`);
      return updates();
    };
    const needle = await resultOf("needle");
    expect(needle.at(-1)).toEqual(["src/alpha-needle.ts"]);
    expect(needle.flat().every((path) => path === "src/alpha-needle.ts")).toBe(true);
    const notes = await resultOf("btnotes");
    expect(notes.at(-1)).toEqual(["beta-notes.md"]);
    expect(notes.flat().every((path) => path === "beta-notes.md")).toBe(true);
    // The completion notice follows the updates; under load it may still be on its way here.
    await eventually(
      () => events.some((e) => e.method === "fuzzyFileSearch/sessionCompleted"),
      "a fuzzyFileSearch/sessionCompleted",
    );
    expect(events.every((e) => e.params.sessionId === session.id)).toBe(true);
    await session.stop();
    await within(consumed, "the iteration to end after stop()");
    await expect(session.update("x")).rejects.toThrow(/stopped/);
    await expect(codex.fuzzyFileSearchSession({ roots: ["relative"] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(codex.fuzzyFileSearchSession({ roots: [] })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("feedback.save() writes the report of a thread as a ZIP on the host, offline", async () => {
    const codex = env.codex();
    const { thread } = await threadWithTurns(codex, 1);
    const savePath = join(env.harness.workspace, "feedback.zip");
    const saved = await codex.feedback.save(savePath, "bug", { threadId: thread.id, includeLogs: true });
    expect(saved).toMatchObject({ savedPath: savePath, threadId: thread.id });
    expect(existsSync(savePath) && statSync(savePath).size).toBeGreaterThan(0);
    await expect(codex.feedback.save(savePath, "bug")).rejects.toThrow(/already exists/);
    await expect(codex.feedback.save("relative.zip", "bug")).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
