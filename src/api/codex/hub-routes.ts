/**
 * The routing tables of one `Codex`: turn streams, the per-thread turn queue, thread observers,
 * login and MCP OAuth waits, command output, custom tools and the server-request dispatcher.
 * Nothing in them is used before the app-server answered, so they load with the deferred modules
 * (bench W1: their code is not parsed at import); `CodexHub` builds them on first use and holds
 * messages that arrive before (see hub.ts).
 *
 * @module
 */
import type { TransportClosedError } from "../../errors.js";
import type { IncomingNotification } from "../../rpc/connection.js";
import { clientErrorNotification, turnIdOf, type Notification, type TurnEvent } from "../events.js";
import { LoginCheck } from "../login/login-check.js";
import { LoginRouter } from "../login/login-router.js";
import { routeOauthCompletion } from "../mcp/oauth-login.js";
import { ExecRouter } from "../runtime/exec-output.js";
import { ServerRequestDispatcher } from "../server-requests/dispatcher.js";
import type { ServerRequestHandler } from "../server-requests/server-requests.js";
import { ToolRegistry } from "../tools/tool-registry.js";
import { ThreadWatch } from "../turns/thread-watch.js";
import { TurnQueue } from "../turns/turn-queue.js";
import { TurnRouter } from "../turns/turn-router.js";
import type { KeepAlive } from "./keep-alive.js";
import type { NotificationBus } from "./notifications.js";

/** What the routes take from their hub: validated options, the keep-alive and the listeners' bus. */
export interface RouteHost {
  readonly keepAlive: KeepAlive;
  readonly bus: NotificationBus;
  /** `onServerRequest`, validated when the `Codex` was constructed. */
  readonly handler: ServerRequestHandler | undefined;
  /** `serverRequestTimeoutMs`, validated when the `Codex` was constructed. */
  readonly serverRequestTimeoutMs: number | undefined;
}

/** The routing tables; see the module comment. */
export class HubRoutes {
  readonly router = new TurnRouter();
  /** Observers of whole threads (compaction and goal turns, whose ids the SDK learns from events). */
  readonly threads = new ThreadWatch();
  readonly turns: TurnQueue;
  readonly loginCheck = new LoginCheck();
  /** Replaced by each new connection: a login started on a lost connection cannot complete. */
  logins: LoginRouter;
  /** Routes `mcpServer/oauthLogin/completed`; replaced by each new connection, like `logins`. */
  mcpLogins: LoginRouter;
  readonly tools: ToolRegistry;
  /** Routes `command/exec/outputDelta` to the handle of its process. */
  readonly execs = new ExecRouter();
  readonly serverRequests: ServerRequestDispatcher;
  readonly #host: RouteHost;
  #turnsHold: (() => void) | undefined;

  constructor(host: RouteHost) {
    this.#host = host;
    this.turns = new TurnQueue((active) => {
      this.#turnsHold?.();
      this.#turnsHold = active ? host.keepAlive.hold() : undefined;
    });
    this.logins = this.#newLoginRouter();
    this.mcpLogins = this.#newLoginRouter();
    this.tools = new ToolRegistry((message, threadId, turnId, error) => {
      const details = error instanceof Error && error.stack !== undefined ? error.stack : null;
      const notification = clientErrorNotification(message, details, threadId, turnId);
      this.routeToTurn(turnId, notification);
      host.bus.emit(notification);
    });
    this.serverRequests = new ServerRequestDispatcher({
      handler: host.handler,
      timeoutMs: host.serverRequestTimeoutMs,
      routeToTurn: (turnId, event) => this.routeToTurn(turnId, event),
      emit: (notification) => host.bus.emit(notification),
      toolCalls: { handle: this.tools.handle, unhandled: this.tools.unhandled },
    });
  }

  /** A new connection is initialized: the previous connection's login waits failed with it. */
  onConnected(): void {
    this.logins = this.#newLoginRouter();
    this.mcpLogins = this.#newLoginRouter();
  }

  /** Routes one notification to the turns, threads and waits it concerns (not to listeners). */
  route(n: IncomingNotification): void {
    const notification = n as Notification;
    // serverRequest/resolved carries no turn id: the dispatcher knows the turn of the request.
    const requestTurnId = this.serverRequests.observe(n);
    const turnId = turnIdOf(n.params) ?? requestTurnId;
    this.threads.route(notification);
    if (turnId !== undefined) this.router.route(turnId, notification);
    this.turns.observe(notification);
    if (n.method === "account/updated") this.loginCheck.invalidate();
    if (n.method === "account/login/completed") this.logins.route(n.params);
    if (n.method === "mcpServer/oauthLogin/completed") routeOauthCompletion(this.mcpLogins, n.params);
    if (n.method === "command/exec/outputDelta") this.execs.route(n.params);
  }

  routeToTurn(turnId: string, event: TurnEvent): void {
    // The router only looks at `method` (for turn/completed); it carries any turn event.
    this.router.route(turnId, event as Notification);
  }

  /** Everything bound to the lost connection fails. */
  onConnectionClosed(error: TransportClosedError): void {
    this.serverRequests.abortAll(error);
    for (const sink of this.router.sinks()) sink.fail(error);
    this.threads.failAll(error);
    this.router.clear();
    this.turns.reset();
    this.logins.fail(error);
    this.mcpLogins.fail(error);
  }

  #newLoginRouter(): LoginRouter {
    return new LoginRouter(undefined, () => this.#host.keepAlive.hold());
  }
}
