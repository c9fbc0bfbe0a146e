/**
 * `codex.fuzzyFileSearchSession()`: the streaming form of the fuzzy file-name search, for a search
 * box that refines as the user types (`fuzzyFileSearch/sessionStart|sessionUpdate|sessionStop`,
 * experimental). The runtime indexes the roots once; each `update(query)` answers with
 * `fuzzyFileSearch/sessionUpdated` notifications (the query and its matches, best first), then
 * one `fuzzyFileSearch/sessionCompleted`. It sends that pair for the empty query right after the
 * start, too.
 *
 * @module
 */

import { CodexError } from "../../errors.js";
import { onAbort } from "../../internal/abort-listener.js";
import type { NotificationOf } from "../events.js";
import type { NotificationIterator, NotificationIteratorOptions } from "../codex/notifications.js";
import { wellFormedString, absolutePath } from "./checks.js";
import { splitOptions, type CallOptions, type RuntimeHost } from "./host.js";
import { InvalidArgumentError, nonEmptyString } from "../validation.js";

/** What a {@link FileSearchSession} yields: the session's notifications, discriminated by `method`. */
export type FileSearchSessionEvent =
  | NotificationOf<"fuzzyFileSearch/sessionUpdated">
  | NotificationOf<"fuzzyFileSearch/sessionCompleted">;

/**
 * Options of `codex.fuzzyFileSearchSession()`.
 *
 * @experimental The session methods belong to the experimental protocol.
 */
export interface FileSearchSessionOptions {
  /** The directories to search (absolute paths on the app-server's host; at least one). */
  roots: readonly string[];
  /** The session id (unique among this client's sessions). Default: a random UUID. */
  sessionId?: string | undefined;
  /**
   * Most events kept while the consumer is slower than the server; the oldest are dropped beyond
   * it. Default 1000.
   */
  bufferSize?: number | undefined;
  /** Stops the session (`sessionStop`, best effort); the iteration then rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/** The notification source of one `Codex` (its bus). */
export interface SessionEventSource {
  iterate(options: NotificationIteratorOptions): NotificationIterator;
}

const METHODS = ["fuzzyFileSearch/sessionUpdated", "fuzzyFileSearch/sessionCompleted"] as const;

/**
 * A fuzzy file search session. `update(query)` searches; iterate the session (once) for the
 * results as they come; `stop()` (or `await using`, or aborting the `signal`) ends it and the
 * iteration.
 *
 * @experimental The session methods belong to the experimental protocol.
 *
 * @example
 * ```ts
 * await using search = await codex.fuzzyFileSearchSession({ roots: [process.cwd()] });
 * await search.update("readme");
 * for await (const event of search) {
 *   if (event.method === "fuzzyFileSearch/sessionUpdated" && event.params.query === "readme") {
 *     console.log(event.params.files.map((f) => f.path));
 *     break;
 *   }
 * }
 * ```
 */
export class FileSearchSession implements AsyncIterable<FileSearchSessionEvent>, AsyncDisposable {
  /** The session id sent to the runtime. */
  readonly id: string;
  /** The searched roots. */
  readonly roots: readonly string[];
  readonly #host: RuntimeHost;
  readonly #events: NotificationIterator;
  #iterated = false;
  #stopping: Promise<void> | undefined;
  #detachAbort: () => void = () => undefined;

  /** @internal Made by `codex.fuzzyFileSearchSession()`. */
  constructor(host: RuntimeHost, id: string, roots: readonly string[], events: NotificationIterator) {
    this.#host = host;
    this.id = id;
    this.roots = Object.freeze([...roots]);
    this.#events = events;
  }

  /** Whether `stop()` was called (or the signal aborted). */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /**
   * Searches for `query` (`fuzzyFileSearch/sessionUpdate`); the matches arrive through the
   * iteration. An empty query yields no files.
   * @throws CodexError after `stop()`
   */
  async update(query: string, options: CallOptions = {}): Promise<void> {
    const { signal } = splitOptions("options", options);
    wellFormedString("query", query);
    if (this.stopped) throw new CodexError(`fuzzy file search session ${this.id} was stopped`);
    await this.#host.request("fuzzyFileSearch/sessionUpdate", { sessionId: this.id, query }, { signal });
  }

  /** Stops the session (`fuzzyFileSearch/sessionStop`) and ends the iteration. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /** `await using search = …` stops it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** The session's events from its start, until `stop()`. Can be iterated once. */
  async *[Symbol.asyncIterator](): AsyncGenerator<FileSearchSessionEvent, void, undefined> {
    if (this.#iterated) throw new CodexError(`fuzzy file search session ${this.id} can be iterated only once`);
    this.#iterated = true;
    for (;;) {
      const next = await this.#events.next();
      if (next.done === true) return;
      const event = next.value;
      if (event.method === METHODS[0] || event.method === METHODS[1]) {
        if (event.params.sessionId === this.id) yield event;
      }
    }
  }

  /** @internal Stops the session when `signal` aborts. */
  bindAbort(signal: AbortSignal | undefined): void {
    if (signal) this.#detachAbort = onAbort(signal, () => void this.stop().catch(() => undefined));
  }

  async #stop(): Promise<void> {
    this.#detachAbort();
    await this.#events.return?.();
    await this.#host.request("fuzzyFileSearch/sessionStop", { sessionId: this.id });
  }
}

/** Starts a session: its events are subscribed to before `sessionStart` is sent, so none is missed. */
export async function startFileSearchSession(
  host: RuntimeHost,
  source: SessionEventSource,
  options: FileSearchSessionOptions,
): Promise<FileSearchSession> {
  const { signal, params } = splitOptions<Omit<FileSearchSessionOptions, "signal">>("options", options);
  if (!Array.isArray(params.roots) || params.roots.length === 0) {
    throw new InvalidArgumentError("roots must be a non-empty array of absolute directory paths", {
      argument: "roots",
    });
  }
  const roots = params.roots.map((root: unknown, i) => absolutePath(`roots[${i}]`, root));
  // The global Web Crypto, not node:crypto, which would load at every import of the SDK.
  const id = params.sessionId === undefined ? globalThis.crypto.randomUUID() : nonEmptyString("sessionId", params.sessionId);
  const events = source.iterate({ methods: METHODS, bufferSize: params.bufferSize, signal });
  const session = new FileSearchSession(host, id, roots, events);
  try {
    await host.request("fuzzyFileSearch/sessionStart", { sessionId: id, roots }, { signal });
  } catch (error) {
    await events.return?.();
    throw error;
  }
  session.bindAbort(signal);
  return session;
}
