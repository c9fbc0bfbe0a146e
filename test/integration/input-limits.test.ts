/**
 * Inputs the runtime would choke on or drop are refused before anything is sent, through a real
 * app-server: the mock model must see no request at all.
 */
import { copyFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { InvalidInputError, localImageInput, textInput } from "../../src/index.js";
import { SdkEnv } from "../support/sdk.js";

let env: SdkEnv;
let png: string;

beforeAll(async () => {
  env = await SdkEnv.create();
  png = join(env.harness.workspace, "small.png");
  await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
});

afterAll(async () => {
  await env.dispose();
});

describe("inputs refused before sending", () => {
  it("a 200 MB local image (a sparse file) is refused with a clear error", async () => {
    const big = join(env.harness.workspace, "huge.png");
    await copyFile(png, big);
    await truncate(big, 200 * 1000 * 1000);
    const thread = await env.codex().threadStart();
    const error = await thread.run([textInput("look"), localImageInput("huge.png")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(
      /^input\[1\]: local image ".*huge.png" is 200000000 bytes, more than the \d+ bytes allowed/,
    );
    expect(env.mock.requests).toHaveLength(0);
  });

  it("the Codex options maxImageBytes and allowedImageRoots apply to a run", async () => {
    const codex = env.codex({ maxImageBytes: 8, allowedImageRoots: [env.harness.home] });
    const thread = await codex.threadStart();
    await expect(thread.run([textInput("look"), localImageInput(png)])).rejects.toThrow(
      /more than the 8 bytes/,
    );
    const roomy = env.codex({ allowedImageRoots: [env.harness.home] });
    const other = await roomy.threadStart();
    await expect(other.run([textInput("look"), localImageInput(png)])).rejects.toThrow(
      /lies outside the allowed image directories/,
    );
    expect(env.mock.requests).toHaveLength(0);
  });

  it("a 10 MB prompt is refused without sending it", async () => {
    const thread = await env.codex().threadStart();
    await expect(thread.run("x".repeat(10 * 1024 * 1024))).rejects.toThrow(
      /^input holds 10485760 characters of text; the runtime accepts at most 1048576 per turn/,
    );
    expect(env.mock.requests).toHaveLength(0);
  });
});
