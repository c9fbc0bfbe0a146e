/**
 * Typed scenarios for the scripted fake app-server (`fake-app-server.mjs`), and the writer of the
 * executable that runs one. Use it for what the real binary cannot be made to do on demand:
 *
 * ```ts
 * const codexPath = writeFakeAppServer(dir, {
 *   on: { "turn/start": ["respond", "turnStarted", { deltas: ["a", "b"] }, { exit: 0 }] },
 * });
 * const codex = new Codex({ codexPath });
 * ```
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One step of the fake server's script. In strings, `$threadId`, `$turnId`, `$loginId` (`L<n>`
 * for the n-th `account/login/start` this process was sent) and `$cwdFile(<name>)` (that file's
 * text, from the server's working directory) are filled in.
 */
export type FakeAction =
  /** Answer the current request with the default result for its method. */
  | "respond"
  /** `turn/started` for the current turn. */
  | "turnStarted"
  /** `turn/completed` (status completed) for the current turn. */
  | "complete"
  /** Answer the current request with `{ echo: <its params> }`. */
  | "echo"
  /** Do nothing more (leave the request unanswered). */
  | "hang"
  | { respond: unknown }
  | { error: { code: number; message: string } }
  /** A notification, with the `emittedAtMs` the benchmark reads. */
  | { notify: string; params?: unknown }
  /** This message, exactly (no `emittedAtMs`). */
  | { send: unknown }
  /** A notification `sendProcessInfo` with params `{ argv, cwd, env }`: how the process was spawned
   * (`argv` after the script; `env` has these variables, null when unset). */
  | { sendProcessInfo: string; env: string[] }
  /** Append this process's pid and a newline to the file (one line per start). */
  | { logPid: string }
  /** Spawn this command detached, inheriting stdout and stderr (it holds the pipes open), and send
   * `{ method: "grandchild", params: { pid } }`. */
  | { spawnGrandchild: string[] }
  /** One `item/agentMessage/delta` per string, for the current turn. */
  | { deltas: string[] }
  /** `item/completed` with an agentMessage of this text. */
  | { agentMessage: string }
  /** Text written to stdout as is (no newline added). */
  | { raw: string }
  /** One delta whose text is this many bytes: a line of about that length. */
  | { bigDelta: number }
  /** A response to a request id the client never used. */
  | { respondUnknownId: number }
  /** This text and a newline, to stderr. */
  | { stderr: string }
  /** Stop reading stdin (the pipe fills up, the client's writes block). */
  | { stopReading: true }
  /** Flush stdout and stderr, then exit with this code. */
  | { exit: number }
  /** Flush stdout and stderr, then kill itself with this signal. */
  | { kill: NodeJS.Signals }
  /** Flush stdout, then close it; the process stays alive with stderr open. */
  | { closeStdout: true }
  /** On the `atTurn`-th `turn/start` (counting from 1), pipe this file to stdout as fast as it goes. */
  | { streamFile: string; atTurn: number };

/** What the fake server does: at start, and for each request method. */
export interface FakeScenario {
  /** Run before reading anything (a fault here happens before `initialize` is read). */
  start?: FakeAction[];
  /** Actions per request method; other methods get `["respond"]` (a default result). */
  on?: Record<string, FakeAction[]>;
  /** Ids for the threads `thread/start` creates, in order (then `thread-<n>`). */
  threadIds?: string[];
  /** The turn id `turn/start` answers, by thread id (else `turn-<n>`). */
  turnIds?: Record<string, string>;
  /** What stdin EOF does: exit 0 like the real server (default), or nothing (stay until killed). */
  onStdinEnd?: "exit" | "ignore";
  /** When set, SIGTERM runs these actions instead of ending the process (it survives SIGTERM). */
  onSigterm?: FakeAction[];
  /** Write `FAULT <epoch ms>` to stderr before a fault (default true). */
  markFaults?: boolean;
}

const SCRIPT_URL = new URL("./fake-app-server.mjs", import.meta.url).href;

/**
 * Writes `scenario` and an executable that runs the fake app-server on it into `dir`; returns the
 * executable's path (pass it as `codexPath`).
 */
export function writeFakeAppServer(dir: string, scenario: FakeScenario, name = "fake-app-server"): string {
  const scenarioPath = join(dir, `${name}.json`);
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  const path = join(dir, name);
  writeFileSync(
    path,
    `#!${process.execPath}\n` +
      `process.env.FAKE_APP_SERVER_SCENARIO = ${JSON.stringify(scenarioPath)};\n` +
      `import(${JSON.stringify(SCRIPT_URL)});\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** The epoch milliseconds of the `FAULT <ms>` line the fake server wrote to stderr before a fault. */
export function faultTime(stderrTail: string): number | undefined {
  const match = /FAULT (\d+)/.exec(stderrTail);
  return match ? Number(match[1]) : undefined;
}
