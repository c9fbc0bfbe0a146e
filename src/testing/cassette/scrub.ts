/**
 * Keeps credentials out of cassettes: every header, body and streamed event passes through a
 * {@link Scrubber} before it is written.
 *
 * @module
 */
import { isRecord } from "../../internal/guards.js";

/** What a scrubbed value is replaced with. */
export const REDACTED = "[REDACTED]";

/** Header names whose values are credentials, or can carry one. */
const SECRET_HEADER =
  /(^|-)(authorization|cookie|set-cookie|api-?key|token|secret|password|session)($|-)|^openai-(organization|project)$|^chatgpt-account-id$/i;

/** JSON keys whose string values are credentials. Anchored: `prompt_cache_key` stays readable. */
const SECRET_KEY =
  /^(authorization|api[-_]?key|apikey|x-api-key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|bearer[-_]?token|client[-_]?secret|secret|password|cookie)$/i;

/** Credentials recognisable by their form, scrubbed even when nobody configured them. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // `Bearer <token>` anywhere in a text (a header echoed in an error body, a log line in a tool output).
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  // OpenAI-style keys: sk-..., sk-proj-..., sess-...
  /\b(?:sk|sess)-[A-Za-z0-9_-]{16,}/g,
];

/** Secrets shorter than this are refused: scrubbing "a" would shred the whole cassette. */
export const MIN_SECRET_LENGTH = 6;

/**
 * Replaces configured secrets (every occurrence, in any string), values of credential-named
 * headers and JSON keys, and bearer tokens / OpenAI-style keys found by their form, with
 * `[REDACTED]`.
 *
 * @example
 * ```ts
 * const scrubber = new Scrubber(["tok-12345678"]);
 * scrubber.text("token tok-12345678 here"); // "token [REDACTED] here"
 * scrubber.headers({ authorization: "Bearer sk-…" }); // { authorization: "[REDACTED]" }
 * ```
 */
export class Scrubber {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Adds a secret to scrub (ignored when shorter than {@link MIN_SECRET_LENGTH}). */
  add(secret: string | undefined): void {
    if (typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  /** Adds the token of an `Authorization: Bearer <token>` (or bare) header value. */
  addAuthorization(value: string | undefined): void {
    if (value === undefined) return;
    this.add(value.replace(/^\s*(Bearer|Basic|Token)\s+/i, "").trim());
  }

  /** `text` with every secret replaced. */
  text(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const pattern of SECRET_PATTERNS) {
      out = out.replace(pattern, (match, bearer?: string) =>
        typeof bearer === "string" && /^bearer$/i.test(bearer) ? `${bearer} ${REDACTED}` : REDACTED,
      );
    }
    return out;
  }

  /** A deep copy of a JSON value with every string scrubbed and credential-named keys redacted. */
  value(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[this.text(key)] = SECRET_KEY.test(key) && typeof item === "string" ? REDACTED : this.value(item);
    }
    return out;
  }

  /** Headers with credential-named ones redacted and every other value scrubbed. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = SECRET_HEADER.test(name) ? REDACTED : this.text(value);
    }
    return out;
  }
}
