/**
 * The result side of a turn handle: collects the {@link RunResult} from every event routed to the
 * turn, whether or not anybody streams them, and settles it once the turn completed or can no
 * longer complete. Kept apart from the handle so that streaming and the result do not depend on
 * each other: a UI can stream the events and still read usage, the final response and `output`.
 */
import type { TurnEvent } from "../events.js";
import { isServerRequestEvent } from "../server-requests/server-requests.js";
import { finishOutput } from "../structured/output-registry.js";
import { ResultCollector, TurnFailedError, type RunResult } from "./result.js";

/** @internal One per {@link TurnHandle}. */
export class TurnOutcome<T> {
  readonly #collector: ResultCollector;
  /** The handle, which keys the turn's output parser (see `attachOutput`). */
  readonly #owner: object;
  #settled = false;
  #error: Error | undefined;
  /** Created only when somebody asks for the result: nothing can reject unobserved. */
  #wake: (() => void) | undefined;
  #result: Promise<RunResult<T>> | undefined;

  constructor(turnId: string, owner: object) {
    this.#collector = new ResultCollector(turnId);
    this.#owner = owner;
  }

  /** True once the turn completed or failed: the result no longer changes. */
  get settled(): boolean {
    return this.#settled;
  }

  /** Takes one event of the turn into the result (server requests are not part of it). */
  observe(event: TurnEvent): void {
    if (!this.#settled && !isServerRequestEvent(event)) this.#collector.observe(event);
  }

  /**
   * The turn is over: after its `turn/completed` (with `error` when its signal aborted it), or
   * without it (`error`: the connection is gone, or an abort the server never confirmed).
   */
  settle(error?: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#error = error;
    this.#wake?.();
  }

  /**
   * The turn's result, once it settled. The same promise on every call, so the structured output
   * is parsed (and validated) once. Settled from `settle()` itself: no wait beyond the promise's.
   */
  result(): Promise<RunResult<T>> {
    this.#result ??= new Promise<RunResult<T>>((resolve, reject) => {
      this.#wake = () => {
        try {
          resolve(this.#final());
        } catch (error) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the turn's failure, or a TurnFailedError: always an Error
          reject(error);
        }
      };
      if (this.#settled) this.#wake();
    });
    return this.#result;
  }

  #final(): RunResult<T> | Promise<RunResult<T>> {
    if (this.#error) throw this.#error;
    const result = this.#collector.result();
    if (result.status === "failed") throw new TurnFailedError(result);
    return finishOutput(this.#owner, result) as RunResult<T> | Promise<RunResult<T>>;
  }
}
