/**
 * Bearer tokens for remote app-servers: reading them from a file and checking that they can travel
 * in an HTTP header. A token is a secret: nothing here ever puts its value into an error message.
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from "node:fs";
import { CodexError } from "../errors.js";

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

/** Longest token file read; a bearer token or JWT is a few KiB at most. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;
/** A symlink is refused at open time (`ELOOP`), so the file checked is the file read. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

function readError(path: string, error: unknown): CodexError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES"
        ? "permission denied"
        : code === "ELOOP"
          ? "it is a symbolic link (give the path of the file itself)"
          : (code ?? "error");
  return new CodexError(`could not read the token file ${path}: ${why}`, { cause: error });
}

/** Why the opened file cannot hold a secret, or `undefined` when it can. */
function unsafeFile(path: string, stats: Stats): CodexError | undefined {
  if (!stats.isFile()) return new CodexError(`the token file ${path} is not a regular file`);
  if (process.platform !== "win32" && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, "0");
    return new CodexError(
      `the token file ${path} can be read or written by other users (mode ${mode}); ` +
        `restrict it to its owner with chmod 600 ${path}`,
    );
  }
  if (stats.size > MAX_TOKEN_FILE_BYTES) {
    return new CodexError(
      `the token file ${path} is ${stats.size} bytes; a token file holds at most ${MAX_TOKEN_FILE_BYTES} bytes`,
    );
  }
  return undefined;
}

/**
 * Reads a bearer token from a file, as written for `codex app-server --ws-token-file`: the whole
 * file, with surrounding whitespace (a trailing newline) removed. The file must be a regular file
 * (not a symbolic link) that only its owner can read or write (mode 600 or 400 on POSIX), of at
 * most 64 KiB.
 *
 * @param path the token file
 * @throws CodexError naming the file (never its content) when it cannot be read, is a symbolic
 * link, is readable or writable by others, is too large, or holds no usable token
 *
 * @example
 * ```ts
 * import { Codex, readTokenFile } from "codex-app-sdk";
 *
 * const token = await readTokenFile("/run/secrets/codex-token");
 * const codex = new Codex({ transport: { type: "websocket", url: "ws://127.0.0.1:4500", token } });
 * ```
 */
export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    const file = await fs.open(path, OPEN_FLAGS);
    try {
      const problem = unsafeFile(path, await file.stat());
      if (problem) throw problem;
      const buffer = Buffer.alloc(MAX_TOKEN_FILE_BYTES);
      const { bytesRead } = await file.read(buffer, 0, MAX_TOKEN_FILE_BYTES, 0);
      text = buffer.toString("utf8", 0, bytesRead);
    } finally {
      await file.close();
    }
  } catch (e) {
    throw e instanceof CodexError ? e : readError(path, e);
  }
  return normalizeToken(text, `the token file ${path}`);
}

/**
 * Synchronous variant of {@link readTokenFile}, for configuration code that cannot await. Same
 * checks.
 *
 * @param path the token file
 * @throws CodexError naming the file (never its content) when it cannot be read, is a symbolic
 * link, is readable or writable by others, is too large, or holds no usable token
 */
export function readTokenFileSync(path: string): string {
  let text: string;
  try {
    const fd = openSync(path, OPEN_FLAGS);
    try {
      const problem = unsafeFile(path, fstatSync(fd));
      if (problem) throw problem;
      const buffer = Buffer.alloc(MAX_TOKEN_FILE_BYTES);
      const bytesRead = readSync(fd, buffer, 0, MAX_TOKEN_FILE_BYTES, 0);
      text = buffer.toString("utf8", 0, bytesRead);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw e instanceof CodexError ? e : readError(path, e);
  }
  return normalizeToken(text, `the token file ${path}`);
}
