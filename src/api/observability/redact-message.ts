/**
 * Redaction of protocol messages before they are written anywhere (the trace file): secrets by
 * field name (an `apiKey`, the `accessToken` of a ChatGPT token login, a `secretAccessKey`, ...)
 * and by value (a key or bearer token that reappears elsewhere, such as in an error message).
 *
 * @module
 */
import { redactValue } from "../login/redaction.js";

/** What a redacted secret field holds in the trace. */
export const REDACTED_FIELD = "[redacted]";

/**
 * Field names whose string values are secrets. Token counts (`inputTokens`, `tokenUsage`) are
 * numbers or objects and stay: only string values are replaced.
 */
const SECRET_FIELD = /api[-_]?key|token|secret|password|passwd|authorization|bearer|credential|access[-_]?key|cookie/i;

/** Redacts messages; remembers the secrets it saw so that later copies of them are caught too. */
export class MessageRedactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.addSecret(s);
  }

  /** A value that must never appear in the output (short values are ignored: too many false hits). */
  addSecret(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 8) this.#secrets.add(secret);
  }

  /** A copy of `message` without secrets. */
  redact(message: unknown): unknown {
    let out = this.#byField(message, 0);
    for (const secret of this.#secrets) out = redactValue(out, secret);
    return out;
  }

  #byField(value: unknown, depth: number): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (depth > 32) return "[too deep]";
    if (Array.isArray(value)) return value.map((v) => this.#byField(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && SECRET_FIELD.test(k)) {
        this.addSecret(v);
        out[k] = REDACTED_FIELD;
      } else {
        out[k] = this.#byField(v, depth + 1);
      }
    }
    return out;
  }
}
