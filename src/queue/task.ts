/**
 * What travels through Redis: a {@link CodexTask} (the input, thread and turn options, a
 * workspace key, the thread to continue), checked to be plain JSON before it is enqueued, so a
 * worker on another machine reads exactly what the producer meant.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { RunInput } from "../api/inputs/inputs.js";
import type { ThreadStartOptions } from "../api/threads/thread-params.js";
import type { TurnOptions } from "../api/threads/thread.js";
import type { JsonSchema, OutputSchema } from "../api/structured/output-schema.js";
import { isStandardSchema, jsonSchemaOf } from "../api/structured/structured.js";
import type { StandardSchemaV1 } from "../api/structured/output-schema.js";

/**
 * Thread options of a queued task: those of `codex.threadStart()` that are plain data. `cwd` comes
 * from the task's `workspace`; tools and handlers are the worker's (`CodexWorkerOptions.tools`).
 */
export type QueueThreadOptions = Omit<ThreadStartOptions, "cwd" | "tools" | "mcpServers">;

/**
 * Turn options of a queued task: those of `thread.run()` that are plain data. `outputSchema` may be
 * a JSON Schema or a zod 4 / Standard Schema (converted to JSON Schema by `add()`; the producer
 * keeps the original to validate and type `output`).
 */
export type QueueTurnOptions = Omit<
  TurnOptions,
  "signal" | "onEvent" | "onServerRequest" | "validate" | "outputSchema" | "cwd"
> & { outputSchema?: OutputSchema | undefined };

/**
 * One unit of work for a {@link CodexWorker}: run one turn, on a new thread or on `threadId`.
 * Everything in it must be plain JSON (strings, numbers, booleans, null, arrays, plain objects):
 * `add()` rejects anything else with an `InvalidArgumentError` naming the offending path.
 *
 * @example
 * ```ts
 * await queue.add({ input: "Review the diff", workspace: "repo-42", turn: { outputSchema: Review } });
 * ```
 */
export interface CodexTask {
  /** The user input of the turn: a string, or input items (local image paths are paths on the worker). */
  input: RunInput;
  /** Options of the new thread; a continued thread (`threadId`) keeps the settings it was started with. */
  thread?: QueueThreadOptions | undefined;
  /** Options of the turn. */
  turn?: QueueTurnOptions | undefined;
  /** A key the worker's `workspace` hook resolves to a directory (the thread's `cwd`). */
  workspace?: string | undefined;
  /** The id of a thread a previous job ran: the turn continues it, on whichever worker takes the job. */
  threadId?: string | undefined;
  /** Also stream the agent's text deltas as `delta` events (throttled). Default `false`. */
  streamDeltas?: boolean | undefined;
}

/** A task as stored in a job: `outputSchema` is JSON Schema. */
export interface StoredTask extends Omit<CodexTask, "turn"> {
  turn?: (Omit<QueueTurnOptions, "outputSchema"> & { outputSchema?: JsonSchema | undefined }) | undefined;
}

/** The data of a job on the queue. `v` versions the format. */
export interface JobData {
  v: 1;
  task: StoredTask;
}

/**
 * Checks that `task` is a task made of plain JSON and returns the stored form (a Standard Schema
 * `outputSchema` converted to JSON Schema). Throws `InvalidArgumentError` naming the path.
 */
export async function storedTask(
  task: CodexTask,
): Promise<{ stored: StoredTask; schema?: StandardSchemaV1 }> {
  if (typeof task !== "object" || task === null || Array.isArray(task)) {
    throw new InvalidArgumentError("task must be an object with an `input`", { argument: "task" });
  }
  if (task.input === undefined)
    throw new InvalidArgumentError("task.input is required", { argument: "task.input" });
  for (const key of ["workspace", "threadId"] as const) {
    const value = task[key];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new InvalidArgumentError(`task.${key} must be a non-empty string`, { argument: `task.${key}` });
    }
  }
  let schema: StandardSchemaV1 | undefined;
  let turn = task.turn as StoredTask["turn"];
  const outputSchema = task.turn?.outputSchema;
  if (outputSchema !== undefined && isStandardSchema(outputSchema)) {
    schema = outputSchema;
    turn = {
      ...task.turn,
      outputSchema: (await jsonSchemaOf(outputSchema, "task.turn.outputSchema")) as JsonSchema,
    };
  }
  const stored: StoredTask = { ...task, turn };
  if (turn === undefined) delete stored.turn;
  assertPlainJson(stored, "task");
  return schema === undefined ? { stored } : { stored, schema };
}

/** Throws `InvalidArgumentError` at the first value under `path` that JSON would not carry as is. */
export function assertPlainJson(value: unknown, path: string, seen = new Set<object>()): void {
  const fail = (what: string): never => {
    throw new InvalidArgumentError(
      `${path} is ${what}: a queued task must be plain JSON (strings, finite numbers, booleans, null, arrays, plain objects)`,
      { argument: path },
    );
  };
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) fail(String(value));
      return;
    case "undefined":
      return;
    case "object":
      break;
    default:
      fail(`a ${typeof value}`);
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) fail("a circular reference");
  const proto: unknown = Object.getPrototypeOf(object);
  if (!Array.isArray(object) && proto !== Object.prototype && proto !== null) {
    fail(`an instance of ${(object.constructor as { name?: string } | undefined)?.name ?? "a class"}`);
  }
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, i) => {
      if (item === undefined) fail(`an array with a hole or undefined at ${i}`);
      assertPlainJson(item, `${path}[${i}]`, seen);
    });
  } else {
    for (const [key, item] of Object.entries(object)) assertPlainJson(item, `${path}.${key}`, seen);
  }
  seen.delete(object);
}

/** Reads a job's data, refusing what no producer of this version writes. */
export function jobDataOf(data: unknown): JobData {
  const d = data as Partial<JobData> | null;
  if (typeof d !== "object" || d === null || d.v !== 1 || typeof d.task !== "object" || d.task === null) {
    throw new InvalidArgumentError("the job's data is not a task written by CodexQueue.add()", {
      argument: "job.data",
    });
  }
  return d as JobData;
}
