/** Encoding of `--config key=value` values: the app-server parses each value as TOML. */
import { CodexError } from "../errors.js";

/** A value accepted in the `config` option: what TOML can express. */
export type ConfigValue =
  string | number | boolean | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Encodes a value as an inline TOML value. `path` names it in error messages. */
export function tomlValue(value: ConfigValue, path: string): string {
  switch (typeof value) {
    case "string":
      return basicString(value, path);
    case "boolean":
      return String(value);
    case "number":
      if (!Number.isFinite(value))
        throw new CodexError(`config ${path}: ${value} is not representable in TOML`);
      if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return value.toFixed(0);
      // A TOML integer is 64-bit; anything larger is written as a float ("1e+20"), like other floats.
      return Number.isInteger(value) ? value.toExponential() : String(value);
    case "object":
      if (value === null) break;
      if (Array.isArray(value)) {
        return `[${(value as readonly ConfigValue[]).map((v, i) => tomlValue(v, `${path}[${i}]`)).join(", ")}]`;
      }
      return `{${Object.entries(value as Record<string, ConfigValue>)
        .map(([k, v]) => `${BARE_KEY.test(k) ? k : basicString(k, path)} = ${tomlValue(v, `${path}.${k}`)}`)
        .join(", ")}}`;
  }
  throw new CodexError(`config ${path}: ${String(value)} (${typeof value}) cannot be written as TOML`);
}

/** A TOML basic string. */
function basicString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new CodexError(`config ${path}: a string contains a lone UTF-16 surrogate, which TOML cannot hold`);
  }
  // TOML basic strings accept JSON's escapes, but also forbid a raw DEL, which JSON leaves as is.
  return JSON.stringify(value).replace(/\u007f/g, "\\u007f");
}
