import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";
import { RedisServer, redisServerPath } from "../support/redis-server.js";

const redisBinary = redisServerPath();
let harness: AppServerHarness;
let redis: RedisServer;
beforeEach(async () => {
  harness = await AppServerHarness.create();
  if (redisBinary !== undefined) redis = await RedisServer.start(redisBinary);
});
afterEach(async () => {
  await redis?.dispose();
  await harness.dispose();
});

it.skipIf(redisBinary === undefined)(
  "queue runs a job, then a job continuing its thread with structured output",
  { timeout: 90_000 },
  async () => {
    harness.mock.enqueue(textResponse("Lisbon."));
    harness.mock.enqueue(textResponse(JSON.stringify({ city: "Lisbon", letters: 6 })));

    const run = await runExample("queue/main.ts", {
      harness,
      env: { REDIS_PORT: String(redis.port) },
      timeoutMs: 75_000,
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\[event\] active on \S+$/m);
    expect(run.stdout).toContain("[event] message: Lisbon.");
    expect(run.stdout).toContain("[answer] Lisbon.");
    expect(run.stdout).toMatch(/^\[output\] \{"city":"Lisbon","letters":6\} \(worker \S+\)$/m);
    const requests = await harness.mock.waitForRequests(2);
    // The second turn ran on the thread of the first: the model saw the first answer.
    expect(requests[1]?.bodyText).toContain("Lisbon.");
    expect(requests[1]?.lastUserText()).toBe("How many letters does that city's name have?");
  },
);
