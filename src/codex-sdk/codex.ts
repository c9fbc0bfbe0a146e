/**
 * The `Codex` of `@openai/codex-sdk`, on one long-lived app-server instead of one `codex exec`
 * process per turn. Nothing starts until the first run; a script that forgets `close()` still exits
 * once its runs are done (the app-server then ends with it).
 *
 * @module
 */
// Values come through the main entry, which the built drop-in imports rather than bundling again.
import { Codex as SdkCodex, InvalidArgumentError } from "../index.js";
import { sdkCodexOptions, type CodexOptions, type ThreadOptions } from "./options.js";
import { Thread, type CompatHost } from "./thread.js";

function checkOptions(options: unknown): CodexOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidArgumentError("Codex options must be an object");
  return options;
}

/**
 * The entry point, as in `@openai/codex-sdk`: `startThread()` for a new conversation,
 * `resumeThread(id)` to continue a stored one. Every compat `Codex` owns one app-server; reuse it
 * for all your threads, and `close()` it when done (or let the process exit).
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk/codex-sdk";
 * const codex = new Codex();
 * const thread = codex.startThread();
 * const turn = await thread.run("Diagnose the test failure and propose a fix");
 * console.log(turn.finalResponse);
 * ```
 */
export class Codex {
  readonly #sdk: SdkCodex;
  readonly #apiKey: string | undefined;
  #login: Promise<void> | undefined;
  readonly #host: CompatHost;

  constructor(options: CodexOptions = {}) {
    const o = checkOptions(options);
    // As under `codex exec`, CODEX_API_KEY in the environment the runtime gets is the key too.
    const env = o.env ?? process.env;
    const apiKey = o.apiKey ?? env["CODEX_API_KEY"];
    if (apiKey !== undefined && typeof apiKey !== "string")
      throw new InvalidArgumentError("apiKey must be a string");
    this.#apiKey = apiKey === "" ? undefined : apiKey;
    this.#sdk = new SdkCodex(sdkCodexOptions(o, this.#apiKey !== undefined));
    this.#host = { sdk: this.#sdk, ready: () => this.#ready() };
  }

  /**
   * The `Codex` of this SDK behind this one (the same app-server): everything `@openai/codex-sdk`
   * lacks (approvals, steering, text deltas, custom tools, login, models, …) one call at a time.
   */
  get sdk(): SdkCodex {
    return this.#sdk;
  }

  /** Starts a new conversation; the thread is created on the app-server by its first run. */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.#host, options);
  }

  /**
   * Continues a stored conversation (threads are kept under `CODEX_HOME`, `~/.codex` by default).
   *
   * @param id The id of the thread to resume.
   */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    if (typeof id !== "string" || id === "")
      throw new InvalidArgumentError("resumeThread: id must be a non-empty string");
    return new Thread(this.#host, options, id);
  }

  /** Stops the app-server (idempotent). Runs still going are interrupted with a `TransportClosedError`. */
  close(): Promise<void> {
    return this.#sdk.close();
  }

  /** `await using codex = new Codex()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The client, logged in with the API key of this client once. */
  async #ready(): Promise<SdkCodex> {
    const key = this.#apiKey;
    if (key !== undefined) {
      this.#login ??= this.#sdk.loginApiKey(key);
      try {
        await this.#login;
      } catch (error) {
        this.#login = undefined;
        throw error;
      }
    }
    return this.#sdk;
  }
}
