/**
 * Serves in-process MCP server objects to the app-server: one HTTP server per `Codex` on
 * 127.0.0.1 and a random port, one path per server name, every request checked against a random
 * bearer token. `@modelcontextprotocol/sdk` is loaded here, with a dynamic import, the first time an
 * in-process server is served: the main entry never loads it otherwise.
 *
 * @module
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { CodexError, JsonRpcCode } from "../../errors.js";
import type { InProcessMcpServer } from "./config.js";
import { SessionMux, type McpMessage, type McpMessageExtra, type McpSession } from "./session-mux.js";

/** The session transport of `@modelcontextprotocol/sdk` (the parts used here). */
interface HttpSession extends McpSession {
  start(): Promise<void>;
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  onmessage?: ((message: McpMessage, extra?: McpMessageExtra) => void) | undefined;
  onclose?: (() => void) | undefined;
}
type HttpSessionClass = new (options: {
  sessionIdGenerator: () => string;
  onsessioninitialized?: (id: string) => void;
}) => HttpSession;

interface Mounted {
  readonly server: InProcessMcpServer;
  readonly mux: SessionMux;
  readonly sessions: Map<string, HttpSession>;
  readonly Session: HttpSessionClass;
}

let sessionClass: Promise<HttpSessionClass> | undefined;

/** Loads `@modelcontextprotocol/sdk`'s streamable-HTTP server transport, once. */
function loadSessionClass(): Promise<HttpSessionClass> {
  // A specifier in a variable: the compiler does not follow it, so neither the build nor the
  // published types depend on the optional package.
  const specifier = "@modelcontextprotocol/sdk/server/streamableHttp.js";
  sessionClass ??= (import(specifier) as Promise<{ StreamableHTTPServerTransport: HttpSessionClass }>).then(
    (m) => m.StreamableHTTPServerTransport,
    (error: unknown) => {
      sessionClass = undefined;
      throw new CodexError(
        "an in-process MCP server was passed in mcpServers, which needs the package @modelcontextprotocol/sdk: install it (npm install @modelcontextprotocol/sdk)",
        { cause: error },
      );
    },
  );
  return sessionClass;
}

/** The loopback endpoint of one `Codex`. */
export class LoopbackMcpEndpoint {
  /** The bearer token every request must carry. Never logged, never in an error. */
  readonly #token = randomBytes(32).toString("base64url");
  readonly #mounted = new Map<string, Mounted>();
  readonly #sockets = new Set<Socket>();
  #http: Server | undefined;
  #listening: Promise<number> | undefined;
  #closed = false;

  /** The token, for the app-server's environment variable (or a header over a remote transport). */
  get token(): string {
    return this.#token;
  }

  /** Serves `server` under `name`; resolves with its URL. Serving the same object twice reuses it. */
  async mount(name: string, server: InProcessMcpServer): Promise<string> {
    if (this.#closed)
      throw new CodexError("this Codex client is closed; its in-process MCP servers are stopped");
    const existing = this.#mounted.get(name);
    if (existing && existing.server !== server) {
      throw new CodexError(
        `mcpServers.${name}: another in-process MCP server is already served under this name by this Codex; pick another name`,
      );
    }
    const Session = await loadSessionClass();
    const port = await this.#listen();
    if (!existing) {
      const mux = new SessionMux();
      const mounted: Mounted = { server, mux, sessions: new Map(), Session };
      this.#mounted.set(name, mounted);
      try {
        await server.connect(mux as never);
      } catch (error) {
        this.#mounted.delete(name);
        throw new CodexError(
          `mcpServers.${name}: the in-process MCP server could not be connected (${String(error)}); ` +
            "an MCP server object serves one transport at a time: close() it, or pass a new one",
          { cause: error },
        );
      }
    }
    return `http://127.0.0.1:${port}/mcp/${name}`;
  }

  /** Stops every served server (`close()` on each) and the HTTP server; the port is closed when it resolves. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const mounted = [...this.#mounted.values()];
    this.#mounted.clear();
    await Promise.all(mounted.map((m) => m.server.close().catch(() => undefined)));
    const http = this.#http;
    if (!http) return;
    await this.#listening?.catch(() => undefined);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  #listen(): Promise<number> {
    this.#listening ??= new Promise<number>((resolve, reject) => {
      const http = (this.#http = createServer((req, res) => void this.#handle(req, res)));
      http.on("connection", (socket) => {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
      });
      http.unref(); // a served MCP server alone does not keep Node running
      http.once("error", reject);
      http.listen(0, "127.0.0.1", () => resolve((http.address() as AddressInfo).port));
    });
    return this.#listening;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.#authorized(req.headers.authorization))
        return reply(res, 401, "missing or wrong bearer token");
      const name = /^\/mcp\/([A-Za-z0-9_-]+)$/.exec((req.url ?? "").split("?")[0] ?? "")?.[1];
      const mounted = name === undefined ? undefined : this.#mounted.get(name);
      if (!mounted) return reply(res, 404, "no such MCP server");
      const id = req.headers["mcp-session-id"];
      if (typeof id === "string") {
        const session = mounted.sessions.get(id);
        if (!session) return reply(res, 404, "unknown MCP session");
        return await session.handleRequest(req, res);
      }
      const session = await this.#newSession(mounted);
      await session.handleRequest(req, res);
      // Not an initialize request: the session never started and is dropped.
      if (![...mounted.sessions.values()].includes(session)) mounted.mux.remove(session);
    } catch (error) {
      if (!res.headersSent) reply(res, 500, `internal error: ${String(error)}`);
      else res.destroy();
    }
  }

  async #newSession(mounted: Mounted): Promise<HttpSession> {
    let sessionId: string | undefined;
    const session = new mounted.Session({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessionId = id;
        mounted.sessions.set(id, session);
      },
    });
    session.onmessage = mounted.mux.add(session);
    session.onclose = () => {
      mounted.mux.remove(session);
      if (sessionId !== undefined) mounted.sessions.delete(sessionId);
    };
    await session.start();
    return session;
  }

  #authorized(header: string | undefined): boolean {
    const expected = Buffer.from(`Bearer ${this.#token}`);
    const given = Buffer.from(header ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: JsonRpcCode.ServerError, message }, id: null }));
}
