/**
 * The job queue under a longer load (`npm run test:queue-soak`, skipped otherwise): 3 worker
 * processes, 20 threads side by side, each continued 8 times one job after another. Every job completes once
 * per successful run, each thread's turns never overlap, and each turn's request carries every
 * earlier answer of its thread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodexQueue } from "../../src/queue/index.js";
import { MockResponsesServer, textResponse } from "../../src/testing/index.js";
import { Fleet } from "../support/queue-fleet.js";
import { RedisServer, redisServerPath } from "../support/redis-server.js";

const redisBinary = redisServerPath();
const THREADS = 20;
const TURNS = 8;

describe.skipIf(redisBinary === undefined || !process.env["QUEUE_SOAK"])("queue soak", () => {
  let redis: RedisServer;
  let mock: MockResponsesServer;
  let fleet: Fleet;
  let queue: CodexQueue;
  const spans = new Map<string, Array<{ turn: number; at: number; body: string }>>();

  beforeAll(async () => {
    redis = await RedisServer.start(redisBinary ?? "");
    mock = await MockResponsesServer.start({
      responder: (request) => {
        const [, thread = "", turn = "0"] = /^t(\d+) turn (\d+)$/.exec(request.lastUserText() ?? "") ?? [];
        spans.set(thread, [
          ...(spans.get(thread) ?? []),
          { turn: Number(turn), at: Date.now(), body: request.bodyText },
        ]);
        return textResponse(`answer t${thread}.${turn}`);
      },
    });
    fleet = new Fleet(redis, mock);
    queue = new CodexQueue({ connection: redis.connection });
    await Promise.all(
      ["s1", "s2", "s3"].map((id) => fleet.start(id, { concurrency: 4, lockDurationMs: 5_000 })),
    );
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    await fleet?.dispose();
    await mock?.close();
    await redis?.dispose();
  });

  it(
    "runs every thread's turns in order, one at a time, each seeing the earlier answers",
    { timeout: 900_000 },
    async () => {
      const firsts = await Promise.all(
        Array.from({ length: THREADS }, async (_, t) =>
          (await queue.add({ input: `t${t} turn 0` })).result(),
        ),
      );
      await Promise.all(
        firsts.map(async (first, t) => {
          for (let turn = 1; turn < TURNS; turn++) {
            const result = await (
              await queue.add({ input: `t${t} turn ${turn}`, threadId: first.threadId })
            ).result();
            expect(result.finalResponse).toBe(`answer t${t}.${turn}`);
          }
        }),
      );
      for (let t = 0; t < THREADS; t++) {
        const seen = spans.get(String(t)) ?? [];
        expect(seen.map((s) => s.turn)).toEqual(Array.from({ length: TURNS }, (_, i) => i));
        const last = seen.at(-1);
        for (let turn = 0; turn < TURNS - 1; turn++) expect(last?.body).toContain(`answer t${t}.${turn}`);
      }
    },
  );
});
