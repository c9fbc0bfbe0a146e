/**
 * The cassette file: one pretty-printed JSON document holding every request of a recorded session
 * and the answer it got, streamed events in order.
 *
 * @module
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { CodexError, InvalidArgumentError } from "../../errors.js";
import { isRecord } from "../../internal/guards.js";
import type { SseEvent } from "../sse.js";
import type { RequestFingerprint } from "./fingerprint.js";

/** The cassette format version this kit reads and writes. */
export const CASSETTE_VERSION = 1;

/** One recorded request: what replay matches on, plus what was sent, scrubbed. */
export interface CassetteRequest {
  /** `POST`, `GET`, ... */
  readonly method: string;
  /** The path below the base URL, with the query string: `/responses`, `/models?client_version=…`. */
  readonly path: string;
  /** What replay compares (see {@link RequestFingerprint}). */
  readonly match: RequestFingerprint;
  /** The request headers, scrubbed (credentials are `[REDACTED]`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The full request body, scrubbed; only with `recordBodies: true`. */
  readonly body?: unknown;
}

/** One recorded answer: a stream of events, or a plain body. */
export interface CassetteResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers worth replaying (content type, rate limits, request id), scrubbed. */
  readonly headers: Readonly<Record<string, string>>;
  /** For a `text/event-stream` answer: every event, in order. */
  readonly events?: readonly SseEvent[];
  /** For any other answer: the body (parsed when it was JSON). */
  readonly body?: unknown;
  /** True when the client hung up before the stream ended; replay ends the stream at the same point. */
  readonly incomplete?: boolean;
}

/** One request and its answer. */
export interface CassetteInteraction {
  readonly request: CassetteRequest;
  readonly response: CassetteResponse;
}

/** The whole cassette file. */
export interface CassetteFile {
  /** The format version ({@link CASSETTE_VERSION}). */
  readonly version: number;
  /** The base URL the session was recorded against. */
  readonly upstream: string;
  /** Every request of the session in the order it arrived. */
  readonly interactions: readonly CassetteInteraction[];
}

/** Reads and validates a cassette file. Throws a `CodexError` naming the file and the problem. */
export async function loadCassette(path: string): Promise<CassetteFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = isRecord(error) ? error["code"] : undefined;
    if (code === "ENOENT") {
      throw new CodexError(
        `cassette ${path} does not exist: record it first (mode "record" or "auto", or CODEX_CASSETTE_MODE=record)`,
      );
    }
    throw new CodexError(`cannot read cassette ${path}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CodexError(`cassette ${path} is not valid JSON`, { cause: error });
  }
  return validateCassette(parsed, path);
}

/** Checks the shape of a parsed cassette; throws naming the first problem. */
export function validateCassette(value: unknown, path: string): CassetteFile {
  const fail = (what: string): never => {
    throw new CodexError(`cassette ${path}: ${what}`);
  };
  if (!isRecord(value)) return fail("the document must be a JSON object");
  if (value["version"] !== CASSETTE_VERSION) {
    return fail(
      `unsupported version ${JSON.stringify(value["version"])} (this kit reads version ${CASSETTE_VERSION})`,
    );
  }
  const interactions = value["interactions"];
  if (!Array.isArray(interactions)) return fail("`interactions` must be an array");
  interactions.forEach((interaction: unknown, i) => {
    const at = `interactions[${i}]`;
    if (!isRecord(interaction) || !isRecord(interaction["request"]) || !isRecord(interaction["response"])) {
      return fail(`${at} must be an object with \`request\` and \`response\``);
    }
    const { request, response } = interaction;
    if (typeof request["method"] !== "string" || typeof request["path"] !== "string") {
      fail(`${at}.request needs string \`method\` and \`path\``);
    }
    if (!isRecord(request["match"]) || typeof request["match"]["route"] !== "string") {
      fail(`${at}.request.match needs a string \`route\``);
    }
    if (typeof response["status"] !== "number") fail(`${at}.response.status must be a number`);
    const events = response["events"];
    if (events !== undefined) {
      if (!Array.isArray(events)) fail(`${at}.response.events must be an array`);
      (events as unknown[]).forEach((event, j) => {
        if (!isRecord(event) || typeof event["type"] !== "string" || event["type"] === "") {
          fail(`${at}.response.events[${j}] must be an object with a non-empty string \`type\``);
        }
      });
    }
  });
  return {
    version: CASSETTE_VERSION,
    upstream: typeof value["upstream"] === "string" ? value["upstream"] : "",
    interactions: interactions as CassetteInteraction[],
  };
}

/** The file's text: pretty-printed with two spaces, keys in a stable order, a final newline. */
export function serializeCassette(cassette: CassetteFile): string {
  return `${JSON.stringify(cassette, null, 2)}\n`;
}

/** Writes the cassette next to its final path, then renames it: a reader never sees half a file. */
export async function saveCassette(path: string, cassette: CassetteFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, serializeCassette(cassette));
  await rename(temp, path);
}

/**
 * A cassette file path for one test: `<directory>/<name as a file name>.json`. `directory` may be
 * a path or a `file:` URL (`new URL("./cassettes/", import.meta.url)`); `name` is typically the
 * test's name (vitest: `expect.getState().currentTestName` or the test context's `task.name`;
 * `node:test`: `t.fullName`).
 *
 * @example
 * ```ts
 * cassettePath(new URL("./cassettes/", import.meta.url), "answers > with the weather");
 * // …/cassettes/answers-with-the-weather.json
 * ```
 */
export function cassettePath(directory: string | URL, name: string): string {
  if (typeof name !== "string") throw new InvalidArgumentError("cassettePath: name must be a string");
  const slug = name
    .normalize("NFKD")
    .replace(/[^\w.-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 120);
  if (slug === "") throw new InvalidArgumentError(`cassettePath: ${JSON.stringify(name)} gives no file name`);
  const dir = directory instanceof URL ? fileURLToPath(directory) : directory;
  return join(dir, `${slug}.json`);
}
