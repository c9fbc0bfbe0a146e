/**
 * The options of `codex.exec()` and their checks: everything the runtime would refuse (or accept
 * and misbehave on) is refused before anything is sent.
 *
 * @module
 */
import type { CommandExecParams } from "../../generated/v2/CommandExecParams.js";
import type { CommandExecTerminalSize } from "../../generated/v2/CommandExecTerminalSize.js";
import {
  describeValue,
  InvalidArgumentError,
  nonEmptyString,
  optionalBoolean,
  optionalInteger,
} from "../validation.js";
import { wellFormedString } from "./checks.js";
import { splitOptions, type CallOptions, type RequestFields } from "./host.js";
import type { CommandOutputChunk } from "./exec-output.js";

/**
 * Options of `codex.exec()`: the fields of `CommandExecParams` but `command` and `processId` (the
 * SDK picks a unique one), a `signal` that terminates the process, and `onOutput`.
 *
 * The SDK's defaults differ from the protocol's in one place: output is streamed
 * (`streamStdoutStderr: true`), so it reaches `onOutput` and the handle's iterator as it comes;
 * `wait()` still resolves with all of it. `streamStdin: true` (or `tty: true`) lets you write
 * stdin.
 */
export type CommandExecOptions = RequestFields<Omit<CommandExecParams, "command" | "processId">> &
  CallOptions & {
    /**
     * Called with each output chunk as it arrives (streamed output only). A throw terminates the
     * process and `wait()` rejects with it.
     */
    onOutput?: ((chunk: CommandOutputChunk) => void) | undefined;
  };

/** The most rows or columns of a pty (the protocol's `u16`). */
const MAX_TERMINAL_CELLS = 65_535;

/** The checked request of `codex.exec()`, without its `processId`. */
export interface CheckedExec {
  params: Omit<CommandExecParams, "processId">;
  signal: AbortSignal | undefined;
  onOutput: ((chunk: CommandOutputChunk) => void) | undefined;
}

/** Checks `codex.exec()`'s arguments; throws an `InvalidArgumentError` naming the first bad one. */
export function checkExec(command: unknown, options: CommandExecOptions): CheckedExec {
  const argv = checkCommand(command);
  if (typeof options !== "object" || options === null) splitOptions("options", options);
  const { onOutput, ...rest } = options;
  if (onOutput !== undefined && typeof onOutput !== "function") {
    throw new InvalidArgumentError(`onOutput must be a function; got ${describeValue(onOutput)}`, {
      argument: "onOutput",
    });
  }
  const { signal, params } = splitOptions<Omit<CommandExecParams, "command" | "processId">>("options", rest);
  for (const flag of [
    "tty",
    "streamStdin",
    "streamStdoutStderr",
    "disableOutputCap",
    "disableTimeout",
  ] as const) {
    optionalBoolean(flag, params[flag]);
  }
  if (params.tty === true && params.streamStdoutStderr === false) {
    throw new InvalidArgumentError(
      "tty: true streams the output; it cannot be combined with streamStdoutStderr: false",
      {
        argument: "streamStdoutStderr",
      },
    );
  }
  exclusive(params.timeoutMs, params.disableTimeout, "timeoutMs", "disableTimeout");
  exclusive(params.outputBytesCap, params.disableOutputCap, "outputBytesCap", "disableOutputCap");
  if (params.timeoutMs !== null) optionalInteger("timeoutMs", params.timeoutMs, { min: 1 });
  if (params.outputBytesCap !== null) optionalInteger("outputBytesCap", params.outputBytesCap, { min: 1 });
  if (params.cwd !== null && params.cwd !== undefined) nonEmptyString("cwd", params.cwd);
  if (params.env !== null && params.env !== undefined) checkEnv(params.env);
  if (params.size !== null && params.size !== undefined) {
    if (params.tty !== true) {
      throw new InvalidArgumentError("size is the size of a pty: pass tty: true with it", {
        argument: "size",
      });
    }
    terminalSize("size", params.size);
  }
  return {
    params: { ...params, command: argv, streamStdoutStderr: params.streamStdoutStderr ?? true },
    signal,
    onOutput,
  };
}

/** `value` as a pty size: whole `rows` and `cols` from 1 to 65,535. */
export function terminalSize(name: string, value: unknown): CommandExecTerminalSize {
  if (typeof value !== "object" || value === null) {
    throw new InvalidArgumentError(`${name} must be { rows, cols }; got ${describeValue(value)}`, {
      argument: name,
    });
  }
  const { rows, cols } = value as Partial<CommandExecTerminalSize>;
  const range = { min: 1, max: MAX_TERMINAL_CELLS };
  if (rows === undefined || cols === undefined) {
    throw new InvalidArgumentError(`${name} must be { rows, cols }; got ${describeValue(value)}`, {
      argument: name,
    });
  }
  return {
    rows: optionalInteger(`${name}.rows`, rows, range) ?? rows,
    cols: optionalInteger(`${name}.cols`, cols, range) ?? cols,
  };
}

function checkCommand(command: unknown): string[] {
  if (!Array.isArray(command) || command.length === 0) {
    throw new InvalidArgumentError(
      `command must be a non-empty argv array such as ["ls", "-la"]; got ${describeValue(command)}`,
      { argument: "command" },
    );
  }
  const argv = command.map((arg: unknown, i) => wellFormedString(`command[${i}]`, arg));
  nonEmptyString("command[0]", argv[0]);
  return argv;
}

function exclusive(value: unknown, flag: boolean | undefined, name: string, flagName: string): void {
  if (value !== undefined && value !== null && flag === true) {
    throw new InvalidArgumentError(`${name} cannot be combined with ${flagName}: true`, { argument: name });
  }
}

function checkEnv(env: unknown): void {
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new InvalidArgumentError(
      `env must be an object of strings (or null to unset); got ${describeValue(env)}`,
      {
        argument: "env",
      },
    );
  }
  for (const [key, value] of Object.entries(env)) {
    nonEmptyString("env key", key);
    if (value !== null && value !== undefined) wellFormedString(`env.${key}`, value);
  }
}
