/**
 * `util.inspect.custom` (the symbol `console.log` and `util.inspect` look up) without importing
 * `node:util`, whose module namespace costs ~1 ms of start-up (bench W1): it is a registered symbol.
 * Used as `[inspect.custom]()`, as with node:util's own `inspect`.
 *
 * @module
 */
import type { inspect as utilInspect } from "node:util";

export const inspect: { readonly custom: typeof utilInspect.custom } = {
  custom: Symbol.for("nodejs.util.inspect.custom") as typeof utilInspect.custom,
};
