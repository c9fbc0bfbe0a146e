/**
 * `codex.models()`: one page of `model/list`, awaitable as before, that is also an async iterable
 * over every model of every page (the pager of openai-node's `list()` calls).
 *
 * @module
 */
import type { Model } from "../../generated/v2/Model.js";
import type { ModelListParams } from "../../generated/v2/ModelListParams.js";
import type { ModelListResponse } from "../../generated/v2/ModelListResponse.js";
import { abortErrorFrom } from "../../errors.js";
import { optionalBoolean, optionalInteger, optionalNonEmptyString } from "../validation.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

/**
 * Options of `codex.models()`: the fields of `ModelListParams` (`includeHidden`, `modelProvider`,
 * `cursor`, `limit`), and a `signal`.
 */
export type ModelsOptions = RequestFields<ModelListParams> & CallOptions;

/**
 * What `codex.models()` returns. Awaited, it is the first page (`{ data, nextCursor }`), sent
 * when first awaited; iterated with `for await`, it yields every model of that page and of the
 * pages after it, fetching them as needed (`limit` is then the page size).
 *
 * @example
 * ```ts
 * const page = await codex.models({ limit: 5 });
 * console.log(page.data.length, page.nextCursor);
 * for await (const model of codex.models({ includeHidden: true })) console.log(model.id);
 * ```
 */
export class ModelsPage implements Promise<ModelListResponse>, AsyncIterable<Model> {
  /** `"ModelsPage"`. */
  readonly [Symbol.toStringTag] = "ModelsPage";
  readonly #host: RuntimeHost;
  readonly #options: ModelsOptions;
  #first: Promise<ModelListResponse> | undefined;

  /** @internal Created by `codex.models()`. */
  constructor(host: RuntimeHost, options: ModelsOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Resolves with the first page (sending its request once). */
  then<R1 = ModelListResponse, R2 = never>(
    onfulfilled?: ((value: ModelListResponse) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch` on the first page. */
  catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<ModelListResponse | R> {
    return this.#firstPage().catch(onrejected);
  }

  /** Like `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<ModelListResponse> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every model of every page, from the first page on. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Model, void, undefined> {
    let page = await this.#firstPage();
    for (;;) {
      yield* page.data;
      if (page.nextCursor === null || page.data.length === 0) return;
      page = await this.#fetch(page.nextCursor);
    }
  }

  #firstPage(): Promise<ModelListResponse> {
    this.#first ??= this.#fetch(undefined);
    return this.#first;
  }

  async #fetch(cursor: string | undefined): Promise<ModelListResponse> {
    const { signal, params } = splitOptions<ModelListParams>("options", this.#options);
    if (signal?.aborted) throw abortErrorFrom(signal, "models()");
    if (params.includeHidden !== null) optionalBoolean("includeHidden", params.includeHidden);
    if (params.modelProvider !== null) optionalNonEmptyString("modelProvider", params.modelProvider);
    if (params.cursor !== null) optionalNonEmptyString("cursor", params.cursor);
    if (params.limit !== null) optionalInteger("limit", params.limit, { min: 1, max: 2 ** 32 - 1 });
    const sent: ModelListParams = { includeHidden: false, ...params };
    if (cursor !== undefined) sent.cursor = cursor;
    return this.#host.request("model/list", sent, { signal });
  }
}
