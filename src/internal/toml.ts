/**
 * The one encoder of TOML keys and scalar values, shared by the `--config key=value` arguments of
 * the stdio transport and the `config.toml` the testing harness writes, so both write a value the
 * same way. Containers (inline tables, arrays, `[sections]`) stay with their callers, whose layouts
 * differ.
 *
 * TOML semantics chosen here:
 * - `NaN`, `Infinity` and `-Infinity` are TOML floats: `nan`, `inf`, `-inf`;
 * - an integer is written as a TOML integer only inside the 64-bit range TOML integers have; a
 *   larger one (a JavaScript number cannot hold it exactly anyway) is written as a float in
 *   exponent form (`1e+20`), never as digits a TOML parser would refuse as out of range;
 * - strings are basic strings with JSON's escapes, plus DEL escaped (TOML forbids it raw); a lone
 *   UTF-16 surrogate cannot be encoded at all and is refused.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { loneSurrogateIndex } from "./unicode.js";

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const INT64_LIMIT = 2 ** 63;

/**
 * A TOML basic string. `path` names the value in the error for a lone surrogate.
 *
 * @throws InvalidArgumentError (argument `"config"`) when `value` holds a lone UTF-16 surrogate
 */
export function tomlString(value: string, path: string): string {
  if (loneSurrogateIndex(value) >= 0) {
    throw new InvalidArgumentError(
      `config ${path}: a string contains a lone UTF-16 surrogate, which TOML cannot hold`,
      { argument: "config" },
    );
  }
  return JSON.stringify(value).replace(/\u007f/g, "\\u007f");
}

/** A TOML key: bare when it may be, else a quoted basic string. */
export function tomlKey(key: string, path: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key, path);
}

/** A TOML integer or float for any JavaScript number (see the module comment for the rules). */
export function tomlNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Number.isInteger(value))
    return Math.abs(value) < INT64_LIMIT ? value.toFixed(0) : value.toExponential();
  // A fraction: `String` writes `0.5`, `1e-7` or `1.5e+300`, all valid TOML floats.
  return String(value);
}
