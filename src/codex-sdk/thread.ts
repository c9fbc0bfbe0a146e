/**
 * The `Thread` of `@openai/codex-sdk`, run as a thread of this SDK on the long-lived app-server of
 * its `Codex`: `run()` and `runStreamed()` with the same inputs, options, events and results.
 *
 * @module
 */
import { resolve } from "node:path";

import type { Codex as SdkCodex } from "../api/codex/codex.js";
import type { Notification } from "../api/events.js";
import type { InputItem } from "../api/inputs/inputs.js";
import type { JsonSchema } from "../api/structured/structured.js";
import type { Thread as SdkThread, TurnOptions as SdkTurnOptions } from "../api/threads/thread.js";
import { AbortError, CodexError, InvalidArgumentError } from "../index.js";
import { RunMapper } from "./events.js";
import { insideGitRepo, NOT_IN_GIT_REPO } from "./git.js";
import type { ThreadEvent, ThreadItem, Usage } from "./items.js";
import { sdkThreadOptions, type ThreadOptions } from "./options.js";

/** Experimental Cyber selection for a turn with the built-in OpenAI provider. */
export type CyberAccessProgram = "standard" | "daybreak_blue" | "daybreak_red";

const CYBER = { standard: "standard", daybreak_blue: "daybreakBlue", daybreak_red: "daybreakRed" } as const;

/** Options of `run()` and `runStreamed()`, as in `@openai/codex-sdk`. */
export type TurnOptions = {
  /** Experimental Cyber selection for this turn with the built-in OpenAI provider. Omit for the server's default. */
  cyberAccessProgram?: CyberAccessProgram;
  /** JSON schema the agent's final answer must follow (a plain JSON object). */
  outputSchema?: unknown;
  /** Aborting interrupts the turn; the run rejects with an `AbortError`. */
  signal?: AbortSignal;
};

/** A completed turn. */
export type Turn = {
  items: ThreadItem[];
  finalResponse: string;
  usage: Usage | null;
};
/** The result of `run()`. */
export type RunResult = Turn;
/** The result of `runStreamed()`. */
export type StreamedTurn = {
  events: AsyncGenerator<ThreadEvent>;
};
/** The result of `runStreamed()`. */
export type RunStreamedResult = StreamedTurn;
/** An input part: text, or an image file on this machine. */
export type UserInput = { type: "text"; text: string } | { type: "local_image"; path: string };
/** What `run()` takes: a prompt, or parts (the texts are joined with a blank line). */
export type Input = string | UserInput[];

/** What a compat thread needs from its `Codex`. */
export interface CompatHost {
  /** The underlying client, logged in with the compat `apiKey` when one was given. */
  ready(): Promise<SdkCodex>;
  readonly sdk: SdkCodex;
}

/** The wire input: the images first, then the joined text, as `codex exec` sends them. */
function wireInput(input: Input): InputItem[] {
  if (typeof input === "string") return [{ type: "text", text: input }];
  if (!Array.isArray(input))
    throw new InvalidArgumentError("input must be a string or an array of input parts");
  const texts: string[] = [];
  const images: InputItem[] = [];
  for (const part of input as unknown[]) {
    const p = part as Partial<UserInput> | null;
    if (p?.type === "text" && typeof p.text === "string") texts.push(p.text);
    else if (p?.type === "local_image" && typeof p.path === "string")
      images.push({ type: "localImage", path: resolve(p.path) });
  }
  return [...images, { type: "text", text: texts.join("\n\n") }];
}

function checkOutputSchema(schema: unknown): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new InvalidArgumentError("outputSchema must be a plain JSON object");
  return schema as JsonSchema;
}

/** The error of a run whose signal aborted before it started (the signal's own `CodexError` reason, if any). */
function abortedRun(signal: AbortSignal): CodexError {
  const reason: unknown = signal.reason;
  return reason instanceof CodexError ? reason : new AbortError("the run was aborted", { cause: reason });
}

const WARNINGS = ["warning", "configWarning", "deprecationNotice"] as const;

/** The warnings of the runtime that `codex exec` reports as `error` items, for one thread. */
function warningOf(n: Notification, threadId: string): string | undefined {
  switch (n.method) {
    case "warning":
      return n.params.threadId === null || n.params.threadId === threadId ? n.params.message : undefined;
    case "configWarning":
    case "deprecationNotice":
      return n.params.details ? `${n.params.summary} (${n.params.details})` : n.params.summary;
    default:
      return undefined;
  }
}

/**
 * A conversation with the agent; consecutive `run()` calls continue it. Made by
 * `codex.startThread()` or `codex.resumeThread()`.
 */
export class Thread {
  readonly #host: CompatHost;
  readonly #options: ThreadOptions;
  #id: string | null;
  #thread: Promise<SdkThread> | undefined;
  #sdkThread: SdkThread | undefined;

  /** @internal */
  constructor(host: CompatHost, options: ThreadOptions, id: string | null = null) {
    this.#host = host;
    this.#options = { ...options };
    this.#id = id;
  }

  /** The thread's id: set once the first run has started the thread (or the id given to `resumeThread()`). */
  get id(): string | null {
    return this.#id;
  }

  /**
   * The thread of this SDK behind this one, once a run has started or resumed it (`undefined`
   * before): the way to its turn handles, steering, approvals and more (see docs/migrating-from-codex-sdk.md).
   */
  get sdkThread(): SdkThread | undefined {
    return this.#sdkThread;
  }

  /** Gives the input to the agent and streams the events of the turn as they happen. */
  runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    return Promise.resolve({ events: this.#run(input, turnOptions) });
  }

  /** Gives the input to the agent and returns the completed turn; rejects with the runtime's message when it fails. */
  async run(input: Input, turnOptions: TurnOptions = {}): Promise<Turn> {
    const items: ThreadItem[] = [];
    let finalResponse = "";
    let usage: Usage | null = null;
    for await (const event of this.#run(input, turnOptions)) {
      if (event.type === "item.completed") {
        if (event.item.type === "agent_message") finalResponse = event.item.text;
        items.push(event.item);
      } else if (event.type === "turn.completed") usage = event.usage;
      else if (event.type === "turn.failed") throw new CodexError(event.error.message);
    }
    return { items, finalResponse, usage };
  }

  async *#run(input: Input, options: TurnOptions): AsyncGenerator<ThreadEvent> {
    const outputSchema = checkOutputSchema(options.outputSchema);
    const wire = wireInput(input);
    const signal = options.signal;
    if (signal?.aborted) throw abortedRun(signal);
    const cwd = resolve(this.#options.workingDirectory ?? process.cwd());
    if (!this.#options.skipGitRepoCheck && !insideGitRepo(cwd)) throw new CodexError(NOT_IN_GIT_REPO);
    const thread = await this.#open(cwd);
    const mapper = new RunMapper();
    yield { type: "thread.started", thread_id: thread.id };
    const turnOptions: SdkTurnOptions = {};
    if (outputSchema !== undefined) turnOptions.outputSchema = outputSchema;
    if (signal !== undefined) turnOptions.signal = signal;
    if (options.cyberAccessProgram !== undefined)
      turnOptions.cyberAccessProgram = CYBER[options.cyberAccessProgram];
    const warnings: ThreadEvent[] = [];
    const onWarning = (n: Notification): void => {
      const message = warningOf(n, thread.id);
      if (message !== undefined) warnings.push(mapper.warning(message));
    };
    // Only these methods: a "*" listener would have every notification queued for it.
    const offs = WARNINGS.map((method) => this.#host.sdk.on(method, onWarning));
    try {
      const turn = await thread.turn(wire, turnOptions);
      for await (const event of turn.stream()) {
        if (warnings.length > 0) yield* warnings.splice(0);
        if ("id" in event) continue; // a server request: answered by the client's handlers
        for (const mapped of mapper.map(event)) yield mapped;
      }
    } finally {
      for (const off of offs) off();
    }
  }

  /** Starts (or resumes) the thread on the first run; later runs reuse it. */
  #open(cwd: string): Promise<SdkThread> {
    if (this.#thread) return this.#thread;
    const opening = (async () => {
      const codex = await this.#host.ready();
      const id = this.#id;
      const options = sdkThreadOptions(this.#options, cwd, id !== null);
      const thread = id === null ? await codex.threadStart(options) : await codex.threadResume(id, options);
      this.#id = thread.id;
      this.#sdkThread = thread;
      return thread;
    })();
    this.#thread = opening;
    // A failed start leaves the thread unopened, so the next run tries again.
    opening.catch(() => {
      if (this.#thread === opening) this.#thread = undefined;
    });
    return opening;
  }
}
