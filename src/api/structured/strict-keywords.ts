/**
 * The keywords of one schema node, each checked against strict mode and copied to the strict
 * schema. Object closing (`properties`, `required`) is in `strict-objects.ts`.
 *
 * @module
 */
import { describeValue } from "../validation.js";
import { branchesExclusive } from "./one-of.js";
import { isCount, isObject, isPrimitive, TYPES, type JsonObject, type Schema } from "./schema-nodes.js";
import { walk } from "./strict-schema.js";
import { countEnum, FORMATS, OBJECT_ONLY, report, UNSUPPORTED, type Walk } from "./strict-rules.js";

/** The node whose keywords are walked, and the strict copy being built. */
export interface KeywordSite {
  readonly node: Schema;
  readonly out: JsonObject;
  /** The node's valid `type`, as a list (`undefined` when absent or invalid). */
  readonly types: string[] | undefined;
  readonly depth: number;
  readonly isRoot: boolean;
  readonly w: Walk;
}

/**
 * Checks one keyword (at JSON path `at`) and copies what strict mode keeps to `site.out`. Returns
 * whether the keyword gives the node a shape (a type, values or branches), since a node without one
 * would accept any value.
 */
export function walkKeyword(site: KeywordSite, key: string, value: unknown, at: string): boolean {
  const { w, out, isRoot } = site;
  switch (key) {
    case "$id":
      if (!isRoot) report(w, at, "`$id` is only supported at the root (where it is dropped)");
      return false;
    case "$ref": // at the root: reported by walkRoot
      return true;
    case "$defs":
    case "definitions":
      if (!isRoot) report(w, at, `\`${key}\` is only supported at the root; move the definitions there`);
      return false;
    case "title":
    case "description":
    case "pattern":
      if (typeof value === "string") out[key] = value;
      else report(w, at, `\`${key}\` must be a string`);
      return false;
    case "type":
      walkType(site, value, at);
      return true;
    case "enum":
      walkEnum(site, value, at);
      return true;
    case "const":
      walkConst(site, value, at);
      return true;
    case "anyOf":
      walkAnyOf(site, value, at);
      return true;
    case "oneOf":
      walkOneOf(site, value, at);
      return true;
    case "properties":
    case "required":
      return false; // closeObject
    default:
      return walkConstraint(site, key, value, at);
  }
}

/** The keywords that constrain values without giving a shape, and the unsupported ones. */
function walkConstraint(site: KeywordSite, key: string, value: unknown, at: string): boolean {
  const { w, out } = site;
  switch (key) {
    case "additionalProperties":
      checkAdditionalProperties(w, value, at);
      return false;
    case "items":
      walkItems(site, value, at);
      return false;
    case "minItems":
    case "maxItems":
      if (!isCount(value)) report(w, at, `\`${key}\` must be a non-negative integer`);
      else out[key] = value;
      return false;
    case "format":
      walkFormat(site, value, at);
      return false;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      walkBound(site, key, value, at);
      return false;
    case "multipleOf":
      if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        report(w, at, "`multipleOf` must be a number greater than 0");
      } else out[key] = value;
      return false;
    default:
      report(w, at, UNSUPPORTED[key] ?? `\`${key}\` is not a keyword strict mode supports`);
      // A schema made of composition alone is reported for that, not also for lacking a type.
      return key === "allOf" || key === "not" || key === "if";
  }
}

function walkType({ w, out, types }: KeywordSite, value: unknown, at: string): void {
  if (types === undefined) {
    report(
      w,
      at,
      `\`type\` must be one of ${[...TYPES].join(", ")} or an array of them, got ${describeValue(value, 60)}`,
    );
  } else out["type"] = Array.isArray(value) ? [...types] : (types[0] as string);
}

function walkEnum({ w, out }: KeywordSite, value: unknown, at: string): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPrimitive)) {
    report(w, at, "`enum` must be a non-empty array of strings, numbers, booleans or null");
  } else {
    out["enum"] = [...value];
    countEnum(value, at, w);
  }
}

function walkConst({ w, out }: KeywordSite, value: unknown, at: string): void {
  if (!isPrimitive(value)) report(w, at, "`const` must be a string, number, boolean or null");
  else {
    out["const"] = value;
    if (typeof value === "string") w.stringChars += value.length;
  }
}

function walkAnyOf({ w, out, depth, isRoot }: KeywordSite, value: unknown, at: string): void {
  if (!Array.isArray(value) || value.length === 0) report(w, at, "`anyOf` must be a non-empty array of schemas");
  else if (!isRoot) out["anyOf"] = value.map((branch, i) => walk(branch, `${at}/${i}`, depth, w));
}

/** `oneOf` is sent as `anyOf` when that means the same: when no value matches two branches. */
function walkOneOf({ w, out, node, depth, isRoot }: KeywordSite, value: unknown, at: string): void {
  if (!Array.isArray(value) || value.length === 0) report(w, at, "`oneOf` must be a non-empty array of schemas");
  else if (isRoot) return;
  else if (node["anyOf"] !== undefined) report(w, at, "`oneOf` next to `anyOf` is not supported");
  else if (!branchesExclusive(value, w.root)) {
    report(
      w,
      at,
      "`oneOf` is not supported in strict mode; use `anyOf` (the SDK converts `oneOf` only when its branches are mutually exclusive, e.g. objects told apart by a `const` discriminator property)",
    );
  } else out["anyOf"] = value.map((branch, i) => walk(branch, `${at}/${i}`, depth, w));
}

function checkAdditionalProperties(w: Walk, value: unknown, at: string): void {
  if (value !== false) {
    report(
      w,
      at,
      `\`additionalProperties\` must be false (or absent): ${OBJECT_ONLY}${isObject(value) && Object.keys(value).length > 0 ? " (a record/map type cannot be expressed; use an array of key-value objects)" : ""}`,
    );
  }
}

function walkItems({ w, out, node, depth }: KeywordSite, value: unknown, at: string): void {
  if (Array.isArray(value)) {
    report(
      w,
      at,
      "tuple-form `items` (an array) is not supported in strict mode; use an object with named properties",
    );
  } else if (value === false && node["prefixItems"] !== undefined) {
    report(w, at, "`items: false` closes a tuple; tuples are not supported in strict mode");
  } else out["items"] = walk(value, at, depth, w);
}

function walkFormat({ w, out }: KeywordSite, value: unknown, at: string): void {
  if (typeof value !== "string" || !FORMATS.has(value)) {
    report(
      w,
      at,
      `format ${describeValue(value, 40)} is not supported in strict mode (supported: ${[...FORMATS].join(", ")}); drop it or use \`pattern\``,
    );
  } else out["format"] = value;
}

function walkBound({ w, out }: KeywordSite, key: string, value: unknown, at: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    report(
      w,
      at,
      `\`${key}\` must be a finite number${typeof value === "boolean" ? " (draft-04's boolean form is not supported)" : ""}`,
    );
  } else out[key] = value;
}
