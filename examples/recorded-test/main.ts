/**
 * A recorded test: the session below was run once against a model and its Responses API traffic
 * written to `cassette.json`; from then on it replays from the file, with no key and no network,
 * while the app-server, the shell command and the custom tool still run for real.
 *
 *   npx tsx examples/recorded-test/main.ts                 # replays cassette.json
 *   CODEX_CASSETTE_MODE=record OPENAI_API_KEY=sk-... CODEX_MODEL=<a model> \
 *     npx tsx examples/recorded-test/main.ts               # records it again against the OpenAI API
 *
 * An optional argument names another cassette file.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { Codex, Sandbox, tool } from "codex-app-sdk";
import { AppServerHarness } from "codex-app-sdk/testing";
import { z } from "zod";

const path = process.argv[2] ?? fileURLToPath(new URL("./cassette.json", import.meta.url));
const model = process.env["CODEX_MODEL"];

// The mode comes from CODEX_CASSETTE_MODE (default "auto": replay when the file exists).
await using harness = await AppServerHarness.create({
  cassette: { path },
  ...(model === undefined ? {} : { config: { model } }),
});
await using codex = new Codex(harness.codexOptions());
console.log(`[mode] ${harness.mock.cassette?.mode ?? "none"}`);

const wordCount = tool({
  name: "word_count",
  description: "Counts the words of a file in the workspace",
  parameters: z.object({ file: z.string() }),
  execute: async ({ file }) => {
    const text = await readFile(join(harness.workspace, file), "utf8");
    return `${file} has ${text.split(/\s+/).filter(Boolean).length} words`;
  },
});

const thread = await codex.threadStart({ tools: [wordCount], sandbox: Sandbox.workspace_write });
for (const prompt of [
  "Use the shell to write the line 'hello recorded world' to notes.txt.",
  "How many words does notes.txt have? Use the word_count tool.",
]) {
  const result = await thread.run(prompt);
  console.log(`[items] ${result.items.map((item) => item.type).join(", ")}`);
  console.log(`[answer] ${result.finalResponse ?? ""}`);
  console.log(`[tokens] ${result.usage?.last.totalTokens ?? 0}`);
}
console.log(`[notes.txt] ${(await readFile(join(harness.workspace, "notes.txt"), "utf8")).trim()}`);
// Throws when the session strayed from the recording (a request it does not have, or one it never made).
harness.mock.assertAllConsumed();
console.log("[replay] every recorded request was made, in order");
