import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse, toolCallsResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("custom-tools runs the namespaced tools the model calls, and a bad call fails softly", async () => {
  harness.mock.enqueue(
    toolCallsResponse([
      { callId: "call_stock", name: "stock_level", namespace: "shop", args: { product: "pears" } },
      { callId: "call_bad", name: "reorder", namespace: "shop", args: { product: "pears", units: 0 } },
    ]),
  );
  harness.mock.enqueue(
    toolCallsResponse([
      { callId: "call_order", name: "reorder", namespace: "shop", args: { product: "pears", units: 20 } },
    ]),
  );
  harness.mock.enqueue(textResponse("Pears were out; I ordered 20."));

  const run = await runExample("custom-tools/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[tool] stock_level(pears) for call call_stock");
  expect(run.stdout).toContain("[call] shop.stock_level success=true");
  expect(run.stdout).toContain("[call] shop.reorder success=false");
  expect(run.stdout).toMatch(/^\[error\] .*invalid arguments for tool shop\.reorder: units: /m);
  expect(run.stdout).toContain("[tool] reorder(pears, 20)");
  expect(run.stdout).toContain("[answer] Pears were out; I ordered 20.");
  expect(run.stdout).toContain("[status] completed");
  expect(run.stdout).toContain("[pears] 20");

  const requests = await harness.mock.waitForRequests(3);
  expect(requests[1]?.functionCallOutput("call_stock")?.output).toBe("0 units of pears");
  expect(requests[1]?.functionCallOutput("call_bad")?.output).toMatch(
    /^invalid arguments for tool shop\.reorder/,
  );
  expect(requests[2]?.functionCallOutput("call_order")?.output).toBe("ordered 20 units of pears");
});
