/**
 * `npm run demo` (examples/demo.ts) in its three modes. The offline mode is the real thing: the
 * demo starts its own harness. The online modes are pointed at this test's mock through the
 * CODEX_HOME they would use (its config.toml routes the model provider to the mock), so the
 * credential handling is exercised without a network.
 */
import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, expect, it } from "vitest";

import {
  AppServerHarness,
  shellCommandResponse,
  sseResponse,
  textResponse,
} from "../../src/testing/index.js";
import type { MockResponder } from "../../src/testing/index.js";
import { writeFakeAppServer } from "../support/fake-app-server.js";
import { runExample } from "../support/run-example.js";
// Examples run the pinned runtime (run-example.ts drops CODEX_PATH).
import { PINNED_RUNTIME_VERSION_PATTERN as VERSION } from "../support/pinned-runtime.js";

let harness: AppServerHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** Plays the model like the offline demo does: run the command, then quote its output. */
const scriptedModel: MockResponder = (request) => {
  const [result] = request.functionCallOutputs();
  if (result === undefined) return shellCommandResponse("call_demo", "ls && cat greeting.txt");
  const line = result.output.split("\n").find((l) => l.startsWith("Hello from")) ?? "";
  return textResponse(`It says: ${line}`, { deltas: 4 });
};

/** The demo's temporary directories live under the harness's TMPDIR; none may be left behind. */
function leftovers(h: AppServerHarness): string[] {
  return readdirSync(h.tmp).filter((name) => name.startsWith("codex-app-sdk"));
}

it("runs offline without credentials, says so first, and really runs the command", async () => {
  harness = await AppServerHarness.create();

  const run = await runExample("demo.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr + run.stdout).toBe(0);
  const lines = run.stdout.split("\n");
  expect(lines[0]).toMatch(/^codex-app-sdk demo: OFFLINE \(no OPENAI_API_KEY and no Codex login found\)/);
  expect(lines[1]).toMatch(new RegExp(`^app-server: codex ${VERSION} \\(linux\\), workspace /.+/workspace$`));
  expect(lines[2]).toMatch(/^thread: [0-9a-f-]{36}$/);
  const secret = /The secret word is ([0-9a-f]{8})\./.exec(run.stdout)?.[1];
  expect(secret, run.stdout).toBeDefined();
  expect(run.stdout).toContain("$ /bin/bash -lc 'ls && cat greeting.txt'\n  greeting.txt\n  Hello from");
  expect(run.stdout).toMatch(/ {2}\(exit code 0, \d+ ms\)\n/);
  expect(run.stdout).toContain(
    `codex: greeting.txt says: "Hello from the codex-app-sdk demo! The secret word is ${secret}."`,
  );
  expect(run.stdout).toContain("turn: completed");
  expect(run.stdout).toMatch(
    /^tokens: 30 total \(input 20, cached 0, output 10, reasoning 0\); last model response 15$/m,
  );
  expect(run.stdout).toContain(
    `verified: the command really ran (its output holds the secret word ${secret}`,
  );
  expect(leftovers(harness)).toEqual([]);
  // The demo used its own mock: this harness's mock saw nothing.
  expect(harness.mock.allRequests).toEqual([]);
});

it("shows a command's whole output when the runtime streamed only part of it (scripted fake app-server)", async () => {
  // The real runtime streams a short command's output as `outputDelta` chunks only sometimes, and in
  // part: once on CI the demo printed a chunk and lost the rest. The fake does that on demand: one
  // chunk of two, then the completed item with the whole output (the greeting file the demo wrote
  // into the app-server's working directory).
  harness = await AppServerHarness.create();
  const dir = await mkdtemp(join(tmpdir(), "demo-fake-"));
  try {
    const ids = { threadId: "$threadId", turnId: "$turnId" };
    const command = "/bin/bash -lc 'ls && cat greeting.txt'";
    const base = { type: "commandExecution", id: "call_demo", command, cwd: "/w", processId: null };
    const commandItem = { ...base, status: "inProgress", commandActions: [], aggregatedOutput: null };
    const output = "greeting.txt\n$cwdFile(greeting.txt)";
    const codexPath = writeFakeAppServer(dir, {
      on: {
        "turn/start": [
          "respond",
          "turnStarted",
          { notify: "item/started", params: { ...ids, item: commandItem } },
          {
            notify: "item/commandExecution/outputDelta",
            params: { ...ids, itemId: "call_demo", delta: "$cwdFile(greeting.txt)" },
          },
          {
            notify: "item/completed",
            params: {
              ...ids,
              item: {
                ...commandItem,
                status: "completed",
                aggregatedOutput: output,
                exitCode: 0,
                durationMs: 7,
              },
            },
          },
          {
            notify: "item/started",
            params: { ...ids, item: { type: "agentMessage", id: "msg_1", text: "", phase: null } },
          },
          { deltas: ["greeting.txt says: ", "$cwdFile(greeting.txt)"] },
          { agentMessage: "greeting.txt says: $cwdFile(greeting.txt)" },
          "complete",
        ],
      },
    });

    const run = await runExample("demo.ts", { harness, env: { CODEX_PATH: codexPath }, timeoutMs: 45_000 });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    const secret = /The secret word is ([0-9a-f]{8})\./.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(
      `$ ${command}\n  greeting.txt\n  Hello from the codex-app-sdk demo! The secret word is ${secret}.\n  (exit code 0, 7 ms)\n`,
    );
    expect(run.stdout).toContain(
      `verified: the command really ran (its output holds the secret word ${secret}`,
    );
    expect(leftovers(harness)).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("uses OPENAI_API_KEY in a temporary CODEX_HOME when it is set", async () => {
  // The demo copies this CODEX_HOME's config.toml, so the "real" model is this test's mock, which
  // requires the key the demo logs in with.
  harness = await AppServerHarness.create({ requiresOpenaiAuth: true });
  harness.mock.setResponder(scriptedModel);

  const run = await runExample("demo.ts", {
    harness,
    env: { OPENAI_API_KEY: "sk-demo-test-key" },
    timeoutMs: 45_000,
  });

  expect(run.code, run.stderr + run.stdout).toBe(0);
  expect(run.stdout.split("\n")[0]).toBe(
    "codex-app-sdk demo: ONLINE, real model, using OPENAI_API_KEY in a temporary CODEX_HOME (~/.codex is not touched).",
  );
  expect(run.stdout).toMatch(/^verified: the command really ran/m);
  expect(run.stdout).toMatch(/^codex: It says: Hello from the codex-app-sdk demo!/m);
  const requests = harness.mock.requests;
  expect(requests).toHaveLength(2);
  for (const request of requests) expect(request.header("authorization")).toBe("Bearer sk-demo-test-key");
  // The user's CODEX_HOME was not logged in: the key went to the temporary one, now removed.
  expect(readdirSync(harness.codexHome)).not.toContain("auth.json");
  expect(leftovers(harness)).toEqual([]);
});

it("uses an existing Codex login in CODEX_HOME", async () => {
  harness = await AppServerHarness.create({ requiresOpenaiAuth: true });
  harness.mock.setResponder(scriptedModel);
  await writeFile(
    join(harness.codexHome, "auth.json"),
    JSON.stringify({ auth_mode: "apikey", OPENAI_API_KEY: "sk-existing-login" }),
  );

  const run = await runExample("demo.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr + run.stdout).toBe(0);
  expect(run.stdout.split("\n")[0]).toBe(
    `codex-app-sdk demo: ONLINE, real model, using your Codex login in ${harness.codexHome}.`,
  );
  expect(run.stdout).toMatch(/^verified: the command really ran/m);
  expect(harness.mock.requests.map((r) => r.header("authorization"))).toEqual([
    "Bearer sk-existing-login",
    "Bearer sk-existing-login",
  ]);
  expect(leftovers(harness)).toEqual([]);
});

it("CODEX_DEMO_OFFLINE=1 forces the offline demo even with a key", async () => {
  harness = await AppServerHarness.create();

  const run = await runExample("demo.ts", {
    harness,
    env: { OPENAI_API_KEY: "sk-unused", CODEX_DEMO_OFFLINE: "1" },
    timeoutMs: 45_000,
  });

  expect(run.code, run.stderr + run.stdout).toBe(0);
  expect(run.stdout.split("\n")[0]).toMatch(/^codex-app-sdk demo: OFFLINE/);
  expect(harness.mock.allRequests).toEqual([]);
});

it("interrupts a turn that takes too long, says so, cleans up and exits 1", async () => {
  harness = await AppServerHarness.create({ requiresOpenaiAuth: true });
  await writeFile(
    join(harness.codexHome, "auth.json"),
    JSON.stringify({ auth_mode: "apikey", OPENAI_API_KEY: "sk-existing-login" }),
  );
  // The model starts answering, then never finishes (a gate nobody releases).
  const gate = harness.mock.gate();
  harness.mock.enqueue(sseResponse(textResponse("Let me look", { deltas: 3 }), { gate, gateAfter: 3 }));

  const run = await runExample("demo.ts", {
    harness,
    env: { CODEX_DEMO_TIMEOUT_MS: "1500" },
    timeoutMs: 45_000,
  });

  expect(gate.reached).toBe(true);
  expect(run.code, run.stderr + run.stdout).toBe(1);
  expect(run.stdout).toContain("codex: Let");
  expect(run.stdout).toContain("turn: stopped (no answer within 1.5 s)");
  expect(leftovers(harness)).toEqual([]);
});
