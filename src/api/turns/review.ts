/**
 * `review/start`: a review turn, followed through an ordinary {@link TurnHandle}.
 *
 * What the runtime does (observed): `review/start` answers with the review turn (its id, status
 * `inProgress`) and `reviewThreadId`, the thread the review runs on. The review's events carry that
 * turn id (`enteredReviewMode`, `exitedReviewMode` with the review text, the final `agentMessage`,
 * `turn/completed`); the model request itself runs in a child turn whose `turn/started` names the
 * review turn as `rootTurnId` and which gets no `turn/completed` of its own.
 */
import type { ReviewStartParams } from "../../generated/v2/ReviewStartParams.js";
import type { ReviewTarget } from "../../generated/v2/ReviewTarget.js";
import { InvalidArgumentError } from "../../errors.js";
import type { TurnSlot } from "./turn-queue.js";
import { TurnHandle, type TurnContext } from "./turn.js";
import type { TurnEvent } from "../events.js";
import { nonEmptyString, oneOf } from "../validation.js";

/** What `thread.review()` reviews: instructions (a `custom` review), or a protocol `ReviewTarget`. */
export type ReviewTargetInput = string | ReviewTarget;

/** Options of `thread.review()`. */
export interface ReviewOptions {
  /**
   * Where the review runs (`review/start`'s `delivery`): `"inline"` (the default) runs it on this
   * thread. To review on a separate thread, start (or fork) one and call `review()` on it.
   */
  delivery?: ReviewStartParams["delivery"];
  /** Aborting interrupts the review turn, as for `thread.turn()`; see `TurnOptions.signal`. */
  signal?: AbortSignal | undefined;
  /** Called with each event of the review turn. Must not throw. */
  onEvent?: ((event: TurnEvent) => void) | undefined;
}

const TARGETS = ["uncommittedChanges", "baseBranch", "commit", "custom"] as const;

/**
 * Checks a review target, or builds a `custom` one from a string (the review instructions).
 * @throws InvalidArgumentError for anything that is not one of the protocol's targets
 */
export function reviewTarget(target: unknown): ReviewTarget {
  if (typeof target === "string") return { type: "custom", instructions: nonEmptyString("target", target) };
  if (typeof target !== "object" || target === null || Array.isArray(target)) {
    throw new InvalidArgumentError(
      `target must be review instructions (a string) or a ReviewTarget object ({ type: ${TARGETS.map((t) => `"${t}"`).join(" | ")}, ... }), got ${target === null ? "null" : typeof target}`,
    );
  }
  const t = target as Record<string, unknown>;
  switch (oneOf("target.type", t["type"], TARGETS)) {
    case "uncommittedChanges":
      return { type: "uncommittedChanges" };
    case "baseBranch":
      return { type: "baseBranch", branch: nonEmptyString("target.branch", t["branch"]) };
    case "commit": {
      const title = t["title"];
      if (title !== undefined && title !== null && typeof title !== "string") {
        throw new InvalidArgumentError("target.title must be a string or null");
      }
      return { type: "commit", sha: nonEmptyString("target.sha", t["sha"]), title: title ?? null };
    }
    case "custom":
      return { type: "custom", instructions: nonEmptyString("target.instructions", t["instructions"]) };
  }
}

/**
 * Sends `review/start` for a checked target while holding the thread's turn `slot`, and returns
 * the review turn's handle (registered before any of its events can be missed). The slot is bound
 * to the review turn, or released when the request fails.
 */
export async function startReview(
  ctx: TurnContext,
  slot: TurnSlot,
  threadId: string,
  target: ReviewTarget,
  options: ReviewOptions,
): Promise<TurnHandle> {
  let turnId: string | undefined;
  try {
    const release = ctx.router.hold();
    try {
      const { turn, reviewThreadId } = await ctx.client.request("review/start", {
        threadId,
        target,
        ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
      });
      turnId = turn.id;
      slot.bind(turnId);
      const handle = new TurnHandle(ctx, reviewThreadId, turnId, options.signal, options.onEvent);
      ctx.router.register(turnId, handle);
      return handle;
    } finally {
      release();
    }
  } finally {
    if (turnId === undefined) slot.release();
  }
}
