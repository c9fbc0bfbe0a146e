/**
 * The one pager of the high-level API: a page of a cursor-paged list method that is awaitable (the
 * first page, sent once) and async-iterable (every entry of that page and of the pages after it,
 * each page fetched only when the consumer reaches the end of the one before). `codex.models()`,
 * `codex.threads()`, `thread.turns()` and `thread.items()` are all built on it.
 *
 * @module
 */
import { abortErrorFrom } from "../../errors.js";

/** What a cursor-paged list method answers: one page of `data` and the cursor of the next. */
export interface CursorPageResponse<T> {
  data: T[];
  /** The cursor of the next page; `null` when this page is the last. */
  nextCursor: string | null;
}

/** A list request whose options were checked: its signal, and how it sends one page. */
export interface PreparedPageSource<R> {
  /** Rejects the pages not yet fetched with an `AbortError` once aborted. */
  readonly signal: AbortSignal | undefined;
  /** Sends the list request for the page at `cursor` (`undefined`: the first page). */
  send(cursor: string | undefined): Promise<R>;
}

/** How a {@link CursorPage} fetches its pages. */
export interface PageSource<R> {
  /** Names the call in the `AbortError` message, e.g. `"thread.turns()"`. */
  readonly label: string;
  /**
   * Checks the options once, when the first page is requested (so a bad option rejects the first
   * page, or the first step of the loop, with an `InvalidArgumentError`, and nothing is sent).
   */
  prepare(): PreparedPageSource<R>;
}

/**
 * A page of a cursor-paged list. Awaited, it is the first page (`{ data, nextCursor, … }`), sent
 * when first awaited; iterated with `for await`, it yields every entry of that page and of the
 * pages after it, following `nextCursor` lazily: the next page is requested only when the loop
 * reaches the end of the current one, so breaking out early sends nothing more. Aborting the
 * `signal` rejects the pending page and the next step of the loop with an `AbortError`.
 *
 * @example
 * ```ts
 * const first = await thread.turns({ limit: 20 }); // one request
 * for await (const turn of thread.turns({ limit: 20, sortDirection: "asc" })) {
 *   if (turn.status === "failed") break; // no further page is fetched
 * }
 * ```
 */
export class CursorPage<R extends CursorPageResponse<T>, T> implements Promise<R>, AsyncIterable<T> {
  /** `"CursorPage"` (a subclass may name itself). */
  readonly [Symbol.toStringTag]: string = "CursorPage";
  readonly #source: PageSource<R>;
  #first: Promise<R> | undefined;
  #prepared: PreparedPageSource<R> | undefined;

  /** @internal Made by the list calls (`codex.models()`, `thread.turns()`, …). */
  constructor(source: PageSource<R>) {
    this.#source = source;
  }

  /** Resolves with the first page (sending its request once). */
  then<R1 = R, R2 = never>(
    onfulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch` on the first page. */
  catch<R2 = never>(onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R | R2> {
    return this.#firstPage().catch(onrejected);
  }

  /** Like `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<R> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every entry of every page, from the first page on, fetching each page when it is reached. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let page = await this.#firstPage();
    for (;;) {
      yield* page.data;
      if (page.nextCursor === null || page.nextCursor === "" || page.data.length === 0) return;
      page = await this.#fetch(page.nextCursor);
    }
  }

  #firstPage(): Promise<R> {
    this.#first ??= this.#fetch(undefined);
    return this.#first;
  }

  async #fetch(cursor: string | undefined): Promise<R> {
    this.#prepared ??= this.#source.prepare();
    const { signal } = this.#prepared;
    if (signal?.aborted) throw abortErrorFrom(signal, this.#source.label);
    return this.#prepared.send(cursor);
  }
}
