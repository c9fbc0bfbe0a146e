/**
 * Thread lifecycle and controls: name a thread, read it back with its turns, fork it, list threads
 * (one page, or every page with `codex.threads()`), archive and unarchive, and compact the history.
 *
 *   npx tsx examples/thread-lifecycle/main.ts
 */
import { Codex } from "codex-app-sdk";

await using codex = new Codex();

const thread = await codex.threadStart();
// A thread is listed (and can be forked) once it has had a turn.
const first = await thread.run("Give me a one-line fun fact about octopuses.");
console.log(`[started] ${thread.id}: ${first.finalResponse ?? "(no answer)"}`);

await thread.setName("Octopus facts");
const { thread: stored } = await thread.read({ includeTurns: true });
console.log(
  `[read] name "${stored.name ?? ""}", ${stored.turns.length} turn(s), preview "${stored.preview}"`,
);

const fork = await codex.threadFork(thread.id);
console.log(`[forked] ${fork.id} from ${fork.info.forkedFromId ?? "?"}`);

// One page of the list (the newest first by default)...
const page = await codex.threadList({ limit: 10 });
console.log(
  `[list] ${page.data.length} thread(s) on the first page; next cursor ${page.nextCursor ?? "none"}`,
);
// ...or every thread, fetching pages as needed.
const mine = new Set([thread.id, fork.id]);
let found = 0;
for await (const listed of codex.threads({ limit: 1 })) if (mine.has(listed.id)) found++;
console.log(`[threads] found ${found} of our 2 threads by paging one at a time`);

// Archived threads leave the default list; `archived: true` lists them.
await codex.threadArchive(fork.id);
const archived = await codex.threadList({ archived: true });
console.log(`[archived] ${fork.id}: in the archived list = ${archived.data.some((t) => t.id === fork.id)}`);
const restored = await codex.threadUnarchive(fork.id);
const active = await codex.threadList();
console.log(`[unarchived] ${restored.id}: back in the list = ${active.data.some((t) => t.id === fork.id)}`);

// Compaction summarises the history with a model request. It runs as a turn of its own: wait for
// that turn's `turn/completed` notification (subscribe before starting, so it cannot be missed).
const completions = codex.notifications({
  methods: ["turn/completed"],
  signal: AbortSignal.timeout(120_000),
});
await thread.compact();
for await (const done of completions) {
  if (done.params.threadId !== thread.id) continue;
  console.log(`[compacted] compaction turn ${done.params.turn.id}: ${done.params.turn.status}`);
  break;
}

const next = await thread.run("And one more, please.");
console.log(`[after compaction] ${next.finalResponse ?? "(no answer)"}`);
