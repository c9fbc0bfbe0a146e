/**
 * Type guards used by several layers, written once so that every copy answers alike.
 *
 * @module
 */

/** True for a non-null, non-array object: something whose keys can be read as a record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * True for an `AbortSignal`, or anything that behaves like one (a signal from another realm or a
 * polyfill fails `instanceof AbortSignal` but works with `addEventListener`).
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Record<"aborted" | "addEventListener" | "removeEventListener", unknown>>;
  return (
    typeof v.aborted === "boolean" &&
    typeof v.addEventListener === "function" &&
    typeof v.removeEventListener === "function"
  );
}
