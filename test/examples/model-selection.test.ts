import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
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
  expect(run.stdout).toMatch(
    /^ {2}\* gpt-6\.1-sol\s+GPT-6\.1-Sol \(effort low\/medium\/high\/xhigh\/max\/ultra\)$/m,
  );
  expect(run.stdout).toContain("[picked] gpt-6.1-sol with effort ultra (default effort low)");
  expect(run.stdout).toContain("[answer] Reading and changing code.");

  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.bodyJson["model"]).toBe("gpt-6.1-sol");
  const metadata = JSON.parse(request?.header("x-codex-turn-metadata") ?? "{}") as Record<string, unknown>;
  expect(metadata["reasoning_effort"]).toBe("ultra");
  // The 0.169 runtime sends the Codex-level "ultra" to the Responses API as its strongest wire effort.
  expect(request?.bodyJson["reasoning"]).toMatchObject({ effort: "xhigh" });
});

it("model-selection uses the model named on the command line", async () => {
  harness.mock.enqueue(textResponse("Quick answers."));

  const run = await runExample("model-selection/main.ts", { harness, args: ["gpt-5.5"], timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[picked] gpt-5.5 with effort xhigh (default effort medium)");
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.bodyJson["model"]).toBe("gpt-5.5");
  expect(request?.bodyJson["reasoning"]).toMatchObject({ effort: "xhigh" });
});
