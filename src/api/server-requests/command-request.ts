/**
 * Reading a command approval request the way a careful person would: the script inside the
 * runtime's shell wrapper, whether the request asks to leave the sandbox or to reach the network,
 * and whether the command starts an interactive program (a shell or a REPL), whose later input the
 * runtime writes without asking again.
 *
 * @module
 */
import type { AskForApproval } from "../../generated/v2/AskForApproval.js";
import type { ServerRequestOf } from "./server-requests.js";

/** A command approval request (the v2 method or the legacy one). */
type CommandRequest =
  ServerRequestOf<"item/commandExecution/requestApproval"> | ServerRequestOf<"execCommandApproval">;

/**
 * Shells the runtime wraps commands in, by absolute path only: a relative `bash` could be any
 * program named so, and unwrapping it would show the predicate a script that is not what runs.
 */
const KNOWN_SHELLS = new Set(
  ["/bin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"].flatMap((dir) =>
    ["bash", "sh", "zsh", "dash"].map((shell) => `${dir}/${shell}`),
  ),
);

/** Programs that read commands from their input: approving one approves whatever is typed into it. */
const INTERACTIVE = new Set([
  ...[
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "mksh",
    "fish",
    "csh",
    "tcsh",
    "busybox",
    "pwsh",
    "powershell",
    "cmd",
  ],
  ...["python", "python2", "python3", "ipython", "node", "nodejs", "deno", "bun", "irb", "ruby", "perl"],
  ...["php", "lua", "luajit", "R", "julia", "ghci", "scala", "sbcl", "guile", "tclsh", "wish", "jshell"],
  ...["psql", "mysql", "sqlite3", "redis-cli", "mongo", "mongosh", "gdb", "lldb", "ssh", "telnet"],
  ...["nc", "ncat", "socat", "script", "expect", "screen", "tmux", "xargs", "env", "sudo", "su"],
]);

/** Words that run the next word as the program. */
const PREFIXES = new Set([
  "exec",
  "command",
  "nohup",
  "time",
  "nice",
  "setsid",
  "builtin",
  "env",
  "sudo",
  "doas",
]);

/** What {@link commandRequestFacts} found out about a request. */
export interface CommandRequestFacts {
  /** The script to show a predicate: unwrapped from a known shell, or the legacy argv quoted and joined. */
  readonly script: string | undefined;
  /** The request asks to run the command outside the sandbox. */
  readonly escalation: boolean;
  /** The request is about network access. */
  readonly network: boolean;
  /** The command starts a shell or REPL, or is input written to a running program. */
  readonly interactive: boolean;
}

/** Reads a command approval request. */
export function commandRequestFacts(
  request: CommandRequest,
  policy: AskForApproval | undefined,
): CommandRequestFacts {
  // Under these policies a sandboxed command never asks: a command request is a request to leave
  // the sandbox, whether or not the model gave a justification. (A granular policy may ask either way.)
  const escalatingPolicy = policy !== undefined && policy !== "untrusted" && policy !== "never";
  if (request.method === "execCommandApproval") {
    const argv = request.params.command;
    const script = wrappedScript(argv) ?? argv.map(quoteWord).join(" ");
    return {
      script,
      // The legacy request has no flag; its `reason` is the model's justification for escalating.
      escalation: escalatingPolicy || nonEmpty(request.params.reason),
      network: false,
      interactive: startsInteractive(script),
    };
  }
  const p = request.params;
  const command = typeof p.command === "string" && p.command !== "" ? p.command : undefined;
  const script = command === undefined ? undefined : shellScriptOf(command);
  const network =
    (p.networkApprovalContext ?? null) !== null || (p.proposedNetworkPolicyAmendments?.length ?? 0) > 0;
  return {
    script,
    // Otherwise a reason is the model's justification for `require_escalated` (or a sandbox
    // denial the runtime offers to retry without it).
    escalation: !network && (escalatingPolicy || nonEmpty(p.reason)),
    network,
    interactive: p.kind === "writeStdin" || (script !== undefined && startsInteractive(script)),
  };
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** The script of `[known shell, -lc|-c, script]`, or `undefined` for any other argv. */
function wrappedScript(argv: readonly string[]): string | undefined {
  const [shell, flag, script, ...rest] = argv;
  if (shell === undefined || script === undefined || rest.length > 0) return undefined;
  if (!KNOWN_SHELLS.has(shell)) return undefined;
  return flag === "-lc" || flag === "-c" ? script : undefined;
}

/** A word as a POSIX shell would read it back: bare when safe, else single-quoted. */
function quoteWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Whether any command of a script starts an interactive program: a shell, interpreter or client
 * from a known list, given no script to run (only options, or `-i` / `-` / `-s`).
 */
function startsInteractive(script: string): boolean {
  // Split at control operators; quotes are rare in such commands and erring to "interactive" is safe.
  for (const segment of script.split(/[;&|\n()`]+|\$\(/)) {
    const words = shellWords(segment.trim()) ?? segment.trim().split(/\s+/);
    let i = 0;
    while (i < words.length) {
      const w = words[i] as string;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIXES.has(w)) i++;
      else break;
    }
    const program = words[i];
    if (program === undefined) continue;
    const name = program.slice(program.lastIndexOf("/") + 1).replace(/[\d.]+$/, "");
    if (!INTERACTIVE.has(name) && !INTERACTIVE.has(program.slice(program.lastIndexOf("/") + 1))) continue;
    const args = words.slice(i + 1);
    const readsInput =
      args.every((a) => a.startsWith("-")) || args.some((a) => /^(-i|--interactive|-s|-)$/.test(a));
    if (readsInput) return true;
  }
  return false;
}

/**
 * The script inside the runtime's shell wrapper: `/bin/bash -lc 'echo hi > f'` → `echo hi > f`.
 * Only a shell at a standard absolute path (`/bin/bash`, `/usr/bin/zsh`…) is unwrapped: anything
 * that is not exactly `<known shell> -lc|-c <one word>` is returned unchanged.
 *
 * @example
 * ```ts
 * import { shellScriptOf } from "codex-app-sdk";
 *
 * shellScriptOf(`/bin/bash -lc "echo \\"it's\\" > f"`); // echo "it's" > f
 * shellScriptOf("git status"); // git status
 * shellScriptOf("./bash -c ls"); // ./bash -c ls (not a known shell)
 * ```
 */
export function shellScriptOf(command: string): string {
  const argv = shellWords(command);
  return (argv && wrappedScript(argv)) ?? command;
}

/** POSIX shell word splitting (quotes and backslashes; no expansions). `undefined` when unbalanced. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let closed = false;
      for (i++; i < text.length; i++) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          break;
        }
        const next = text[i + 1];
        if (d === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
          word += next;
          i++;
        } else word += d;
      }
      if (!closed) return undefined;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      word += next;
      inWord = true;
      i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
