/**
 * Bounded waits for a promise to settle, used when closing transports: wait for the socket or the
 * child to go, but never longer than a grace period.
 *
 * @module
 */
import { limitTimer } from "./limits.js";

/**
 * Resolves `true` when `p` settles (fulfils or rejects: either way it is over) within `ms`, `false`
 * otherwise. Never rejects and never keeps the process alive.
 *
 * @example
 * ```ts
 * if (!(await settledWithin(exited, 2_000))) child.kill("SIGKILL");
 * ```
 */
export function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = limitTimer(() => resolve(false), ms);
    t?.unref();
    const settled = (): void => {
      clearTimeout(t);
      resolve(true);
    };
    p.then(settled, settled);
  });
}
