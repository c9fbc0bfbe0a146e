/**
 * The per-login router: delivers each `account/login/completed` to the `wait()` calls of its own
 * login (the checks of a `wait()`'s options are in login-wait.ts).
 *
 * A login's completion can arrive before anyone waits for it (a cancel, or a second login that
 * replaces the first, completes it at once), so completions nobody waits for are kept (bounded)
 * and handed to the first `wait()` of that login id.
 *
 * @module
 */
import { abortErrorFrom, TimeoutError } from "../../errors.js";
import { abortable } from "../../internal/abortable.js";
import type { LoginWaitOptions } from "./login-wait.js";

interface Waiter {
  resolve(completion: unknown): void;
  reject(error: Error): void;
}

/**
 * Routes `account/login/completed` notifications by `loginId` to the `wait()` calls of that login,
 * and keeps completions nobody waits for yet (at most `maxBuffered`, oldest dropped first) for a
 * later `wait()`. Completions without a login id (the API-key login's) are not routed.
 *
 * @example
 * ```ts
 * const router = new LoginRouter();
 * router.route({ loginId: "L1", success: false, error: "Login cancelled", onboardingEntrypoint: null });
 * await router.wait("L1"); // the early completion, replayed
 * ```
 */
export class LoginRouter {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #buffered = new Map<string, unknown>();
  readonly #maxBuffered: number;
  #waiterCount = 0;
  #failure: Error | undefined;

  readonly #keepAlive: (() => () => void) | undefined;

  /** @param keepAlive holds the process alive while a `wait()` waits; returns the release. */
  constructor(maxBuffered = 256, keepAlive?: () => () => void) {
    this.#maxBuffered = maxBuffered;
    this.#keepAlive = keepAlive;
  }

  /** Number of `wait()` calls currently registered (zero once every wait settled). */
  get waiterCount(): number {
    return this.#waiterCount;
  }

  /** Number of completions kept for a later `wait()`. */
  get bufferedCount(): number {
    return this.#buffered.size;
  }

  /** Delivers one notification's params. Returns `false` when no waiter took it (it was buffered or ignored). */
  route(params: unknown): boolean {
    const loginId = loginIdOf(params);
    if (loginId === undefined) return false;
    const waiters = this.#waiters.get(loginId);
    if (waiters) {
      this.#waiters.delete(loginId);
      this.#waiterCount -= waiters.size;
      for (const waiter of waiters) waiter.resolve(params);
      return true;
    }
    this.#buffered.delete(loginId);
    if (this.#buffered.size >= this.#maxBuffered) {
      const oldest = this.#buffered.keys().next();
      if (!oldest.done) this.#buffered.delete(oldest.value);
    }
    this.#buffered.set(loginId, params);
    return false;
  }

  /** Removes and returns the buffered completion of a login, if one arrived before anyone waited. */
  take(loginId: string): unknown {
    const params = this.#buffered.get(loginId);
    this.#buffered.delete(loginId);
    return params;
  }

  /**
   * Waits for the completion of `loginId` (a buffered one is returned at once). Abort and timeout
   * reject and unregister the wait, leaving no timer or listener behind.
   */
  wait(loginId: string, options: LoginWaitOptions = {}): Promise<unknown> {
    if (this.#buffered.has(loginId)) return Promise.resolve(this.take(loginId));
    if (this.#failure) return Promise.reject(this.#failure);
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(abortErrorFrom(signal, `wait() for login ${loginId}`));
    let waiter: Waiter | undefined;
    const completion = new Promise<unknown>((resolve, reject) => {
      waiter = { resolve, reject };
      this.#register(loginId, waiter);
    });
    const release = this.#keepAlive?.();
    return abortable(completion, {
      signal,
      abortError: (aborted) => abortErrorFrom(aborted, `wait() for login ${loginId}`),
      timeoutMs,
      onTimeout: () => {
        throw timeoutError(loginId, timeoutMs ?? Infinity);
      },
      onSettle: () => {
        if (waiter) this.#unregister(loginId, waiter);
        release?.();
      },
    });
  }

  /** The connection is gone: every current and later wait without a buffered completion rejects. */
  fail(error: Error): void {
    this.#failure ??= error;
    const all = [...this.#waiters.values()];
    this.#waiters.clear();
    this.#waiterCount = 0;
    for (const waiters of all) for (const waiter of waiters) waiter.reject(error);
  }

  #register(loginId: string, waiter: Waiter): void {
    let set = this.#waiters.get(loginId);
    if (!set) this.#waiters.set(loginId, (set = new Set()));
    set.add(waiter);
    this.#waiterCount++;
  }

  #unregister(loginId: string, waiter: Waiter): void {
    const set = this.#waiters.get(loginId);
    if (!set?.delete(waiter)) return;
    this.#waiterCount--;
    if (set.size === 0) this.#waiters.delete(loginId);
  }
}

function loginIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const id = (params as { loginId?: unknown }).loginId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

function timeoutError(loginId: string, timeoutMs: number): TimeoutError {
  return new TimeoutError(
    `login ${loginId} did not complete within ${timeoutMs} ms (no account/login/completed arrived); ` +
      `it is still pending on the server: wait() again, or cancel() it`,
    timeoutMs,
  );
}
