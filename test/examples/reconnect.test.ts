/**
 * The reconnect example against the real binary listening on a WebSocket (with a capability token)
 * and on a unix socket, in a harness's CODEX_HOME. The example connects through a relay the test
 * controls, so the test can drop the connection while the turn runs, as a network failure would.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";

import { AppServerHarness, sseResponse, textResponse } from "../../src/testing/index.js";
import { startAppServer, type AppServerProcess } from "../support/app-server-process.js";
import { startRelay, type Relay } from "../support/relay.js";
import { runExample } from "../support/run-example.js";
// Examples run the pinned runtime (run-example.ts drops CODEX_PATH).
import { PINNED_RUNTIME_VERSION_PATTERN as VERSION } from "../support/pinned-runtime.js";

const TOKEN = "example-capability-token-7c2d";
const PROMPT = "Count the files in the workspace.";
const FOLLOW_UP = "Thanks. One more sentence, please.";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setUp(listen: "ws" | "unix"): Promise<{
  harness: AppServerHarness;
  server: AppServerProcess;
}> {
  const harness = await AppServerHarness.create();
  cleanups.push(() => harness.dispose());
  const server = await startAppServer({ listen, harness, ...(listen === "ws" ? { token: TOKEN } : {}) });
  cleanups.push(() => server.dispose());
  return { harness, server };
}

it("reconnect recovers the answer of a turn that finished while the connection was down (ws + token)", async () => {
  const { harness, server } = await setUp("ws");
  const relay: Relay = await startRelay({ port: server.port ?? 0 });
  cleanups.push(() => relay.close());
  const tokenFile = join(harness.root, "ws-token");
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const gate = harness.mock.gate();
  harness.mock.enqueue(
    sseResponse(textResponse("There are 3 files.", { deltas: ["There are", " 3 files."] }), {
      gate,
      gateAfter: 3,
    }),
  );
  harness.mock.enqueue(textResponse("That is all of them."));

  const running = runExample("reconnect/main.ts", {
    harness,
    args: [relay.url, tokenFile, PROMPT],
    timeoutMs: 45_000,
  });
  try {
    await gate.waitUntilReached({ timeoutMs: 30_000 }); // the turn is streaming
    relay.cut();
  } finally {
    gate.release(); // the turn finishes on the server, with no client connected to hear it
  }
  const run = await running;

  expect(run.code, run.stderr).toBe(0);
  const started = new RegExp(`^\\[turn\\] (\\S+) started on thread (\\S+) \\(${VERSION}\\)$`, "m").exec(
    run.stdout,
  );
  expect(started, run.stdout).not.toBeNull();
  expect(run.stdout).toMatch(/^\[connection lost\] the connection to ws:\/\/127\.0\.0\.1:\d+\/ was lost/m);
  expect(run.stdout).toContain("[reconnected]");
  expect(run.stdout).toContain(`[recovered] turn ${started?.[1] ?? ""} completed: There are 3 files.`);
  expect(run.stdout).toContain("[follow-up] That is all of them.");
  expect(run.stdout).not.toContain("[answer]");
  expect(relay.connections).toBe(2);
  // The follow-up went to the same thread, with the recovered exchange as history.
  const [, followUp] = await harness.mock.waitForRequests(2);
  expect(followUp?.lastUserText()).toBe(FOLLOW_UP);
  expect(followUp?.messageInputTexts("assistant")).toContain("There are 3 files.");
});

it("reconnect runs straight through when nothing goes wrong (unix socket)", async () => {
  const { harness, server } = await setUp("unix");
  harness.mock.enqueue(textResponse("Two files."));
  harness.mock.enqueue(textResponse("Nothing else."));

  const run = await runExample("reconnect/main.ts", {
    harness,
    args: [server.socketPath ?? "", "", PROMPT],
    timeoutMs: 45_000,
  });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^\\[turn\\] \\S+ started on thread \\S+ \\(${VERSION}\\)$`, "m"));
  expect(run.stdout).toContain("[answer] Two files.");
  expect(run.stdout).toContain("[follow-up] Nothing else.");
  expect(run.stdout).not.toContain("[connection lost]");
});

it("reconnect prints its usage without arguments", async () => {
  const harness = await AppServerHarness.create();
  cleanups.push(() => harness.dispose());
  const run = await runExample("reconnect/main.ts", { harness, timeoutMs: 30_000 });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^usage: reconnect\/main\.ts/);
});
