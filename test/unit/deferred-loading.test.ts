/**
 * Code that loads with the deferred modules (load-deferred.ts), which `start()` imports while the
 * app-server boots. The hub's routing tables load with them, which `start()` imports while the
 * app-server boots. A message that arrives before they are loaded waits in the hub and is
 * delivered, in arrival order, once they are. This file must run in its own module registry
 * (vitest isolates test files): it checks that the deferred modules are not loaded at its start.
 */
import { describe, expect, it, vi } from "vitest";

import { CodexHub } from "../../src/api/codex/hub.js";
import { deferredNow } from "../../src/api/load-deferred.js";
import type { ServerRequestHandler } from "../../src/api/server-requests/server-requests.js";
import type { Notification } from "../../src/api/events.js";

function warning(message: string): Notification {
  return { method: "warning", params: { threadId: null, message } };
}

describe("CodexHub before the deferred modules are loaded", () => {
  it("holds notifications and server requests, then delivers them in arrival order", async () => {
    expect(deferredNow()).toBeUndefined();
    const seen: string[] = [];
    const handler: ServerRequestHandler = (request) => {
      seen.push(`request ${request.method}`);
      return { decision: "decline" };
    };
    const hub = new CodexHub({ onServerRequest: handler });
    const listened: string[] = [];
    hub.bus.on("*", (n) => listened.push((n.params as { message: string }).message));

    hub.onNotification(warning("first"));
    const answer = hub.dispatch({
      id: 7,
      method: "item/commandExecution/requestApproval",
      params: { threadId: "t", turnId: "u", itemId: "i", command: "ls" },
    });
    hub.onNotification(warning("second"));
    // Nothing was routed yet: the tables do not exist before the deferred modules are loaded.
    expect(seen).toEqual([]);
    expect(answer).toBeInstanceOf(Promise);

    await expect(answer).resolves.toEqual({ decision: "decline" });
    expect(deferredNow()).toBeDefined();
    expect(seen).toEqual(["request item/commandExecution/requestApproval"]);

    // Once loaded, a message goes straight through (no promise for a request that needs none).
    hub.onNotification(warning("third"));
    await expect.poll(() => listened).toEqual(["first", "second", "third"]);
  });

  it("fails a request still waiting for the tables when the connection closes", async () => {
    // A fresh module registry: the deferred modules are not loaded in it yet.
    vi.resetModules();
    const fresh = await import("../../src/api/codex/hub.js");
    const errors = await import("../../src/errors.js");
    const hub = new fresh.CodexHub({ onServerRequest: () => ({ decision: "accept" }) });
    const answer = hub.dispatch({ id: 1, method: "item/commandExecution/requestApproval", params: {} });
    expect(answer).toBeInstanceOf(Promise);
    const closed = new errors.TransportClosedError("the app-server exited");
    hub.onConnectionClosed(closed);
    await expect(answer).rejects.toBe(closed);
  });
});

describe("synchronous calls that need the deferred modules", () => {
  it("throw a clear CodexError on an object the SDK did not build (the modules are not loaded)", async () => {
    vi.resetModules();
    const { Thread } = await import("../../src/api/threads/thread.js");
    const errors = await import("../../src/errors.js");
    const host = {
      currentClient: undefined,
      serverRequests: { notePolicy: () => undefined },
    } as unknown as ConstructorParameters<typeof Thread>[0];
    const thread = new Thread(host, { id: "thr_1" } as ConstructorParameters<typeof Thread>[1]);
    for (const call of [() => thread.turns(), () => thread.items()]) {
      expect(call).toThrow(errors.CodexError);
      expect(call).toThrow(/not created by a started Codex client/);
    }
  });
});
