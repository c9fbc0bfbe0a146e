/**
 * Sends `turn/start` so that an abort is never lost and never waits without bound.
 *
 * The request itself is not abandoned on abort: the server may already be running the turn, and a
 * turn nobody knows the id of cannot be interrupted. So after an abort the answer is still awaited,
 * and the turn handle interrupts the turn once its id is known. But a server that never answers
 * (hung, or no longer reading its input) must not hold the caller forever: past
 * {@link START_ABORT_WAIT_MS} after the abort, the call rejects with the `AbortError`, and an answer
 * arriving later still gets its turn interrupted (its events, buffered for nobody, are dropped at its
 * completion like those of any turn nobody registered).
 */
import type { AppServerClient } from "../../client/client.js";
import type { TurnStartParams } from "../../generated/v2/TurnStartParams.js";
import type { TurnStartResponse } from "../../generated/v2/TurnStartResponse.js";
import { abortable } from "../../internal/abortable.js";
import { abortErrorFrom } from "../../errors.js";

/** How long `turn/start` is still awaited after its signal aborted (as long as an interrupt is). */
export const START_ABORT_WAIT_MS = 10_000;

/** `client.request("turn/start", params)`, bounded after `signal` aborts (see the module comment). */
export function startTurn(
  client: AppServerClient,
  params: TurnStartParams,
  signal: AbortSignal | undefined,
): Promise<TurnStartResponse> {
  const started = client.request("turn/start", params);
  if (!signal) return started;
  return abortable(started, {
    signal,
    abortError: (aborted) => abortErrorFrom(aborted, "turn"),
    abortGraceMs: START_ABORT_WAIT_MS,
    unref: true,
    // Too late for the caller: stop the turn nobody will hold a handle of.
    onLate: (response) => {
      client
        .request("turn/interrupt", { threadId: params.threadId, turnId: response.turn.id })
        .catch(() => undefined);
    },
  });
}
