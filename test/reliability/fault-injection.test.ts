/**
 * Fault injection with the scripted fake app-server (test/support/fake-app-server.mjs): the public
 * `Codex` against a server that exits at each point of the handshake, between `turn/start` and its
 * answer, or mid-stream; writes a partial line before EOF, a malformed line, a response to an unknown
 * id, events of an unknown turn or a 16 MiB line; closes its stdout while staying alive; or stops
 * reading its stdin.
 *
 * See docs/reliability.md for the guarantees. For each: the documented error (class and message),
 * within a measured bound, no hang (every wait is bounded), and nothing left behind: no process, and
 * no timer or handle created during the test still alive at its end (an async hook sees unref'd
 * timers too), no process warning (such as MaxListenersExceededWarning). The measured latencies are
 * printed at the end.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  AbortError,
  Codex,
  CodexError,
  TimeoutError,
  TransportClosedError,
  type CodexOptions,
} from "../../src/index.js";
import { listenersCalled } from "../support/listeners.js";
import {
  faultTime,
  writeFakeAppServer,
  type FakeAction,
  type FakeScenario,
} from "../support/fake-app-server.js";
import { trackResources, type ResourceTracker } from "../support/resources.js";
import { PROMPT_MS } from "../support/bounds.js";
import { immediateRejection, rejection, within } from "../support/sdk.js";
import { PINNED_RUNTIME_VERSION } from "../support/pinned-runtime.js";

/** The bound every fault below must be noticed within (measured figures are printed). */
const NOTICE_MS = PROMPT_MS;
const CLOSE_GRACE_MS = 300;

let dir: string;
let tracker: ResourceTracker;
const clients: Codex[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};
const figures: { scenario: string; ms: number; bound: number }[] = [];

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "codex-sdk-fault-")));
  process.on("warning", onWarning);
  tracker = trackResources();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  const leaked = await tracker.settle();
  tracker.stop();
  process.off("warning", onWarning);
  const running = fakePids(dir);
  for (const pid of running) process.kill(pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
  expect(running, "fake app-servers still running after close()").toEqual([]);
  expect(leaked, "timers or handles created by the test still alive after close()").toEqual([]);
  expect(warnings.splice(0).map(String), "process warnings").toEqual([]);
});

afterAll(() => {
  const rows = figures.map(
    (f) => `  ${f.scenario.padEnd(58)} ${f.ms.toFixed(0).padStart(5)} ms (bound ${f.bound} ms)`,
  );
  console.log(`fake app-server faults, time from the fault to the error:\n${rows.join("\n")}`);
});

/** Live (non-zombie) child processes of this test process whose command line mentions `marker`. */
function fakePids(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z" || Number(fields[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function open(scenario: FakeScenario, options: Omit<CodexOptions, "codexPath"> = {}): Codex {
  const codex = new Codex({
    codexPath: writeFakeAppServer(dir, scenario),
    closeGraceMs: CLOSE_GRACE_MS,
    ...options,
  });
  clients.push(codex);
  return codex;
}

/** Records how long after the fake server's FAULT line the error arrived, and checks the bound. */
function noticed(scenario: string, error: unknown, bound = NOTICE_MS): number {
  const at = Date.now();
  expect(error).toBeInstanceOf(TransportClosedError);
  const fault = faultTime((error as TransportClosedError).stderrTail);
  expect(fault, "the fake server's FAULT line in the stderr tail").toBeDefined();
  const ms = at - (fault as number);
  figures.push({ scenario, ms, bound });
  expect(ms, `${scenario}: noticed after ${ms} ms`).toBeLessThan(bound);
  return ms;
}

/** A turn's script: answer, turn/started, `middle`, then whatever ends it. */
function turnScript(...middle: FakeAction[]): FakeScenario {
  return { on: { "turn/start": ["respond", "turnStarted", ...middle] } };
}

const ENDS_NORMALLY: FakeAction[] = [{ agentMessage: "ab" }, "complete"];

describe("fake app-server: faults during the handshake", () => {
  it("exits before reading initialize: start() rejects with the exit code and stderr; the next call tries again", async () => {
    const codex = open({ start: [{ stderr: "Error: bad config.toml" }, { exit: 3 }] });
    const error = await rejection(codex.start(), "start() to fail");
    noticed("exit before reading initialize", error);
    const closed = error as TransportClosedError;
    expect(closed.exitCode).toBe(3);
    expect(closed.message).toMatch(
      /^failed to start the app-server \(stdio:.*\): codex app-server exited with code 3/,
    );
    expect(closed.message).toContain("Error: bad config.toml");
    // Nothing is left of the failed start, even before close().
    expect(await tracker.settle()).toEqual([]);
    const again = await rejection(codex.threadStart(), "a second start to fail");
    expect((again as TransportClosedError).exitCode).toBe(3);
  });

  it("exits after reading initialize, before answering: start() rejects with TransportClosedError", async () => {
    const codex = open({ on: { initialize: [{ stderr: "panicked at initialize" }, { exit: 101 }] } });
    const error = await rejection(codex.threadStart(), "threadStart() to fail");
    noticed("exit after reading initialize", error);
    expect((error as TransportClosedError).exitCode).toBe(101);
    expect((error as Error).message).toMatch(/exited with code 101[\s\S]*panicked at initialize/);
    expect(await tracker.settle()).toEqual([]);
  });

  it("exits right after answering initialize: the handshake succeeds, then every call says the client is unusable", async () => {
    const codex = open({ on: { initialize: ["respond", { exit: 0 }] } });
    expect((await within(codex.start(), "start()")).serverVersion).toBe(PINNED_RUNTIME_VERSION);
    const error = await rejection(codex.threadStart(), "threadStart() to fail");
    noticed("exit right after answering initialize", error);
    expect((error as TransportClosedError).exitCode).toBe(0);
    expect((error as Error).message).toMatch(/codex app-server exited with code 0/);
    const later = await immediateRejection(codex.models(), "a later call to fail");
    expect(later).toBeInstanceOf(TransportClosedError);
    expect((later as Error).message).toMatch(/this Codex client cannot be used any more.*create a new Codex/);
    expect((later as Error).message).toContain("exited with code 0");
  });

  it("never answers initialize: start() rejects with TimeoutError after startTimeoutMs and the process is ended", async () => {
    const codex = open({ on: { initialize: ["hang"] } }, { startTimeoutMs: 300 });
    const started = performance.now();
    const error = await rejection(codex.start(), "start() to time out");
    const ms = performance.now() - started;
    figures.push({ scenario: "initialize never answered (startTimeoutMs 300)", ms, bound: 300 + NOTICE_MS });
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("initialize timed out after 300 ms");
    expect(ms).toBeLessThan(300 + NOTICE_MS);
    expect(fakePids(dir)).toEqual([]);
  });
});

describe("fake app-server: faults during a turn", () => {
  it("exits between turn/start and its answer: turn() rejects with TransportClosedError", async () => {
    const codex = open({ on: { "turn/start": [{ exit: 0 }] } });
    const thread = await codex.threadStart();
    const error = await rejection(thread.turn("hi"), "turn() to fail");
    noticed("exit between turn/start and its answer", error);
    expect((error as Error).message).toMatch(/^codex app-server exited with code 0/);
    expect(await tracker.settle()).toEqual([]);
    const later = await rejection(thread.run("again"), "a later turn to fail");
    expect(later).toBeInstanceOf(TransportClosedError);
    expect((later as Error).message).toMatch(/cannot be used any more/);
  });

  it("exits mid-stream: the stream yields the events received, then rejects with TransportClosedError", async () => {
    const codex = open(turnScript({ deltas: ["a", "b"] }, { exit: 0 }));
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const events: StreamEvent[] = [];
    const error = await rejection(collectInto(turn.stream(), events), "the stream to fail");
    noticed("exit mid-stream", error);
    expect(deltasOf(events)).toEqual(["a", "b"]);
    expect((error as TransportClosedError).exitCode).toBe(0);
  });

  it("is killed by SIGKILL mid-stream: run() rejects with the signal", async () => {
    const codex = open(turnScript({ deltas: ["a"] }, { kill: "SIGKILL" }));
    const thread = await codex.threadStart();
    const error = await rejection(thread.run("hi"), "run() to fail");
    noticed("SIGKILL mid-stream", error);
    expect((error as TransportClosedError).signal).toBe("SIGKILL");
    expect((error as Error).message).toMatch(/^codex app-server was killed by SIGKILL/);
  });

  it("writes a partial line, then EOF: the partial line is dropped and the stream rejects", async () => {
    const partial = `{"method":"item/agentMessage/delta","params":{"threadId":"$threadId","turnId":"$turnId","itemId":"msg_1","delta":"cut`;
    const codex = open(turnScript({ deltas: ["a"] }, { raw: partial }, { exit: 0 }));
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const events: StreamEvent[] = [];
    const error = await rejection(collectInto(turn.stream(), events), "the stream to fail");
    noticed("partial line, then EOF", error);
    expect(deltasOf(events)).toEqual(["a"]);
    expect((error as TransportClosedError).exitCode).toBe(0);
  });

  it("writes a malformed line between valid ones: it is reported, skipped, and the turn completes", async () => {
    const codex = open(
      turnScript({ deltas: ["a"] }, { raw: "{this is not json\n" }, { deltas: ["b"] }, ...ENDS_NORMALLY),
    );
    const reported: string[] = [];
    codex.on("error", (n) => reported.push(n.params.error.message));
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const events = await within(collect(turn.stream()), "the stream");
    expect(deltasOf(events)).toEqual(["a", "b"]);
    expect(events.at(-1)?.method).toBe("turn/completed");
    // Reported once per bad line, with the offending text.
    await listenersCalled(); // listeners run in a later batch, off the read path
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/not a JSON-RPC message .*skipped: \{this is not json/);
    expect((await thread.run("again")).finalResponse).toBe("ab");
    await listenersCalled();
    expect(reported).toHaveLength(2);
  });

  it("answers an id the client never used: ignored, and the real answer still resolves its request", async () => {
    const codex = open({
      on: {
        "thread/start": [{ respondUnknownId: 4242 }, { respondUnknownId: 0 }, "respond"],
        "turn/start": [
          { respondUnknownId: 777 },
          "respond",
          "turnStarted",
          { deltas: ["a", "b"] },
          ...ENDS_NORMALLY,
        ],
      },
    });
    const thread = await within(codex.threadStart(), "threadStart()");
    const result = await within(thread.run("hi"), "run()");
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("ab");
  });

  it("sends events of a turn nobody started: they reach codex.on() but never the running turn's stream", async () => {
    const ghost = (delta: string): FakeAction => ({
      notify: "item/agentMessage/delta",
      params: { threadId: "$threadId", turnId: "ghost", itemId: "g", delta },
    });
    const ghostDone: FakeAction = {
      notify: "turn/completed",
      params: { threadId: "$threadId", turn: { id: "ghost", status: "completed", items: [], error: null } },
    };
    const codex = open(
      turnScript(ghost("G1"), { deltas: ["a"] }, ghost("G2"), ghostDone, { deltas: ["b"] }, ...ENDS_NORMALLY),
    );
    const seen: string[] = [];
    codex.on("item/agentMessage/delta", (n) => seen.push(n.params.delta));
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const events = await within(collect(turn.stream()), "the stream");
    expect(deltasOf(events)).toEqual(["a", "b"]);
    expect(events.every((e) => (e.params as { turnId?: string }).turnId !== "ghost")).toBe(true);
    await listenersCalled();
    expect(seen).toEqual(["G1", "a", "G2", "b"]);
    expect((await thread.run("next")).status).toBe("completed");
  });

  it("sends a 16 MiB line: delivered intact", async () => {
    const size = 16 * 1024 * 1024;
    const codex = open(turnScript({ deltas: ["a"] }, { bigDelta: size }, ...ENDS_NORMALLY));
    const thread = await codex.threadStart();
    const started = performance.now();
    const turn = await thread.turn("hi");
    const events = await within(collect(turn.stream()), "the stream");
    const ms = performance.now() - started;
    figures.push({ scenario: "16 MiB line: turn/start to turn/completed", ms, bound: 10_000 });
    expect(ms).toBeLessThan(10_000);
    const deltas = deltasOf(events);
    expect(deltas.map((d) => d.length)).toEqual([1, size]);
    expect(/^x+$/.test(deltas[1] as string)).toBe(true);
  });

  it("closes its stdout but stays alive with stderr open: TransportClosedError, and the process is ended", async () => {
    const codex = open({ ...turnScript({ deltas: ["a"] }, { closeStdout: true }), onStdinEnd: "ignore" });
    const thread = await codex.threadStart();
    const turn = await thread.turn("hi");
    const events: StreamEvent[] = [];
    const error = await rejection(collectInto(turn.stream(), events), "the stream to fail");
    noticed("stdout closed, process alive", error);
    expect(deltasOf(events)).toEqual(["a"]);
    expect((error as Error).message).toMatch(/^codex app-server closed its stdout/);
    // The transport ends the process it can no longer hear: stdin EOF (ignored), then SIGTERM.
    const started = performance.now();
    await within(codex.close(), "close()", 2 * CLOSE_GRACE_MS + NOTICE_MS);
    figures.push({
      scenario: "stdout closed: close() until the process is gone",
      ms: performance.now() - started,
      bound: 2 * CLOSE_GRACE_MS + NOTICE_MS,
    });
    expect(fakePids(dir)).toEqual([]);
  });
});

describe("fake app-server: a server that stops reading its stdin", () => {
  const stops: FakeScenario = {
    on: { "thread/start": ["respond", { stopReading: true }] },
    onStdinEnd: "ignore",
  };
  const big = (i: number): string => `${i}:`.padEnd(256 * 1024, "y");

  it("requests wait for their answer; timeoutMs still ends them while their write is blocked", async () => {
    const codex = open(stops);
    const thread = await codex.threadStart();
    // Fill the pipe (64 KiB on Linux) and the stream's buffer, so the next writes block: more than
    // 10 of them, so that one listener per blocked write would raise MaxListenersExceededWarning.
    const blocked = Array.from({ length: 24 }, (_, i) =>
      rejection(codex.request("thread/name/set", { threadId: thread.id, name: big(i) }, { timeoutMs: 300 })),
    );
    const started = performance.now();
    const errors = await within(Promise.all(blocked), "the blocked requests to time out");
    const ms = performance.now() - started;
    figures.push({
      scenario: "stdin not read: blocked request with timeoutMs 300",
      ms,
      bound: 300 + NOTICE_MS,
    });
    for (const e of errors) expect(e).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(300 + NOTICE_MS);

    // An abort ends a blocked request just as well.
    const controller = new AbortController();
    const aborted = codex.request(
      "thread/name/set",
      { threadId: thread.id, name: big(99) },
      { signal: controller.signal },
    );
    await new Promise((resolve) => setImmediate(resolve)); // the write is now queued behind the others
    controller.abort();
    expect(await immediateRejection(aborted, "the aborted request to reject")).toBeInstanceOf(AbortError);
  });

  it("the memory kept for it is bounded: past maxWriteBufferBytes, messages are refused at once", async () => {
    const limit = 1024 * 1024;
    const codex = open(stops, { maxWriteBufferBytes: limit });
    const thread = await codex.threadStart();
    const outcomes = [];
    for (let i = 0; i < 40; i++) {
      const sent = codex.request(
        "thread/name/set",
        { threadId: thread.id, name: big(i) },
        { timeoutMs: 300 },
      );
      outcomes.push(
        sent.then(
          () => "answered",
          (e: unknown) => e,
        ),
      );
    }
    const results = await within(Promise.all(outcomes), "every request to settle");
    const refused = results.filter((r) => r instanceof CodexError && !(r instanceof TimeoutError));
    const waited = results.filter((r) => r instanceof TimeoutError);
    expect(refused.length + waited.length).toBe(40);
    // At most the limit, one message past it and the pipe's own buffer were accepted.
    expect(waited.length * 256 * 1024).toBeLessThanOrEqual(limit + 256 * 1024 + 256 * 1024);
    expect(refused.length).toBeGreaterThan(30);
    expect((refused[0] as Error).message).toMatch(
      /^cannot send thread\/name\/set: the codex app-server is not reading its input \(\d+ bytes already wait to be written, limit 1048576\)/,
    );
    // No listener piles up on the blocked pipe (no MaxListenersExceededWarning, checked after each test).
  });

  it("close() does not wait for the blocked writes: it ends the process within the grace periods", async () => {
    const codex = open(stops);
    const thread = await codex.threadStart();
    const pending = Array.from({ length: 4 }, (_, i) =>
      rejection(codex.request("thread/name/set", { threadId: thread.id, name: big(i) }), "a blocked request"),
    );
    const started = performance.now();
    await within(codex.close(), "close()", 2 * CLOSE_GRACE_MS + NOTICE_MS);
    const ms = performance.now() - started;
    figures.push({
      scenario: "stdin not read: close() until the process is gone",
      ms,
      bound: 2 * CLOSE_GRACE_MS + NOTICE_MS,
    });
    for (const e of await Promise.all(pending)) expect(e).toBeInstanceOf(TransportClosedError);
    expect(fakePids(dir)).toEqual([]);
  });
});

/** What a turn stream yields, as far as these tests look at it. */
interface StreamEvent {
  method: string;
  params?: unknown;
}

/** Iterates `stream` into `events`, so the events received before a failure can be checked. */
async function collectInto(stream: AsyncIterable<StreamEvent>, events: StreamEvent[]): Promise<void> {
  for await (const event of stream) events.push(event);
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  await collectInto(stream, events);
  return events;
}

function deltasOf(events: readonly StreamEvent[]): string[] {
  return events.flatMap((e) =>
    e.method === "item/agentMessage/delta" ? [(e.params as { delta: string }).delta] : [],
  );
}
