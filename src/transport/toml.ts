/** Encoding of `--config key=value` values: the app-server parses each value as TOML. */
import { CodexError } from "../errors.js";
import { tomlKey, tomlNumber, tomlString } from "../internal/toml.js";

/** A value accepted in the `config` option: what TOML can express. */
export type ConfigValue =
  string | number | boolean | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

/** Encodes a value as an inline TOML value. `path` names it in error messages. */
export function tomlValue(value: ConfigValue, path: string): string {
  switch (typeof value) {
    case "string":
      return tomlString(value, path);
    case "boolean":
      return String(value);
    case "number":
      return tomlNumber(value);
    case "object":
      if (value === null) break;
      if (Array.isArray(value)) {
        return `[${(value as readonly ConfigValue[]).map((v, i) => tomlValue(v, `${path}[${i}]`)).join(", ")}]`;
      }
      return `{${Object.entries(value as Record<string, ConfigValue>)
        .map(([k, v]) => `${tomlKey(k, path)} = ${tomlValue(v, `${path}.${k}`)}`)
        .join(", ")}}`;
  }
  throw new CodexError(`config ${path}: ${String(value)} (${typeof value}) cannot be written as TOML`);
}
