/**
 * Bearer tokens for remote app-servers: reading them from a file and checking that they can travel
 * in an HTTP header. A token is a secret: nothing here ever puts its value into an error message.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { CodexError } from "../rpc/errors.js";

// Printable ASCII only: what a capability token or a JWT is made of, and what every HTTP stack
// accepts in a header value without re-encoding.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Trims a token and checks that it can be sent as `Authorization: Bearer <token>`.
 *
 * @param token the raw token (surrounding whitespace, such as a trailing newline, is removed)
 * @param source where the token came from, for the error message (never the token itself)
 * @returns the trimmed token
 * @throws CodexError when the token is empty or holds spaces, control or non-ASCII characters
 *
 * @example
 * ```ts
 * normalizeToken("abc123\n"); // "abc123"
 * ```
 */
export function normalizeToken(token: string, source = "the token"): string {
  const trimmed = token.trim();
  if (trimmed === "") throw new CodexError(`${source} is empty`);
  if (!HEADER_SAFE.test(trimmed)) {
    throw new CodexError(
      `${source} contains characters that cannot be sent in an HTTP header (spaces, control or non-ASCII characters); ` +
        `a capability token or a signed JWT is printable ASCII`,
    );
  }
  return trimmed;
}

function readError(path: string, error: unknown): CodexError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (code ?? "error");
  return new CodexError(`could not read the token file ${path}: ${why}`, { cause: error });
}

/**
 * Reads a bearer token from a file, as written for `codex app-server --ws-token-file`: the whole
 * file, with surrounding whitespace (a trailing newline) removed.
 *
 * @param path the token file
 * @throws CodexError naming the file (never its content) when it cannot be read or holds no usable token
 *
 * @example
 * ```ts
 * const token = await readTokenFile("/run/secrets/codex-token");
 * const codex = new Codex({ transport: { type: "websocket", url: "ws://127.0.0.1:4500", token } });
 * ```
 */
export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return normalizeToken(text, `the token file ${path}`);
}

/**
 * Synchronous variant of {@link readTokenFile}, for configuration code that cannot await.
 *
 * @param path the token file
 * @throws CodexError naming the file (never its content) when it cannot be read or holds no usable token
 */
export function readTokenFileSync(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return normalizeToken(text, `the token file ${path}`);
}
