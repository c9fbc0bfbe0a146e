/**
 * What strict mode allows: its limits, the keywords it supports, drops or rejects (with the reason
 * given to the user), and the state of one conversion, which collects every problem with its path
 * instead of stopping at the first.
 *
 * @module
 */
import type { SchemaProblem } from "./output-schema.js";
import type { Schema } from "./schema-nodes.js";

/** Limits of strict mode (OpenAI's structured-outputs guide). */
export const STRICT_LIMITS = {
  /** Object properties in the whole schema. */
  properties: 5000,
  /** Levels of object nesting (the root object is level 1). */
  nesting: 10,
  /** Enum values in the whole schema. */
  enumValues: 1000,
  /** Characters of all property names, definition names, enum and const values together. */
  stringChars: 120_000,
  /** A single string enum of more than this many values… */
  largeEnumValues: 250,
  /** …may have at most this many characters in total. */
  largeEnumChars: 15_000,
} as const;

/** String formats strict mode supports. */
export const FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);
/** Annotations that do not constrain the value: dropped from the strict schema. */
export const DROPPED = new Set([
  "$schema",
  "$comment",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

export const OBJECT_ONLY = "strict-mode objects have a fixed set of properties, all required";
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  allOf: "composition with `allOf` is not supported in strict mode; merge the subschemas into one",
  not: "`not` is not supported in strict mode",
  if: "`if`/`then`/`else` is not supported in strict mode",
  then: "`if`/`then`/`else` is not supported in strict mode",
  else: "`if`/`then`/`else` is not supported in strict mode",
  dependentRequired: `\`dependentRequired\` is not supported: ${OBJECT_ONLY}`,
  dependentSchemas: `\`dependentSchemas\` is not supported: ${OBJECT_ONLY}`,
  dependencies: `\`dependencies\` is not supported: ${OBJECT_ONLY}`,
  patternProperties: `\`patternProperties\` is not supported: ${OBJECT_ONLY}`,
  propertyNames: `\`propertyNames\` is not supported: ${OBJECT_ONLY} (a record/map type cannot be expressed; use an array of key-value objects)`,
  unevaluatedProperties: `\`unevaluatedProperties\` is not supported: ${OBJECT_ONLY}`,
  minProperties: `\`minProperties\` is not supported: ${OBJECT_ONLY}`,
  maxProperties: `\`maxProperties\` is not supported: ${OBJECT_ONLY}`,
  prefixItems: "tuples (`prefixItems`) are not supported in strict mode; use an object with named properties",
  additionalItems: "`additionalItems` is not supported in strict mode (arrays take one `items` schema)",
  contains: "`contains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  minContains:
    "`minContains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  maxContains:
    "`maxContains` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  uniqueItems:
    "`uniqueItems` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  unevaluatedItems:
    "`unevaluatedItems` is not supported in strict mode (arrays support `items`, `minItems`, `maxItems`)",
  minLength: "`minLength` is not supported in strict mode (strings support `pattern` and `format`)",
  maxLength: "`maxLength` is not supported in strict mode (strings support `pattern` and `format`)",
  contentEncoding:
    "`contentEncoding` is not supported in strict mode (strings support `pattern` and `format`)",
  contentMediaType:
    "`contentMediaType` is not supported in strict mode (strings support `pattern` and `format`)",
  contentSchema: "`contentSchema` is not supported in strict mode (strings support `pattern` and `format`)",
  nullable:
    'OpenAPI\'s `nullable` is not JSON Schema; use `type: ["…", "null"]` or `anyOf` with `{ "type": "null" }`',
};

/** The state of one conversion. */
export interface Walk {
  readonly root: Schema;
  readonly problems: SchemaProblem[];
  readonly seenProblems: Set<string>;
  readonly nullable: Map<object, Set<string>>;
  /** Schema objects on the current path: a JS object graph cycle is reported, not followed. */
  readonly active: Set<object>;
  /** `$ref`s being inlined on the current path. */
  readonly inlining: Set<string>;
  /** > 0 while inlining a definition that is checked (and reported) at its own path. */
  quiet: number;
  properties: number;
  enumValues: number;
  stringChars: number;
}

/** Counts an enum toward the schema-wide limits, and reports a large string enum over its own limit. */
export function countEnum(values: readonly unknown[], at: string, w: Walk): void {
  w.enumValues += values.length;
  let chars = 0;
  let strings = 0;
  for (const value of values) {
    if (typeof value !== "string") continue;
    strings++;
    chars += value.length;
  }
  w.stringChars += chars;
  if (strings > STRICT_LIMITS.largeEnumValues && chars > STRICT_LIMITS.largeEnumChars) {
    report(
      w,
      at,
      `an enum of more than ${STRICT_LIMITS.largeEnumValues} strings may total at most ${STRICT_LIMITS.largeEnumChars} characters; this one has ${chars}`,
    );
  }
}

/** Records a problem at `path` once, unless the walk is quiet (a copy checked at its own path). */
export function report(w: Walk, path: string, message: string): void {
  if (w.quiet > 0) return;
  const key = `${path}\u0000${message}`;
  if (w.seenProblems.has(key)) return;
  w.seenProblems.add(key);
  w.problems.push({ path, message });
}

/** Reports the limits strict mode sets on the whole schema, once every node was counted. */
export function reportTotals(w: Walk): void {
  if (w.properties > STRICT_LIMITS.properties) {
    report(
      w,
      "#",
      `the schema has ${w.properties} object properties; strict mode allows at most ${STRICT_LIMITS.properties}`,
    );
  }
  if (w.enumValues > STRICT_LIMITS.enumValues) {
    report(
      w,
      "#",
      `the schema has ${w.enumValues} enum values; strict mode allows at most ${STRICT_LIMITS.enumValues}`,
    );
  }
  if (w.stringChars > STRICT_LIMITS.stringChars) {
    report(
      w,
      "#",
      `property names, definition names, enum and const values total ${w.stringChars} characters; strict mode allows at most ${STRICT_LIMITS.stringChars}`,
    );
  }
}
