/** The {@link ThreadHost} a `Codex` gives its threads: its connection, hub and options. */
import type { AppServerClient } from "../../client/client.js";
import type { RuntimeHost } from "../runtime/host.js";
import type { ThreadHost } from "../threads/thread.js";
import { cwdCheck } from "../threads/thread-cwd.js";
import { localServer, type CodexOptions } from "./codex-options.js";
import type { CodexConnection } from "./connection.js";
import type { HubRoutes } from "./hub-routes.js";

/** Builds the host; `currentClient` follows the connection (a new client after `reconnect()`). */
export function threadHost(
  options: CodexOptions,
  hub: HubRoutes,
  connection: CodexConnection,
  runtime: RuntimeHost,
  fork: ThreadHost["fork"],
): ThreadHost {
  return {
    client: () => connection.ensureStarted(),
    readyClient: () => connection.readyClient(),
    router: hub.router,
    threads: hub.threads,
    turns: hub.turns,
    checkLogin: (client) => hub.loginCheck.ensure(client),
    cwd: options.cwd,
    images: {
      maxImageBytes: options.maxImageBytes,
      allowedImageRoots: options.allowedImageRoots,
      followImageSymlinks: options.followImageSymlinks,
    },
    checkCwd: cwdCheck(localServer(options)),
    serverRequests: hub.serverRequests,
    get currentClient(): AppServerClient | undefined {
      return connection.client;
    },
    runtime,
    fork,
  };
}
