/**
 * Refuses a turn at once when the model provider needs an OpenAI login and none exists.
 *
 * Without credentials the runtime starts the turn anyway and retries the model request for minutes
 * (`Reconnecting... n/5`, then "waiting for network"), so `run()` would hang. `account/read` tells
 * beforehand: `requiresOpenaiAuth: true` with `account: null` means no request can succeed. It is
 * asked once per connection, before its first turn, and asked again after `account/updated` (a
 * login or logout), so a turn costs no extra round trip.
 */
import type { AppServerClient } from "../../client/client.js";
import type { GetAccountResponse } from "../../generated/v2/GetAccountResponse.js";
import { LoginRequiredError } from "../../errors.js";

export { LoginRequiredError };

/** The per-connection cache of the login check. */
export class LoginCheck {
  #client: AppServerClient | undefined;
  #check: Promise<void> | undefined;
  /** The check passed on `#client`: later turns send no `account/read` and wait for nothing. */
  #passed = false;

  /**
   * Resolves when a turn may be sent on `client`; rejects with {@link LoginRequiredError}.
   * `undefined` once the check passed on this client (until {@link invalidate}).
   */
  ensure(client: AppServerClient): Promise<void> | undefined {
    if (this.#client !== client) {
      this.#client = client;
      this.#check = undefined;
      this.#passed = false;
    }
    if (this.#passed) return undefined;
    if (this.#check) return this.#check;
    const check: Promise<void> = client
      .request("account/read", { refreshToken: false })
      .then(
        verdict,
        () => undefined, // The check is advisory: a server that cannot answer it still gets the turn.
      )
      .then(
        () => {
          if (this.#check === check) this.#passed = true;
        },
        (error: unknown) => {
          // A refusal is not kept: the next turn asks again (a login may have happened elsewhere).
          if (this.#check === check) this.#check = undefined;
          throw error;
        },
      );
    this.#check = check;
    return check;
  }

  /** The account changed (`account/updated`): ask again before the next turn. */
  invalidate(): void {
    this.#check = undefined;
    this.#passed = false;
  }
}

function verdict(account: GetAccountResponse): void {
  if (account.requiresOpenaiAuth && account.account === null) {
    throw new LoginRequiredError(
      "the model provider needs an OpenAI login and the app-server has none (account/read: requiresOpenaiAuth true, account null), " +
        "so the turn was not sent: log in with codex.loginApiKey(key) or codex.loginChatgpt(), or configure a model provider that needs no OpenAI login",
    );
  }
}
