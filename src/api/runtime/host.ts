/**
 * What the runtime-control resources (`codex.config`, `codex.skills`, `codex.usage`,
 * `codex.feedback`, `codex.models()`, `codex.fuzzyFileSearch()`, `codex.exec()`) need from `Codex`,
 * and the one rule they share for their options: the fields of the generated params, each
 * optional and accepting `undefined` (which means "not sent"), plus an `AbortSignal`.
 *
 * @module
 */
import type {
  AppServerClient,
  ClientRequestArgs,
  ClientRequestResult,
  RequestMethod,
} from "../../client/client.js";
import { optionalAbortSignal } from "../../internal/limits.js";
import { describeValue, InvalidArgumentError } from "../validation.js";

/** What the runtime-control resources need from `Codex`: typed requests and the started client. */
export interface RuntimeHost {
  /** Any request of the protocol, stable or experimental (as `codex.request()`). */
  request<M extends RequestMethod>(
    method: M,
    ...args: ClientRequestArgs<M>
  ): Promise<ClientRequestResult<M>>;
  /** The started client (starting it when needed). */
  client(): Promise<AppServerClient>;
}

/**
 * The fields of a generated params type as options: every one optional and accepting `undefined`,
 * so a field the runtime adds to its params is accepted (and documented, the TSDoc carries over)
 * without a change here.
 */
export type RequestFields<P> = { [K in keyof P]?: P[K] | undefined };

/** The option every runtime-control call takes. */
export interface CallOptions {
  /** Rejects the call with an `AbortError` (a request already sent may still be processed). */
  signal?: AbortSignal | undefined;
}

/**
 * Splits `options` into the validated `signal` and the params to send, without the fields that
 * are `undefined` (an `undefined` field means "not sent"). Throws an {@link InvalidArgumentError}
 * when `options` is not a plain object.
 */
export function splitOptions<P>(
  name: string,
  options: RequestFields<P> & CallOptions,
): { signal: AbortSignal | undefined; params: P } {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${name} must be an options object; got ${describeValue(options)}`, {
      argument: name,
    });
  }
  const { signal, ...rest } = options;
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) params[key] = value;
  return { signal: optionalAbortSignal("signal", signal), params: params as P };
}
