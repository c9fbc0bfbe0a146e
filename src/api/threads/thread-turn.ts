/**
 * `thread.turn()`: checks the options and the input, waits for the thread's turn slot, sends
 * `turn/start` and registers the turn's handle before anything of it can be missed.
 */
import type { AppServerClient } from "../../client/client.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { abortErrorFrom, CodexError } from "../../errors.js";
import type { RunInput } from "../inputs/inputs.js";
import { wireInput } from "../inputs/wire-input.js";
import { attachOutput } from "../structured/output-registry.js";
import { prepareOutput } from "../structured/structured.js";
import { optionalHandler } from "../server-requests/server-requests.js";
import { TurnHandle, type TurnContext } from "../turns/turn.js";
import { startTurn } from "../turns/turn-start.js";
import type { ThreadHost } from "./thread.js";
import { turnStartParams, type TurnOptions } from "./turn-options.js";

/** What `openTurn` needs from its `Thread`. */
export interface ThreadTurnHost {
  readonly id: string;
  readonly host: ThreadHost;
  /** The client of the current connection, subscribed to the thread. */
  subscribed(): Promise<AppServerClient>;
  /** That client when no wait is needed (connected, subscribed already), else `undefined`. */
  subscribedNow(): AppServerClient | undefined;
  context(client: AppServerClient): TurnContext;
}

/** Starts a turn on the thread; see `Thread.turn`. */
export async function openTurn(t: ThreadTurnHost, input: RunInput, options: TurnOptions): Promise<TurnHandle<unknown>> {
  const signal = optionalAbortSignal("signal", options.signal);
  if (signal?.aborted) throw abortErrorFrom(signal, "turn");
  const onServerRequest = optionalHandler("onServerRequest", options.onServerRequest);
  // Checked and converted to strict mode before anything is sent. Each wait below is skipped when
  // there is nothing to wait for (the common turn): fewer promises per turn (bench W2).
  const output =
    options.outputSchema === undefined && options.validate === undefined ? undefined : await prepareOutput(options);
  const host = t.host;
  const wire = wireInput(input, { ...host.images, ...(host.cwd === undefined ? {} : { cwd: host.cwd }) });
  const params = turnStartParams(t.id, Array.isArray(wire) ? wire : await wire, {
    ...options,
    cwd: host.checkCwd(options.cwd),
  });
  if (output !== undefined) params.outputSchema = output.wireSchema;
  // One turn at a time per thread: a turn/start sent while the thread is busy would merge into
  // the running turn. Nothing is sent before the slot is granted.
  const slot = host.turns.acquireNow(t.id, signal) ?? (await host.turns.acquire(t.id, signal));
  let turnId: string | undefined;
  try {
    const client = t.subscribedNow() ?? (await t.subscribed());
    const login = host.checkLogin(client);
    if (login !== undefined) await login;
    if (signal?.aborted) throw abortErrorFrom(signal, "turn");
    const release = host.router.hold();
    // Registered before turn/start is sent: the turn's first request can arrive before its response.
    const requests = host.serverRequests.expectTurn(t.id, onServerRequest, signal);
    host.serverRequests.notePolicy(t.id, params.approvalPolicy);
    try {
      // The signal is deliberately not passed to the request: abandoning it could leave a turn
      // running on the server that nobody can interrupt. The handle interrupts it instead.
      const response = await startTurn(client, params, signal);
      turnId = response.turn.id;
      slot.bind(turnId);
      const handle = new TurnHandle(
        t.context(client),
        t.id,
        turnId,
        signal,
        options.onEvent,
      );
      if (output !== undefined) attachOutput(handle, output);
      if (host.router.isActive(handle.id)) {
        throw new CodexError(
          `turn/start joined turn ${handle.id}, which was already running on thread ${t.id} (the app-server treats turn/start on a busy thread as a steer); use that turn's handle`,
        );
      }
      requests?.bind(handle.id);
      host.router.register(handle.id, handle);
      return handle;
    } finally {
      requests?.cancel(); // no-op once bound
      release();
    }
  } finally {
    if (turnId === undefined) slot.release();
  }
}
