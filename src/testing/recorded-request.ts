/**
 * One HTTP request the mock Responses API received, with helpers to read the Responses API body.
 *
 * @module
 */
import { isRecord } from "../internal/guards.js";
import { CodexError } from "../errors.js";

/** One item of a Responses API request's `input` array (messages, function calls, outputs, ...). */
export interface InputItem {
  /** `message`, `function_call`, `function_call_output`, `reasoning`, ... */
  readonly type?: string;
  /** For messages: `user`, `developer`, `assistant` or `system`. */
  readonly role?: string;
  readonly [field: string]: unknown;
}

/** The output the runtime sent back for one tool call (a `function_call_output` input item). */
export interface FunctionCallOutput {
  /** The `call_id` of the `function_call` this answers. */
  readonly callId: string;
  /** The tool's output as the model sees it (for `exec_command`: a header, then the command output). */
  readonly output: string;
  /** The URLs of the images in the output (`input_image` parts; `data:` URLs for local bytes). */
  readonly imageUrls: readonly string[];
}

/**
 * How the mock answered a request; `"unqueued"` means a model request found nothing to answer with.
 * With a cassette: `"recorded"` (forwarded upstream), `"replayed"`, or `"unmatched"` (no recording fits).
 */
export type RequestOutcome =
  | "queued"
  | "responder"
  | "unqueued"
  | "models"
  | "websocket-rejected"
  | "not-found"
  | "bad-request"
  | "recorded"
  | "replayed"
  | "unmatched";

/** The plain data the server hands to {@link RecordedRequest}'s constructor. @internal */
export interface RecordedRequestInit {
  readonly index: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
  readonly outcome: RequestOutcome;
}

/** Text of the `input_text` / `output_text` / `text` parts of a message's `content`. */
function contentTexts(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && typeof part["text"] === "string") texts.push(part["text"]);
  }
  return texts;
}

function imageUrls(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  const urls: string[] = [];
  for (const part of content) {
    if (isRecord(part) && part["type"] === "input_image" && typeof part["image_url"] === "string") {
      urls.push(part["image_url"]);
    }
  }
  return urls;
}

/**
 * A request recorded by `MockResponsesServer`. Headers are lowercased; the body is kept raw (after
 * undoing any `content-encoding`) and parsed lazily.
 *
 * @example
 * ```ts
 * const [request] = await mock.waitForRequests(1);
 * expect(request.bodyJson["model"]).toBe("mock-model");
 * expect(request.lastUserText()).toBe("hi");
 * ```
 */
export class RecordedRequest {
  /** Position among all requests the server received, from 0. */
  readonly index: number;
  /** The HTTP method (`POST` for model requests). */
  readonly method: string;
  /** Path plus query string, as sent (e.g. `/v1/responses`). */
  readonly url: string;
  /** The path without the query string. */
  readonly path: string;
  /** Request headers with lowercased names; repeated headers are joined with `", "`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes, already decompressed when the request had a `content-encoding`. */
  readonly rawBody: Buffer;
  /** How the mock answered. */
  readonly outcome: RequestOutcome;
  #json: { value: unknown } | undefined;

  /** @internal */
  constructor(init: RecordedRequestInit) {
    this.index = init.index;
    this.method = init.method;
    this.url = init.url;
    this.path = init.url.split("?", 1)[0] ?? init.url;
    this.headers = init.headers;
    this.rawBody = init.rawBody;
    this.outcome = init.outcome;
  }

  /** The body decoded as UTF-8. */
  get bodyText(): string {
    return this.rawBody.toString("utf8");
  }

  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  get json(): unknown {
    if (this.#json === undefined) {
      let value: unknown;
      try {
        value = this.rawBody.length === 0 ? undefined : JSON.parse(this.bodyText);
      } catch {
        value = undefined;
      }
      this.#json = { value };
    }
    return this.#json.value;
  }

  /**
   * The parsed JSON body as an object (a Responses API request: `model`, `stream`, `input`,
   * `tools`, ...). Throws when the body is not a JSON object, naming the request.
   */
  get bodyJson(): Record<string, unknown> {
    const value = this.json;
    if (!isRecord(value)) {
      throw new CodexError(`request #${this.index} (${this.method} ${this.url}) has no JSON object body`);
    }
    return value;
  }

  /** The `input` items of a Responses API request (empty when there are none). */
  get input(): readonly InputItem[] {
    const value = isRecord(this.json) ? this.json["input"] : undefined;
    return Array.isArray(value) ? value.filter((item): item is InputItem => isRecord(item)) : [];
  }

  /** A header's value by case-insensitive name, or `undefined`. */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  /** The input messages with the given role (`"user"`, `"developer"`, `"assistant"`, ...). */
  messages(role: string): InputItem[] {
    return this.input.filter(
      (item) => (item.type === undefined || item.type === "message") && item.role === role,
    );
  }

  /**
   * Every text part of every input message with `role`, in order. For `"user"` this includes the
   * runtime's own `<environment_context>` message; use {@link lastUserText} for what the user typed.
   */
  messageInputTexts(role: string): string[] {
    return this.messages(role).flatMap((message) => contentTexts(message["content"]));
  }

  /** The `image_url` of every `input_image` part of the input messages (data URLs for local images). */
  messageImageUrls(): string[] {
    const urls: string[] = [];
    for (const message of this.input) {
      if (!Array.isArray(message["content"])) continue;
      for (const part of message["content"] as unknown[]) {
        if (isRecord(part) && part["type"] === "input_image" && typeof part["image_url"] === "string") {
          urls.push(part["image_url"]);
        }
      }
    }
    return urls;
  }

  /**
   * The text of the last user message (its text parts joined with `"\n"`), or `undefined`. With a
   * local image input the runtime adds `<image name=… path=…>` / `</image>` text parts around the
   * image, and they are part of this text.
   */
  lastUserText(): string | undefined {
    const last = this.messages("user").at(-1);
    return last === undefined ? undefined : contentTexts(last["content"]).join("\n");
  }

  /** The `function_call_output` items of the input: what the runtime's tools returned. */
  functionCallOutputs(): FunctionCallOutput[] {
    const outputs: FunctionCallOutput[] = [];
    for (const item of this.input) {
      if (item.type !== "function_call_output" || typeof item["call_id"] !== "string") continue;
      const output = item["output"];
      const text = typeof output === "string" ? output : contentTexts(output).join("\n");
      outputs.push({ callId: item["call_id"], output: text, imageUrls: imageUrls(output) });
    }
    return outputs;
  }

  /**
   * The output the runtime returned to the model for the tool call `callId` (from this request's
   * `function_call_output` items), or `undefined` when this request does not carry it.
   *
   * @example
   * ```ts
   * const next = await mock.waitForRequests(2).then((r) => r[1]);
   * expect(next?.functionCallOutput("call_1")?.output).toBe("Paris: 21 °C");
   * ```
   */
  functionCallOutput(callId: string): FunctionCallOutput | undefined {
    return this.functionCallOutputs().find((o) => o.callId === callId);
  }

  /** The last `input` item; a `function_call_output` here means the model is being asked to continue after a tool ran. */
  lastInputItem(): InputItem | undefined {
    return this.input.at(-1);
  }
}
