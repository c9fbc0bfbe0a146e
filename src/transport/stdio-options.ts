/**
 * The options of the stdio transport, their validation and defaults, and the command line and
 * environment they turn into. Kept apart from the process handling in `stdio.ts`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { duration, optionalByteSize } from "../internal/limits.js";
import { directoryProblem } from "./directory.js";
import type { EnvironmentOptions } from "./environment.js";
import { tomlValue, type ConfigValue } from "./toml.js";
import { DEFAULT_MAX_WRITE_BUFFER_BYTES } from "./transport.js";

/**
 * Options of the stdio transport (all are also accepted by `new Codex()`). The environment options
 * (`env`, `inheritEnv`, `commandEnv`, `allowSecretEnv`) decide what the app-server and the commands
 * it runs for the agent see of this process's environment: by default only what they need to run.
 */
export interface StdioTransportOptions extends EnvironmentOptions {
  /**
   * Path of the codex executable: absolute, or a bare name looked up on `PATH` (relative paths are
   * refused, never resolved against the cwd). Default: `CODEX_PATH`, then the pinned package's
   * native binary.
   */
  codexPath?: string | undefined;
  /**
   * Config overrides, each passed as `--config key=value` before `app-server` (values are encoded as
   * TOML: strings quoted, arrays and objects inline). They travel in the command line, which other
   * local users can read (`ps`): never put a secret here; pass it in `env` and name the variable
   * in the config instead (a model provider's `env_key`, say). See docs/security.md.
   * @example `{ model: "gpt-5.4", "sandbox_workspace_write.network_access": true }`
   */
  config?: Readonly<Record<string, ConfigValue>> | undefined;
  /** Extra arguments appended after `app-server --listen stdio://` (e.g. `["--enable", "feature"]`). */
  args?: readonly string[] | undefined;
  /**
   * Working directory of the app-server process: an existing directory (checked before spawning;
   * `""` is refused). Default: this process's cwd.
   */
  cwd?: string | undefined;
  /**
   * How long `close()` waits for the process to exit after closing stdin, then after SIGTERM, in ms
   * (`>= 0`). Default 2000 ms. `Infinity` (or anything above 2^31 - 1 ms) waits for the exit
   * without ever sending a signal.
   */
  closeGraceMs?: number | undefined;
  /** Receives every line the app-server writes to stderr (ANSI colour codes removed). */
  onStderr?: ((line: string) => void) | undefined;
  /**
   * Most bytes kept waiting for an app-server that does not read its stdin. While the pipe is full,
   * messages wait in memory (requests keep waiting for their answers, and their `timeoutMs` and
   * `signal` still end them); once this many bytes wait, further messages are refused at once with
   * a `CodexError` instead of being buffered. A single message is never refused for its own size.
   * A whole number `>= 1`; default 64 MiB; `Infinity` buffers without a cap.
   */
  maxWriteBufferBytes?: number | undefined;
}

/** Builds the argv for `codex [--config k=v ...] app-server --listen stdio:// [args...]`. */
export function stdioArgs(options: Pick<StdioTransportOptions, "config" | "args">): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options.config ?? {})) {
    argv.push("--config", `${key}=${tomlValue(value, key)}`);
  }
  argv.push("app-server", "--listen", "stdio://", ...(options.args ?? []));
  return argv;
}

/** Merges `overrides` over `base`; an `undefined` value removes the variable. */
export function mergeEnv(
  base: NodeJS.ProcessEnv,
  overrides: Readonly<Record<string, string | undefined>> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

const DEFAULT_CLOSE_GRACE_MS = 2000;

/** The validated duration and size options of the stdio transport, with their defaults. */
export interface StdioLimits {
  /** See {@link StdioTransportOptions.closeGraceMs}. */
  closeGraceMs: number;
  /** See {@link StdioTransportOptions.maxWriteBufferBytes}. */
  maxWriteBufferBytes: number;
}

/**
 * Checks the options that need no file system access (`closeGraceMs`, `maxWriteBufferBytes`, an
 * empty `cwd`) and applies the defaults of the limits. The `cwd` directory itself is checked when
 * the process starts.
 * @throws InvalidArgumentError naming the option for a value that is not accepted
 */
export function checkStdioOptions(
  options: Pick<StdioTransportOptions, "closeGraceMs" | "maxWriteBufferBytes" | "cwd">,
): StdioLimits {
  if (options.cwd === "") checkCwd(options.cwd);
  return {
    closeGraceMs: duration("closeGraceMs", options.closeGraceMs, DEFAULT_CLOSE_GRACE_MS),
    maxWriteBufferBytes:
      optionalByteSize("maxWriteBufferBytes", options.maxWriteBufferBytes) ?? DEFAULT_MAX_WRITE_BUFFER_BYTES,
  };
}

/** Refuses a `cwd` that is not an existing directory, naming the option. */
export function checkCwd(cwd: string | undefined): void {
  if (cwd === undefined) return;
  const problem = directoryProblem(cwd);
  if (problem === undefined) return;
  throw new InvalidArgumentError(
    `cwd ${JSON.stringify(cwd)} ${problem}; it is the working directory the app-server is started in`,
    { argument: "cwd" },
  );
}

/** The reason a spawn failed; `ENOENT` may mean the working directory vanished, not the binary. */
