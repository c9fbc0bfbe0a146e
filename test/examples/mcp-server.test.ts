import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse, toolCallResponse, type SseEvent } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("mcp-server serves an in-process MCP server whose tool the model calls after approval", async () => {
  // The model calls order_status in the MCP server's namespace, then answers with the result.
  const call: SseEvent[] = toolCallResponse("call_order", "order_status", { id: "42" }).map((event) =>
    event.type === "response.output_item.done"
      ? { ...event, item: { ...(event["item"] as object), namespace: "mcp__orders" } }
      : event,
  );
  harness.mock.enqueue(call);
  harness.mock.enqueue(textResponse("Order 42 shipped on Monday."));

  const run = await runExample("mcp-server/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.trimEnd().split("\n")).toEqual([
    "[server] orders connected tools: order_status",
    '[approve] orders.order_status {"id":"42"}',
    "[tool] orders.order_status completed: order 42: shipped on Monday",
    "[answer] Order 42 shipped on Monday.",
  ]);
  const [, second] = await harness.mock.waitForRequests(2);
  // What the model got back (the runtime prefixes MCP results with the call's wall time).
  const [output] = second?.functionCallOutputs() ?? [];
  expect(output?.callId).toBe("call_order");
  expect(output?.output).toMatch(/\norder 42: shipped on Monday$/);
});
