/**
 * The routing hub of one `Codex`: where every notification and server request of its connection
 * goes, and what a new or lost connection resets. `Codex` keeps the public methods; this holds the
 * state they share.
 *
 * The routing tables themselves (turn streams, turn queue, login waits, the server-request
 * dispatcher: hub-routes.ts) load with the deferred modules, which `start()` imports while the
 * app-server boots (bench W1). They normally exist before the first notification; a message that
 * comes earlier waits here, in arrival order, until they do.
 *
 * @module
 */
import type { AppServerClient, CodexMetadata } from "../../client/client.js";
import type { TransportClosedError } from "../../errors.js";
import { optionalDuration } from "../../internal/limits.js";
import type { IncomingNotification, IncomingRequest } from "../../rpc/connection.js";
import type { Notification } from "../events.js";
import { deferredNow, loadDeferred, type Deferred } from "../load-deferred.js";
import { optionalHandler, type ServerRequestHandler } from "../server-requests/server-requests.js";
import type { CodexOptions } from "./codex-options.js";
import type { HubRoutes } from "./hub-routes.js";
import { KeepAlive } from "./keep-alive.js";
import { NotificationBus } from "./notifications.js";
import { RuntimeVersionCheck } from "./runtime-support.js";

/** A message that arrived before the routing tables were loaded. */
type Early =
  | { notification: IncomingNotification }
  | { request: IncomingRequest; resolve: (answer: unknown) => void; reject: (error: unknown) => void };

/** The shared routing state of one `Codex`; see the module comment. */
export class CodexHub {
  /** What keeps the process alive: pending requests, running turns, login waits, open iterators. */
  readonly keepAlive = new KeepAlive();
  readonly bus = new NotificationBus(() => this.keepAlive.hold());
  readonly handler: ServerRequestHandler | undefined;
  readonly serverRequestTimeoutMs: number | undefined;
  readonly #runtimeCheck = new RuntimeVersionCheck();
  #routes: HubRoutes | undefined;
  #early: Early[] = [];

  constructor(options: CodexOptions) {
    this.handler = optionalHandler("onServerRequest", options.onServerRequest);
    this.serverRequestTimeoutMs = optionalDuration("serverRequestTimeoutMs", options.serverRequestTimeoutMs, {
      allowZero: false,
    });
  }

  /** The routing tables, built from the loaded deferred modules on first use. */
  routes(deferred: Deferred): HubRoutes {
    const routes = (this.#routes ??= new deferred.HubRoutes(this));
    // Messages that came before the tables existed go first, in arrival order (mostly none: no
    // list is copied then, on each call that reaches the tables).
    if (this.#early.length === 0) return routes;
    for (const message of this.#early.splice(0)) {
      if ("notification" in message) this.#deliver(routes, message.notification);
      else {
        try {
          message.resolve(routes.serverRequests.dispatch(message.request));
        } catch (error) {
          message.reject(error);
        }
      }
    }
    return routes;
  }

  /** A new connection is initialized: fresh login routers, keep-alive, listeners, version check. */
  onConnected(client: AppServerClient): void {
    this.#routes?.onConnected(); // the previous connection's logins (if any) failed with it
    this.keepAlive.attach(client);
    this.bus.reopen();
    const { serverVersion } = client.metadata as CodexMetadata;
    this.#runtimeCheck.check(serverVersion, (warning) => this.bus.emit(warning));
  }

  onNotification(n: IncomingNotification): void {
    const routes = this.#routes ?? this.#loaded();
    if (routes) this.#deliver(routes, n);
    else this.#wait({ notification: n });
  }

  /** Answers a server request (see `ServerRequestDispatcher.dispatch`). */
  dispatch(request: IncomingRequest): unknown {
    const routes = this.#routes ?? this.#loaded();
    if (routes) return routes.serverRequests.dispatch(request);
    return new Promise((resolve, reject) => this.#wait({ request, resolve, reject }));
  }

  /** Everything bound to the lost connection fails; listeners' iterators end. */
  onConnectionClosed(error: TransportClosedError): void {
    this.#routes?.onConnectionClosed(error);
    for (const message of this.#early.splice(0)) if ("request" in message) message.reject(error);
    this.bus.endAll();
  }

  #deliver(routes: HubRoutes, n: IncomingNotification): void {
    routes.route(n);
    this.bus.emit(n as Notification);
  }

  /** The routing tables if the deferred modules are loaded (after what waited for them). */
  #loaded(): HubRoutes | undefined {
    const deferred = deferredNow();
    return deferred ? this.routes(deferred) : undefined;
  }

  #wait(message: Early): void {
    this.#early.push(message);
    if (this.#early.length > 1) return;
    loadDeferred().then(
      (deferred) => this.routes(deferred),
      (error: unknown) => {
        // A broken install: answer the waiting requests with the error; notifications cannot be routed.
        for (const m of this.#early.splice(0)) if ("request" in m) m.reject(error);
      },
    );
  }
}
