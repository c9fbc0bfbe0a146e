/**
 * Image + text: send an image inline as a base64 `data:` URL together with a question. (A data URL
 * is the recommended form of `imageInput`; the runtime deprecates http(s) image URLs. For an image
 * file on disk, see the local-image-and-text example.)
 *
 *   npx tsx examples/image-and-text/main.ts
 */
import { Codex, imageInput, textInput } from "codex-app-sdk";

// An 8×8 crimson square, as a PNG.
const CRIMSON_SQUARE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4I2KDFTEMLQkAdntLAdb0HxsAAAAASUVORK5CYII=";
const dataUrl = `data:image/png;base64,${CRIMSON_SQUARE_PNG}`;

await using codex = new Codex();
const thread = await codex.threadStart();

const result = await thread.run([
  textInput("What colour is this image? Answer with one word."),
  // `imageInput(url, { detail })` sets the resolution. Note: the 0.169 runtime drops an image sent
  // with `detail: "low"` (the model gets "image content omitted"), so use "auto", "high" or "original".
  imageInput(dataUrl),
]);
console.log(`[sent] 1 text item + 1 image (${dataUrl.length} characters of data URL)`);
console.log(`[answer] ${result.finalResponse ?? "(no answer)"}`);
