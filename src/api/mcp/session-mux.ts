/**
 * One MCP server object, many HTTP sessions. The runtime opens an MCP session per thread (and one
 * more for `mcpServerStatus/list`), but an `@modelcontextprotocol/sdk` server object can be
 * connected to one transport only. This transport is that one: it carries the messages of every
 * session, renaming request ids on the way in (two sessions both send id 1) and back on the way
 * out, so each answer reaches the session that asked.
 *
 * @module
 */

/** A JSON-RPC message as `@modelcontextprotocol/sdk` transports carry it. */
export type McpMessage = { [key: string]: unknown };
/** What a session transport passes along with a message (auth info, the HTTP request). */
export type McpMessageExtra = { [key: string]: unknown } | undefined;
/** Options of an MCP transport's `send()`. */
export interface McpSendOptions {
  /** The request this message belongs to. */
  relatedRequestId?: string | number | undefined;
}

/** The part of an MCP session transport the mux uses. */
export interface McpSession {
  send(message: McpMessage, options?: McpSendOptions): Promise<void>;
  close(): Promise<void>;
}

type Id = string | number;
interface Route {
  session: McpSession;
  id: Id;
}

/** The transport the user's server connects to (it implements `@modelcontextprotocol/sdk`'s `Transport`). */
export class SessionMux {
  onmessage: ((message: McpMessage, extra?: McpMessageExtra) => void) | undefined;
  onclose: (() => void) | undefined;
  onerror: ((error: Error) => void) | undefined;
  readonly #sessions = new Map<McpSession, string>();
  readonly #routes = new Map<string, Route>();
  #next = 0;
  #closed = false;

  /** Called by the server's `connect()`. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Adds a session; returns the function its transport calls for each message it receives. */
  add(session: McpSession): (message: McpMessage, extra?: McpMessageExtra) => void {
    const tag = `s${++this.#next}`;
    this.#sessions.set(session, tag);
    return (message, extra) => this.#receive(session, tag, message, extra);
  }

  /** Forgets a closed session and the requests it had in flight. */
  remove(session: McpSession): void {
    this.#sessions.delete(session);
    for (const [id, route] of this.#routes) if (route.session === session) this.#routes.delete(id);
  }

  /** The server sends: answers go to the session that asked; the rest to the related or every session. */
  async send(message: McpMessage, options?: McpSendOptions): Promise<void> {
    const id = message["id"];
    if (isId(id) && ("result" in message || "error" in message)) {
      const route = this.#routes.get(String(id));
      this.#routes.delete(String(id));
      if (route) await route.session.send({ ...message, id: route.id }, { relatedRequestId: route.id });
      return;
    }
    const related = options?.relatedRequestId;
    const route = related === undefined ? undefined : this.#routes.get(String(related));
    if (route) {
      await route.session.send(message, { ...options, relatedRequestId: route.id });
      return;
    }
    const sessions = [...this.#sessions.keys()];
    // A request the server starts on its own goes to the newest session; notifications to all.
    const targets = isId(id) ? sessions.slice(-1) : sessions;
    await Promise.all(targets.map((s) => s.send(message).catch(() => undefined)));
  }

  /** Called by the server's `close()`: every session ends. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const sessions = [...this.#sessions.keys()];
    this.#sessions.clear();
    this.#routes.clear();
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    this.onclose?.();
  }

  #receive(session: McpSession, tag: string, message: McpMessage, extra: McpMessageExtra): void {
    const id = message["id"];
    let out = message;
    if (isId(id) && typeof message["method"] === "string") {
      const muxId = `${tag}:${typeof id}:${String(id)}`;
      this.#routes.set(muxId, { session, id });
      out = { ...message, id: muxId };
    } else if (message["method"] === "notifications/cancelled") {
      const params = message["params"] as { requestId?: unknown } | undefined;
      const requestId = params?.requestId;
      if (isId(requestId)) {
        out = {
          ...message,
          params: { ...params, requestId: `${tag}:${typeof requestId}:${String(requestId)}` },
        };
      }
    }
    this.onmessage?.(out, extra);
  }
}

function isId(value: unknown): value is Id {
  return typeof value === "string" || typeof value === "number";
}
