/**
 * The queue's pure parts: a task must be plain JSON (with a clear error naming the path), a zod
 * `outputSchema` travels as JSON Schema, errors round-trip to the same SDK class and message, and
 * the directory thread store keeps rollouts and versions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AbortError,
  InvalidArgumentError,
  InvalidParamsError,
  OutputValidationError,
  TurnFailedError,
  type BaseRunResult,
} from "../../src/index.js";
import { JobFailedError } from "../../src/errors.js";
import { deserializeError, serializeError } from "../../src/queue/error-codec.js";
import { storedTask } from "../../src/queue/task.js";
import { checkRolloutPath, DirectoryThreadStore } from "../../src/queue/thread-store.js";

const result: BaseRunResult = {
  id: "turn-1",
  status: "failed",
  error: {
    message: "the model is overloaded",
    codexErrorInfo: "serverOverloaded",
    additionalDetails: null,
    misalignment: null,
  },
  startedAt: 1,
  completedAt: 2,
  durationMs: 1000,
  finalResponse: null,
  items: [],
  usage: null,
};

describe("queued tasks are plain JSON", () => {
  it.each([
    [{ input: "x", turn: { model: () => "m" } }, /task\.turn\.model is a function/],
    [
      { input: "x", thread: { config: { when: new Date(0) } } },
      /task\.thread\.config\.when is an instance of Date/,
    ],
    [{ input: "x", thread: { config: { n: Number.NaN } } }, /task\.thread\.config\.n is NaN/],
    [{ input: "x", thread: { config: { big: 1n } } }, /task\.thread\.config\.big is a bigint/],
    [
      { input: [{ type: "text", text: "a" }, undefined] },
      /task\.input is an array with a hole or undefined at 1/,
    ],
    [{ input: "x", workspace: "" }, /task\.workspace must be a non-empty string/],
    [{ input: "x", threadId: 42 }, /task\.threadId must be a non-empty string/],
    [{}, /task\.input is required/],
  ])("rejects bad task #%#", async (task, message) => {
    const error = await storedTask(task as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
  });

  it("rejects a circular task", async () => {
    const config: Record<string, unknown> = {};
    config["self"] = config;
    await expect(storedTask({ input: "x", thread: { config } as never })).rejects.toThrow(/circular/);
  });

  it("sends a zod outputSchema as JSON Schema and keeps the zod schema for the producer", async () => {
    const Answer = z.object({ value: z.number() });
    const { stored, schema } = await storedTask({ input: "x", turn: { outputSchema: Answer } });
    expect(schema).toBe(Answer);
    expect(stored.turn?.outputSchema).toMatchObject({
      type: "object",
      properties: { value: { type: "number" } },
    });
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
  });
});

describe("errors cross the queue as the same class", () => {
  it.each([
    new TurnFailedError(result),
    new OutputValidationError("not JSON", "{", [{ message: "Unexpected end", path: ["a", 0] }], result),
    new InvalidArgumentError("task.workspace: unknown workspace key", { argument: "task.workspace" }),
    new AbortError("job 7 was cancelled"),
    new InvalidParamsError({ code: -32602, message: "bad params" }, "turn/start"),
  ])("%s", (error) => {
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(error))) as never, "7");
    expect(back.constructor).toBe(error.constructor);
    expect(back.message).toBe(error.message);
    if (error instanceof TurnFailedError)
      expect((back as TurnFailedError).codexErrorInfo).toBe("serverOverloaded");
    if (error instanceof OutputValidationError) expect((back as OutputValidationError).rawText).toBe("{");
    if (error instanceof InvalidArgumentError)
      expect((back as InvalidArgumentError).argument).toBe(error.argument);
  });

  it("an error of another class arrives as JobFailedError naming it", () => {
    const back = deserializeError(serializeError(new TypeError("x is not a function")), "9");
    expect(back).toBeInstanceOf(JobFailedError);
    expect(back).toMatchObject({ remoteName: "TypeError", jobId: "9", message: "x is not a function" });
  });
});

describe("DirectoryThreadStore", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("saves, versions, loads and deletes a thread", async () => {
    dir = mkdtempSync(join(tmpdir(), "codex-thread-store-"));
    const store = new DirectoryThreadStore(dir);
    const path = "sessions/2026/01/01/rollout-x.jsonl";
    expect(await store.load("t-1")).toBeUndefined();
    expect(await store.save("t-1", { path, data: Buffer.from("one\n") })).toBe(1);
    expect(await store.save("t-1", { path, data: Buffer.from("one\ntwo\n") })).toBe(2);
    const loaded = await store.load("t-1");
    expect(loaded?.version).toBe(2);
    expect(loaded?.path).toBe(path);
    expect(loaded?.data.toString()).toBe("one\ntwo\n");
    await store.delete("t-1");
    expect(await store.load("t-1")).toBeUndefined();
    await expect(store.load("../etc")).rejects.toThrow(InvalidArgumentError);
  });

  it("refuses a stored path that would leave CODEX_HOME", () => {
    for (const bad of ["/etc/passwd", "sessions/../../x", "config.toml", "sessions//x"]) {
      expect(() => checkRolloutPath(bad), bad).toThrow(InvalidArgumentError);
    }
    expect(checkRolloutPath("archived_sessions/a.jsonl")).toBe("archived_sessions/a.jsonl");
  });
});
