/**
 * How tools are named in the handler table and in messages: apart from tool-specs.ts, which needs
 * the schema conversion (deferred until a thread is started with tools).
 *
 * @module
 */

/** The handler table key of a call (`namespace` is `null` for a top-level tool). */
export function toolKey(namespace: string | null | undefined, name: string): string {
  return namespace === null || namespace === undefined ? name : `${namespace}\u0000${name}`;
}

/** How a call names its tool in messages: `tool` or `namespace.tool`. */
export function toolLabel(namespace: string | null | undefined, name: string): string {
  return namespace === null || namespace === undefined ? name : `${namespace}.${name}`;
}
