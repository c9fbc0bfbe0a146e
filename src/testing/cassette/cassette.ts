/**
 * Record/replay of the Responses API traffic: in record mode the mock server forwards every model
 * request to a real upstream and keeps a cassette of requests and streamed answers; in replay mode
 * it answers from the cassette and fails loudly on a request the recording does not have.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { resolve } from "node:path";

import { CodexError, InvalidArgumentError } from "../../errors.js";
import { httpError, sseResponse } from "../mock-response.js";
import type { MockResponse } from "../mock-response.js";
import type { RecordedRequest } from "../recorded-request.js";
import { CASSETTE_VERSION, loadCassette, saveCassette } from "./format.js";
import type { CassetteFile, CassetteInteraction, CassetteResponse } from "./format.js";
import { fingerprint, isModelRoute, normalizer, routeOf } from "./fingerprint.js";
import type { CassetteMatchOptions, RequestFingerprint } from "./fingerprint.js";
import { ReplayMatcher } from "./matcher.js";
import { Scrubber } from "./scrub.js";
import { forward } from "./upstream.js";

/** `record`: forward to the upstream and write the cassette; `replay`: answer from it; `auto`: replay when the file exists, else record. */
export type CassetteMode = "record" | "replay" | "auto";

/** The environment variable that sets the mode when the options do not. */
export const CASSETTE_MODE_ENV = "CODEX_CASSETTE_MODE";
/** The environment variable that sets the upstream base URL when the options do not. */
export const CASSETTE_UPSTREAM_ENV = "CODEX_CASSETTE_UPSTREAM";
/** Keys of the members only the mock server calls (kept off the public surface). @internal */
export const openCassette: unique symbol = Symbol("Cassette.open");
/** @internal */
export const replayRequest: unique symbol = Symbol("Cassette.replay");
/** @internal */
export const recordRequest: unique symbol = Symbol("Cassette.record");

/** The abort reason of a recording cut short by the server closing: such an exchange is dropped. @internal */
export const SERVER_CLOSING = "server closing";
/** The default upstream: the OpenAI API. */
export const DEFAULT_UPSTREAM = "https://api.openai.com/v1";

/** Options of a cassette (`MockResponsesServer.start({ cassette })`, `AppServerHarness.create({ cassette })`). */
export interface CassetteOptions {
  /** The cassette file (one JSON document). Relative paths resolve against the current directory. */
  readonly path: string;
  /** The mode; default: `CODEX_CASSETTE_MODE` from the environment, else `"auto"`. */
  readonly mode?: CassetteMode | undefined;
  /** Record mode: the API base URL to forward to; default `CODEX_CASSETTE_UPSTREAM`, else the OpenAI API. */
  readonly upstream?: string | undefined;
  /**
   * Record mode: the key sent upstream as `Authorization: Bearer <key>`; default `OPENAI_API_KEY`.
   * Without one, the runtime's own `Authorization` header (if any) is forwarded. Never written.
   */
  readonly apiKey?: string | undefined;
  /** More strings to keep out of the cassette (tokens, passwords, private URLs); each becomes `[REDACTED]`. */
  readonly secrets?: readonly string[] | undefined;
  /** Record mode: also store each request's full (scrubbed) body, for debugging. Default false. */
  readonly recordBodies?: boolean | undefined;
  /** What replay compares (see {@link CassetteMatchOptions}). */
  readonly match?: CassetteMatchOptions | undefined;
  /** The environment to read `CODEX_CASSETTE_*` and `OPENAI_API_KEY` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Request headers dropped from the cassette: they change every run and say nothing. */
const VOLATILE_HEADERS =
  /^(host|connection|content-length|accept-encoding|x-codex-turn-metadata|x-codex-window-id|x-client-request-id|session[-_]id|thread[-_]id|traceparent|tracestate|user-agent|version)$/;

/**
 * A cassette attached to a `MockResponsesServer`: read it as `mock.cassette`. In replay mode,
 * {@link problems} lists every request the recording could not answer;
 * `mock.assertAllConsumed()` throws on them and on recorded requests that never came.
 */
export class Cassette {
  /** The absolute path of the cassette file. */
  readonly path: string;
  /** The resolved mode (`auto` has become `record` or `replay`). */
  readonly mode: "record" | "replay";
  /** The upstream base URL (record mode forwards there; replay mode reports what was recorded). */
  readonly upstream: string;
  readonly #scrubber: Scrubber;
  readonly #normalize: (text: string) => string;
  readonly #match: CassetteMatchOptions;
  readonly #apiKey: string | undefined;
  readonly #recordBodies: boolean;
  readonly #slots: (CassetteInteraction | undefined)[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #problems: string[] = [];
  readonly #matcher: ReplayMatcher | undefined;
  #saving: Promise<void> = Promise.resolve();

  private constructor(options: CassetteOptions, mode: "record" | "replay", file: CassetteFile | undefined) {
    const env = options.env ?? process.env;
    this.path = resolve(options.path);
    this.mode = mode;
    this.upstream = (
      file?.upstream ??
      options.upstream ??
      env[CASSETTE_UPSTREAM_ENV] ??
      DEFAULT_UPSTREAM
    ).replace(/\/+$/, "");
    this.#apiKey = options.apiKey ?? env["OPENAI_API_KEY"];
    this.#scrubber = new Scrubber(options.secrets ?? []);
    this.#scrubber.add(this.#apiKey);
    this.#normalize = normalizer(options.match?.ignore);
    this.#match = options.match ?? {};
    this.#recordBodies = options.recordBodies === true;
    this.#matcher = file === undefined ? undefined : new ReplayMatcher(file.interactions, this.path);
  }

  /** Resolves the mode, loads the file for replay and checks the options. @internal */
  static async [openCassette](options: CassetteOptions): Promise<Cassette> {
    validate(options);
    const env = options.env ?? process.env;
    const requested = options.mode ?? (env[CASSETTE_MODE_ENV] as CassetteMode | undefined) ?? "auto";
    if (!["record", "replay", "auto"].includes(requested)) {
      throw new InvalidArgumentError(
        `cassette mode must be "record", "replay" or "auto", got ${JSON.stringify(requested)}` +
          (options.mode === undefined ? ` (from ${CASSETTE_MODE_ENV})` : ""),
      );
    }
    const mode = requested === "auto" ? (existsSync(resolve(options.path)) ? "replay" : "record") : requested;
    if (mode === "replay") return new Cassette(options, mode, await loadCassette(resolve(options.path)));
    const cassette = new Cassette(options, mode, undefined);
    try {
      new URL(cassette.upstream);
    } catch {
      throw new InvalidArgumentError(
        `cassette upstream must be an absolute URL, got ${JSON.stringify(cassette.upstream)}`,
      );
    }
    return cassette;
  }

  /** Problems so far: unmatched requests in replay, unreachable upstreams in record mode. */
  get problems(): readonly string[] {
    return [...this.#problems];
  }

  /** The interactions recorded so far (record mode) in arrival order, scrubbed as they will be written. */
  get recorded(): readonly CassetteInteraction[] {
    return this.#slots.filter((slot): slot is CassetteInteraction => slot !== undefined);
  }

  /**
   * Throws when a request found no recording (replay), the upstream failed (record), or a recorded
   * model request never came (replay): the session did not go as recorded.
   */
  assertAllConsumed(): void {
    const problems = [...this.#problems];
    const unused = this.#matcher?.unused() ?? [];
    if (unused.length > 0) {
      problems.push(`${unused.length} recorded model request(s) were never made: ${unused.join("; ")}`);
    }
    if (problems.length > 0) throw new CodexError(problems.join("\n"));
  }

  /**
   * Replay: the recorded answer to `request`, or an HTTP 400 naming the mismatch (the runtime does
   * not retry a 400, so the turn fails at once with this message) and `matched: false`. @internal
   */
  [replayRequest](request: RecordedRequest): { response: MockResponse; matched: boolean } {
    const label = `request #${request.index} (${request.method} ${request.path})`;
    const result = (this.#matcher ?? new ReplayMatcher([], this.path)).match(
      this.#fingerprint(request),
      label,
    );
    if (result.matched) return { response: replayResponse(result.interaction.response), matched: true };
    this.#problems.push(result.message);
    const error = { message: result.message, type: "cassette_mismatch", code: "cassette_mismatch" };
    return { response: httpError(400, { error }), matched: false };
  }

  /**
   * Record: forwards `request` upstream, pipes the answer to `res` and keeps it for the file.
   * `signal` aborts the forwarding (the server is closing or the client hung up). @internal
   */
  async [recordRequest](request: RecordedRequest, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const label = `request #${request.index} (${request.method} ${request.path})`;
    const work = this.#record(request, this.#fingerprint(request), res, signal, label);
    this.#inFlight.add(work);
    try {
      await work;
    } finally {
      this.#inFlight.delete(work);
    }
  }

  /**
   * Record mode: waits for the exchanges in flight, then writes the file with everything recorded
   * so far (the server does this when it closes). Does nothing in replay mode.
   */
  save(): Promise<void> {
    if (this.mode !== "record") return Promise.resolve();
    // Saves run one after another, so an earlier, shorter file never lands after a later one.
    this.#saving = this.#saving.then(async () => {
      await Promise.allSettled([...this.#inFlight]);
      await saveCassette(this.path, {
        version: CASSETTE_VERSION,
        upstream: this.upstream,
        interactions: this.recorded,
      });
    });
    return this.#saving;
  }

  #fingerprint(request: RecordedRequest): RequestFingerprint {
    // The runtime's own credentials (after a login) are secrets too, whoever's key is forwarded.
    this.#scrubber.addAuthorization(request.header("authorization"));
    const route = routeOf(request.method, request.url);
    const body = isModelRoute(route) ? this.#scrubber.value(request.json) : undefined;
    return fingerprint(request.method, request.url, body, this.#normalize, this.#match);
  }

  async #record(
    request: RecordedRequest,
    match: RequestFingerprint,
    res: ServerResponse,
    signal: AbortSignal,
    label: string,
  ): Promise<void> {
    const slot = this.#slots.push(undefined) - 1;
    const incoming = { ...request.headers };
    if (this.#apiKey !== undefined) incoming["authorization"] = `Bearer ${this.#apiKey}`;
    const path = request.url.replace(/^\/v1(?=\/|\?|$)/, "");
    let response: CassetteResponse;
    try {
      response = await forward(
        new URL(this.upstream + path),
        { method: request.method, headers: incoming, body: request.rawBody },
        res,
        signal,
        (text) => this.#scrubber.text(text),
      );
    } catch (error) {
      if (signal.aborted) return;
      const reason = this.#scrubber.text(
        error instanceof Error ? `${error.message}${causeOf(error)}` : String(error),
      );
      const message = `cassette record: ${label} could not reach the upstream ${this.upstream}: ${reason}`;
      this.#problems.push(message);
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message, type: "cassette_upstream_error" } }));
      return;
    }
    // Cut short by the server closing: not part of the session. A client hang-up is kept (incomplete).
    if (signal.reason === SERVER_CLOSING) return;
    if (response.status === 401 || response.status === 403) {
      // A refused key is a setup problem, not part of the session: report it, keep it out of the file.
      this.#problems.push(
        `cassette record: ${label} was refused by ${this.upstream} (HTTP ${response.status}); ` +
          `check the apiKey option or OPENAI_API_KEY`,
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!VOLATILE_HEADERS.test(name)) headers[name] = value;
    }
    this.#slots[slot] = {
      request: {
        method: request.method,
        path: this.#scrubber.text(path),
        match,
        headers: this.#scrubber.headers(headers),
        ...(this.#recordBodies && request.json !== undefined
          ? { body: this.#scrubber.value(request.json) }
          : {}),
      },
      response: this.#scrubber.value(response) as CassetteResponse,
    };
  }
}

// The class names itself in its body, so the bundler emits it as `class _Cassette`: keep the public name.
Object.defineProperty(Cassette, "name", { value: "Cassette" });

function replayResponse(response: CassetteResponse): MockResponse {
  const headers = { ...response.headers };
  if (response.events !== undefined && response.status < 300) {
    delete headers["content-type"];
    // A stream the client cut short is replayed as a dropped connection at the same point.
    return sseResponse(
      response.events,
      response.incomplete === true ? { headers, disconnectAfter: response.events.length } : { headers },
    );
  }
  delete headers["content-type"];
  return httpError(response.status, response.body ?? "", headers);
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : "";
}

function validate(options: CassetteOptions): void {
  if (typeof options !== "object" || options === null)
    throw new InvalidArgumentError("cassette options must be an object");
  if (typeof options.path !== "string" || options.path === "") {
    throw new InvalidArgumentError("cassette.path must be a non-empty string (the cassette file)");
  }
  for (const key of ["upstream", "apiKey"] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new InvalidArgumentError(`cassette.${key} must be a non-empty string`);
    }
  }
  if (
    options.secrets !== undefined &&
    (!Array.isArray(options.secrets) || options.secrets.some((s) => typeof s !== "string"))
  ) {
    throw new InvalidArgumentError("cassette.secrets must be an array of strings");
  }
}
