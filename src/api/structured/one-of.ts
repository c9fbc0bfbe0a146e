/**
 * A `oneOf` that strict mode can take as `anyOf`: one whose branches no value matches twice.
 *
 * @module
 */
import { isObject, isPrimitive, typesOf, type Schema } from "./schema-nodes.js";
import { deref } from "./schema-refs.js";

/**
 * Whether no value matches two branches of a `oneOf` (so `anyOf` means the same): the branches
 * have pairwise disjoint types, or are objects with a required discriminator property whose
 * `const`/`enum` values are pairwise disjoint.
 */
export function branchesExclusive(branches: readonly unknown[], root: Schema): boolean {
  const resolved = branches.map((b) => deref(b, root));
  if (!resolved.every(isObject)) return false;
  const typeSets = resolved.map((b) => (b["anyOf"] === undefined ? typesOf(b["type"]) : undefined));
  if (typeSets.every((t) => t !== undefined)) {
    const expanded = typeSets.map(
      (t) => new Set(t.flatMap((x) => (x === "number" ? ["number", "integer"] : [x]))),
    );
    if (pairwiseDisjoint(expanded)) return true;
  }
  const first = resolved[0];
  const firstProps = first?.["properties"];
  if (!isObject(firstProps)) return false;
  for (const key of Object.keys(firstProps)) {
    const sets: Array<Set<unknown>> = [];
    for (const branch of resolved) {
      const props = branch["properties"];
      const required = branch["required"];
      if (!isObject(props) || !Array.isArray(required) || !required.includes(key)) break;
      const values = literalValues(deref(props[key], root));
      if (values === undefined) break;
      sets.push(new Set(values));
    }
    if (sets.length === resolved.length && pairwiseDisjoint(sets)) return true;
  }
  return false;
}

function literalValues(node: unknown): unknown[] | undefined {
  if (!isObject(node)) return undefined;
  if (Object.hasOwn(node, "const")) return isPrimitive(node["const"]) ? [node["const"]] : undefined;
  const values = node["enum"];
  return Array.isArray(values) && values.every(isPrimitive) ? values : undefined;
}

function pairwiseDisjoint(sets: ReadonlyArray<ReadonlySet<unknown>>): boolean {
  const seen = new Set<unknown>();
  for (const set of sets) {
    for (const value of set) if (seen.has(value)) return false;
    for (const value of set) seen.add(value);
  }
  return true;
}
