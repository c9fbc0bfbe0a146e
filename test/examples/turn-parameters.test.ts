import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import type { RecordedRequest } from "../../src/testing/index.js";
import { defaultModel, runtimeCatalog, wireEffort } from "../support/catalog.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

function turnMetadata(request: RecordedRequest | undefined): Record<string, unknown> {
  return JSON.parse(request?.header("x-codex-turn-metadata") ?? "{}") as Record<string, unknown>;
}

it("turn-parameters sends every turn option, and they stick for the next turn", async () => {
  harness.mock.enqueue(
    textResponse(JSON.stringify({ language: "TypeScript", reason: "types for JSON-RPC" })),
  );
  harness.mock.enqueue(textResponse("done"));

  const run = await runExample("turn-parameters/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  // The bundled catalog's default model of the pinned runtime, with its default effort and first tier.
  const model = defaultModel(await runtimeCatalog(harness));
  const effort = model.defaultReasoningEffort;
  const tier = model.serviceTiers[0]?.id;
  expect(tier, "the default model offers a service tier").toBeDefined();
  expect(run.stdout).toContain(
    `[options] model ${model.id}, effort ${effort}, summary concise, sandbox workspace-write, approval deny_all, service tier ${tier}`,
  );
  expect(run.stdout).toContain("[structured] language=TypeScript; reason=types for JSON-RPC");
  expect(run.stdout).toContain("[next turn] done");

  const [first, second] = await harness.mock.waitForRequests(2);
  const body = first?.bodyJson ?? {};
  expect(body["model"]).toBe(model.id);
  expect(body["reasoning"]).toMatchObject({ effort: wireEffort(effort), summary: "concise" });
  expect(body["service_tier"]).toBe(tier);
  expect(body["text"]).toMatchObject({
    format: {
      type: "json_schema",
      strict: true,
      schema: { required: ["language", "reason"], additionalProperties: false },
    },
  });
  expect(turnMetadata(first)).toMatchObject({ sandbox_mode: "workspace-write", auto_review_enabled: false });

  // Sticky: the second turn passed no options and still runs with them (the harness's own defaults
  // are mock-model, read-only and auto review). The output schema applied to its own turn only.
  const next = second?.bodyJson ?? {};
  expect(next["model"]).toBe(model.id);
  expect(next["reasoning"]).toMatchObject({ effort: wireEffort(effort), summary: "concise" });
  expect(next["service_tier"]).toBe(tier);
  expect(next["text"]).not.toHaveProperty("format");
  expect(turnMetadata(second)).toMatchObject({ sandbox_mode: "workspace-write", auto_review_enabled: false });
});
