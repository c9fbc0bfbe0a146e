/**
 * The thread lifecycle and the client lifecycle of the public `Codex`, against the real pinned
 * binary and the mock Responses API: lazy start, metadata, names, listing, reading, resume, fork,
 * archive, models, compaction, a failed start, close and `await using`.
 * Ports python-sdk.md §3.3 (test_app_server_lifecycle.py).
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CodexError, TimeoutError, TransportClosedError, type Codex } from "../../src/index.js";
import { textResponse } from "../../src/testing/index.js";
import { processExists } from "../support/process-tree.js";
import { agentTexts, rejection, SdkEnv, userTexts, within } from "../support/sdk.js";
import { RUNTIME_BINARY, RUNTIME_VERSION, RUNTIME_VERSION_PATTERN } from "../support/runtime.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

/** Starts a thread and runs one turn on it (`thread/list` only lists threads that had a turn). */
async function threadWithTurn(codex: Codex, prompt: string) {
  env.mock.enqueue(textResponse(`answer to ${prompt}`));
  const thread = await codex.threadStart();
  await thread.run(prompt);
  return thread;
}

describe("threads", () => {
  it("setName round-trips to read().thread.name", async () => {
    const codex = env.codex();
    const thread = await codex.threadStart();
    expect(await thread.setName("My lab thread")).toEqual({});
    const { thread: read } = await thread.read();
    expect(read.id).toBe(thread.id);
    expect(read.name).toBe("My lab thread");
  });

  it("lists archived and non-archived threads apart after threadArchive", async () => {
    const codex = env.codex();
    const kept = await threadWithTurn(codex, "keep me");
    const archived = await threadWithTurn(codex, "archive me");
    expect(await codex.threadArchive(archived.id)).toEqual({});

    const active = (await codex.threadList({ archived: false })).data.map((t) => t.id);
    const stored = (await codex.threadList({ archived: true })).data.map((t) => t.id);
    expect(active).toContain(kept.id);
    expect(active).not.toContain(archived.id);
    expect(stored).toEqual([archived.id]);
  });

  it("read({ includeTurns: true }) returns the user and agent messages of two turns in order", async () => {
    const codex = env.codex();
    env.mock.enqueue(textResponse("first answer")).enqueue(textResponse("second answer"));
    const thread = await codex.threadStart();
    await thread.run("first question");
    await thread.run("second question");

    const { thread: withTurns } = await thread.read({ includeTurns: true });
    expect(withTurns.turns).toHaveLength(2);
    const [first, second] = withTurns.turns;
    expect(userTexts(first?.items ?? [])).toEqual(["first question"]);
    expect(agentTexts(first?.items ?? [])).toEqual(["first answer"]);
    expect(userTexts(second?.items ?? [])).toEqual(["second question"]);
    expect(agentTexts(second?.items ?? [])).toEqual(["second answer"]);

    // Without includeTurns the turns are left out.
    expect((await thread.read()).thread.turns).toEqual([]);
  });

  it("resume keeps the id, fork makes a new one, archive gives {}, unarchive restores the same thread", async () => {
    const codex = env.codex();
    const thread = await threadWithTurn(codex, "original");

    const resumed = await codex.threadResume(thread.id);
    expect(resumed.id).toBe(thread.id);

    const fork = await codex.threadFork(thread.id);
    expect(fork.id).toMatch(UUID);
    expect(fork.id).not.toBe(thread.id);
    expect(fork.info.forkedFromId).toBe(thread.id);

    expect(await codex.threadArchive(thread.id)).toEqual({});
    const restored = await codex.threadUnarchive(thread.id);
    expect(restored.id).toBe(thread.id);
    const { thread: read } = await restored.read({ includeTurns: true });
    expect(userTexts(read.turns.flatMap((t) => t.items))).toEqual(["original"]);

    // The fork is a thread of its own: a turn on it does not touch the original.
    env.mock.enqueue(textResponse("fork answer"));
    expect((await fork.run("on the fork")).finalResponse).toBe("fork answer");
    const original = await codex.threadResume(thread.id);
    const { thread: after } = await original.read({ includeTurns: true });
    expect(after.turns).toHaveLength(1);
  });

  it("models({ includeHidden: true }) lists the hidden models too", async () => {
    const codex = env.codex();
    const visible = await codex.models();
    const all = await codex.models({ includeHidden: true });
    expect(visible.data.length).toBeGreaterThan(0);
    expect(visible.data.every((m) => !m.hidden)).toBe(true);
    expect(all.data.length).toBeGreaterThan(visible.data.length);
    expect(all.data.some((m) => m.hidden)).toBe(true);
  });

  it("compact() returns {} and makes the runtime call the model to summarise", async () => {
    const codex = env.codex();
    const thread = await threadWithTurn(codex, "something to compact");
    env.mock.enqueue(textResponse("summary of the conversation"));

    expect(await thread.compact()).toEqual({});
    const [, compaction] = await env.mock.waitForRequests(2, { timeoutMs: 10_000 });
    expect(JSON.parse(compaction?.header("x-codex-turn-metadata") ?? "{}")).toMatchObject({
      thread_id: thread.id,
      request_kind: "compaction",
    });
  });

  it("threadList pages with cursor, and threads() iterates every page", async () => {
    const codex = env.codex();
    const ids = [];
    for (const prompt of ["one", "two", "three"]) ids.push((await threadWithTurn(codex, prompt)).id);

    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await codex.threadList(cursor === undefined ? { limit: 1 } : { limit: 1, cursor });
      expect(page.data.length).toBeLessThanOrEqual(1);
      paged.push(...page.data.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      expect(pages, "thread/list never stopped returning a cursor").toBeLessThan(10);
    } while (cursor !== undefined);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect([...paged].sort()).toEqual([...ids].sort());

    const iterated: string[] = [];
    for await (const t of codex.threads({ limit: 1 })) iterated.push(t.id);
    expect(iterated).toEqual(paged);
  });
});

describe("client lifecycle", () => {
  it("exposes the server metadata after start(); before, metadata throws", async () => {
    const codex = env.codex();
    expect(() => codex.metadata).toThrow(CodexError);
    expect(() => codex.metadata).toThrow(/not started/);

    const metadata = await codex.start();
    expect(metadata.userAgent).toMatch(new RegExp(`^codex_app_sdk/${RUNTIME_VERSION_PATTERN} `));
    expect(metadata.serverName).toBe("codex_app_sdk");
    expect(metadata.serverVersion).toBe(RUNTIME_VERSION);
    expect(metadata.codexHome).toBe(env.harness.codexHome);
    expect(codex.metadata).toEqual(metadata);
    const thread = await codex.threadStart();
    expect(thread.id).toMatch(UUID);
  });

  it("starts nothing until the first call; ten racing first calls make one process and one initialize", async () => {
    const { codex, spy } = env.spiedCodex();
    expect(spy.starts).toBe(0);
    expect(env.pids()).toEqual([]);

    const calls = [
      codex.start(),
      codex.models(),
      codex.threadList(),
      codex.threadStart(),
      codex.request("config/read", {}),
      codex.start(),
      codex.models({ includeHidden: true }),
      codex.threadList({ limit: 1 }),
      codex.threadStart({ ephemeral: true }),
      codex.request("thread/loaded/list", {}),
    ];
    const results = await within(Promise.allSettled(calls), "ten first calls");
    expect(results.map((r) => r.status)).toEqual(Array(10).fill("fulfilled"));
    expect(spy.starts).toBe(1);
    expect(spy.requests("initialize")).toHaveLength(1);
    expect(spy.sent.filter((m) => m["method"] === "initialized")).toHaveLength(1);
    expect(env.pids()).toHaveLength(1);
  });

  it("spawns one process when ten first calls race on the default stdio transport", async () => {
    const codex = env.codex();
    await within(
      Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? codex.models() : codex.threadList()))),
      "ten first calls",
    );
    expect(env.pids()).toHaveLength(1);
  });

  it("a failed start rejects clearly, leaves nothing running, and the next call tries again", async () => {
    const bin = join(env.harness.root, "bin");
    mkdirSync(bin);
    const codexPath = join(bin, "codex");
    const codex = env.codex({ codexPath });

    // 1. Nothing at the path.
    const missing = await rejection(codex.threadStart());
    expect(missing).toBeInstanceOf(CodexError);
    expect((missing as Error).message).toContain(codexPath);

    // 2. A binary that dies at once: the error says so and carries its stderr.
    writeFileSync(codexPath, "#!/bin/sh\necho 'simulated startup failure' >&2\nexit 3\n");
    chmodSync(codexPath, 0o755);
    const died = await rejection(codex.models());
    expect(died).toBeInstanceOf(TransportClosedError);
    expect((died as Error).message).toMatch(/failed to start the app-server/);
    expect((died as Error).message).toContain("simulated startup failure");
    expect((died as TransportClosedError).exitCode).toBe(3);
    expect(env.pids()).toEqual([]);

    // 3. Same codexPath, now the real binary: the next call starts it.
    rmSync(codexPath);
    symlinkSync(RUNTIME_BINARY, codexPath);
    const metadata = await codex.start();
    expect(metadata.serverVersion).toBe(RUNTIME_VERSION);
    expect((await codex.threadStart()).id).toMatch(UUID);
    expect(env.pids()).toHaveLength(1);
  });

  it("a handshake that times out ends the process it spawned", async () => {
    const codex = env.codex({ startTimeoutMs: 1 });
    const error = await rejection(codex.start());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/initialize/);
    expect(env.pids()).toEqual([]);
  });

  it("close() is idempotent, ends the process, and every later call rejects with 'closed'", async () => {
    const codex = env.codex();
    const thread = await codex.threadStart();
    const [pid] = env.pids();
    expect(pid).toBeDefined();

    await Promise.all([codex.close(), codex.close()]);
    await codex.close();
    expect(processExists(pid as number)).toBe(false);

    const calls: [string, () => Promise<unknown>][] = [
      ["start", () => codex.start()],
      ["threadStart", () => codex.threadStart()],
      ["threadList", () => codex.threadList()],
      ["threadResume", () => codex.threadResume(thread.id)],
      ["threadFork", () => codex.threadFork(thread.id)],
      ["threadArchive", () => codex.threadArchive(thread.id)],
      ["threadUnarchive", () => codex.threadUnarchive(thread.id)],
      ["models", () => codex.models()],
      ["request", () => codex.request("config/read", {})],
      ["threads", () => codex.threads().next()],
      ["thread.run", () => thread.run("hi")],
      ["thread.turn", () => thread.turn("hi")],
      ["thread.read", () => thread.read()],
      ["thread.setName", () => thread.setName("x")],
      ["thread.compact", () => thread.compact()],
    ];
    for (const [name, call] of calls) {
      const error = await rejection(call(), name);
      expect(error, name).toBeInstanceOf(CodexError);
      expect((error as Error).message, name).toMatch(/closed/);
    }
    expect(env.mock.requests).toHaveLength(0);
    expect(env.pids()).toEqual([]);
    // Nothing will ever arrive: a notification iterator made now ends at once.
    expect(await within(codex.notifications().next(), "notifications() after close")).toEqual({
      value: undefined,
      done: true,
    });
  });

  it("close() before any call starts nothing", async () => {
    const codex = env.codex();
    await codex.close();
    expect(await rejection(codex.models())).toBeInstanceOf(CodexError);
    expect(env.pids()).toEqual([]);
  });

  it("close() while starting: the start is abandoned and its process ended", async () => {
    const codex = env.codex();
    const starting = codex.threadList();
    await codex.close();
    const error = await rejection(starting);
    expect(error).toBeInstanceOf(CodexError);
    expect(env.pids()).toEqual([]);
  });

  it("close() during a turn rejects the turn with TransportClosedError", async () => {
    const codex = env.codex();
    const gate = env.mock.gate();
    env.mock.enqueue(textResponse("never finished", { deltas: 2 }), { gate, gateAfter: 3 });
    const thread = await codex.threadStart();
    const running = rejection(thread.run("hold on"), "the turn to fail");
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    await codex.close();
    const error = await running;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/closed/);
  });

  it("`await using` closes the client at the end of the scope", async () => {
    let pid: number | undefined;
    let escaped: Codex | undefined;
    {
      await using codex = env.codex();
      escaped = codex;
      await codex.start();
      pid = env.pids()[0];
      expect(pid).toBeDefined();
    }
    expect(processExists(pid as number)).toBe(false);
    expect((await rejection(escaped.threadList())) as Error).toBeInstanceOf(CodexError);
  });
});
