/**
 * `codex.fuzzyFileSearch()`: the runtime's fuzzy file-name search (`fuzzyFileSearch`), the one
 * behind `@` mentions in the Codex clients. Its streaming session variants
 * (`fuzzyFileSearch/sessionStart|Update|Stop`) are experimental and not wrapped here.
 *
 * @module
 */
import type { FuzzyFileSearchParams } from "../../generated/FuzzyFileSearchParams.js";
import type { FuzzyFileSearchResult } from "../../generated/FuzzyFileSearchResult.js";
import { InvalidArgumentError, nonEmptyString } from "../validation.js";
import { absolutePath } from "./checks.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

/**
 * Options of `codex.fuzzyFileSearch()`: the fields of `FuzzyFileSearchParams` but the query, with
 * `roots` required, and a `signal`. A later search with the same `cancellationToken` cancels this
 * one (it then resolves with no files).
 */
export type FuzzyFileSearchOptions = RequestFields<Omit<FuzzyFileSearchParams, "query" | "roots">> &
  Pick<FuzzyFileSearchParams, "roots"> &
  CallOptions;

/** Sends one `fuzzyFileSearch` after checking its arguments; resolves with the matches, best first. */
export async function fuzzyFileSearch(
  host: RuntimeHost,
  query: string,
  options: FuzzyFileSearchOptions,
): Promise<FuzzyFileSearchResult[]> {
  const { signal, params } = splitOptions<Omit<FuzzyFileSearchParams, "query">>("options", options);
  if (!Array.isArray(params.roots) || params.roots.length === 0) {
    throw new InvalidArgumentError("roots must be a non-empty array of absolute directory paths", {
      argument: "roots",
    });
  }
  const roots = params.roots.map((root: unknown, i) => absolutePath(`roots[${i}]`, root));
  const cancellationToken =
    params.cancellationToken === undefined || params.cancellationToken === null
      ? null
      : nonEmptyString("cancellationToken", params.cancellationToken);
  const response = await host.request(
    "fuzzyFileSearch",
    { ...params, query: nonEmptyString("query", query), roots, cancellationToken },
    { signal },
  );
  return response.files;
}
