/**
 * What keeps the Node process alive on behalf of a `Codex`.
 *
 * A script that forgets `close()` must still exit once nothing is pending, as it would with any
 * other client library. So the connection lets go of the event loop (the app-server process and its
 * pipes are unref'd) unless a request awaits its answer or work the connection cannot see is under
 * way: a turn started through the SDK that runs or waits its turn, a login `wait()`, an open
 * `notifications()` iterator. Those take a hold here; the holds follow the client to a new
 * connection after `reconnect()`.
 */
import type { AppServerClient } from "../../client/client.js";

/** Counts the holds of one `Codex` and keeps one hold on its current connection while any exist. */
export class KeepAlive {
  #count = 0;
  #client: AppServerClient | undefined;
  #release: (() => void) | undefined;

  /** Keeps the process alive until the returned function is called (idempotent). */
  hold(): () => void {
    this.#count++;
    this.#apply();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#count--;
      this.#apply();
    };
  }

  /** The client's connection changed (first start, or `reconnect()`). */
  attach(client: AppServerClient): void {
    this.#release?.();
    this.#release = undefined;
    this.#client = client;
    this.#apply();
  }

  #apply(): void {
    if (this.#count > 0 && !this.#release && this.#client) {
      this.#release = this.#client.connection.hold();
    } else if (this.#count === 0 && this.#release) {
      this.#release();
      this.#release = undefined;
    }
  }
}
