/**
 * Errors of the high-level API that are not about a turn's result: a rejected turn input, an
 * answer the protocol does not allow, a missing login.
 *
 * @module
 */
import { describeValue } from "../internal/describe.js";
import { CodexError, InvalidArgumentError, type InvalidArgumentErrorOptions } from "./base.js";

/** Options of {@link InvalidInputError}. */
export interface InvalidInputErrorOptions extends InvalidArgumentErrorOptions {
  /** Position of the bad item when the input was an array. */
  index?: number | undefined;
}

/**
 * A turn input (`run`, `turn`, `steer`) was rejected before anything was sent: not a string, an
 * item or an array of items; an empty string or array; an item of unknown `type`; a missing or
 * empty field; or a local image that is not a readable regular file.
 *
 * @example
 * ```ts
 * try {
 *   await thread.run([{ type: "imag", url: "data:..." }] as unknown as RunInput);
 * } catch (e) {
 *   if (e instanceof InvalidInputError) console.error(e.index, e.message); // 0, input[0] has unknown type "imag"; ...
 * }
 * ```
 */
export class InvalidInputError extends InvalidArgumentError {
  override name = "InvalidInputError";
  /** Position of the bad item in an array input; `undefined` for a single item or the whole input. */
  readonly index: number | undefined;
  constructor(message: string, options?: InvalidInputErrorOptions) {
    super(message, { argument: "input", ...options });
    this.index = options?.index;
  }
}

/**
 * The app-server answered with something other than what the protocol promises. `method` is the
 * request (or notification) and `expected` describes the shape that was expected.
 *
 * @example
 * ```ts
 * try {
 *   await codex.loginChatgpt();
 * } catch (e) {
 *   if (e instanceof UnexpectedResponseError) console.error(e.method, e.expected);
 * }
 * ```
 */
export class UnexpectedResponseError extends CodexError {
  override name = "UnexpectedResponseError";
  /** The request (or notification) whose payload was unexpected. */
  readonly method: string;
  /** The shape that was expected. */
  readonly expected: string;
  constructor(method: string, expected: string, got: unknown) {
    super(
      `${method}: unexpected response from the app-server: expected ${expected}; got ${describeValue(got)}`,
    );
    this.method = method;
    this.expected = expected;
  }
}

/**
 * A turn was refused before it was sent: the model provider needs an OpenAI login (API key or
 * ChatGPT) and the app-server has none. Log in with `codex.loginApiKey()` or `codex.loginChatgpt()`
 * (the login is stored in `CODEX_HOME`), or use a model provider that needs no OpenAI login.
 *
 * @example
 * ```ts
 * import { Codex, LoginRequiredError } from "codex-app-sdk";
 * const codex = new Codex();
 * const thread = await codex.threadStart();
 * try {
 *   await thread.run("Say hello");
 * } catch (error) {
 *   if (!(error instanceof LoginRequiredError)) throw error;
 *   await codex.loginApiKey(process.env.OPENAI_API_KEY ?? "");
 *   await thread.run("Say hello");
 * }
 * ```
 */
export class LoginRequiredError extends CodexError {
  override name = "LoginRequiredError";
}
