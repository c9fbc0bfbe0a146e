/**
 * One `abort` listener per signal, however many waits share it.
 *
 * A single `AbortSignal` is commonly shared by many concurrent calls (one per request of a batch).
 * Each call adding its own listener makes Node print `MaxListenersExceededWarning` past ten, and
 * raising the signal's limit would change a setting that belongs to the caller. So the SDK adds one
 * listener per signal and keeps its callbacks in a set of its own.
 */

interface Entry {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const entries = new WeakMap<AbortSignal, Entry>();

/**
 * Calls `callback` once when `signal` aborts (at once, synchronously, when it already has).
 * Returns the function that removes the callback; calling it after the abort does nothing.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let entry = entries.get(signal);
  if (!entry) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      entries.delete(signal);
      for (const fn of callbacks) fn();
    };
    entry = { callbacks, listener };
    entries.set(signal, entry);
    signal.addEventListener("abort", listener, { once: true });
  }
  // A wrapper per registration, so the same function registered twice is called twice.
  const wrapper = (): void => callback();
  const registered = entry;
  registered.callbacks.add(wrapper);
  return () => {
    if (!registered.callbacks.delete(wrapper) || registered.callbacks.size > 0) return;
    // The last one went: leave nothing on the caller's signal.
    signal.removeEventListener("abort", registered.listener);
    if (entries.get(signal) === registered) entries.delete(signal);
  };
}
