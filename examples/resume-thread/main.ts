/**
 * Resume a thread: threads are persisted by the app-server, so a later process can continue one by
 * its id. Pass an existing thread id to continue it; without one, the example first creates a thread
 * with one turn in a separate Codex (a separate app-server process), closes it, then resumes it.
 *
 *   npx tsx examples/resume-thread/main.ts [threadId]
 */
import { Codex } from "codex-app-sdk";

let threadId = process.argv[2];

if (threadId === undefined) {
  await using first = new Codex();
  const thread = await first.threadStart();
  const result = await thread.run("Remember this number for later: 42. Reply with just OK.");
  console.log(`[first session] thread ${thread.id}: ${result.finalResponse ?? "(no answer)"}`);
  threadId = thread.id;
} // `first` is closed here: its app-server process is gone.

await using codex = new Codex();
// Omitted options keep the thread's stored settings (model, sandbox, approval mode, ...).
const thread = await codex.threadResume(threadId);
console.log(`[resumed] thread ${thread.id} (${thread.info.preview || "no preview"})`);

const result = await thread.run("What number did I ask you to remember?");
console.log(`[second session] ${result.finalResponse ?? "(no answer)"}`);
