/**
 * `codex.on()` listeners are called from a `setImmediate` batch scheduled when a notification
 * arrives (src/api/codex/listeners.ts). A `setImmediate` scheduled afterwards runs after that batch
 * (immediates run in the order they were scheduled), so awaiting this is an ordering guarantee, not
 * a wait for time to pass: every notification received before the call has reached the listeners
 * (up to one batch, 256 notifications, per call).
 */
export function listenersCalled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
