import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

const CRIMSON_SQUARE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4I2KDFTEMLQkAdntLAdb0HxsAAAAASUVORK5CYII=";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("image-and-text sends the text and the data-URL image to the model", async () => {
  harness.mock.enqueue(textResponse("Crimson."));

  const run = await runExample("image-and-text/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[sent] 1 text item + 1 image (122 characters of data URL)");
  expect(run.stdout).toContain("[answer] Crimson.");
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.lastUserText()).toBe("What colour is this image? Answer with one word.");
  expect(request?.messageImageUrls()).toEqual([`data:image/png;base64,${CRIMSON_SQUARE_PNG}`]);
});
