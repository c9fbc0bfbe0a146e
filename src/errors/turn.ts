/**
 * Errors about a turn's result: a failed turn, an `outputSchema` strict mode cannot take, and a
 * final answer that does not match its schema. The result and issue types they carry live here
 * too, so that the ground floor depends on nothing but generated types.
 *
 * @module
 */
import type { CodexErrorInfo } from "../generated/v2/CodexErrorInfo.js";
import type { ThreadItem } from "../generated/v2/ThreadItem.js";
import type { ThreadTokenUsage } from "../generated/v2/ThreadTokenUsage.js";
import type { TurnError } from "../generated/v2/TurnError.js";
import type { TurnStatus } from "../generated/v2/TurnStatus.js";
import { CodexError, InvalidArgumentError } from "./base.js";

/** Most problems listed in an `UnsupportedSchemaError` message (all are in `problems`). */
const MAX_LISTED_PROBLEMS = 20;

/**
 * The outcome of a turn, collected from its notifications: the fields every {@link RunResult} has.
 *
 * @example
 * ```ts
 * const result: BaseRunResult = await thread.run("Summarise README.md");
 * console.log(result.status, result.finalResponse, result.usage?.last.totalTokens);
 * ```
 */
export interface BaseRunResult {
  /** The turn id. */
  id: string;
  /** `completed` or `interrupted` (a `failed` turn rejects with {@link TurnFailedError}). */
  status: TurnStatus;
  /** The server's error for a failed turn, otherwise `null`. */
  error: TurnError | null;
  /** Unix seconds at which the turn started, as reported by the server. */
  startedAt: number | null;
  /** Unix seconds at which the turn completed. */
  completedAt: number | null;
  /** Duration of the turn in milliseconds, as reported by the server. */
  durationMs: number | null;
  /**
   * The agent's final answer: the latest `agentMessage` with phase `final_answer`, else the latest
   * one without a phase; commentary is never the answer. `""` is a valid answer; `null` when there is none.
   */
  finalResponse: string | null;
  /** Every item of the turn that completed, in arrival order (user message, commands, messages…). */
  items: ThreadItem[];
  /** The last token usage reported during the turn (`total` spans the whole thread). */
  usage: ThreadTokenUsage | null;
}

/** A turn ended with status `failed`. Carries the server's error and everything collected so far. */
export class TurnFailedError extends CodexError {
  override name = "TurnFailedError";
  /** The result of the failed turn (status `failed`). */
  readonly result: BaseRunResult;
  /** The server's machine-readable error kind (e.g. `serverOverloaded`, `usageLimitExceeded`), if any. */
  readonly codexErrorInfo: CodexErrorInfo | null;
  constructor(result: BaseRunResult) {
    super(result.error?.message ?? `turn ${result.id} failed`);
    this.result = result;
    this.codexErrorInfo = result.error?.codexErrorInfo ?? null;
  }
}

/**
 * A validation issue, as Standard Schema reports it (zod's issues have this shape too).
 *
 * @example
 * ```ts
 * const issue: StandardSchemaV1Issue = { message: "Expected string", path: ["items", 0, "name"] };
 * ```
 */
export interface StandardSchemaV1Issue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as keys from the root of the value (`[]` or absent for the root). */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * One part of an `outputSchema` that strict mode does not accept.
 *
 * @example
 * ```ts
 * const problem: SchemaProblem = {
 *   path: "#/properties/tags/patternProperties",
 *   message: "`patternProperties` is not supported: strict-mode objects have a fixed set of properties",
 * };
 * ```
 */
export interface SchemaProblem {
  /** JSON Pointer (as a URI fragment, `#/…`) to the offending keyword or subschema. */
  readonly path: string;
  /** What is wrong, and what to do instead. */
  readonly message: string;
}

/**
 * An `outputSchema` uses constructs OpenAI's strict structured-output mode does not support. Thrown
 * before anything is sent; `problems` lists every offending part with its JSON path.
 *
 * @example
 * ```ts
 * try {
 *   await thread.run("…", { outputSchema: { type: "object", patternProperties: { "^x": {} } } });
 * } catch (e) {
 *   if (e instanceof UnsupportedSchemaError) for (const p of e.problems) console.error(p.path, p.message);
 * }
 * ```
 */
export class UnsupportedSchemaError extends InvalidArgumentError {
  override name = "UnsupportedSchemaError";
  /** Every offending part of the schema, in document order. */
  readonly problems: readonly SchemaProblem[];
  constructor(problems: readonly SchemaProblem[], argument = "outputSchema") {
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `\n  ${p.path}: ${p.message}`);
    const more =
      problems.length > MAX_LISTED_PROBLEMS ? `\n  … and ${problems.length - MAX_LISTED_PROBLEMS} more` : "";
    super(
      `${argument} uses ${problems.length === 1 ? "a construct" : `${problems.length} constructs`} that OpenAI's strict structured-output mode does not support:${shown.join("")}${more}`,
      { argument },
    );
    this.problems = Object.freeze([...problems]);
  }
}

/** The issue list of an {@link OutputValidationError}. */
export type OutputIssues = ReadonlyArray<StandardSchemaV1Issue>;

/**
 * The final answer of a turn run with an `outputSchema` is not valid JSON, or does not pass
 * validation, or there is none (an interrupted turn). Carries the raw text, the issues and the
 * otherwise complete result.
 *
 * @example
 * ```ts
 * try {
 *   const { output } = await thread.run("A recipe", { outputSchema: Recipe });
 * } catch (e) {
 *   if (e instanceof OutputValidationError) console.error(e.rawText, e.issues, e.result.status);
 * }
 * ```
 */
export class OutputValidationError extends CodexError {
  override name = "OutputValidationError";
  /** The final answer as the model wrote it; `null` when the turn produced none. */
  readonly rawText: string | null;
  /** What is wrong: one JSON syntax issue, or the validation issues (with paths). */
  readonly issues: OutputIssues;
  /** The turn's result, complete except for `output`. */
  readonly result: BaseRunResult;
  constructor(
    message: string,
    rawText: string | null,
    issues: OutputIssues,
    result: BaseRunResult,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.rawText = rawText;
    this.issues = Object.freeze([...issues]);
    this.result = result;
  }
}

/**
 * `thread.attachTurn()` found no turn with this id on the thread: neither among its stored turns
 * nor among the events this connection received.
 */
export class TurnNotFoundError extends CodexError {
  override name = "TurnNotFoundError";
  /** The thread that was searched. */
  readonly threadId: string;
  /** The turn id that was not found. */
  readonly turnId: string;
  constructor(threadId: string, turnId: string) {
    super(`thread ${threadId} has no turn ${turnId} (neither stored nor running)`);
    this.threadId = threadId;
    this.turnId = turnId;
  }
}
