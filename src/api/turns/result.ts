/** What a finished turn produced, and the error a failed turn rejects with. */
import type { ThreadItem } from "../../generated/v2/ThreadItem.js";
import type { ThreadTokenUsage } from "../../generated/v2/ThreadTokenUsage.js";
import type { Turn } from "../../generated/v2/Turn.js";
import { TurnFailedError, type BaseRunResult } from "../../errors.js";
import type { Notification } from "../events.js";

export { TurnFailedError, type BaseRunResult };

/**
 * The outcome of a turn. `T` is the type of its structured output: a turn run with an
 * `outputSchema` has `output`, its final answer parsed and validated (see docs/structured-output.md);
 * without one (`T` left at its default, `never`), the result has no `output` field.
 *
 * @example
 * ```ts
 * const result = await thread.run("Summarise README.md");
 * console.log(result.status, result.finalResponse, result.usage?.last.totalTokens);
 *
 * const Summary = z.object({ title: z.string(), bullets: z.array(z.string()) });
 * const { output } = await thread.run("Summarise README.md", { outputSchema: Summary });
 * output.bullets; // string[]
 * ```
 */
export type RunResult<T = never> = [T] extends [never] ? BaseRunResult : BaseRunResult & { output: T };

/** Applies the final-response rule to completed items. */
export function finalResponseOf(items: readonly ThreadItem[]): string | null {
  let fallback: string | null = null;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.type !== "agentMessage") continue;
    if (item.phase === "final_answer") return item.text;
    if (item.phase === null || item.phase === undefined) fallback ??= item.text;
  }
  return fallback;
}

/** Accumulates a {@link RunResult} from a turn's notifications. */
export class ResultCollector {
  readonly items: ThreadItem[] = [];
  usage: ThreadTokenUsage | null = null;
  turn: Turn | undefined;

  constructor(readonly turnId: string) {}

  observe(event: Notification): void {
    switch (event.method) {
      case "item/completed":
        this.items.push(event.params.item);
        break;
      case "thread/tokenUsage/updated":
        this.usage = event.params.tokenUsage;
        break;
      case "turn/completed":
        this.turn = event.params.turn;
        break;
    }
  }

  /** The result so far; `status` is `inProgress` until `turn/completed` was observed. */
  result(): BaseRunResult {
    const turn = this.turn;
    return {
      id: this.turnId,
      status: turn?.status ?? "inProgress",
      error: turn?.error ?? null,
      startedAt: turn?.startedAt ?? null,
      completedAt: turn?.completedAt ?? null,
      durationMs: turn?.durationMs ?? null,
      finalResponse: finalResponseOf(this.items),
      items: this.items,
      usage: this.usage,
    };
  }
}
