/**
 * Durations, sizes, signals and working directories against the real pinned binary and the mock
 * Responses API: `Infinity` and values past Node's timer maximum mean "no limit" (they used to fire
 * at once with a `TimeoutOverflowWarning`), invalid values are `InvalidArgumentError`s naming the
 * option before anything is sent, and a working directory that cannot be one is named as the
 * culprit instead of the binary.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { Codex, InvalidArgumentError, TransportClosedError } from "../../src/index.js";
import { textResponse } from "../../src/testing/index.js";
import { rejection, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;
let warnings: Error[];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};

beforeEach(async () => {
  env = await SdkEnv.create();
  warnings = [];
  process.on("warning", onWarning);
});

afterEach(async () => {
  process.off("warning", onWarning);
  await env.dispose();
});

/** Options of a `Codex` on the harness with the harness's own cwd and environment. */
function harnessCodex(extra: ConstructorParameters<typeof Codex>[0] = {}): Codex {
  return env.track(new Codex({ ...env.harness.codexOptions(), ...extra }));
}

function expectInvalid(error: unknown, argument: string): void {
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).argument).toBe(argument);
  expect((error as Error).message).toContain(argument);
}

describe("durations without a limit", () => {
  it.each([
    ["Infinity", Infinity],
    ["2**31", 2 ** 31],
    ["Number.MAX_VALUE", Number.MAX_VALUE],
  ])("request({ timeoutMs: %s }) waits for the answer", async (_label, timeoutMs) => {
    const codex = env.codex();
    const { config } = await codex.request("config/read", {}, { timeoutMs });
    expect(config).toBeTypeOf("object");
    expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
  });

  it("startTimeoutMs: Infinity starts the app-server and runs a turn", async () => {
    env.mock.enqueue(textResponse("started"));
    const codex = env.codex({ startTimeoutMs: Infinity, closeGraceMs: Infinity });
    const thread = await codex.threadStart();
    expect((await thread.run("go")).finalResponse).toBe("started");
    // closeGraceMs: Infinity sends no signal; the app-server still exits on stdin EOF.
    await codex.close();
    expect(env.pids()).toEqual([]);
    expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
  });
});

describe("invalid durations, sizes and signals", () => {
  it.each([
    ["NaN", Number.NaN],
    ["-1", -1],
    ["a string", "5"],
  ])("request({ timeoutMs: %s }) is refused before anything is sent", async (_label, timeoutMs) => {
    const codex = env.codex();
    const error = await rejection(codex.request("config/read", {}, { timeoutMs: timeoutMs as number }));
    expectInvalid(error, "timeoutMs");
  });

  it.each([
    ["startTimeoutMs", { startTimeoutMs: Number.NaN }],
    ["startTimeoutMs", { startTimeoutMs: 0 }],
    ["closeGraceMs", { closeGraceMs: -1 }],
    ["closeGraceMs", { closeGraceMs: Number.NaN }],
    ["maxWriteBufferBytes", { maxWriteBufferBytes: -1 }],
    ["maxWriteBufferBytes", { maxWriteBufferBytes: Number.NaN }],
    ["maxWriteBufferBytes", { maxWriteBufferBytes: 1.5 }],
    ["serverRequestTimeoutMs", { serverRequestTimeoutMs: -1 }],
  ])("new Codex() refuses a bad %s at once", (argument, options) => {
    let error: unknown;
    try {
      harnessCodex(options);
    } catch (e) {
      error = e;
    }
    expectInvalid(error, argument);
  });

  it("a signal that is not an AbortSignal is an InvalidArgumentError on every call that takes one", async () => {
    const codex = env.codex();
    const notASignal = { aborted: false } as unknown as AbortSignal;
    expectInvalid(await rejection(codex.request("config/read", {}, { signal: notASignal })), "signal");
    const thread = await codex.threadStart();
    expectInvalid(await rejection(thread.run("go", { signal: notASignal })), "signal");
    expectInvalid(await rejection(thread.turn("go", { signal: notASignal })), "signal");
    expectInvalid(await rejection(codex.threads({ signal: notASignal }).next()), "signal");
    expect(() => codex.notifications({ signal: notASignal })).toThrow(InvalidArgumentError);
    expect(env.mock.requests).toHaveLength(0);
  });
});

describe("working directories", () => {
  it("a client cwd that does not exist is named, not the binary, and the stderr tail is not repeated", async () => {
    const missing = join(env.harness.workspace, "nope");
    const codex = harnessCodex({ cwd: missing });
    const error = await rejection(codex.threadStart());
    expectInvalid(error, "cwd");
    expect((error as Error).message).toContain(`"${missing}" does not exist`);
    expect((error as Error).message).not.toContain("ENOENT");
  });

  it("a client cwd that is a file is named", async () => {
    const file = join(env.harness.workspace, "file.txt");
    writeFileSync(file, "x");
    const error = await rejection(harnessCodex({ cwd: file }).threadStart());
    expectInvalid(error, "cwd");
    expect((error as Error).message).toContain("is a file, not a directory");
  });

  it('cwd: "" is refused by new Codex()', () => {
    expect(() => harnessCodex({ cwd: "" })).toThrow(InvalidArgumentError);
  });

  it("a start failure prints the stderr tail once", async () => {
    // An unknown --config key makes the real binary exit at start with an error on stderr.
    const codex = harnessCodex({ args: ["--definitely-not-an-option"] });
    const error = await rejection(codex.threadStart());
    expect(error).toBeInstanceOf(TransportClosedError);
    const { message, stderrTail } = error as TransportClosedError;
    expect(stderrTail.trim()).not.toBe("");
    const heading = "--- app-server stderr (last lines) ---";
    expect(message.split(heading)).toHaveLength(2);
  });

  it("thread and turn cwd: missing, a file or empty are refused before anything is sent", async () => {
    const codex = env.codex();
    const file = join(env.harness.workspace, "file.txt");
    writeFileSync(file, "x");
    for (const cwd of [join(env.harness.workspace, "missing"), file, ""]) {
      expectInvalid(await rejection(codex.threadStart({ cwd })), "cwd");
    }
    const thread = await codex.threadStart();
    for (const cwd of ["missing", file, ""]) {
      expectInvalid(await rejection(thread.run("go", { cwd })), "cwd");
      expectInvalid(await rejection(codex.threadResume(thread.id, { cwd })), "cwd");
      expectInvalid(await rejection(codex.threadFork(thread.id, { cwd })), "cwd");
    }
    expect(env.mock.requests).toHaveLength(0);
  });

  it("a relative thread cwd is checked against the app-server's cwd and works", async () => {
    mkdirSync(join(env.harness.workspace, "sub"));
    env.mock.enqueue(textResponse("in sub"));
    const codex = env.codex();
    const thread = await codex.threadStart({ cwd: "sub" });
    expect(thread.settings?.cwd).toBe(join(env.harness.workspace, "sub"));
    expect((await thread.run("go")).finalResponse).toBe("in sub");
  });
});
