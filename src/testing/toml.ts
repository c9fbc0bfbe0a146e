/**
 * The small TOML writer the harness needs for `config.toml` (tables, strings, numbers, booleans,
 * arrays); not a general TOML library, and there is deliberately no parser.
 *
 * @module
 */

/** A value that can be written to `config.toml`. `undefined` entries are skipped. */
export type TomlValue = string | number | boolean | readonly TomlValue[] | TomlTable;

/** A TOML table: a plain object of {@link TomlValue}s. */
export interface TomlTable {
  readonly [key: string]: TomlValue | undefined;
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function formatKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : formatString(key);
}

function formatString(value: string): string {
  if (LONE_SURROGATE.test(value))
    throw new TypeError(
      `config string ${JSON.stringify(value)} has a lone surrogate, which TOML cannot hold`,
    );
  // JSON's escapes (\" \\ \n \t \uXXXX ...) are all valid in a TOML basic string; TOML also
  // forbids a raw DEL, which JSON leaves alone.
  return JSON.stringify(value).replace(/\x7f/g, "\\u007F");
}

function describe(value: unknown): string {
  return value === null ? "null (TOML has no null; leave the key out or set it to undefined)" : typeof value;
}

function formatValue(value: TomlValue, path: string): string {
  if (typeof value === "string") return formatString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly TomlValue[]).map((item, i) => formatValue(item, `${path}[${i}]`)).join(", ")}]`;
  }
  if (isTable(value)) {
    const entries = Object.entries(value).filter(
      (entry): entry is [string, TomlValue] => entry[1] !== undefined,
    );
    const body = entries.map(([k, v]) => `${formatKey(k)} = ${formatValue(v, `${path}.${k}`)}`).join(", ");
    return body === "" ? "{}" : `{ ${body} }`;
  }
  throw new TypeError(`config value at \`${path}\` cannot be written as TOML: ${describe(value)}`);
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
      lines.push(`[${headerPath.map(formatKey).join(".")}]`);
    }
    for (const [key, value] of entries) {
      if (!isTable(value))
        lines.push(`${formatKey(key)} = ${formatValue(value, path === "" ? key : `${path}.${key}`)}`);
    }
    for (const [key, value] of entries) {
      if (isTable(value)) writeTable(value, [...headerPath, key]);
    }
  };
  if (!isTable(table)) throw new TypeError("stringifyToml: the document must be a plain object");
  writeTable(table, []);
  return `${lines.join("\n")}\n`;
}
