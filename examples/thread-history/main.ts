/**
 * Thread history: run three turns, fork the thread at the second one (the fork's next turn sees only
 * the first two), revert the original thread before its last turn, and page its turns with
 * `for await`, one small page at a time.
 *
 *   npx tsx examples/thread-history/main.ts
 */
import { Codex } from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart();
const turns = [];
for (const prompt of ["Pick a colour.", "Pick an animal.", "Pick a city."]) {
  const result = await thread.run(prompt);
  turns.push(result);
  console.log(`[turn ${turns.length}] ${prompt} -> ${result.finalResponse ?? "(no answer)"}`);
}

// A new thread with the history up to and including the second turn.
const fork = await thread.fork({ lastTurnId: turns[1]?.id });
const forked = await fork.run("What have I asked you so far?");
console.log(`[fork ${fork.id}] ${forked.finalResponse ?? "(no answer)"}`);

// Drop the last turn from the original thread's history (files it changed would stay as they are).
await thread.revert(turns[2]?.id ?? "");

// Every remaining turn, oldest first, one turn per request: the next page is fetched only when needed.
for await (const turn of thread.turns({ sortDirection: "asc", limit: 1 })) {
  const asked = turn.items.flatMap((item) =>
    item.type === "userMessage" ? item.content.flatMap((c) => (c.type === "text" ? [c.text] : [])) : [],
  );
  console.log(`[history] ${turn.id} ${turn.status}: ${asked.join(" ")}`);
}
