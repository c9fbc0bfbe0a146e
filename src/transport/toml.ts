/** Encoding of `--config key=value` values: the app-server parses each value as TOML. */
import { CodexError } from "../rpc/errors.js";

/** A value accepted in the `config` option: what TOML can express. */
export type ConfigValue =
  string | number | boolean | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Encodes a value as an inline TOML value. `path` names it in error messages. */
export function tomlValue(value: ConfigValue, path: string): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value); // TOML basic strings accept JSON's escapes
    case "boolean":
      return String(value);
    case "number":
      if (!Number.isFinite(value))
        throw new CodexError(`config ${path}: ${value} is not representable in TOML`);
      return Number.isInteger(value) ? value.toFixed(0) : String(value);
    case "object":
      if (value === null) break;
      if (Array.isArray(value)) {
        return `[${(value as readonly ConfigValue[]).map((v, i) => tomlValue(v, `${path}[${i}]`)).join(", ")}]`;
      }
      return `{${Object.entries(value as Record<string, ConfigValue>)
        .map(([k, v]) => `${BARE_KEY.test(k) ? k : JSON.stringify(k)} = ${tomlValue(v, `${path}.${k}`)}`)
        .join(", ")}}`;
  }
  throw new CodexError(`config ${path}: ${String(value)} (${typeof value}) cannot be written as TOML`);
}
