/**
 * Helpers for the SDK's integration tests: the public `Codex` against the real pinned binary and
 * the mock Responses API of `codex-app-sdk/testing`.
 */
import { readdirSync, readFileSync } from "node:fs";

import { Codex, type CodexOptions } from "../../src/index.js";
import { StdioTransport } from "../../src/transport/stdio.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "../../src/transport/transport.js";
import type { TurnEvent } from "../../src/api/events.js";
import type { ThreadItem } from "../../src/generated/v2/ThreadItem.js";
import {
  AppServerHarness,
  type AppServerHarnessOptions,
  type MockResponderResult,
  type MockResponsesServer,
} from "../../src/testing/index.js";

/** Bound for waits on the real app-server (it shares 2 cores with the mock and the test). */
export const WAIT_MS = 15_000;

/** Rejects after `ms` with a message naming what was awaited; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rejection reason of `promise` (bounded); fails when it resolves instead. */
export async function rejection(promise: Promise<unknown>, what = "a rejection"): Promise<unknown> {
  try {
    await within(promise, what);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${what}, got a result`);
}

/**
 * Resolves with the rejection of `promise` when it rejects before the event loop reaches its next
 * macrotask (a `setImmediate`), i.e. without waiting for any I/O or timer: the deterministic form
 * of "rejects at once", which a wall-clock bound only approximates (and flakes on a loaded machine).
 */
export async function immediateRejection(promise: Promise<unknown>, what = "a rejection"): Promise<unknown> {
  const late = Symbol("late");
  const outcome = await Promise.race([
    promise.then(
      () => ({ resolved: true as const }),
      (error: unknown) => ({ error }),
    ),
    new Promise<typeof late>((resolve) => setImmediate(() => resolve(late))),
  ]);
  if (outcome === late) {
    // Keep the late settlement from becoming an unhandled rejection.
    promise.catch(() => undefined);
    throw new Error(`expected ${what} at once, without waiting for I/O; it was still pending`);
  }
  if ("resolved" in outcome) throw new Error(`expected ${what}, got a result`);
  return outcome.error;
}

/** A promise with its resolve function, for "tell me when X happened" hooks. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Wraps a transport and records every message the client sends (and how often it was started);
 * `onSend` runs synchronously before the message goes out.
 */
export class SpyTransport implements Transport {
  starts = 0;
  readonly sent: JsonRpcMessage[] = [];
  onSend: ((message: JsonRpcMessage) => void) | undefined;
  constructor(readonly inner: Transport) {}
  get description(): string {
    return `spy(${this.inner.description ?? "custom transport"})`;
  }
  start(handlers: TransportHandlers): Promise<void> {
    this.starts++;
    return this.inner.start(handlers);
  }
  send(message: JsonRpcMessage): void | Promise<void> {
    this.sent.push(message);
    this.onSend?.(message);
    return this.inner.send(message);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  /** The requests (messages with an id) sent with this method. */
  requests(method: string): JsonRpcMessage[] {
    return this.sent.filter((m) => m["method"] === method && "id" in m);
  }
}

/**
 * One test's environment: a harness (temporary CODEX_HOME, workspace, mock) plus every `Codex`
 * opened on it. `dispose()` closes the clients first (the app-server writes into the harness
 * directories), then removes the harness.
 */
export class SdkEnv {
  readonly #clients: Codex[] = [];
  private constructor(readonly harness: AppServerHarness) {}

  static async create(options: AppServerHarnessOptions = {}): Promise<SdkEnv> {
    return new SdkEnv(await AppServerHarness.create(options));
  }

  get mock(): AppServerHarness["mock"] {
    return this.harness.mock;
  }

  /** A `Codex` on the harness (lazy: nothing starts until its first call). */
  codex(extra: Omit<CodexOptions, "cwd" | "env"> = {}): Codex {
    const codex = new Codex({ ...this.harness.codexOptions(), ...extra });
    this.#clients.push(codex);
    return codex;
  }

  /** A `Codex` whose stdio transport is wrapped in a {@link SpyTransport}. */
  spiedCodex(extra: Omit<CodexOptions, "cwd" | "env" | "transport"> = {}): {
    codex: Codex;
    spy: SpyTransport;
  } {
    const spy = new SpyTransport(new StdioTransport(this.harness.codexOptions()));
    const codex = new Codex({ ...this.harness.codexOptions(), ...extra, transport: spy });
    this.#clients.push(codex);
    return { codex, spy };
  }

  /** Track a client made elsewhere, so that `dispose()` closes it. */
  track(codex: Codex): Codex {
    this.#clients.push(codex);
    return codex;
  }

  /** Live app-server processes of this harness (see {@link appServerPids}). */
  pids(): number[] {
    return appServerPids(this.harness.codexHome);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((c) => c.close()));
    await this.harness.dispose();
  }
}

/**
 * Pids of live processes spawned by this test process (direct children) whose environment has
 * `CODEX_HOME=<codexHome>`: the app-servers of one harness. Linux only (reads /proc).
 */
export function appServerPids(codexHome: string): number[] {
  const wanted = `CODEX_HOME=${codexHome}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state ppid ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z" || Number(fields[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/environ`, "utf8").includes(wanted)) pids.push(Number(entry));
    } catch {
      // The process exited while we were looking.
    }
  }
  return pids;
}

/** The `delta` of every `item/agentMessage/delta` among `events`, in order. */
export function deltasOf(events: readonly TurnEvent[]): string[] {
  return events.flatMap((e) => (e.method === "item/agentMessage/delta" ? [e.params.delta] : []));
}

/** The text of every `agentMessage` among `items`, in order. */
export function agentTexts(items: readonly ThreadItem[]): string[] {
  return items.flatMap((i) => (i.type === "agentMessage" ? [i.text] : []));
}

/** The text of every `userMessage` among `items` (text parts joined), in order. */
export function userTexts(items: readonly ThreadItem[]): string[] {
  return items.flatMap((i) =>
    i.type === "userMessage"
      ? [i.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("\n")]
      : [],
  );
}

/** The turn id an event belongs to (`turnId`, or `turn.id`), if any. */
export function turnOf(event: TurnEvent): string | undefined {
  const p = event.params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof p.turnId === "string") return p.turnId;
  return typeof p.turn?.id === "string" ? p.turn.id : undefined;
}

/** Collects a turn stream's events, resolving `onFirstDelta` when the first delta arrives. */
export async function collect(
  stream: AsyncIterable<TurnEvent>,
  onFirstDelta?: () => void,
): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    if (event.method === "item/agentMessage/delta") onFirstDelta?.();
  }
  return events;
}

/**
 * Answers model requests by the user's prompt, so tests sharing one mock cannot consume each
 * other's answers. The prompt is the latest text part of the request's user messages that has an
 * answer left (the runtime may append its own parts, such as an `<image>` label or a `<skill>`
 * message). Each prompt's answers are used in order (a tool call, then the reply after it, share
 * the prompt); a request with nothing scripted fails its turn loudly.
 */
export class PromptScript {
  readonly #answers = new Map<string, MockResponderResult[]>();
  constructor(mock: MockResponsesServer) {
    mock.setResponder((request) => {
      const texts = request.messageInputTexts("user");
      const prompt = texts.findLast((t) => (this.#answers.get(t)?.length ?? 0) > 0);
      const next = prompt === undefined ? undefined : this.#answers.get(prompt)?.shift();
      if (next === undefined) {
        throw new Error(`no answer scripted for the prompt ${JSON.stringify(request.lastUserText())}`);
      }
      return next;
    });
  }
  /** Scripts the answers to `prompt` (replacing any left over). */
  on(prompt: string, ...answers: MockResponderResult[]): this {
    this.#answers.set(prompt, answers);
    return this;
  }
  /** Prompts whose scripted answers were not all used. */
  unused(): string[] {
    return [...this.#answers].filter(([, a]) => a.length > 0).map(([p]) => p);
  }

  /** Like {@link unused}, then forgets every script, so one test's leftovers stay its own. */
  takeUnused(): string[] {
    const unused = this.unused();
    this.#answers.clear();
    return unused;
  }
}
