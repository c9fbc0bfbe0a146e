/**
 * A local, scriptable stand-in for the OpenAI Responses API, for testing code that drives
 * `codex app-server` without a network or an API key.
 *
 * @module
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { CodexError, InvalidArgumentError, WaitForRequestsTimeoutError } from "../errors.js";
import { duration, limitTimer } from "../internal/limits.js";
import { onAbort } from "../internal/abort-listener.js";
import { Cassette, SERVER_CLOSING, openCassette, recordRequest, replayRequest } from "./cassette/cassette.js";
import type { CassetteOptions } from "./cassette/cassette.js";
import { SseGate } from "./gate.js";
import { closingController, decodeBody, sendHttp, sendJson } from "./http-util.js";
import { httpError, toMockResponse } from "./mock-response.js";
import type { MockResponder, MockResponse, SseStreamOptions } from "./mock-response.js";
import { RecordedRequest } from "./recorded-request.js";
import type { RequestOutcome } from "./recorded-request.js";
import { streamSse } from "./sse-stream.js";
import type { SseEvent } from "./sse.js";

export { WaitForRequestsTimeoutError };

/** Options of {@link MockResponsesServer.start}. */
export interface MockResponsesServerOptions {
  /** Port to listen on (default 0: any free port). The host is always 127.0.0.1. */
  readonly port?: number | undefined;
  /** Answers model requests that find the queue empty (see {@link MockResponsesServer.setResponder}). */
  readonly responder?: MockResponder | undefined;
  /** Model ids listed by `GET …/models` (default `["mock-model"]`). */
  readonly models?: readonly string[] | undefined;
  /**
   * Record or replay the session with a cassette file instead of queued answers: every request
   * (model calls, `GET …/models`) is forwarded to a real upstream and written down (`record`), or
   * answered from the file (`replay`). See {@link Cassette}.
   */
  readonly cassette?: CassetteOptions | undefined;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (requests: RecordedRequest[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

const NO_RESPONSE_QUEUED = "no_response_queued";

/**
 * A mock Responses API on `127.0.0.1`. `POST …/responses` takes the next queued answer (FIFO) and
 * streams it as Server-Sent Events; with nothing queued (and no responder) it answers HTTP 500 with
 * a JSON error whose code is `no_response_queued`, and records the request as `"unqueued"`.
 * `GET …/models` lists `mock-model`. WebSocket upgrade attempts on `…/responses` (made by the
 * built-in `openai` provider) are refused with 426 at once, so the runtime falls back to HTTP.
 * Every request is recorded.
 *
 * @example
 * ```ts
 * await using mock = await MockResponsesServer.start();
 * mock.enqueue(textResponse("Hello!", { deltas: 3 }));
 * // point a model provider's base_url at mock.url, run a turn, then:
 * const [request] = await mock.waitForRequests(1);
 * expect(request.lastUserText()).toBe("hi");
 * ```
 */
export class MockResponsesServer {
  /** The base URL to configure as the provider's `base_url`, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, without the `/v1` prefix. */
  readonly origin: string;
  /** The port the server listens on. */
  readonly port: number;

  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #closing = closingController();
  readonly #models: readonly string[];
  readonly #queue: MockResponse[] = [];
  readonly #all: RecordedRequest[] = [];
  readonly #waiters = new Set<Waiter>();
  #responder: MockResponder | undefined;
  #closed: Promise<void> | undefined;
  /** The cassette this server records to or replays from, when started with one. */
  readonly cassette: Cassette | undefined;

  private constructor(server: Server, options: MockResponsesServerOptions, cassette: Cassette | undefined) {
    this.#server = server;
    this.cassette = cassette;
    this.#responder = options.responder;
    this.#models = options.models ?? ["mock-model"];
    this.port = (server.address() as AddressInfo).port;
    this.origin = `http://127.0.0.1:${this.port}`;
    this.url = `${this.origin}/v1`;
    server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      this.#handle(req, res).catch((error: unknown) => this.#fail(res, error));
    });
    // Node hands requests carrying `Upgrade:` to this event, not to "request"; refusing them fast
    // matters because the runtime waits on each WebSocket attempt before falling back to HTTP.
    server.on("upgrade", (req: IncomingMessage, socket: Socket) => {
      this.#record(req, Buffer.alloc(0), "websocket-rejected");
      socket.end("HTTP/1.1 426 Upgrade Required\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    });
  }

  /** Starts a server on `127.0.0.1` and resolves once it is listening. */
  static async start(options: MockResponsesServerOptions = {}): Promise<MockResponsesServer> {
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InvalidArgumentError(`port must be an integer between 0 and 65535, got ${port}`);
    }
    if (options.responder !== undefined && typeof options.responder !== "function") {
      throw new InvalidArgumentError("responder must be a function");
    }
    const cassette =
      options.cassette === undefined ? undefined : await Cassette[openCassette](options.cassette);
    const server = createServer();
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return new MockResponsesServer(server, options, cassette);
  }

  /**
   * Queues the answer to a future model request. Pass the event list of one response (for example
   * `textResponse("hi")`) with optional stream options, or a response built by `sseResponse` or
   * `httpError`. Answers are used in the order they were queued. Returns `this` for chaining.
   */
  enqueue(response: MockResponse | readonly SseEvent[], options?: SseStreamOptions): this {
    this.#assertOpen("enqueue");
    this.#queue.push(toMockResponse(response, options));
    return this;
  }

  /** Makes a new {@link SseGate} for holding a queued stream at an exact point. */
  gate(): SseGate {
    return new SseGate();
  }

  /** Sets (or, with `undefined`, removes) the responder used when the queue is empty. */
  setResponder(responder: MockResponder | undefined): void {
    if (responder !== undefined && typeof responder !== "function") {
      throw new InvalidArgumentError("responder must be a function or undefined");
    }
    this.#responder = responder;
  }

  /** How many queued answers have not been used yet. */
  get queued(): number {
    return this.#queue.length;
  }

  /** The model requests (`POST …/responses`) received so far, oldest first. */
  get requests(): RecordedRequest[] {
    return this.#all.filter(isModelRequest);
  }

  /** Every request received, including `GET …/models`, refused WebSocket upgrades and 404s. */
  get allRequests(): RecordedRequest[] {
    return [...this.#all];
  }

  /** The model requests that found nothing queued and were answered with HTTP 500. */
  get unqueuedRequests(): RecordedRequest[] {
    return this.#all.filter((request) => request.outcome === "unqueued");
  }

  /**
   * Throws when a queued answer was never used or a model request found nothing queued: the
   * conversation the test scripted did not happen as written. With a cassette, also when a request
   * matched no recording, a recorded model request never came, or the upstream failed while
   * recording. Handy in `afterEach`.
   */
  assertAllConsumed(): void {
    const problems: string[] = [];
    try {
      this.cassette?.assertAllConsumed();
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (this.#queue.length > 0)
      problems.push(`${this.#queue.length} queued response(s) were never requested`);
    const unqueued = this.unqueuedRequests;
    if (unqueued.length > 0) {
      const which = unqueued.map((r) => `#${r.index}`).join(", ");
      problems.push(`${unqueued.length} model request(s) found nothing queued (${which})`);
    }
    if (problems.length > 0) throw new CodexError(`MockResponsesServer: ${problems.join("; ")}`);
  }

  /**
   * Resolves with the first `count` model requests once that many have arrived (at once if they
   * already have). Rejects with a {@link WaitForRequestsTimeoutError} after `timeoutMs` (default
   * 5000) or when the server closes first.
   */
  waitForRequests(count: number, options: { timeoutMs?: number } = {}): Promise<RecordedRequest[]> {
    if (!Number.isInteger(count) || count < 1) {
      return Promise.reject(
        new InvalidArgumentError(`waitForRequests: count must be an integer >= 1, got ${count}`),
      );
    }
    let timeoutMs: number;
    try {
      timeoutMs = duration("timeoutMs", options.timeoutMs, 5000);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new CodexError(String(error), { cause: error }));
    }
    const current = this.requests;
    if (current.length >= count) return Promise.resolve(current.slice(0, count));
    if (this.#closing.signal.aborted) {
      return Promise.reject(new CodexError("waitForRequests: the mock server is closed"));
    }
    return new Promise<RecordedRequest[]>((resolve, reject) => {
      const timer = limitTimer(() => {
        this.#waiters.delete(waiter);
        const got = this.requests.map((r) => `${r.method} ${r.url} (${r.outcome})`);
        reject(
          new WaitForRequestsTimeoutError(
            `waitForRequests: expected ${count} model request(s) within ${timeoutMs} ms, got ${got.length}` +
              (got.length > 0 ? `: ${got.join(", ")}` : ""),
            timeoutMs,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = { count, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /**
   * Stops the server: open streams (including ones held at a gate) are cut, pending
   * {@link waitForRequests} calls reject, and the port is released. In record mode the cassette
   * file is written then (rejecting if that fails). Idempotent.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort();
      for (const waiter of this.#waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new CodexError("waitForRequests: the mock server was closed"));
      }
      this.#waiters.clear();
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      for (const socket of this.#sockets) socket.destroy();
      await closed;
      await this.cassette?.save();
    })();
    return this.#closed;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(what: string): void {
    if (this.#closing.signal.aborted) throw new CodexError(`${what}: the mock server is closed`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const decoded = decodeBody(Buffer.concat(chunks), req.headers["content-encoding"]);
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if ("error" in decoded) {
      this.#record(req, decoded.raw, "bad-request");
      sendJson(res, 415, { error: { message: `MockResponsesServer: ${decoded.error}`, type: "mock_error" } });
      return;
    }
    const body = decoded.body;
    if (this.cassette !== undefined && !(req.method === "GET" && path.endsWith("/responses"))) {
      await this.#answerFromCassette(this.cassette, req, res, body);
    } else if (req.method === "POST" && path.endsWith("/responses")) {
      await this.#answerModelRequest(req, res, body);
    } else if (req.method === "GET" && path.endsWith("/models")) {
      this.#record(req, body, "models");
      const data = this.#models.map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "codex-app-sdk-mock",
      }));
      sendJson(res, 200, { object: "list", data });
    } else if (req.method === "GET" && path.endsWith("/responses")) {
      this.#record(req, body, "websocket-rejected");
      sendJson(res, 426, {
        error: { message: "MockResponsesServer: WebSockets are not supported; use HTTP" },
      });
    } else {
      this.#record(req, body, "not-found");
      sendJson(res, 404, { error: { message: `MockResponsesServer: no route for ${req.method} ${path}` } });
    }
  }

  async #answerModelRequest(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const queued = this.#queue.shift();
    const responder = this.#responder;
    const outcome: RequestOutcome = queued ? "queued" : responder ? "responder" : "unqueued";
    const request = this.#record(req, body, outcome);
    let response: MockResponse;
    if (queued !== undefined) {
      response = queued;
    } else if (responder !== undefined) {
      try {
        response = toMockResponse(await responder(request));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        response = httpError(500, {
          error: { message: `MockResponsesServer: the responder threw: ${message}` },
        });
      }
    } else {
      response = httpError(500, {
        error: {
          message:
            `MockResponsesServer: no response was queued for model request #${request.index} ` +
            `(${request.method} ${request.path}). Queue one with mock.enqueue(...) or set a responder.`,
          type: "mock_error",
          code: NO_RESPONSE_QUEUED,
        },
      });
    }
    if (response.kind === "http") sendHttp(res, response);
    else await streamSse(req, res, response, this.#closing.signal);
  }

  async #answerFromCassette(
    cassette: Cassette,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
  ): Promise<void> {
    if (cassette.mode === "record") {
      const request = this.#record(req, body, "recorded");
      // Aborted when the server closes or the runtime hangs up mid-stream.
      const stop = new AbortController();
      const offClosing = onAbort(this.#closing.signal, () => stop.abort(SERVER_CLOSING));
      res.once("close", () => stop.abort());
      await cassette[recordRequest](request, res, stop.signal).finally(offClosing);
      return;
    }
    const probe = this.#build(req, body, "replayed");
    const { response, matched } = cassette[replayRequest](probe);
    this.#push(matched ? probe : this.#build(req, body, "unmatched"));
    if (response.kind === "http") sendHttp(res, response);
    else await streamSse(req, res, response, this.#closing.signal);
  }

  #record(req: IncomingMessage, body: Buffer, outcome: RequestOutcome): RecordedRequest {
    return this.#push(this.#build(req, body, outcome));
  }

  #build(req: IncomingMessage, body: Buffer, outcome: RequestOutcome): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return new RecordedRequest({
      index: this.#all.length,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers,
      rawBody: body,
      outcome,
    });
  }

  #push(request: RecordedRequest): RecordedRequest {
    this.#all.push(request);
    if (isModelRequest(request)) this.#notifyWaiters();
    return request;
  }

  #notifyWaiters(): void {
    const requests = this.requests;
    for (const waiter of this.#waiters) {
      if (requests.length < waiter.count) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(requests.slice(0, waiter.count));
    }
  }

  #fail(res: ServerResponse, error: unknown): void {
    // A handler bug must surface in the test as a failed model call, never as a hung request.
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent)
      sendJson(res, 500, { error: { message: `MockResponsesServer internal error: ${message}` } });
    else res.destroy();
  }
}

// The class names itself in its body, so the bundler emits it as `class _MockResponsesServer`: keep the public name.
Object.defineProperty(MockResponsesServer, "name", { value: "MockResponsesServer" });

function isModelRequest(request: RecordedRequest): boolean {
  return request.method === "POST" && request.path.endsWith("/responses");
}
