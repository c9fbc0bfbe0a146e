/**
 * UTF-16 well-formedness. A lone surrogate cannot be encoded as UTF-8: the app-server fails to
 * parse a message holding one and never answers it, and TOML cannot hold one either, so every
 * string the SDK sends or writes is checked with {@link loneSurrogateIndex}.
 *
 * @module
 */

/** True for the first half (U+D800–U+DBFF) of a surrogate pair. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Index of the first lone UTF-16 surrogate in `text`, or `-1` when `text` is well-formed. A lone
 * surrogate cannot be encoded as UTF-8: the app-server fails to parse such a request and never
 * answers it, so strings are checked before they are sent.
 *
 * @example
 * ```ts
 * loneSurrogateIndex("ok 😀"); // -1
 * loneSurrogateIndex("bad \uD800"); // 4
 * ```
 */
export function loneSurrogateIndex(text: string): number {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === "function" && native.call(text)) return -1;
  const match = LONE_SURROGATE.exec(text);
  return match === null ? -1 : match.index;
}
