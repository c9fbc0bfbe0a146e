import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { defaultModel, efforts, runtimeCatalog, wireEffort } from "../support/catalog.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("model-selection lists the catalog and runs with the default model at its strongest effort", async () => {
  harness.mock.enqueue(textResponse("Reading and changing code."));

  const run = await runExample("model-selection/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const count = Number(/^\[models\] (\d+) available:$/m.exec(run.stdout)?.[1]);
  expect(count).toBeGreaterThan(1);
  // One line per model, the default marked with `*`.
  const rows = run.stdout.split("\n").filter((line) => /^ {2}[* ] \S/.test(line));
  expect(rows).toHaveLength(count);
  expect(rows.filter((row) => row.startsWith("  * "))).toHaveLength(1);
  // The runtime's catalog decides the default model and its efforts.
  const model = defaultModel(await runtimeCatalog(harness));
  const { all, strongest } = efforts(model);
  expect(rows).toContain(`  * ${model.id.padEnd(16)} ${model.displayName} (effort ${all.join("/")})`);
  expect(run.stdout).toContain(
    `[picked] ${model.id} with effort ${strongest} (default effort ${model.defaultReasoningEffort})`,
  );
  expect(run.stdout).toContain("[answer] Reading and changing code.");

  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.bodyJson["model"]).toBe(model.id);
  const metadata = JSON.parse(request?.header("x-codex-turn-metadata") ?? "{}") as Record<string, unknown>;
  expect(metadata["reasoning_effort"]).toBe(strongest);
  expect(request?.bodyJson["reasoning"]).toMatchObject({ effort: wireEffort(strongest) });
});

it("model-selection uses the model named on the command line", async () => {
  harness.mock.enqueue(textResponse("Quick answers."));
  const model = (await runtimeCatalog(harness)).find((m) => !m.isDefault);
  if (model === undefined) throw new Error("the catalog has no model besides the default");
  const { strongest } = efforts(model);

  const run = await runExample("model-selection/main.ts", { harness, args: [model.id], timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(
    `[picked] ${model.id} with effort ${strongest} (default effort ${model.defaultReasoningEffort})`,
  );
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.bodyJson["model"]).toBe(model.id);
  expect(request?.bodyJson["reasoning"]).toMatchObject({ effort: wireEffort(strongest) });
});
