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

const recipe = {
  title: "Pancakes",
  servings: 4,
  difficulty: "easy",
  note: null,
  steps: [
    { text: "Whisk flour, eggs and milk", minutes: 5 },
    { text: "Fry until golden", minutes: null },
  ],
};

it("structured-output prints typed outputs and rejects an unsupported schema before any request", async () => {
  harness.mock.enqueue(textResponse(JSON.stringify(recipe), { deltas: 3 }));
  harness.mock.enqueue(textResponse('{"name":"TypeScript","typed":true}'));

  const run = await runExample("structured-output/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[recipe] Pancakes: 4 servings, easy");
  expect(run.stdout).toContain("[step 1] Whisk flour, eggs and milk (5 min)");
  expect(run.stdout).toMatch(/^\[step 2\] Fry until golden$/m);
  expect(run.stdout).toContain("[note] (none)");
  expect(run.stdout).toContain("[language] TypeScript (statically typed: true)");
  expect(run.stdout).toContain("[unsupported] #/properties/counts/propertyNames");
  expect(run.stdout).toContain("[unsupported] #/properties/counts/additionalProperties");
  expect(run.stdout).toContain("[unsupported] #/properties/source/format");

  // Two model requests: the third turn never started.
  const [first, second] = await harness.mock.waitForRequests(2);
  expect(harness.mock.requests).toHaveLength(2);
  expect(first?.bodyJson["text"]).toMatchObject({
    format: {
      type: "json_schema",
      strict: true,
      schema: {
        required: ["title", "servings", "difficulty", "note", "steps"],
        additionalProperties: false,
        properties: { note: { type: ["string", "null"] } },
      },
    },
  });
  expect(second?.bodyJson["text"]).toMatchObject({
    format: { schema: { required: ["name", "typed"], additionalProperties: false } },
  });
});

it("structured-output reports an answer that fails validation, with its raw text", async () => {
  harness.mock.enqueue(textResponse(JSON.stringify(recipe)));
  harness.mock.enqueue(textResponse('{"name":"TypeScript","typed":"very"}'));

  const run = await runExample("structured-output/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[invalid answer] the validate function rejected the value");
  expect(run.stdout).toContain('[raw] {"name":"TypeScript","typed":"very"}');
  expect(run.stdout).toContain("[unsupported] #/properties/source/format");
});
