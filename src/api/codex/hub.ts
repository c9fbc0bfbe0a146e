/**
 * The routing hub of one `Codex`: where every notification and server request of its connection
 * goes (turn streams, the per-thread turn queue, login and MCP OAuth waits, command handles,
 * `codex.on()` listeners), and what a new or lost connection resets. `Codex` keeps the public
 * methods; this holds the state they share.
 *
 * @module
 */
import type { AppServerClient, CodexMetadata } from "../../client/client.js";
import type { TransportClosedError } from "../../errors.js";
import { optionalDuration } from "../../internal/limits.js";
import type { IncomingNotification } from "../../rpc/connection.js";
import { clientErrorNotification, turnIdOf, type Notification, type TurnEvent } from "../events.js";
import { LoginCheck } from "../login/login-check.js";
import { LoginRouter } from "../login/login.js";
import { routeOauthCompletion } from "../mcp/oauth.js";
import { ExecRouter } from "../runtime/exec-output.js";
import { ServerRequestDispatcher } from "../server-requests/dispatcher.js";
import { optionalHandler } from "../server-requests/server-requests.js";
import { ToolRegistry } from "../tools/tool-registry.js";
import { TurnQueue } from "../turns/turn-queue.js";
import { TurnRouter } from "../turns/turn-router.js";
import type { CodexOptions } from "./codex-options.js";
import { ThreadWatch } from "../turns/thread-watch.js";
import { KeepAlive } from "./keep-alive.js";
import { NotificationBus } from "./notifications.js";
import { RuntimeVersionCheck } from "./runtime-support.js";

/** The shared routing state of one `Codex`; see the module comment. */
export class CodexHub {
  readonly router = new TurnRouter();
  /** Observers of whole threads (compaction and goal turns, whose ids the SDK learns from events). */
  readonly threads = new ThreadWatch();
  /** What keeps the process alive: pending requests, running turns, login waits, open iterators. */
  readonly keepAlive = new KeepAlive();
  #turnsHold: (() => void) | undefined;
  readonly turns = new TurnQueue((active) => {
    this.#turnsHold?.();
    this.#turnsHold = active ? this.keepAlive.hold() : undefined;
  });
  readonly loginCheck = new LoginCheck();
  /** Replaced by each new connection: a login started on a lost connection cannot complete. */
  logins = this.#newLoginRouter();
  /** Routes `mcpServer/oauthLogin/completed`; replaced by each new connection, like `logins`. */
  mcpLogins = this.#newLoginRouter();
  readonly bus = new NotificationBus(() => this.keepAlive.hold());
  readonly #runtimeCheck = new RuntimeVersionCheck();
  readonly tools = new ToolRegistry((message, threadId, turnId, error) => {
    const details = error instanceof Error && error.stack !== undefined ? error.stack : null;
    const notification = clientErrorNotification(message, details, threadId, turnId);
    this.routeToTurn(turnId, notification);
    this.bus.emit(notification);
  });
  /** Routes `command/exec/outputDelta` to the handle of its process. */
  readonly execs = new ExecRouter();
  readonly serverRequests: ServerRequestDispatcher;

  constructor(options: CodexOptions) {
    this.serverRequests = new ServerRequestDispatcher({
      handler: optionalHandler("onServerRequest", options.onServerRequest),
      timeoutMs: optionalDuration("serverRequestTimeoutMs", options.serverRequestTimeoutMs, {
        allowZero: false,
      }),
      routeToTurn: (turnId, event) => this.routeToTurn(turnId, event),
      emit: (notification) => this.bus.emit(notification),
      toolCalls: { handle: this.tools.handle, unhandled: this.tools.unhandled },
    });
  }

  /** A new connection is initialized: fresh login routers, keep-alive, listeners, version check. */
  onConnected(client: AppServerClient): void {
    this.logins = this.#newLoginRouter(); // the previous connection's (if any) has failed with it
    this.mcpLogins = this.#newLoginRouter();
    this.keepAlive.attach(client);
    this.bus.reopen();
    const { serverVersion } = client.metadata as CodexMetadata;
    this.#runtimeCheck.check(serverVersion, (warning) => this.bus.emit(warning));
  }

  onNotification(n: IncomingNotification): void {
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
    this.bus.emit(notification);
  }

  routeToTurn(turnId: string, event: TurnEvent): void {
    // The router only looks at `method` (for turn/completed); it carries any turn event.
    this.router.route(turnId, event as Notification);
  }

  /** Everything bound to the lost connection fails; listeners' iterators end. */
  onConnectionClosed(error: TransportClosedError): void {
    this.serverRequests.abortAll(error);
    for (const sink of this.router.sinks()) sink.fail(error);
    this.threads.failAll(error);
    this.router.clear();
    this.turns.reset();
    this.logins.fail(error);
    this.mcpLogins.fail(error);
    this.bus.endAll();
  }

  #newLoginRouter(): LoginRouter {
    return new LoginRouter(undefined, () => this.keepAlive.hold());
  }
}
