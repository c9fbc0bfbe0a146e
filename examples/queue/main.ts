/**
 * Queue: run Codex turns as durable jobs on BullMQ (Redis). One process here plays both roles: a
 * `CodexWorker` (in production, many of them on many machines) and a `CodexQueue` producer. The
 * second job continues the first job's thread, on whichever worker takes it, with structured output.
 *
 *   npm install bullmq ioredis
 *   REDIS_PORT=6379 npx tsx examples/queue/main.ts
 */
import { CodexQueue, CodexWorker } from "codex-app-sdk/queue";

const connection = {
  host: process.env["REDIS_HOST"] ?? "127.0.0.1",
  port: Number(process.env["REDIS_PORT"] ?? 6379),
};

// The worker: one app-server, two turns at a time. `workspace` would turn a task's key into a checkout.
const worker = new CodexWorker({ connection, concurrency: 2 });
const queue = new CodexQueue({ connection });
try {
  await worker.waitUntilReady();

  const first = await queue.add({ input: "Pick a city for a weekend trip." });
  for await (const event of first.events()) {
    if (event.type === "status") console.log(`[event] ${event.status} on ${event.workerId}`);
    if (event.type === "item" && event.item.type === "agentMessage")
      console.log(`[event] message: ${event.item.text}`);
  }
  const { finalResponse, threadId } = await first.result();
  console.log(`[answer] ${finalResponse ?? "(no answer)"}`);

  // Continue the same thread with a typed answer; the job waits if another job holds the thread.
  const second = await queue.add({
    input: "How many letters does that city's name have?",
    threadId,
    turn: {
      outputSchema: {
        type: "object",
        properties: { city: { type: "string" }, letters: { type: "integer" } },
        required: ["city", "letters"],
        additionalProperties: false,
      },
    },
  });
  const { output, workerId } = await second.result({ timeoutMs: 120_000 });
  console.log(`[output] ${JSON.stringify(output)} (worker ${workerId})`);
} finally {
  await queue.close();
  await worker.close();
}
