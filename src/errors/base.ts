/**
 * The base of every SDK error and the errors any layer may throw: a rejected argument, a
 * cancellation, a timeout.
 *
 * @module
 */

/** Options accepted by every SDK error constructor. */
export interface CodexErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by the SDK.
 *
 * @example
 * ```ts
 * try { await thread.run("hi"); } catch (e) { if (e instanceof CodexError) console.error(e.message); }
 * ```
 */
export class CodexError extends Error {
  override name = "CodexError";
  constructor(message: string, options?: CodexErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Options of {@link InvalidArgumentError}. */
export interface InvalidArgumentErrorOptions extends CodexErrorOptions {
  /** Name of the argument or option that was rejected, e.g. `"sandbox"`. */
  argument?: string;
}

/**
 * An argument or option of an SDK call was rejected before anything was sent to the app-server.
 * `argument` names it; the message says what was expected and shows (a bounded preview of) what was
 * given. The rejected value itself is not kept, so logging the error never touches user objects.
 *
 * @example
 * ```ts
 * try {
 *   await codex.threadStart({ sandbox: "workspace" as Sandbox });
 * } catch (e) {
 *   if (e instanceof InvalidArgumentError) console.error(e.argument, e.message);
 * }
 * ```
 */
export class InvalidArgumentError extends CodexError {
  override name = "InvalidArgumentError";
  /** Name of the rejected argument or option (`""` when not known). */
  readonly argument: string;
  constructor(message: string, options?: InvalidArgumentErrorOptions) {
    super(message, options);
    this.argument = options?.argument ?? "";
  }
}

/**
 * An operation was cancelled through its `AbortSignal`. `name` is `"AbortError"`, like the DOM's,
 * so code that checks `err.name === "AbortError"` works.
 */
export class AbortError extends CodexError {
  override name = "AbortError";
  constructor(message = "The operation was aborted", options?: CodexErrorOptions) {
    super(message, options);
  }
}

/**
 * An operation did not finish within its `timeoutMs`. `cause`, when set, is what was still
 * pending or what failed last (for example the request that never got its answer).
 *
 * @example
 * ```ts
 * try { await login.wait({ timeoutMs: 5_000 }); } catch (e) { if (e instanceof TimeoutError) console.error(e.timeoutMs); }
 * ```
 */
export class TimeoutError extends CodexError {
  override name = "TimeoutError";
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: CodexErrorOptions) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** Builds the rejection for an aborted signal, keeping the signal's reason as `cause`. */
export function abortErrorFrom(signal: AbortSignal, what = "The operation"): CodexError {
  const reason: unknown = signal.reason;
  if (reason instanceof CodexError) return reason;
  return new AbortError(`${what} was aborted`, { cause: reason });
}
