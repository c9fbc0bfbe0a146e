/**
 * The one decoder from a line or frame of JSON text to a message object, shared by the stdio
 * framer and the WebSocket engine so that both accept and refuse exactly the same texts.
 *
 * @module
 */
import { CodexError } from "../errors.js";
import { isRecord } from "./guards.js";

/** A decoded message, or why the text is not one. */
export type DecodedMessage =
  | { readonly message: Record<string, unknown>; readonly error?: undefined }
  | { readonly message?: undefined; readonly error: CodexError };

/**
 * Parses `text` as JSON and accepts it when it is a JSON object (what every JSON-RPC message is).
 * Never throws: a syntax error is returned as `error`, a {@link CodexError} with the parser's
 * message and its `SyntaxError` as `cause`, and so is valid JSON that is not an object.
 */
export function decodeMessage(text: string): DecodedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: new CodexError(e instanceof Error ? e.message : String(e), { cause: e }) };
  }
  if (!isRecord(value)) return { error: new CodexError("a JSON-RPC message must be a JSON object") };
  return { message: value };
}
