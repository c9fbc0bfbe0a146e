/**
 * `codex.models()`: one page of `model/list`, awaitable as before, that is also an async iterable
 * over every model of every page (the pager of openai-node's `list()` calls).
 *
 * @module
 */
import type { Model } from "../../generated/v2/Model.js";
import type { ModelListParams } from "../../generated/v2/ModelListParams.js";
import type { ModelListResponse } from "../../generated/v2/ModelListResponse.js";
import { optionalBoolean, optionalInteger, optionalNonEmptyString } from "../validation.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";
import { CursorPage } from "./page.js";

/**
 * Options of `codex.models()`: the fields of `ModelListParams` (`includeHidden`, `modelProvider`,
 * `cursor`, `limit`), and a `signal`.
 */
export type ModelsOptions = RequestFields<ModelListParams> & CallOptions;

/**
 * What `codex.models()` returns. Awaited, it is the first page (`{ data, nextCursor }`), sent
 * when first awaited; iterated with `for await`, it yields every model of that page and of the
 * pages after it, fetching them as needed (`limit` is then the page size). See {@link CursorPage}.
 *
 * @example
 * ```ts
 * const page = await codex.models({ limit: 5 });
 * console.log(page.data.length, page.nextCursor);
 * for await (const model of codex.models({ includeHidden: true })) console.log(model.id);
 * ```
 */
export class ModelsPage extends CursorPage<ModelListResponse, Model> {
  /** `"ModelsPage"`. */
  override readonly [Symbol.toStringTag] = "ModelsPage";

  /** @internal Created by `codex.models()`. */
  constructor(host: RuntimeHost, options: ModelsOptions) {
    super({
      label: "models()",
      prepare: () => {
        const { signal, params } = splitOptions<ModelListParams>("options", options);
        if (params.includeHidden !== null) optionalBoolean("includeHidden", params.includeHidden);
        if (params.modelProvider !== null) optionalNonEmptyString("modelProvider", params.modelProvider);
        if (params.cursor !== null) optionalNonEmptyString("cursor", params.cursor);
        if (params.limit !== null) optionalInteger("limit", params.limit, { min: 1, max: 2 ** 32 - 1 });
        return {
          signal,
          send: (cursor) => {
            const sent: ModelListParams = { includeHidden: false, ...params };
            if (cursor !== undefined) sent.cursor = cursor;
            return host.request("model/list", sent, { signal });
          },
        };
      },
    });
  }
}
