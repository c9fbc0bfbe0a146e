import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

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

it("local-image-and-text sends a sample image file, which the runtime turns into a data URL", async () => {
  harness.mock.enqueue(textResponse("A small crimson square."));

  const run = await runExample("local-image-and-text/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const path = /^\[image\] (.+\/crimson-square\.png)$/m.exec(run.stdout)?.[1];
  expect(path, run.stdout).toBeDefined();
  expect(run.stdout).toContain("[answer] A small crimson square.");
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.lastUserText()).toContain("Describe this image in one short sentence.");
  expect(request?.messageImageUrls()).toEqual([`data:image/png;base64,${CRIMSON_SQUARE_PNG}`]);
  // The temporary sample is removed when the example ends.
  expect(existsSync(path ?? "")).toBe(false);
});

it("local-image-and-text sends the file given on the command line, relative to the cwd", async () => {
  // A different image (1×1, grey) so the assertion cannot pass with the built-in sample.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNoaGgAAAMEAYFL09IQAAAAAElFTkSuQmCC",
    "base64",
  );
  await writeFile(join(harness.workspace, "grey.png"), png);
  harness.mock.enqueue(textResponse("A grey pixel."));

  const run = await runExample("local-image-and-text/main.ts", {
    harness,
    args: ["grey.png"],
    timeoutMs: 45_000,
  });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`[image] ${join(harness.workspace, "grey.png")}`);
  const [request] = await harness.mock.waitForRequests(1);
  expect(request?.messageImageUrls()).toEqual([`data:image/png;base64,${png.toString("base64")}`]);
  expect(existsSync(join(harness.workspace, "grey.png"))).toBe(true);
});
