/**
 * A byte relay between the SDK and a remote app-server (TCP port or unix socket), so a test can
 * drop the client's connection the way a network failure would (`cut()`), while the app-server
 * keeps running, and count the connections made through it.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** Where the relay forwards to, or where it listens: a TCP port on 127.0.0.1, or a unix socket. */
export type Endpoint = { port: number } | { path: string };

/** A running relay. */
export interface Relay {
  /** `{ port }` (TCP) or `{ path }` (unix) the client should connect to. */
  readonly listening: Endpoint;
  /** `ws://127.0.0.1:PORT` for a TCP relay. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Destroys every relayed connection (both sides); new connections are still accepted. */
  cut(): void;
  /** Stops accepting connections (existing ones stay); `resume()` accepts again. */
  pause(): void;
  resume(): void;
  /** Destroys everything and stops listening. Idempotent. */
  close(): Promise<void>;
}

/** Starts a relay to `target`, listening on a free port (TCP) or at `listenPath` (unix). */
export async function startRelay(target: Endpoint, listenPath?: string): Promise<Relay> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let paused = false;
  const server: Server = createServer((client) => {
    connections++;
    if (paused) {
      client.destroy();
      return;
    }
    const upstream = "port" in target ? connect(target.port, "127.0.0.1") : connect(target.path);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.once("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (listenPath !== undefined) server.listen(listenPath, resolve);
    else server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const listening: Endpoint =
    listenPath !== undefined
      ? { path: listenPath }
      : { port: typeof address === "object" && address ? address.port : 0 };
  const cut = (): void => {
    for (const s of sockets) s.destroy();
  };
  let closed: Promise<void> | undefined;
  return {
    listening,
    url: "port" in listening ? `ws://127.0.0.1:${listening.port}` : `unix:${listening.path}`,
    get connections() {
      return connections;
    },
    cut,
    pause: () => (paused = true),
    resume: () => (paused = false),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      })),
  };
}
