/**
 * Custom tools: give the agent functions of your own process. `tool()` takes a zod schema for the
 * arguments (typed in `execute`), the SDK answers the model's calls, and a failing tool becomes a
 * `success: false` answer the model can recover from instead of a crash. Namespaces group tools.
 *
 *   npx tsx examples/custom-tools/main.ts
 */
import { Codex, tool, toolNamespace } from "codex-app-sdk";
import { z } from "zod";

const inventory = new Map([
  ["apples", 12],
  ["pears", 0],
]);

const stock = tool({
  name: "stock_level",
  description: "How many units of a product are in stock",
  parameters: z.object({ product: z.string().describe("The product name, lowercase") }),
  execute: ({ product }, { callId }) => {
    console.log(`[tool] stock_level(${product}) for call ${callId}`);
    const units = inventory.get(product);
    if (units === undefined) return { content: `unknown product ${product}`, success: false };
    return `${units} units of ${product}`;
  },
});

const reorder = tool({
  name: "reorder",
  description: "Orders more units of a product",
  parameters: z.object({ product: z.string(), units: z.int().min(1).max(100) }),
  timeoutMs: 10_000,
  execute: async ({ product, units }, { signal }) => {
    // A real tool would call an API here, passing `signal` so an interrupted turn stops it.
    await new Promise((resolve) => setTimeout(resolve, 10));
    signal.throwIfAborted();
    inventory.set(product, (inventory.get(product) ?? 0) + units);
    console.log(`[tool] reorder(${product}, ${units})`);
    return `ordered ${units} units of ${product}`;
  },
});

const shop = toolNamespace({ name: "shop", description: "The shop's inventory", tools: [stock, reorder] });

await using codex = new Codex();
const thread = await codex.threadStart({ tools: [shop] });
const turn = await thread.turn("Check the pears and reorder 20 if we are out.");
for await (const event of turn.stream()) {
  if (event.method === "item/completed" && event.params.item.type === "dynamicToolCall") {
    const call = event.params.item;
    console.log(`[call] ${call.namespace ?? ""}.${call.tool} success=${String(call.success)}`);
  }
  if (event.method === "item/completed" && event.params.item.type === "agentMessage") {
    console.log(`[answer] ${event.params.item.text}`);
  }
  // A failed call (bad arguments, a throw, a timeout) is also reported here; the turn goes on.
  if (event.method === "error") console.log(`[error] ${event.params.error.message}`);
  if (event.method === "turn/completed") console.log(`[status] ${event.params.turn.status}`);
}
console.log(`[pears] ${inventory.get("pears") ?? 0}`);
