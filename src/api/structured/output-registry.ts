/**
 * Which turn handles have an output schema, and the parser that finishes their result. Apart from
 * the schema conversion and validation (structured.ts, deferred until a turn needs them), so a
 * turn handle can finish its result without loading them.
 *
 * @module
 */
import type { BaseRunResult, RunResult } from "../turns/result.js";

/** What turns a turn's result into `RunResult<T>` (structured.ts's `OutputParser`). */
export interface OutputFinisher {
  finish(result: BaseRunResult): Promise<RunResult<unknown>>;
}

const finishers = new WeakMap<object, OutputFinisher>();

/** @internal Binds a turn handle to the parser of its output schema. */
export function attachOutput(handle: object, parser: OutputFinisher): void {
  finishers.set(handle, parser);
}

/**
 * @internal The result of `handle.run()`: with `output` when the turn has an output schema (then a
 * promise: the output is parsed and validated), else `result` itself, with no wait.
 */
export function finishOutput(
  handle: object,
  result: BaseRunResult,
): Promise<RunResult<unknown>> | BaseRunResult {
  const finisher = finishers.get(handle);
  return finisher === undefined ? result : finisher.finish(result);
}
