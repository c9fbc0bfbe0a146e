import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, expect, it } from "vitest";

import {
  AppServerHarness,
  MockResponsesServer,
  shellCommandResponse,
  textResponse,
  toolCallResponse,
  usage,
  type CassetteFile,
} from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

const committed = fileURLToPath(new URL("../../examples/recorded-test/cassette.json", import.meta.url));

let harness: AppServerHarness;
let dir: string;
beforeEach(async () => {
  // The example makes its own harness; this one only gives it a clean working directory.
  harness = await AppServerHarness.create();
  dir = await mkdtemp(join(tmpdir(), "recorded-test-"));
});
afterEach(async () => {
  await harness.dispose();
  await rm(dir, { recursive: true, force: true });
});

function expectSession(out: string): void {
  expect(out).toContain("[items] userMessage, commandExecution, agentMessage");
  expect(out).toContain("[answer] I wrote the line to notes.txt.");
  expect(out).toContain("[items] userMessage, dynamicToolCall, agentMessage");
  expect(out).toContain("[answer] notes.txt has 3 words.");
  expect(out).toContain("[tokens] 150");
  expect(out).toContain("[notes.txt] hello recorded world");
  expect(out).toContain("[replay] every recorded request was made, in order");
}

it("recorded-test replays its committed cassette offline: the shell command and the tool run for real", async () => {
  const run = await runExample("recorded-test/main.ts", { harness, timeoutMs: 60_000 });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[mode] replay");
  expectSession(run.stdout);
});

it("recorded-test records the same cassette against a scripted upstream (UPDATE_CASSETTE=1 rewrites the committed one)", async () => {
  // Stands in for the real API: the answers a model gave, scripted.
  const upstream = await MockResponsesServer.start();
  try {
    const shell = "printf 'hello recorded world\\n' > notes.txt";
    upstream.enqueue(
      shellCommandResponse("call_shell_1", shell, { id: "resp_1", usage: usage({ inputTokens: 100 }) }),
    );
    upstream.enqueue(
      textResponse("I wrote the line to notes.txt.", {
        id: "resp_2",
        itemId: "msg_2",
        deltas: 3,
        usage: usage({ inputTokens: 120, outputTokens: 30 }),
      }),
    );
    upstream.enqueue(toolCallResponse("call_count_1", "word_count", { file: "notes.txt" }, { id: "resp_3" }));
    upstream.enqueue(
      textResponse("notes.txt has 3 words.", {
        id: "resp_4",
        itemId: "msg_4",
        deltas: 2,
        usage: usage({ inputTokens: 130, outputTokens: 20 }),
      }),
    );
    const path = join(dir, "cassette.json");
    const run = await runExample("recorded-test/main.ts", {
      harness,
      args: [path],
      env: { CODEX_CASSETTE_MODE: "record", CODEX_CASSETTE_UPSTREAM: upstream.url },
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("[mode] record");
    expectSession(run.stdout);
    expect(upstream.queued).toBe(0);

    const recorded = JSON.parse(await readFile(path, "utf8")) as CassetteFile;
    if (process.env["UPDATE_CASSETTE"] === "1") await copyFile(path, committed);
    const saved = JSON.parse(await readFile(committed, "utf8")) as CassetteFile;
    // What replay uses (the fingerprints and the answers) is what the committed file holds.
    const essence = (file: CassetteFile) =>
      file.interactions.map((i) => ({ match: i.request.match, response: i.response }));
    expect(essence(recorded)).toEqual(essence(saved));
  } finally {
    await upstream.close();
  }
});
