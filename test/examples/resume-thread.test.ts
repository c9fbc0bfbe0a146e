import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { runExample } from "../support/run-example.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("resume-thread continues the thread in a new app-server with its history", async () => {
  harness.mock.enqueue(textResponse("OK"));
  harness.mock.enqueue(textResponse("You asked me to remember 42."));

  const run = await runExample("resume-thread/main.ts", { harness, timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  const created = /^\[first session\] thread ([0-9a-f-]{36}): OK$/m.exec(run.stdout);
  expect(created, run.stdout).not.toBeNull();
  const id = created?.[1] ?? "";
  expect(run.stdout).toContain(`[resumed] thread ${id} (Remember this number for later: 42.`);
  expect(run.stdout).toContain("[second session] You asked me to remember 42.");
  // The second request, made by the second app-server, carries the first exchange as history.
  const [, second] = await harness.mock.waitForRequests(2);
  expect(second?.lastUserText()).toBe("What number did I ask you to remember?");
  expect(second?.messageInputTexts("user")).toContain(
    "Remember this number for later: 42. Reply with just OK.",
  );
  expect(second?.messageInputTexts("assistant")).toContain("OK");
  expect(second?.header("x-codex-window-id")).toContain(id);
});

it("resume-thread continues the thread id given on the command line", async () => {
  harness.mock.enqueue(textResponse("OK"));
  harness.mock.enqueue(textResponse("It was 42."));
  const first = await runExample("resume-thread/main.ts", { harness, timeoutMs: 45_000 });
  const id = /^\[first session\] thread ([0-9a-f-]{36})/m.exec(first.stdout)?.[1];
  expect(id, first.stdout + first.stderr).toBeDefined();

  harness.mock.enqueue(textResponse("Still 42."));
  const run = await runExample("resume-thread/main.ts", { harness, args: [id ?? ""], timeoutMs: 45_000 });

  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).not.toContain("[first session]");
  expect(run.stdout).toContain(`[resumed] thread ${id} `);
  expect(run.stdout).toContain("[second session] Still 42.");
  const requests = await harness.mock.waitForRequests(3);
  expect(requests[2]?.messageInputTexts("assistant")).toEqual(["OK", "It was 42."]);
});
