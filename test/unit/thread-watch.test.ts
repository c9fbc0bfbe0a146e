/**
 * ThreadWatch on its own: observers see only their thread's notifications, in order, stop when
 * removed, and fail once when the connection is gone.
 */
import { describe, expect, it } from "vitest";

import type { Notification } from "../../src/api/events.js";
import { ThreadWatch } from "../../src/api/turns/thread-watch.js";
import { TransportClosedError } from "../../src/errors.js";

function note(method: string, threadId: string): Notification {
  return { method, params: { threadId } } as unknown as Notification;
}

describe("ThreadWatch", () => {
  it("routes by params.threadId, stops after removal, and forgets empty threads", () => {
    const watch = new ThreadWatch();
    const seen: string[] = [];
    const off = watch.observe("a", { notify: (n) => seen.push(n.method), fail: () => undefined });
    watch.route(note("turn/started", "a"));
    watch.route(note("turn/started", "b"));
    watch.route({ method: "account/updated", params: {} } as unknown as Notification);
    watch.route(note("turn/completed", "a"));
    expect(seen).toEqual(["turn/started", "turn/completed"]);
    expect(watch.size).toBe(1);
    off();
    off();
    watch.route(note("turn/started", "a"));
    expect(seen).toHaveLength(2);
    expect(watch.size).toBe(0);
  });

  it("an observer may remove itself while notified; failAll fails every observer once", () => {
    const watch = new ThreadWatch();
    const failures: unknown[] = [];
    let calls = 0;
    const off = watch.observe("a", {
      notify: () => {
        calls++;
        off();
      },
      fail: (e) => failures.push(e),
    });
    watch.observe("b", { notify: () => undefined, fail: (e) => failures.push(e) });
    watch.route(note("turn/started", "a"));
    watch.route(note("turn/started", "a"));
    expect(calls).toBe(1);
    const error = new TransportClosedError("gone");
    watch.failAll(error);
    watch.failAll(error);
    expect(failures).toEqual([error]);
    expect(watch.size).toBe(0);
  });
});
