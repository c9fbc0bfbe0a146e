/**
 * The commands of the `codex-app-sdk` program. It stays out of the library's import graph: nothing
 * in the library imports it, and it imports nothing of the library.
 *
 *   codex-app-sdk trace view FILE [--out PAGE.html]
 *     Writes a self-contained HTML viewer for a protocol trace (the JSONL of the `traceFile`
 *     option or `CODEX_APP_SDK_TRACE`) and prints its path. Works on the trace of a session that
 *     is still running: run it again to see the latest state.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { buildTraceView } from "./trace-model.js";
import { tracePage } from "./trace-page.js";

const USAGE = `Usage:
  codex-app-sdk trace view FILE [--out PAGE.html]   write an HTML viewer for a protocol trace and print its path
  codex-app-sdk --help                              show this help`;

/** Where the program writes (process.stdout and process.stderr, or a test's collector). */
export interface Output {
  write(text: string): unknown;
}

/** Runs the program with `args` (without `node` and the script); returns the exit code. */
export function main(
  args: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h") {
    out.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] !== "trace" || args[1] !== "view") {
    err.write(`codex-app-sdk: unknown command ${JSON.stringify(args.slice(0, 2).join(" "))}\n${USAGE}\n`);
    return 2;
  }
  const rest = args.slice(2);
  let file: string | undefined;
  let page: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--out") page = rest[++i];
    else if (file === undefined && arg !== undefined && !arg.startsWith("--")) file = arg;
    else {
      err.write(`codex-app-sdk: unexpected argument ${JSON.stringify(arg)}\n${USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined || page === "") {
    err.write(
      `codex-app-sdk: trace view needs a trace FILE${page === "" ? " and a path after --out" : ""}\n${USAGE}\n`,
    );
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    err.write(
      `codex-app-sdk: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 1;
  }
  const view = buildTraceView(text.split("\n"), basename(file));
  if (view.messages === 0) {
    err.write(
      `codex-app-sdk: ${file} holds no trace records (expected the JSONL written by traceFile / CODEX_APP_SDK_TRACE)\n`,
    );
    return 1;
  }
  const target = resolve(page ?? `${file.replace(/\.jsonl?$/, "")}.html`);
  try {
    writeFileSync(target, tracePage(view));
  } catch (error) {
    err.write(
      `codex-app-sdk: cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 1;
  }
  out.write(`${target}\n`);
  return 0;
}
