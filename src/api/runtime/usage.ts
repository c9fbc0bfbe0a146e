/**
 * `codex.usage`: the account's rate limits (`account/rateLimits/read`) and token usage
 * (`account/usage/read`). Both need a ChatGPT login; without one the runtime answers
 * `InvalidRequestError` ("codex account authentication required …").
 *
 * @module
 */
import type { GetAccountRateLimitsParams } from "../../generated/v2/GetAccountRateLimitsParams.js";
import type { GetAccountRateLimitsResponse } from "../../generated/v2/GetAccountRateLimitsResponse.js";
import type { GetAccountTokenUsageParams } from "../../generated/v2/GetAccountTokenUsageParams.js";
import type { GetAccountTokenUsageResponse } from "../../generated/v2/GetAccountTokenUsageResponse.js";
import { optionalBoolean, optionalNonEmptyString } from "../validation.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

/** Options of `codex.usage.rateLimits()`: the fields of `GetAccountRateLimitsParams`, and a `signal`. */
export type RateLimitsOptions = RequestFields<GetAccountRateLimitsParams> & CallOptions;

/** Options of `codex.usage.read()`: the fields of `GetAccountTokenUsageParams`, and a `signal`. */
export type UsageReadOptions = RequestFields<GetAccountTokenUsageParams> & CallOptions;

/**
 * The account's limits and usage, reached as `codex.usage`. The runtime also pushes
 * `account/rateLimits/updated` after every model response: listen with `codex.on()`.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * const { rateLimits } = await codex.usage.rateLimits();
 * console.log(rateLimits.primary?.usedPercent, rateLimits.primary?.resetsAt);
 * ```
 */
export class CodexUsage {
  readonly #host: RuntimeHost;

  /** @internal Created by `Codex`; reach it as `codex.usage`. */
  constructor(host: RuntimeHost) {
    this.#host = host;
  }

  /**
   * The account's rate limits (`account/rateLimits/read`): the single-bucket view `rateLimits`,
   * every bucket in `rateLimitsByLimitId`, and reset credits.
   *
   * @throws InvalidRequestError when no ChatGPT account is logged in
   * @example
   * ```ts
   * const limits = await codex.usage.rateLimits({ excludeResetCreditDetails: true });
   * if (limits.ordinaryUsageAllowed === false) console.log("usage exhausted");
   * ```
   */
  async rateLimits(options: RateLimitsOptions = {}): Promise<GetAccountRateLimitsResponse> {
    const { signal, params } = splitOptions<GetAccountRateLimitsParams>("options", options);
    optionalBoolean("supportsLunaReserve", params.supportsLunaReserve);
    optionalBoolean("excludeResetCreditDetails", params.excludeResetCreditDetails);
    return this.#host.request("account/rateLimits/read", params, { signal });
  }

  /**
   * The account's token usage (`account/usage/read`): a summary and daily buckets, or with
   * `threadId` the estimated usage of that thread.
   *
   * @throws InvalidRequestError when no ChatGPT account is logged in
   * @example
   * ```ts
   * const { summary, dailyUsageBuckets } = await codex.usage.read();
   * console.log(summary, dailyUsageBuckets?.length);
   * ```
   */
  async read(options: UsageReadOptions = {}): Promise<GetAccountTokenUsageResponse> {
    const { signal, params } = splitOptions<GetAccountTokenUsageParams>("options", options);
    if (params.threadId !== null) optionalNonEmptyString("threadId", params.threadId);
    return this.#host.request("account/usage/read", params, { signal });
  }
}
