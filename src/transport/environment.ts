/**
 * The environment of a spawned app-server, and of the commands it runs for the agent.
 *
 * The app-server hands its own environment to every command the model asks for, and whatever a
 * command prints goes back to the model. A host process full of credentials must therefore not
 * pass them on: the app-server gets a short list of variables it needs (plus what the caller
 * names), and the runtime's `shell_environment_policy` is set so that commands see the basic
 * variables plus what the caller lists, and never a secret-looking one unless it is allowed by name.
 *
 * @module
 */
import { CodexError } from "../errors.js";
import type { ConfigValue } from "./toml.js";

/**
 * What the app-server process itself needs: user and locale, temp dirs, proxies, CAs (and every
 * `CODEX_*` variable that does not look like a credential, see {@link appServerEnvironment}).
 */
const APP_SERVER_BASE = [
  "HOME",
  "USER",
  "LOGNAME",
  "USERNAME",
  "SHELL",
  "PATH",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TERM",
  "NO_COLOR",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "XDG_STATE_HOME",
  "XDG_CACHE_HOME",
  "XDG_RUNTIME_DIR",
  "RUST_LOG",
  "RUST_BACKTRACE",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  // Windows: what any program needs to start and find its profile.
  "SYSTEMROOT",
  "SYSTEMDRIVE",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "PROGRAMFILES",
  "PROCESSOR_ARCHITECTURE",
  "NUMBER_OF_PROCESSORS",
] as const;

/** What every command the agent runs sees (the runtime's "core" set, plus locale and terminal). */
const COMMAND_BASE = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "USERNAME",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TERM",
  "SYSTEMROOT",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "USERPROFILE",
] as const;

/** Words that mark a variable name as a credential. */
const SECRET_NAME =
  /KEY|SECRET|TOKEN|PASSW|PASSPHRASE|PWD$|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SIGNATURE|CERT_PASS|DSN|DATABASE_URL|CONNECTION_STRING/i;
/** A URL with a user and password in it (`scheme://user:pass@host`). */
const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]*@/i;
const NAME_OR_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*(\*)?$/;

/**
 * Whether a variable looks like it carries a credential: by its name (`*KEY*`, `*TOKEN*`,
 * `*SECRET*`, `*PASSWORD*`, `*AUTH*`, `DATABASE_URL`…) or by its value (a URL with a password).
 *
 * @example
 * ```ts
 * looksLikeSecret("GITHUB_TOKEN"); // true
 * looksLikeSecret("PGDATABASE", "postgres://app:hunter2@db/app"); // true
 * looksLikeSecret("LANG", "C.UTF-8"); // false
 * ```
 */
export function looksLikeSecret(name: string, value?: string): boolean {
  if (name === "PWD" || name === "OLDPWD") return false;
  return SECRET_NAME.test(name) || (value !== undefined && CREDENTIAL_URL.test(value));
}

/** How the environment of a spawned app-server and of its commands is chosen. */
export interface EnvironmentOptions {
  /**
   * Variables set for the app-server, over the ones it inherits; `undefined` removes one. Set here,
   * a variable reaches the app-server (a model provider's `env_key`, say) but not the commands the
   * agent runs, unless it is also listed in `commandEnv`.
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Variables of this process the app-server inherits, besides the ones it needs to run (HOME,
   * PATH, USER, TMPDIR, LANG and LC_*, CODEX_HOME, proxies, SSL_CERT_FILE…; see docs/security.md).
   * Names, or prefixes ending in `*` (`"MYAPP_*"`). `"all"` passes the whole environment (the
   * commands are still filtered by `commandEnv`). Default: none.
   */
  inheritEnv?: readonly string[] | "all" | undefined;
  /**
   * Variables the commands the agent runs may see, besides HOME, PATH, USER, SHELL, TMPDIR, LANG,
   * LC_* and TERM. Names or `PREFIX*` patterns; a listed variable of this process is passed to the
   * app-server too. A secret-looking name (KEY, TOKEN, SECRET, PASSWORD, AUTH…, or a value that is a URL with a password) is refused unless it is
   * also in `allowSecretEnv`. `"runtime"` leaves the choice to the runtime's own
   * `shell_environment_policy` (from `config.toml`): then the commands see the app-server's whole
   * environment, minus the runtime's default excludes. Default: none.
   */
  commandEnv?: readonly string[] | "runtime" | undefined;
  /** Secret-looking names that `commandEnv` may pass on to commands all the same. */
  allowSecretEnv?: readonly string[] | undefined;
}

function checkNames(option: string, names: unknown): readonly string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) {
    throw new CodexError(`${option} must be an array of variable names`);
  }
  for (const name of names as unknown[]) {
    if (typeof name !== "string" || !NAME_OR_PREFIX.test(name)) {
      throw new CodexError(
        `${option} holds ${JSON.stringify(name)}, which is not a variable name (letters, digits, "_"; a trailing "*" for a prefix)`,
      );
    }
  }
  return names as readonly string[];
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const fold = process.platform === "win32" ? (s: string) => s.toUpperCase() : (s: string) => s;
  const exact = new Set(patterns.filter((p) => !p.endsWith("*")).map(fold));
  const prefixes = patterns.filter((p) => p.endsWith("*")).map((p) => fold(p.slice(0, -1)));
  return (name) => {
    const n = fold(name);
    return exact.has(n) || prefixes.some((p) => n.startsWith(p));
  };
}

/**
 * The environment of the app-server: the variables of `base` it needs or the caller named, then
 * `options.env` on top (an `undefined` value removes a variable).
 *
 * @throws CodexError when a name list is malformed
 */
export function appServerEnvironment(
  base: NodeJS.ProcessEnv,
  options: EnvironmentOptions,
  extraBase: readonly string[] = [],
): NodeJS.ProcessEnv {
  const inherit = options.inheritEnv;
  const commandNames = options.commandEnv === "runtime" ? [] : checkNames("commandEnv", options.commandEnv);
  let keep: (name: string) => boolean;
  if (inherit === "all") keep = () => true;
  else {
    const listed = checkNames("inheritEnv", inherit);
    const named = matcher([...APP_SERVER_BASE, ...extraBase, ...listed, ...commandNames]);
    // The runtime's own settings (CODEX_APP_SERVER_LOGIN_ISSUER, CODEX_SQLITE_HOME…), but not a
    // credential such as CODEX_API_KEY unless it is named.
    keep = (name) => named(name) || (name.startsWith("CODEX_") && !looksLikeSecret(name));
  }
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && keep(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * The `shell_environment_policy` config overrides that limit what the commands see, or nothing
 * when the caller leaves it to the runtime (`commandEnv: "runtime"`, or a `shell_environment_policy`
 * key of their own in `config`).
 *
 * @param env the app-server's environment, to check the listed variables' values
 * @throws CodexError when `commandEnv` names a secret-looking variable not allowed by name
 */
export function commandEnvironmentConfig(
  options: EnvironmentOptions,
  config: Readonly<Record<string, ConfigValue>> | undefined,
  env: NodeJS.ProcessEnv,
): Record<string, ConfigValue> {
  if (options.commandEnv === "runtime") return {};
  if (Object.keys(config ?? {}).some((k) => k.split(".")[0] === "shell_environment_policy")) return {};
  const listed = checkNames("commandEnv", options.commandEnv);
  const allowed = matcher(checkNames("allowSecretEnv", options.allowSecretEnv));
  for (const pattern of listed) {
    const names = pattern.endsWith("*") ? Object.keys(env).filter(matcher([pattern])) : [pattern];
    for (const name of [pattern, ...names]) {
      if (looksLikeSecret(name, env[name]) && !allowed(name)) {
        throw new CodexError(
          `commandEnv lists ${name}, which looks like a credential (by its name or a password in its value); ` +
            `the commands the agent runs would show it to the model. Add it to allowSecretEnv if they really need it`,
        );
      }
    }
  }
  return {
    // The app-server's environment is already reduced; from it, keep only what is listed. The
    // runtime's own default excludes (*KEY*, *SECRET*, *TOKEN*) are off so that an allowed
    // variable does reach the commands: the check above is stricter than they are.
    "shell_environment_policy.inherit": "all",
    "shell_environment_policy.ignore_default_excludes": true,
    "shell_environment_policy.include_only": [...COMMAND_BASE, ...listed],
  };
}
