/**
 * `codex-app-sdk/queue` end to end: a real redis-server, real worker processes each with its own
 * app-server (the pinned binary), one mock Responses API. Covers the acceptance of issue 15:
 * many jobs over several workers exactly once, a thread moving between workers, a killed worker,
 * graceful hand-back, cancel, a Redis restart, and one thread's jobs never overlapping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, InvalidArgumentError } from "../../src/index.js";
import { CodexQueue, type CodexJobEvent } from "../../src/queue/index.js";
import {
  httpError,
  MockResponsesServer,
  SseGate,
  textResponse,
  type MockResponse,
  type RecordedRequest,
} from "../../src/testing/index.js";
import { Fleet } from "../support/queue-fleet.js";
import { RedisServer, redisServerPath } from "../support/redis-server.js";

const redisBinary = redisServerPath();
/** Every worker: 2 jobs at once, a dead worker's jobs move after ~3 s, shutdown grace 500 ms. */
const WORKER = { concurrency: 2, lockDurationMs: 3_000, graceMs: 500, rateLimitPauseMs: 1_500 };

/** Waits for the job's `started` event and returns the worker that runs the turn. */
async function runningOn(events: AsyncIterable<CodexJobEvent>): Promise<string> {
  for await (const event of events) if (event.type === "started") return event.workerId;
  throw new Error("the job ended without starting a turn");
}

/** What the mock answers, by the prompt: `sum a b` -> a + b, `remember w` -> `noted w`, `recall` -> `recalled`. */
interface Answering {
  /** Start times of the mock's requests, by prompt. */
  starts: Map<string, number[]>;
  /** Prompts whose first request is held at a gate until the test releases it. */
  gates: Map<string, SseGate>;
  requests: RecordedRequest[];
  /** Answers given before the normal one, by prompt (failures of the backend). */
  first: Map<string, MockResponse[]>;
}

function answer(prompt: string): string {
  const sum = /^sum (\d+) (\d+)$/.exec(prompt);
  if (sum) return String(Number(sum[1]) + Number(sum[2]));
  const remember = /^remember (\w+)$/.exec(prompt);
  if (remember) return `noted ${remember[1]}`;
  if (prompt.startsWith("slow")) return `done ${prompt}`;
  return "recalled";
}

describe.skipIf(redisBinary === undefined)("codex-app-sdk/queue with worker processes", () => {
  let redis: RedisServer;
  let mock: MockResponsesServer;
  let fleet: Fleet;
  let queue: CodexQueue;
  const seen: Answering = { starts: new Map(), gates: new Map(), requests: [], first: new Map() };

  beforeAll(async () => {
    redis = await RedisServer.start(redisBinary ?? "");
    mock = await MockResponsesServer.start();
    mock.setResponder((request) => {
      const prompt = request.lastUserText() ?? "";
      seen.requests.push(request);
      seen.starts.set(prompt, [...(seen.starts.get(prompt) ?? []), Date.now()]);
      const scripted = seen.first.get(prompt)?.shift();
      if (scripted !== undefined) return scripted;
      const gate = seen.gates.get(prompt);
      if (gate !== undefined) {
        seen.gates.delete(prompt);
        return { kind: "sse", events: textResponse(answer(prompt)), gate, gateAfter: 1 };
      }
      // Slow prompts stream over ~1 s, so an overlap of two turns would show in the start times.
      if (prompt.startsWith("slow"))
        return { kind: "sse", events: textResponse(answer(prompt), { deltas: 5 }), delayMs: 120 };
      return textResponse(answer(prompt));
    });
    fleet = new Fleet(redis, mock);
    queue = new CodexQueue({
      connection: redis.connection,
      defaultJobOptions: { attempts: 3, backoff: { type: "fixed", delay: 200 } },
    });
    await Promise.all(["w1", "w2", "w3"].map((id) => fleet.start(id, WORKER)));
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    await fleet?.dispose();
    await mock?.close();
    await redis?.dispose();
  });

  it(
    "runs 50 jobs over 3 worker processes, each exactly once with the right answer",
    { timeout: 120_000 },
    async () => {
      const jobs = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          queue.add({ input: `sum ${i} ${i * 3}` }, { jobId: `sum-${i}` }),
        ),
      );
      // Idempotent add: the same job id enqueues nothing new.
      const again = await queue.add({ input: "sum 0 0" }, { jobId: "sum-0" });
      expect(again.id).toBe("sum-0");
      const results = await Promise.all(jobs.map((job) => job.result({ timeoutMs: 100_000 })));
      results.forEach((result, i) => {
        expect(result.finalResponse).toBe(String(i * 4));
        expect(result.status).toBe("completed");
        expect(result.turnId).toBe(result.id);
        expect(result.threadId).toMatch(/\S/);
      });
      for (let i = 0; i < 50; i++) expect(seen.starts.get(`sum ${i} ${i * 3}`), `sum ${i}`).toHaveLength(1);
      expect(new Set(results.map((r) => r.workerId)).size).toBeGreaterThan(1);
    },
  );

  it("streams a job's progress: active, started, the items, completed", async () => {
    const job = await queue.add({ input: "sum 20 22" });
    const events: CodexJobEvent[] = [];
    for await (const event of job.events()) events.push(event);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["status", "started", "item", "completed"]),
    );
    expect(events.at(-1)?.type).toBe("completed");
    const texts = events.flatMap((e) =>
      e.type === "item" && e.item.type === "agentMessage" ? [e.item.text] : [],
    );
    expect(texts).toContain("42");
  });

  it("fails bad input clearly, and the worker keeps serving", async () => {
    const unknownWorkspace = await queue.add({ input: "sum 1 1", workspace: "nowhere" }, { attempts: 1 });
    const error = await unknownWorkspace.result({ timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("nowhere");
    const unknownThread = await queue.add({
      input: "sum 1 1",
      threadId: "0199aaaa-0000-7000-8000-000000000000",
    });
    const threadError = await unknownThread.result({ timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(threadError).toBeInstanceOf(InvalidArgumentError);
    expect((threadError as Error).message).toMatch(/no thread store holds/);
    await expect(
      queue.add({ input: "x", turn: { model: (() => "m") as unknown as string } }),
    ).rejects.toThrow(/task\.turn\.model is a function/);
    const ok = await queue.add({ input: "sum 2 2" });
    expect((await ok.result({ timeoutMs: 30_000 })).finalResponse).toBe("4");
  });

  it("retries a job whose turn failed with a backend overload, with backoff", async () => {
    seen.first.set("sum 7 7", [httpError(500, "high demand", { "retry-after": "0" })]);
    const job = await queue.add({ input: "sum 7 7" });
    const result = await job.result({ timeoutMs: 45_000 });
    expect(result.finalResponse).toBe("14");
    const statuses: string[] = [];
    for await (const event of job.events()) if (event.type === "status") statuses.push(event.status);
    expect(statuses).toEqual(["active", "retrying", "active"]);
  });

  it("a model rate limit pauses intake until it resets instead of failing the job", async () => {
    seen.first.set("sum 8 8", [httpError(429, "rate limited", { "retry-after": "0" })]);
    const job = await queue.add({ input: "sum 8 8" }, { attempts: 1 });
    const result = await job.result({ timeoutMs: 45_000 });
    expect(result.finalResponse).toBe("16");
    const events: CodexJobEvent[] = [];
    for await (const event of job.events()) events.push(event);
    const requeued = events.find((e) => e.type === "status" && e.status === "requeued");
    expect(requeued?.type === "status" ? requeued.message : undefined).toContain("rate limit");
    const [first, second] = seen.starts.get("sum 8 8") ?? [];
    // The queue paused for the worker's rateLimitPauseMs (no reset time from the mock) before the re-run.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_400);
  });

  it("cancel() interrupts a running turn; the job fails with AbortError", async () => {
    const gate = new SseGate();
    seen.gates.set("slow cancel", gate);
    const job = await queue.add({ input: "slow cancel" });
    await gate.waitUntilReached({ timeoutMs: 30_000 });
    await job.cancel();
    const error = await job.result({ timeoutMs: 30_000 }).catch((e: unknown) => e);
    gate.release();
    expect(error).toBeInstanceOf(AbortError);
    expect(seen.starts.get("slow cancel")).toHaveLength(1);
  });

  it(
    "continues a thread started on worker A on worker B, and the model sees the first answer",
    { timeout: 90_000 },
    async () => {
      const first = await (await queue.add({ input: "remember walnut" })).result({ timeoutMs: 30_000 });
      expect(first.finalResponse).toBe("noted walnut");
      // Take worker A out of the fleet: the continuation must run elsewhere.
      const a = fleet.workers.find((w) => w.id === first.workerId);
      expect(a).toBeDefined();
      expect(await a?.shutdown()).toBe(0);
      const second = await (
        await queue.add({ input: "recall", threadId: first.threadId })
      ).result({ timeoutMs: 30_000 });
      expect(second.workerId).not.toBe(first.workerId);
      expect(second.threadId).toBe(first.threadId);
      expect(second.finalResponse).toBe("recalled");
      const request = seen.requests.findLast((r) => r.lastUserText() === "recall");
      expect(request?.bodyText).toContain("noted walnut");
      expect(request?.bodyText).toContain("remember walnut");
    },
  );

  it(
    "never runs two jobs of one thread at once, on any worker (the later one waits)",
    { timeout: 60_000 },
    async () => {
      const first = await (await queue.add({ input: "remember pecan" })).result({ timeoutMs: 30_000 });
      const [a, b] = await Promise.all([
        queue.add({ input: "slow overlap a", threadId: first.threadId }),
        queue.add({ input: "slow overlap b", threadId: first.threadId }),
      ]);
      const [ra, rb] = await Promise.all([a.result({ timeoutMs: 45_000 }), b.result({ timeoutMs: 45_000 })]);
      expect([ra.finalResponse, rb.finalResponse]).toEqual(["done slow overlap a", "done slow overlap b"]);
      const [startA] = seen.starts.get("slow overlap a") ?? [];
      const [startB] = seen.starts.get("slow overlap b") ?? [];
      expect(startA).toBeDefined();
      expect(startB).toBeDefined();
      // Each slow answer streams for over 1 s; the later turn's request comes after the earlier one ended.
      expect(Math.abs((startA ?? 0) - (startB ?? 0))).toBeGreaterThanOrEqual(1_000);
      const [earlier, later] = (startA ?? 0) < (startB ?? 0) ? ["a", "b"] : ["b", "a"];
      const laterRequest = seen.requests.findLast((r) => r.lastUserText() === `slow overlap ${later}`);
      expect(laterRequest?.bodyText).toContain(`done slow overlap ${earlier}`);
    },
  );

  it(
    "graceful shutdown with a running turn hands the job back; another worker completes it",
    { timeout: 90_000 },
    async () => {
      const gate = new SseGate();
      seen.gates.set("slow handback", gate);
      const job = await queue.add({ input: "slow handback" });
      const owner = await runningOn(job.events());
      await gate.waitUntilReached({ timeoutMs: 30_000 });
      const worker = fleet.workers.find((w) => w.id === owner);
      expect(await worker?.shutdown()).toBe(0);
      gate.release();
      const result = await job.result({ timeoutMs: 60_000 });
      expect(result.finalResponse).toBe("done slow handback");
      expect(result.workerId).not.toBe(owner);
      const statuses: string[] = [];
      for await (const event of job.events()) if (event.type === "status") statuses.push(event.status);
      expect(statuses).toContain("requeued");
    },
  );

  it("kill -9 of a worker mid-turn: the job completes on another worker", { timeout: 90_000 }, async () => {
    await fleet.start("w4", WORKER);
    const gate = new SseGate();
    seen.gates.set("slow kill", gate);
    const job = await queue.add({ input: "slow kill" });
    const owner = await runningOn(job.events());
    await gate.waitUntilReached({ timeoutMs: 30_000 });
    await fleet.workers.find((w) => w.id === owner)?.kill();
    gate.release();
    const result = await job.result({ timeoutMs: 60_000 });
    expect(result.finalResponse).toBe("done slow kill");
    expect(result.workerId).not.toBe(owner);
    expect(seen.starts.get("slow kill")).toHaveLength(2);
  });

  it(
    "a Redis restart mid-run loses no job; workers and producers reconnect",
    { timeout: 90_000 },
    async () => {
      const jobs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => queue.add({ input: `sum 500 ${i}` })),
      );
      await jobs[0]?.result({ timeoutMs: 30_000 });
      await redis.restart();
      const more = await queue.add({ input: "sum 600 1" });
      const results = await Promise.all([...jobs, more].map((job) => job.result({ timeoutMs: 60_000 })));
      expect(results.map((r) => r.finalResponse)).toEqual([
        ...Array.from({ length: 8 }, (_, i) => String(500 + i)),
        "601",
      ]);
    },
  );
});
