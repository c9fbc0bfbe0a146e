/**
 * Loads `deferred.ts`, the modules a client does not need to start: once, on first use, and in
 * the background while the app-server boots (`CodexConnection`), so a call made after `start()`
 * normally finds it loaded: `deferredNow() ?? (await loadDeferred())` then awaits nothing.
 *
 * Why: importing the SDK is almost entirely V8 pre-parsing its code (bench W1, Node start ->
 * ready). Code that only runs after the app-server answered is parsed while it boots instead.
 *
 * @module
 */
import { CodexError } from "../errors.js";
import type * as DeferredModules from "./deferred.js";

/** The deferred modules' exports. */
export type Deferred = typeof DeferredModules;

let loaded: Deferred | undefined;
let loading: Promise<Deferred> | undefined;

/** The deferred modules, imported on the first call. */
export function loadDeferred(): Promise<Deferred> {
  loading ??= import("./deferred.js").then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = undefined; // a failed import (a file missing from a broken install) is retried
      throw error;
    },
  );
  return loading;
}

/** The deferred modules when already loaded (no await, so no change of turn order); else `undefined`. */
export function deferredNow(): Deferred | undefined {
  return loaded;
}

/**
 * The deferred modules, for synchronous code that runs only on objects the deferred code created
 * (a `Thread` is built by the thread factory, so they are loaded by then).
 * @throws CodexError when they are not loaded (an object built by hand, not by the SDK)
 */
export function loadedDeferred(): Deferred {
  if (loaded) return loaded;
  throw new CodexError(
    "the SDK's deferred modules are not loaded: this object was not created by a started Codex client (use codex.threadStart() and the like)",
  );
}
