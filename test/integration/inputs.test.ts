/**
 * Turn inputs through the real pinned binary: images (data URL and local file), skills, and inputs
 * that must be refused before anything is sent.
 * Ports python-sdk.md §3.6 (test_app_server_inputs.py).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { InvalidInputError, type Codex, type RunInput } from "../../src/index.js";
import { textResponse } from "../../src/testing/index.js";
import { PromptScript, rejection, SdkEnv, type SpyTransport } from "../support/sdk.js";

/** A 1x1 PNG. */
const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Independent tests (one thread each, answers keyed by prompt) share one app-server.
let env: SdkEnv;
let codex: Codex;
let spy: SpyTransport;
let script: PromptScript;

beforeAll(async () => {
  env = await SdkEnv.create();
  ({ codex, spy } = env.spiedCodex());
  script = new PromptScript(env.mock);
});

afterAll(async () => {
  await env.dispose();
});

function requestFor(prompt: string) {
  const request = env.mock.requests.find((r) => r.messageInputTexts("user").includes(prompt));
  if (!request) throw new Error(`no model request for ${JSON.stringify(prompt)}`);
  return request;
}

describe("inputs reach the model", () => {
  it("a text and a data-URL image", async () => {
    const url = `data:image/png;base64,${TINY_PNG.toString("base64")}`;
    script.on("describe this image", textResponse("a dot"));
    const thread = await codex.threadStart();
    const result = await thread.run([
      { type: "text", text: "describe this image" },
      { type: "image", url },
    ]);
    expect(result.finalResponse).toBe("a dot");
    const request = requestFor("describe this image");
    expect(request.messageImageUrls()).toEqual([url]);
  });

  it("a local PNG arrives as a data:image/png;base64 URL", async () => {
    const path = join(env.harness.workspace, "tiny.png");
    writeFileSync(path, TINY_PNG);
    script.on("what is in the file", textResponse("a dot again"));
    const thread = await codex.threadStart();
    await thread.run([
      { type: "text", text: "what is in the file" },
      { type: "localImage", path },
    ]);
    const urls = requestFor("what is in the file").messageImageUrls();
    expect(urls).toHaveLength(1);
    const url = urls[0] ?? "";
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const bytes = Buffer.from(url.slice("data:image/png;base64,".length), "base64");
    expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it("a relative local image path is resolved against the Codex cwd", async () => {
    mkdirSync(join(env.harness.workspace, "img"), { recursive: true });
    writeFileSync(join(env.harness.workspace, "img", "rel.png"), TINY_PNG);
    script.on("relative image", textResponse("ok"));
    const thread = await codex.threadStart();
    await thread.run([
      { type: "text", text: "relative image" },
      { type: "localImage", path: "img/rel.png" },
    ]);
    const [url] = requestFor("relative image").messageImageUrls();
    expect(url?.startsWith("data:image/png;base64,")).toBe(true);
  });

  it("a skill injects one <skill> block with its name, path and body", async () => {
    const dir = join(env.harness.workspace, ".agents", "skills", "release-notes");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "SKILL.md");
    writeFileSync(
      path,
      "---\nname: release-notes\ndescription: Writes release notes\n---\n\nSKILL-BODY: list every change under a heading.\n",
    );
    script.on("use the skill", textResponse("notes written"));
    const thread = await codex.threadStart();
    await thread.run([
      { type: "text", text: "use the skill" },
      { type: "skill", name: "release-notes", path },
    ]);

    const texts = requestFor("use the skill").messageInputTexts("user");
    const blocks = texts.filter((t) => t.includes("<skill>"));
    expect(blocks).toHaveLength(1);
    const block = blocks[0] ?? "";
    expect(block).toContain("<name>release-notes</name>");
    expect(block).toContain(`<path>${path}</path>`);
    expect(block).toContain("SKILL-BODY: list every change under a heading.");
  });
});

describe("invalid inputs fail before anything is sent", () => {
  const cases: [string, unknown, RegExp][] = [
    ["an empty string", "", /empty string/],
    ["an empty array", [], /empty array/],
    ["a number", 42, /input must be a string/],
    ["a text item without text", [{ type: "text" }], /input\[0\]: "text" must be a non-empty string/],
    [
      "an unknown item type, named with its index",
      [
        { type: "text", text: "ok" },
        { type: "input_text", text: "hi" },
      ],
      /input\[1\] has an unknown type "input_text" \(did you mean "text"\?\)/,
    ],
    ["an image without url", { type: "image" }, /"url" must be a non-empty string/],
    [
      "a missing local image",
      [{ type: "localImage", path: "/definitely/not/here.png" }],
      /input\[0\]: local image "\/definitely\/not\/here.png" does not exist/,
    ],
    ["a skill without path", [{ type: "skill", name: "x" }], /"path" must be a non-empty string/],
  ];

  it.each(cases)("%s", async (_, input, message) => {
    const thread = await codex.threadStart();
    const turnsBefore = spy.requests("turn/start").length;
    const modelCallsBefore = env.mock.requests.length;

    const error = await rejection(thread.run(input as RunInput), "the input error");
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(message);
    expect(spy.requests("turn/start")).toHaveLength(turnsBefore);
    expect(env.mock.requests).toHaveLength(modelCallsBefore);
  });

  it("steer() refuses invalid input before sending turn/steer", async () => {
    const thread = await codex.threadStart();
    script.on("steer target", textResponse("done"));
    const turn = await thread.turn("steer target");
    const error = await rejection(turn.steer([{ type: "text", text: "" }]), "the steer input error");
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(spy.requests("turn/steer")).toHaveLength(0);
    await turn.run();
  });
});
