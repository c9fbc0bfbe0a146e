/**
 * The goal calls of a thread: `thread/goal/set|get|clear` (stable since the oldest supported
 * runtime), their argument checks, and starting a goal run (see goal-run.ts).
 */
import type { ThreadGoalSetParams } from "../../generated/v2/ThreadGoalSetParams.js";
import { abortable } from "../../internal/abortable.js";
import { abortErrorFrom, InvalidArgumentError, TimeoutError } from "../../errors.js";
import type { TurnEvent } from "../events.js";
import { optionalInteger, optionalOneOf } from "../validation.js";
import { FOREIGN_START_MS } from "./foreign-start.js";
import { GoalRun, type GoalRunDeps, type GoalTurnHandle } from "./goal-run.js";

/** Longest objective the runtime accepts (characters). */
export const MAX_GOAL_OBJECTIVE_CHARS = 4000;

const STATUSES = ["active", "paused", "blocked", "usageLimited", "budgetLimited", "complete"] as const;

/** What `thread.setGoal()` changes: every field of `thread/goal/set` but the thread id. */
export type GoalUpdate = Omit<ThreadGoalSetParams, "threadId">;

/** Options of `thread.startGoal()` / `thread.runGoal()`. */
export interface GoalRunOptions {
  /** Token budget of the goal (`tokenBudget`); the goal becomes `budgetLimited` past it. */
  tokenBudget?: number | undefined;
  /**
   * Aborting pauses the goal and interrupts its running continuation turn, then rejects with an
   * `AbortError`; aborting while the call waits for the thread's running turn sends nothing.
   */
  signal?: AbortSignal | undefined;
  /** Called with each event of the run (every continuation turn's). Must not throw. */
  onEvent?: ((event: TurnEvent) => void) | undefined;
}

/**
 * Checks a goal objective: a string, non-empty once trimmed, at most 4000 characters.
 * @throws InvalidArgumentError otherwise
 */
export function goalObjective(value: unknown, name = "objective"): string {
  if (typeof value !== "string") throw new InvalidArgumentError(`${name} must be a string, got ${typeof value}`);
  const objective = value.trim();
  if (objective === "") throw new InvalidArgumentError(`${name} must not be empty`);
  if (objective.length > MAX_GOAL_OBJECTIVE_CHARS) {
    throw new InvalidArgumentError(
      `${name} must be at most ${MAX_GOAL_OBJECTIVE_CHARS} characters, got ${objective.length}`,
    );
  }
  return objective;
}

/** Checks `thread.setGoal()`'s argument (an objective string, or the fields to change). */
export function goalUpdate(update: unknown): GoalUpdate {
  if (typeof update === "string") return { objective: goalObjective(update) };
  if (typeof update !== "object" || update === null || Array.isArray(update)) {
    throw new InvalidArgumentError("setGoal takes an objective (a string) or { objective?, status?, tokenBudget? }");
  }
  const u = update as Record<string, unknown>;
  const out: GoalUpdate = { ...(u as GoalUpdate) };
  if (u["objective"] !== undefined && u["objective"] !== null) out.objective = goalObjective(u["objective"]);
  if (u["status"] !== null) optionalOneOf("status", u["status"], STATUSES);
  if (u["tokenBudget"] !== null) optionalInteger("tokenBudget", u["tokenBudget"], { min: 1 });
  return out;
}

/**
 * Sets the goal `active` and resolves with the run's handle once its first continuation turn
 * started. The caller holds the thread's slot (released when the run ends).
 */
export async function startGoal(
  deps: GoalRunDeps,
  threadId: string,
  objective: string,
  options: GoalRunOptions,
): Promise<GoalTurnHandle> {
  const run = new GoalRun(deps, threadId, options.signal, options.onEvent);
  const params: ThreadGoalSetParams = { threadId, objective, status: "active" };
  if (options.tokenBudget !== undefined) params.tokenBudget = options.tokenBudget;
  let set = false;
  try {
    await deps.ctx.client.request("thread/goal/set", params);
    set = true;
    return await abortable(run.started(), {
      signal: options.signal,
      abortError: (s) => abortErrorFrom(s, "startGoal"),
      timeoutMs: FOREIGN_START_MS,
      onTimeout: () => {
        throw new TimeoutError(`startGoal: the runtime started no goal turn within ${FOREIGN_START_MS} ms`, FOREIGN_START_MS);
      },
      unref: true,
    });
  } catch (error) {
    if (run.handle) run.interrupt().catch(() => undefined);
    else {
      run.cancel();
      // The goal is active but nobody follows it: stop it from starting turns.
      if (set) deps.ctx.client.request("thread/goal/set", { threadId, status: "paused" }).catch(() => undefined);
    }
    throw error;
  }
}
