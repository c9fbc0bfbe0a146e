/**
 * Local `$ref` resolution (`#`, `#/$defs/<name>`, `#/definitions/<name>`) and the detection of
 * reference chains that never reach a schema.
 *
 * @module
 */
import { isObject, type Schema } from "./schema-nodes.js";

function unescapePointer(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded: use as is.
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}

const REF = /^#(?:\/(\$defs|definitions)\/([^/]+))?$/;

export function isSupportedRef(ref: string): boolean {
  return REF.test(ref);
}

/** The schema `ref` points at: `#`, `#/$defs/<name>` or `#/definitions/<name>`; else `undefined`. */
export function resolveLocalRef(root: Schema, ref: string): unknown {
  const match = REF.exec(ref);
  if (match === null) return undefined;
  const [, keyword, name] = match;
  if (keyword === undefined || name === undefined) return root;
  const defs = root[keyword];
  if (!isObject(defs)) return undefined;
  const key = unescapePointer(name);
  return Object.hasOwn(defs, key) ? defs[key] : undefined;
}

/** The chain of `$ref`s from `ref` back to a `$ref` already on it, if following it never reaches a schema. */
export function refCycle(root: Schema, ref: string): string[] | undefined {
  const chain = [ref];
  let current = resolveLocalRef(root, ref);
  while (isObject(current) && typeof current["$ref"] === "string") {
    const next = current["$ref"];
    chain.push(next);
    if (chain.indexOf(next) < chain.length - 1) return chain;
    current = resolveLocalRef(root, next);
  }
  return undefined;
}

/** Follows `$ref`s (a bounded number of hops). */
export function deref(node: unknown, root: Schema): unknown {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current["$ref"] === "string"; hops++) {
    current = resolveLocalRef(root, current["$ref"]);
  }
  return current;
}
