/**
 * A Node program that owns a `Codex` with a turn in flight, for the parent-death tests. Run it with
 * `node --import tsx test/support/codex-owner.ts`; it reads its instructions as JSON from the
 * CODEX_OWNER environment variable ({@link OwnerInstructions}).
 *
 * It starts a thread and a turn, and once the turn is in flight (the first agent message delta, or
 * a command running) it prints one line `{"ready":true,"tree":[...]}` on stdout, `tree` being its
 * descendant processes at that moment (the app-server, its children). Then it waits forever (to be
 * killed), or calls `process.exit()` without closing the `Codex`.
 */
import { Codex, type CodexOptions } from "../../src/index.js";
import { descendants } from "./process-tree.js";

/** What the owner does. */
export interface OwnerInstructions {
  /** Options of the `Codex` (from the harness: cwd and env). */
  codex: Pick<CodexOptions, "cwd" | "env">;
  prompt: string;
  /** What marks the turn as in flight. */
  readyOn: "delta" | "command";
  /** After ready: wait to be killed, or `process.exit(0)` without `close()`. */
  then: "hang" | "exit";
}

const instructions = JSON.parse(process.env["CODEX_OWNER"] ?? "{}") as OwnerInstructions;
const codex = new Codex(instructions.codex);
const thread = await codex.threadStart();
const turn = await thread.turn(instructions.prompt);
for await (const event of turn.stream()) {
  const ready =
    instructions.readyOn === "delta"
      ? event.method === "item/agentMessage/delta"
      : event.method === "item/started" && event.params.item.type === "commandExecution";
  if (!ready) continue;
  // item/started can come just before the command's process exists: wait for it (bounded).
  const deadline = Date.now() + 5000;
  while (
    instructions.readyOn === "command" &&
    !descendants(process.pid).some((p) => p.comm === "sleep") &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  process.stdout.write(JSON.stringify({ ready: true, tree: descendants(process.pid) }) + "\n");
  if (instructions.then === "exit") process.exit(0);
  setInterval(() => undefined, 60_000); // hold the turn open until killed
}
