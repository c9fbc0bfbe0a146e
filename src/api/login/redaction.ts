/**
 * Redaction of a secret (the API key) from texts, JSON-like values and errors, so that the key
 * never appears in an error the SDK throws.
 *
 * @module
 */
import { CodexError, JsonRpcError, TransportClosedError, type JsonRpcErrorObject } from "../../errors.js";

const REDACTED = "[redacted api key]";

/**
 * `text` with every occurrence of `secret` replaced by `[redacted api key]`.
 *
 * @example
 * ```ts
 * redactText("bad key sk-123", "sk-123"); // "bad key [redacted api key]"
 * ```
 */
function redactText(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join(REDACTED);
}

/**
 * A copy of `value` (JSON-like data, at most 32 levels deep) in which every string has `secret`
 * redacted; deeper or non-plain parts are replaced by a marker rather than copied unchecked.
 *
 * @example
 * ```ts
 * redactValue({ params: { apiKey: "sk-123" } }, "sk-123"); // { params: { apiKey: "[redacted api key]" } }
 * ```
 */
export function redactValue(value: unknown, secret: string, depth = 0): unknown {
  if (typeof value === "string") return redactText(value, secret);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 32) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secret, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactText(k, secret)] = redactValue(v, secret, depth + 1);
  return out;
}

/**
 * `error` with `secret` removed from its message, `data` and stderr tail. An error that does not
 * contain it is returned as is; one that does is rebuilt (same class for JSON-RPC and transport
 * errors, a `CodexError` otherwise), without the original as `cause`, since that would keep the secret.
 *
 * @example
 * ```ts
 * try { await request(); } catch (e) { throw redactError(e, apiKey); }
 * ```
 */
export function redactError(error: unknown, secret: string): unknown {
  if (!(error instanceof Error) || !containsSecret(error, secret, 0)) return error;
  if (error instanceof JsonRpcError) {
    const Cls = error.constructor as new (e: JsonRpcErrorObject, method?: string) => JsonRpcError;
    const message = redactText(error.rpcMessage, secret);
    const object: JsonRpcErrorObject =
      error.data === undefined
        ? { code: error.code, message }
        : { code: error.code, message, data: redactValue(error.data, secret) };
    return new Cls(object, error.method);
  }
  if (error instanceof TransportClosedError) {
    const head = error.message.split("\n--- app-server stderr")[0] ?? "";
    return new TransportClosedError(redactText(head, secret), {
      exitCode: error.exitCode,
      signal: error.signal,
      stderrTail: redactText(error.stderrTail, secret),
    });
  }
  return new CodexError(redactText(error.message, secret));
}

function containsSecret(value: unknown, secret: string, depth: number): boolean {
  if (typeof value === "string") return value.includes(secret);
  if (typeof value !== "object" || value === null || depth > 32) return false;
  if (value instanceof Error && (value.message.includes(secret) || (value.stack ?? "").includes(secret))) {
    return true;
  }
  const own: unknown[] = Object.values(value);
  if (value instanceof Error) own.push(value.cause);
  return own.some((v) => containsSecret(v, secret, depth + 1));
}

