/**
 * Local image + text: send an image file from disk with a question. The app-server reads the file
 * and passes it to the model; the SDK checks first that it exists and is readable.
 *
 *   npx tsx examples/local-image-and-text/main.ts [path/to/image.png]
 *
 * Without an argument the example writes a small sample PNG to a temporary directory and removes
 * it afterwards.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { Codex, localImageInput, textInput } from "codex-app-sdk";

// An 8×8 crimson square, as a PNG.
const SAMPLE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4I2KDFTEMLQkAdntLAdb0HxsAAAAASUVORK5CYII=";

await using image = await imageFile(process.argv[2]);
console.log(`[image] ${image.path}`);

await using codex = new Codex();
const thread = await codex.threadStart();
const result = await thread.run([
  textInput("Describe this image in one short sentence."),
  localImageInput(image.path),
]);
console.log(`[answer] ${result.finalResponse ?? "(no answer)"}`);

/** The image to send: the given path, or a sample written to a temporary directory (removed on dispose). */
async function imageFile(given: string | undefined): Promise<AsyncDisposable & { path: string }> {
  if (given !== undefined) return { path: resolve(given), [Symbol.asyncDispose]: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), "codex-example-image-"));
  const path = join(dir, "crimson-square.png");
  await writeFile(path, Buffer.from(SAMPLE_PNG, "base64"));
  return { path, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}
