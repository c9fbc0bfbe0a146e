/**
 * The core integration scenarios over the three transports, against the real pinned binary and the
 * mock Responses API: stdio (the SDK spawns the app-server), WebSocket with a capability token
 * (`--listen ws://127.0.0.1:PORT --ws-auth capability-token`) and the unix socket
 * (`--listen unix://PATH`). The remote servers run in the harness's CODEX_HOME, workspace and
 * environment, so the same kind of mock serves all three.
 *
 * Then what only a connection can show: the server killed mid-turn (everything pending rejects
 * with `TransportClosedError` within a second), the client's connection dropped mid-turn (the turn
 * finishes on the server; `reconnect()`, `threadResume()` and the finished answer), and
 * `reconnect()` over stdio (a new app-server process).
 *
 * Each transport's core suite shares one harness and one app-server (answers are keyed by prompt),
 * to keep the wall time modest on 2 cores; the connection tests make their own.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  ApprovalMode,
  approveCommands,
  Codex,
  CodexError,
  Sandbox,
  TransportClosedError,
  TurnFailedError,
  type CodexOptions,
  type ServerRequestEvent,
  type ServerRequestHandler,
  type Thread,
  type TransportOption,
  type TurnEvent,
} from "../../src/index.js";
import {
  AppServerHarness,
  responseCreated,
  responseFailed,
  assistantMessage,
  messageItemAdded,
  outputTextDelta,
  shellCommandResponse,
  sseResponse,
  textResponse,
  usage,
  type SseGate,
} from "../../src/testing/index.js";
import { startAppServer, type AppServerProcess } from "../support/app-server-process.js";
import { startRelay, type Relay } from "../support/relay.js";
import {
  agentTexts,
  appServerPids,
  collect,
  deltasOf,
  PromptScript,
  rejection,
  signal,
  turnOf,
  userTexts,
  within,
} from "../support/sdk.js";
import { RUNTIME_VERSION } from "../support/runtime.js";
import { PROMPT_MS } from "../support/bounds.js";

const TOKEN = "matrix-capability-token-5b1e04";

type Kind = "stdio" | "ws+token" | "unix";
const KINDS: readonly Kind[] = ["stdio", "ws+token", "unix"];
const REMOTE_KINDS: readonly Kind[] = ["ws+token", "unix"];

type ClientOptions = Omit<CodexOptions, "cwd" | "env" | "transport">;

/** One transport's environment: a harness, its app-server (remote kinds) and the clients made on it. */
class Rig {
  readonly #clients: Codex[] = [];
  readonly #cleanups: Array<() => Promise<void> | void> = [];
  relay: Relay | undefined;

  private constructor(
    readonly kind: Kind,
    readonly harness: AppServerHarness,
    readonly server: AppServerProcess | undefined,
  ) {}

  /** Starts the harness and, for ws and unix, `codex app-server --listen …` in it. */
  static async start(kind: Kind): Promise<Rig> {
    const harness = await AppServerHarness.create();
    try {
      const server =
        kind === "stdio"
          ? undefined
          : await startAppServer({
              listen: kind === "unix" ? "unix" : "ws",
              ...(kind === "ws+token" ? { token: TOKEN } : {}),
              harness,
            });
      return new Rig(kind, harness, server);
    } catch (error) {
      await harness.dispose();
      throw error;
    }
  }

  /** Puts a relay between the clients made from now on and the app-server (remote kinds). */
  async viaRelay(): Promise<Relay> {
    const server = this.server;
    if (!server) throw new Error("a relay needs a remote app-server");
    let listenPath: string | undefined;
    if (server.socketPath !== undefined) {
      const dir = mkdtempSync(join(tmpdir(), "codex-relay-"));
      this.#cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      listenPath = join(dir, "relay.sock");
    }
    const relay = await startRelay(
      server.port !== undefined ? { port: server.port } : { path: server.socketPath ?? "" },
      listenPath,
    );
    this.#cleanups.push(() => relay.close());
    this.relay = relay;
    return relay;
  }

  /** The transport option of this rig's clients. */
  transport(): TransportOption | undefined {
    const target = this.relay?.listening;
    switch (this.kind) {
      case "stdio":
        return undefined;
      case "ws+token": {
        const port = target && "port" in target ? target.port : this.server?.port;
        return { type: "websocket", url: `ws://127.0.0.1:${port ?? 0}`, token: TOKEN };
      }
      case "unix":
        return { type: "unix", path: target && "path" in target ? target.path : this.server?.socketPath };
    }
  }

  /** A new client: a new app-server process over stdio, a new connection to the server otherwise. */
  codex(extra: ClientOptions = {}): Codex {
    const transport = this.transport();
    const codex = new Codex({
      ...this.harness.codexOptions(),
      ...extra,
      ...(transport ? { transport } : {}),
    });
    this.#clients.push(codex);
    return codex;
  }

  /** SIGKILLs the app-server: the remote one, or the stdio children of this harness. */
  async killServer(): Promise<void> {
    if (this.server) {
      await this.server.kill("SIGKILL");
      return;
    }
    const pids = appServerPids(this.harness.codexHome);
    expect(pids).toHaveLength(1);
    for (const pid of pids) process.kill(pid, "SIGKILL");
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((c) => c.close()));
    while (this.#cleanups.length > 0) await this.#cleanups.pop()?.();
    await this.server?.dispose();
    await this.harness.dispose();
  }
}

function report(what: string, ms: number): void {
  console.info(`[transports-matrix] ${what}: ${ms.toFixed(1)} ms`);
}

/** A reply held after created + item added + first delta, until `gate` is released. */
function heldReply(
  rig: Rig,
  text: string,
  deltas: string[],
): { gate: SseGate; answer: ReturnType<typeof sseResponse> } {
  const gate = rig.harness.mock.gate();
  return { gate, answer: sseResponse(textResponse(text, { deltas }), { gate, gateAfter: 3 }) };
}

describe.each(KINDS)("core scenarios over %s", (kind) => {
  let rig: Rig;
  let codex: Codex;
  let script: PromptScript;

  beforeAll(async () => {
    rig = await Rig.start(kind);
    codex = rig.codex();
    script = new PromptScript(rig.harness.mock);
    const metadata = await codex.start();
    expect(metadata.serverVersion).toBe(RUNTIME_VERSION);
    expect(metadata.codexHome).toBe(rig.harness.codexHome);
  });

  afterAll(async () => {
    await rig?.dispose();
  });

  afterEach(() => {
    expect(script.takeUnused(), "scripted answers the runtime never asked for").toEqual([]);
  });

  it("thread lifecycle: start, setName/read, list, resume, fork, archive and unarchive", async () => {
    script.on("lifecycle original", textResponse("original answer"));
    const thread = await codex.threadStart();
    expect((await thread.run("lifecycle original")).finalResponse).toBe("original answer");

    expect(await thread.setName(`matrix thread over ${kind}`)).toEqual({});
    expect((await thread.read()).thread.name).toBe(`matrix thread over ${kind}`);
    expect((await codex.threadList({ archived: false })).data.map((t) => t.id)).toContain(thread.id);

    const resumed = await codex.threadResume(thread.id);
    expect(resumed.id).toBe(thread.id);
    const fork = await codex.threadFork(thread.id);
    expect(fork.id).not.toBe(thread.id);
    expect(fork.info.forkedFromId).toBe(thread.id);

    expect(await codex.threadArchive(thread.id)).toEqual({});
    expect((await codex.threadList({ archived: true })).data.map((t) => t.id)).toContain(thread.id);
    expect((await codex.threadList({ archived: false })).data.map((t) => t.id)).not.toContain(thread.id);
    const restored = await codex.threadUnarchive(thread.id);
    expect(restored.id).toBe(thread.id);
    const { thread: read } = await restored.read({ includeTurns: true });
    expect(read.turns.map((t) => userTexts(t.items))).toEqual([["lifecycle original"]]);
    expect(read.turns.map((t) => agentTexts(t.items))).toEqual([["original answer"]]);
  });

  it("run(): final response, items and exact usage", async () => {
    const counts = {
      inputTokens: 21,
      cachedInputTokens: 4,
      outputTokens: 9,
      reasoningOutputTokens: 2,
      totalTokens: 30,
    };
    script.on("run with usage", textResponse("the final answer", { deltas: 3, usage: usage(counts) }));
    const thread = await codex.threadStart();
    const result = await thread.run("run with usage");
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("the final answer");
    expect(result.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(result.usage?.last).toEqual({ ...counts, cacheWriteInputTokens: 0 });
  });

  it("streams 3 turns on 3 threads concurrently, each seeing only its own interleaved events", async () => {
    const N = 3;
    const prompt = (k: number): string => `concurrent prompt ${k}`;
    const parts = (k: number): string[] => [`<${k}:a>`, `<${k}:b>`, `<${k}:c>`];
    const gates: SseGate[] = [];
    for (let k = 0; k < N; k++) {
      const { gate, answer } = heldReply(rig, parts(k).join(""), parts(k));
      gates.push(gate);
      script.on(prompt(k), answer);
    }
    const threads = await Promise.all(Array.from({ length: N }, () => codex.threadStart()));
    const turns = await Promise.all(threads.map((t, k) => t.turn(prompt(k))));
    const firstDeltas = turns.map(() => signal());
    const streams = turns.map((turn, k) => collect(turn.stream(), () => firstDeltas[k]?.resolve()));

    // Every turn is mid-stream at once before any may go on.
    await within(Promise.all(gates.map((g) => g.waitUntilReached({ timeoutMs: 15_000 }))), "all gates");
    await within(Promise.all(firstDeltas.map((d) => d.promise)), "a first delta on every stream");
    for (const g of gates.reverse()) g.release();

    const results = await within(Promise.all(streams), "3 streams");
    results.forEach((events, k) => {
      const turn = turns[k];
      expect(deltasOf(events), `turn ${k}`).toEqual(parts(k));
      expect(events.every((e) => turnOf(e) === turn?.id)).toBe(true);
      expect(events.every((e) => (e.params as { threadId?: string }).threadId === threads[k]?.id)).toBe(true);
      expect(events.at(-1)?.method).toBe("turn/completed");
    });
  });

  it("interrupt() stops a running turn; a follow-up turn completes", async () => {
    const { gate, answer } = heldReply(rig, "never finished", ["never", " finished"]);
    script.on("long task", answer);
    script.on("next task", textResponse("next done"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("long task");
    await gate.waitUntilReached({ timeoutMs: 10_000 });

    expect(await turn.interrupt()).toEqual({ alreadyFinished: false });
    const result = await turn.run();
    expect(result.status).toBe("interrupted");
    expect(result.finalResponse).toBeNull();
    const next = await thread.run("next task");
    expect(next.finalResponse).toBe("next done");
  });

  it("steer() adds input to the running turn", async () => {
    const { gate, answer } = heldReply(rig, "before steer", ["before", " steer"]);
    script.on("start steering", answer);
    script.on("steering input", textResponse("after steer"));
    const thread = await codex.threadStart();
    const turn = await thread.turn("start steering");
    const firstDelta = signal();
    const events = collect(turn.stream(), () => firstDelta.resolve());
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    await within(firstDelta.promise, "the first delta");

    expect(await turn.steer("steering input")).toEqual({ turnId: turn.id });
    const seen = await within(events, "the steered stream");
    const items = seen.flatMap((e) => (e.method === "item/completed" ? [e.params.item] : []));
    expect(userTexts(items)).toEqual(["start steering", "steering input"]);
    expect(agentTexts(items)).toEqual(["after steer"]);
    expect(seen.at(-1)).toMatchObject({
      method: "turn/completed",
      params: { turn: { status: "completed" } },
    });
  });

  it("an approval round trip with a handler: an approved command runs, a refused one does not", async () => {
    const seen: ServerRequestEvent[] = [];
    const policy = approveCommands((command) => command === "echo approved > approved.txt");
    const recording: ServerRequestHandler = (request, context) => {
      seen.push(request);
      return policy(request, context);
    };
    const client = rig.codex({ onServerRequest: recording }); // a second connection (stdio: process)
    const thread = await client.threadStart({
      approvalMode: ApprovalMode.untrusted,
      sandbox: Sandbox.workspace_write,
    });
    script.on(
      "approve it",
      shellCommandResponse("call_ok", "echo approved > approved.txt"),
      textResponse("ran"),
    );
    const turn = await thread.turn("approve it");
    const events = await within(collect(turn.stream()), "the approved turn");

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "item/commandExecution/requestApproval",
      params: { threadId: thread.id, turnId: turn.id },
    });
    const methods = events.map((e) => e.method);
    const asked = methods.indexOf("item/commandExecution/requestApproval");
    const resolved = methods.indexOf("serverRequest/resolved");
    const ran = events.findIndex(
      (e: TurnEvent) => e.method === "item/completed" && e.params.item.type === "commandExecution",
    );
    expect(asked).toBeGreaterThan(-1);
    expect(asked).toBeLessThan(resolved);
    expect(resolved).toBeLessThan(ran);
    const ranItem = events[ran];
    expect(ranItem?.method === "item/completed" && ranItem.params.item).toMatchObject({
      status: "completed",
      exitCode: 0,
    });
    expect(existsSync(join(rig.harness.workspace, "approved.txt"))).toBe(true);

    script.on("refuse it", shellCommandResponse("call_no", "echo refused > refused.txt"), textResponse("ok"));
    const refused = await within(thread.run("refuse it"), "the refused turn");
    expect(seen).toHaveLength(2);
    expect(refused.items.filter((i) => i.type === "commandExecution")).toMatchObject([
      { status: "declined" },
    ]);
    expect(existsSync(join(rig.harness.workspace, "refused.txt"))).toBe(false);
    await client.close();
  });

  it("a failed turn rejects with TurnFailedError and the partial result; the thread stays usable", async () => {
    script.on("fail please", [
      responseCreated("resp_fail"),
      messageItemAdded("msg_partial"),
      outputTextDelta("msg_partial", "partial"),
      assistantMessage("msg_partial", "partial answer"),
      responseFailed("resp_fail", "mock failure requested"),
    ]);
    script.on("after the failure", textResponse("recovered"));
    const thread = await codex.threadStart();
    const error = await rejection(thread.run("fail please"), "the failed turn");
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).message).toContain("mock failure requested");
    expect((error as TurnFailedError).result.finalResponse).toBe("partial answer");
    expect((await thread.run("after the failure")).finalResponse).toBe("recovered");
  });
});

describe.each(KINDS)("the app-server killed mid-turn, over %s", (kind) => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.dispose();
  });

  it("rejects every pending request, run() and stream with TransportClosedError within a second", async () => {
    rig = await Rig.start(kind);
    const script = new PromptScript(rig.harness.mock);
    const codex = rig.codex();
    const a = heldReply(rig, "held a", ["held", " a"]);
    const b = heldReply(rig, "held b", ["held", " b"]);
    script.on("stream me", a.answer).on("run me", b.answer);
    const [first, second] = [await codex.threadStart(), await codex.threadStart()];
    const streamed = (await first.turn("stream me")).stream();
    const running = second.run("run me");
    const outputSeen = signal();
    codex.on("command/exec/outputDelta", () => outputSeen.resolve());
    // command/exec answers only when the command exits: a request that is surely pending.
    const exec = codex.request("command/exec", {
      command: ["sh", "-c", "echo started; sleep 5"],
      processId: "matrix-exec",
      streamStdoutStderr: true,
      timeoutMs: 10_000,
    });
    const notifications = (async () => {
      for await (const _ of codex.notifications()) void _;
    })();
    try {
      await within(Promise.all([a.gate.waitUntilReached(), b.gate.waitUntilReached()]), "both turns held");
      await within(outputSeen.promise, "the command's output");
      await killAndMeasure();
    } finally {
      a.gate.release();
      b.gate.release();
    }

    async function killAndMeasure(): Promise<void> {
      const timed = <T>(p: Promise<T>): Promise<{ error: unknown; ms: number }> =>
        p.then(
          () => ({ error: undefined, ms: performance.now() - t0 }),
          (error: unknown) => ({ error, ms: performance.now() - t0 }),
        );
      const t0 = performance.now();
      const kill = rig.killServer();
      const outcomes = await within(
        Promise.all([timed(collect(streamed)), timed(running), timed(exec), timed(notifications)]),
        "every pending operation to settle",
      );
      await kill;
      const [stream, run, request, iterator] = outcomes;
      report(`${kind}: SIGKILL -> stream rejects`, stream?.ms ?? NaN);
      report(`${kind}: SIGKILL -> run() rejects`, run?.ms ?? NaN);
      report(`${kind}: SIGKILL -> pending request rejects`, request?.ms ?? NaN);
      for (const outcome of [stream, run, request]) {
        expect(outcome?.error).toBeInstanceOf(TransportClosedError);
        expect(outcome?.ms).toBeLessThan(PROMPT_MS);
      }
      // A notifications() iterator ends (it does not fail).
      report(`${kind}: SIGKILL -> notifications() ends`, iterator?.ms ?? NaN);
      expect(iterator?.error).toBeUndefined();
      expect(iterator?.ms).toBeLessThan(PROMPT_MS);
      // Later calls say the connection is gone, and point at reconnect().
      const later = await rejection(codex.threadList());
      expect(later).toBeInstanceOf(TransportClosedError);
      expect((later as Error).message).toMatch(/codex\.reconnect\(\)/);
    }
  });
});

describe.each(REMOTE_KINDS)("the client's connection dropped mid-turn, over %s", (kind) => {
  let rig: Rig;
  let relay: Relay;
  beforeAll(async () => {
    rig = await Rig.start(kind);
    relay = await rig.viaRelay();
  });
  afterAll(async () => {
    await rig?.dispose();
  });

  it("the turn finishes on the server; reconnect(), threadResume() and read its final answer", async () => {
    const script = new PromptScript(rig.harness.mock);
    const codex = rig.codex();
    const { gate, answer } = heldReply(rig, "finished while away", ["finished", " while away"]);
    script.on("long job", answer);
    const methods: string[] = [];
    codex.on("*", (n) => methods.push(n.method)); // a listener survives the reconnect
    const thread = await codex.threadStart();
    // A second thread with one finished turn, used again after the reconnect without a resume.
    script.on("warm up", textResponse("warmed up"));
    const other = await codex.threadStart();
    await other.run("warm up");
    const turn = await thread.turn("long job");
    const running = rejection(turn.run(), "the run to fail");
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    expect(relay.connections).toBe(1);

    const t0 = performance.now();
    relay.cut();
    const lost = await running;
    report(`${kind}: connection cut -> run() rejects`, performance.now() - t0);
    expect(lost).toBeInstanceOf(TransportClosedError);
    expect(performance.now() - t0).toBeLessThan(PROMPT_MS);

    // The turn goes on without us.
    gate.release();

    // Concurrent reconnects share one new connection.
    const t1 = performance.now();
    const metadata = await within(
      Promise.all([codex.reconnect(), codex.reconnect(), codex.reconnect()]),
      "reconnect()",
    );
    report(`${kind}: reconnect()`, performance.now() - t1);
    expect(relay.connections).toBe(2);
    expect(metadata[0]?.serverVersion).toBe(RUNTIME_VERSION);
    expect(metadata[1]).toBe(metadata[0]);
    expect(codex.metadata).toBe(metadata[0]);
    // The connection is open again: reconnect() refuses to replace it.
    await expect(codex.reconnect()).rejects.toThrow(/connection is open/);

    const resumed = await codex.threadResume(thread.id);
    // thread/resume subscribes this connection; the turn may still be finishing.
    const completed = signal();
    const off = codex.on("turn/completed", (n) => {
      if (n.params.turn.id === turn.id) completed.resolve();
    });
    const readTurn = async () =>
      (await resumed.read({ includeTurns: true })).thread.turns.find((t) => t.id === turn.id);
    if ((await readTurn())?.status === "inProgress") await within(completed.promise, "turn/completed");
    off();
    const finished = await readTurn();
    expect(finished?.status).toBe("completed");
    expect(agentTexts(finished?.items ?? [])).toEqual(["finished while away"]);

    // The client works as before: notifications() again, and a new turn with its events.
    script.on("after reconnect", textResponse("business as usual"));
    const iterator = codex.notifications({ methods: ["turn/completed"] });
    const next = await resumed.run("after reconnect");
    expect(next.finalResponse).toBe("business as usual");
    // The long job's own turn/completed may still be on its way (thread/read can report the turn
    // completed first): only it may come before the new turn's.
    const completedIds: string[] = [];
    while (!completedIds.includes(next.id)) {
      const seen = await within(iterator.next(), "turn/completed through notifications()");
      if (seen.done) break;
      completedIds.push(seen.value.params.turn.id);
    }
    expect([[next.id], [turn.id, next.id]]).toContainEqual(completedIds);
    await iterator.return?.();
    expect(methods).toContain("turn/completed");

    // The Thread object from before the loss was subscribed on the old connection only: it must
    // resume itself on the new one, or its turn's events would never arrive.
    script.on("through the old Thread", textResponse("the old Thread object still works"));
    const old = await within(other.run("through the old Thread"), "a turn through the pre-loss Thread");
    expect(old.finalResponse).toBe("the old Thread object still works");
    expect(script.takeUnused()).toEqual([]);
  });

  it("a failed reconnect leaves the connection lost; a retry succeeds", async () => {
    const script = new PromptScript(rig.harness.mock);
    script.on("before the failure", textResponse("stored"));
    const codex = rig.codex();
    const thread = await codex.threadStart();
    await thread.run("before the failure"); // thread/resume needs the rollout the first turn writes
    relay.pause(); // new connections are dropped at once
    relay.cut();
    expect(await rejection(thread.read(), "the loss")).toBeInstanceOf(TransportClosedError);
    const down = await rejection(codex.reconnect(), "reconnect() while unreachable");
    expect(down).toBeInstanceOf(TransportClosedError);
    expect(await rejection(thread.read())).toBeInstanceOf(TransportClosedError);

    relay.resume();
    await within(codex.reconnect(), "reconnect() once reachable");
    expect((await codex.threadResume(thread.id)).id).toBe(thread.id);

    // close() is final: reconnect() does not undo it.
    await codex.close();
    const closed = await rejection(codex.reconnect());
    expect(closed).toBeInstanceOf(CodexError);
    expect((closed as Error).message).toMatch(/closed/);
  });
});

describe("reconnect() over stdio", () => {
  let rig: Rig;
  afterAll(async () => {
    await rig?.dispose();
  });

  it("starts a new app-server; threads come back from CODEX_HOME with threadResume()", async () => {
    rig = await Rig.start("stdio");
    const script = new PromptScript(rig.harness.mock);
    const codex = rig.codex();
    await expect(codex.reconnect()).rejects.toThrow(/not connected yet/);
    script.on("remember 7", textResponse("noted"));
    const thread: Thread = await codex.threadStart();
    await thread.run("remember 7");
    const [before] = appServerPids(rig.harness.codexHome);

    const { gate, answer } = heldReply(rig, "lost with the process", ["lost", " with the process"]);
    script.on("in flight", answer);
    const running = rejection(thread.run("in flight"), "the run to fail");
    await gate.waitUntilReached({ timeoutMs: 10_000 });
    await rig.killServer();
    expect(await running).toBeInstanceOf(TransportClosedError);
    gate.release();

    await within(codex.reconnect(), "reconnect()");
    const after = appServerPids(rig.harness.codexHome);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);

    const resumed = await codex.threadResume(thread.id);
    const { thread: read } = await resumed.read({ includeTurns: true });
    expect(read.turns[0]?.status).toBe("completed");
    expect(agentTexts(read.turns[0]?.items ?? [])).toEqual(["noted"]);
    script.on("what number", textResponse("7"));
    expect((await resumed.run("what number")).finalResponse).toBe("7");
  });
});
