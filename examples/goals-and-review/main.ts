/**
 * Turns the SDK does not start with `thread.turn()`: a review (`thread.review()`), a compaction
 * awaited to its end (`thread.compact({ wait: true })`), and a goal run (`thread.runGoal()`), whose
 * continuation turns the runtime starts by itself until the model marks the goal complete; the
 * goal's events arrive in one stream, and `run()` gives one result over all its turns.
 *
 *   npx tsx examples/goals-and-review/main.ts
 */
import { Codex } from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart();
await thread.run("Say hello.");

// 1. A review of custom instructions: the handle's result is the review.
const review = await thread.review("Look for obvious problems in this workspace.");
console.log(`[review] on thread ${review.threadId === thread.id ? "this thread" : review.threadId}`);
console.log(`[review] ${(await review.run()).finalResponse ?? "(no review text)"}`);

// 2. Compaction, awaited: the result of the compaction turn.
const compaction = await thread.compact({ wait: true });
const compacted = compaction.items.some((item) => item.type === "contextCompaction");
console.log(`[compact] ${compaction.status}, contextCompaction item: ${compacted}`);

// 3. A goal: one logical turn over every continuation turn.
const goal = await thread.startGoal("Write a two-line poem about the sea, then mark the goal complete.");
let turnsSeen = 0;
for await (const event of goal) {
  if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
    turnsSeen++;
    console.log(`[goal message] ${event.params.item.text}`);
  }
  if (event.method === "thread/goal/updated") console.log(`[goal status] ${event.params.goal.status}`);
}
const result = await goal.result();
console.log(`[goal] ${result.status} after ${turnsSeen} answers: ${result.finalResponse ?? ""}`);
console.log(`[goal stored] ${(await thread.getGoal()).goal?.status ?? "none"}`);
