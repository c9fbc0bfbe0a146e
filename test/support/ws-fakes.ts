/**
 * Fake WebSocket/HTTP servers and a transport-handler recorder for the transport unit tests.
 * Everything a helper opens is registered for {@link runCleanups} (call it in `afterEach`).
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Server as NetServer, Socket } from "node:net";
import { WebSocketServer, type WebSocket as ServerSocket } from "ws";
import type { TransportClosedError } from "../../src/errors.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "../../src/transport/transport.js";

const cleanups: Array<() => unknown> = [];

/** Releases everything the helpers opened, newest first. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()?.();
}

/** Registers a cleanup step. */
export function onCleanup(step: () => unknown): void {
  cleanups.push(step);
}

/** Collects what a transport reports; `events` emits "event" after each report. */
export function recorder() {
  const events = new EventEmitter();
  const messages: JsonRpcMessage[] = [];
  const malformed: Array<{ raw: string; error: Error }> = [];
  const closes: TransportClosedError[] = [];
  let onClosed: (e: TransportClosedError) => void = () => undefined;
  const closed = new Promise<TransportClosedError>((resolve) => (onClosed = resolve));
  const handlers: TransportHandlers = {
    onMessage: (m) => {
      messages.push(m);
      events.emit("event");
    },
    onMalformed: (raw, error) => {
      malformed.push({ raw, error });
      events.emit("event");
    },
    onClose: (e) => {
      closes.push(e);
      onClosed(e);
      events.emit("event");
    },
  };
  return { messages, malformed, closes, closed, handlers, events };
}

export function track<T extends Transport>(t: T): T {
  cleanups.push(() => t.close());
  return t;
}

/** Resolves when `predicate` holds, checked on each event of `emitter`; bounded. */
export function until(
  check: () => boolean,
  emitter: { on(e: string, f: () => void): unknown },
  event: string,
) {
  return new Promise<void>((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => reject(new Error(`condition not met after ${event} events`)), 5000);
    emitter.on(event, () => {
      if (check()) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function listen(server: Server | NetServer, where?: string): Promise<string> {
  const connections = new Set<Socket>();
  server.on("connection", (socket: Socket) => connections.add(socket));
  await new Promise<void>((resolve) =>
    where ? server.listen(where, resolve) : server.listen(0, "127.0.0.1", resolve),
  );
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(resolve);
      }),
  );
  const address = server.address();
  return typeof address === "object" && address ? `ws://127.0.0.1:${address.port}` : "";
}

/** A `ws` server that records upgrade headers and hands out server-side sockets. */
export async function fakeServer(
  options: { autoPong?: boolean; path?: string; tls?: { cert: string; key: string } } = {},
) {
  const http = options.tls ? createHttpsServer(options.tls) : createServer();
  const wss = new WebSocketServer({ server: http, autoPong: options.autoPong ?? true });
  const headers: IncomingHttpHeaders[] = [];
  const sockets: ServerSocket[] = [];
  wss.on("connection", (socket, req) => {
    headers.push(req.headers);
    sockets.push(socket);
  });
  cleanups.push(() => wss.clients.forEach((c) => c.terminate()));
  const plain = await listen(http, options.path);
  const url = options.tls ? plain.replace(/^ws:/, "wss:") : plain;
  const connection = (): Promise<ServerSocket> =>
    until(() => sockets.length > 0, wss, "connection").then(() => sockets[0] as ServerSocket);
  return { url, headers, wss, connection };
}

/** An HTTP server that answers every upgrade with a raw response. */
export async function refusingServer(response: string): Promise<string> {
  const http = createServer();
  http.on("upgrade", (_req, socket: Socket) => socket.end(response));
  return listen(http);
}

/** Completes the WebSocket handshake by hand, then leaves the socket to the test (no close echo, no reads). */
export async function rawServer(onSocket: (socket: Socket) => void): Promise<string> {
  const http = createServer();
  http.on("upgrade", (req, socket: Socket) => {
    const accept = createHash("sha1")
      .update(`${String(req.headers["sec-websocket-key"])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    onSocket(socket);
  });
  return listen(http);
}
