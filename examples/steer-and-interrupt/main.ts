/**
 * Steer and interrupt: change a running turn's course with `steer()`, stop one with `interrupt()`,
 * or cancel one with an AbortSignal. The thread stays usable afterwards.
 *
 *   npx tsx examples/steer-and-interrupt/main.ts
 */
import { AbortError, Codex, InvalidRequestError } from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart();

// 1. Steer: add input to the turn while it runs. The model continues with the new instruction.
const counting = await thread.turn("Count from 1 to 50, one number per line.");
let steered = false;
for await (const event of counting.stream()) {
  if (event.method === "item/agentMessage/delta" && !steered) {
    steered = true;
    try {
      const { turnId } = await counting.steer("Change of plan: stop at 5 and say 'done'.");
      console.log(`[steer] accepted by turn ${turnId}`);
    } catch (error) {
      // The turn may have finished before the steer arrived.
      if (!(error instanceof InvalidRequestError)) throw error;
      console.log(`[steer] too late: ${error.rpcMessage}`);
    }
  }
  if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
    console.log(`[steered answer] ${event.params.item.text.replaceAll("\n", " ")}`);
  }
  if (event.method === "turn/completed") console.log(`[steer] turn ${event.params.turn.status}`);
}

// 2. Interrupt: stop a turn from outside its stream. `run()` then resolves with status "interrupted".
const essay = await thread.turn("Write a 3000-word essay on the history of computing.");
const off = codex.on("item/agentMessage/delta", (delta) => {
  if (delta.params.turnId !== essay.id) return;
  off(); // the first delta is enough
  essay.interrupt().catch((error: unknown) => console.log(`[interrupt] failed: ${String(error)}`));
});
const interrupted = await essay.run();
console.log(
  `[interrupt] turn ${interrupted.status}, final response ${JSON.stringify(interrupted.finalResponse)}`,
);

// 3. AbortSignal: aborting interrupts the turn on the server, then the stream (or run()) rejects
//    with an AbortError. Here the first streamed word aborts; AbortSignal.timeout(ms) works too.
const controller = new AbortController();
const poem = await thread.turn("Write a very long poem about the sea.", { signal: controller.signal });
try {
  for await (const event of poem.stream()) {
    if (event.method === "item/agentMessage/delta") controller.abort();
  }
} catch (error) {
  if (!(error instanceof AbortError)) throw error;
  console.log(`[abort] ${error.message}`);
}

// The thread is idle again and takes new turns.
const after = await thread.run("Reply with just: ready.");
console.log(`[after] ${after.finalResponse ?? "(no answer)"}`);
