/**
 * The small TOML writer the harness needs for `config.toml` (tables, strings, numbers, booleans,
 * arrays); not a general TOML library, and there is deliberately no parser.
 *
 * @module
 */
import { isRecord } from "../internal/guards.js";
import { tomlKey, tomlNumber, tomlString } from "../internal/toml.js";
import { InvalidArgumentError } from "../errors.js";

/** A value that can be written to `config.toml`. `undefined` entries are skipped. */
export type TomlValue = string | number | boolean | readonly TomlValue[] | TomlTable;

/** A TOML table: a plain object of {@link TomlValue}s. */
export interface TomlTable {
  readonly [key: string]: TomlValue | undefined;
}

function isTable(value: unknown): value is TomlTable {
  return isRecord(value);
}

/**
 * Deep-merges `override` into `base` (neither is modified): nested tables merge key by key, any
 * other value replaces, and an `undefined` value removes the key, so callers can drop a default.
 */
export function mergeTomlTables(base: TomlTable, override: TomlTable): TomlTable {
  const result: Record<string, TomlValue | undefined> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    if (value === undefined) delete result[key];
    else if (isTable(value) && isTable(current)) result[key] = mergeTomlTables(current, value);
    else result[key] = value;
  }
  return result;
}

function describe(value: unknown): string {
  return value === null ? "null (TOML has no null; leave the key out or set it to undefined)" : typeof value;
}

function formatValue(value: TomlValue, path: string): string {
  if (typeof value === "string") return tomlString(value, path);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return tomlNumber(value);
  if (Array.isArray(value)) {
    return `[${(value as readonly TomlValue[]).map((item, i) => formatValue(item, `${path}[${i}]`)).join(", ")}]`;
  }
  if (isTable(value)) {
    const entries = Object.entries(value).filter(
      (entry): entry is [string, TomlValue] => entry[1] !== undefined,
    );
    const body = entries
      .map(([k, v]) => `${tomlKey(k, path)} = ${formatValue(v, `${path}.${k}`)}`)
      .join(", ");
    return body === "" ? "{}" : `{ ${body} }`;
  }
  throw new InvalidArgumentError(`config value at \`${path}\` cannot be written as TOML: ${describe(value)}`);
}

/**
 * Writes `table` as a TOML document: scalar and array entries first, then each nested table as a
 * `[dotted.header]` section (arrays of tables are written inline).
 */
export function stringifyToml(table: TomlTable): string {
  const lines: string[] = [];
  const writeTable = (current: TomlTable, headerPath: readonly string[]): void => {
    const entries = Object.entries(current).filter(
      (entry): entry is [string, TomlValue] => entry[1] !== undefined,
    );
    const path = headerPath.join(".");
    // A table holding only sub-tables needs no header of its own: `[a.b]` implies `[a]`.
    const hasOwnEntries = entries.length === 0 || entries.some(([, value]) => !isTable(value));
    if (headerPath.length > 0 && hasOwnEntries) {
      if (lines.length > 0) lines.push("");
      lines.push(`[${headerPath.map((key) => tomlKey(key, path)).join(".")}]`);
    }
    for (const [key, value] of entries) {
      if (!isTable(value))
        lines.push(`${tomlKey(key, path)} = ${formatValue(value, path === "" ? key : `${path}.${key}`)}`);
    }
    for (const [key, value] of entries) {
      if (isTable(value)) writeTable(value, [...headerPath, key]);
    }
  };
  if (!isTable(table)) throw new InvalidArgumentError("stringifyToml: the document must be a plain object");
  writeTable(table, []);
  return `${lines.join("\n")}\n`;
}
