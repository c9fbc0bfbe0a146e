/** Process trees from Linux /proc, for the tests that no process outlives its owner. */
import { readdirSync, readFileSync } from "node:fs";

/** One process as /proc/<pid>/stat describes it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** R, S, D, T (stopped), Z (zombie: exited, not yet reaped), ... */
  state: string;
  /** The executable's name (at most 15 characters), e.g. `codex`, `bwrap`, `sleep`. */
  comm: string;
}

/** Every process on the machine (those that exit while being read are skipped). */
export function allProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const open = stat.indexOf("(");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      out.push({
        pid: Number(entry),
        comm: stat.slice(open + 1, close),
        state: fields[0] ?? "?",
        ppid: Number(fields[1]),
      });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The descendants of `pid` (children, their children, ...), zombies included. */
export function descendants(pid: number): ProcessInfo[] {
  const all = allProcesses();
  const found: ProcessInfo[] = [];
  let frontier = new Set([pid]);
  while (frontier.size > 0) {
    const next = all.filter((p) => frontier.has(p.ppid));
    found.push(...next);
    frontier = new Set(next.map((p) => p.pid));
  }
  return found;
}

/**
 * The processes among `pids` that still run (a zombie has exited: it only waits to be reaped), and
 * any live process whose parent is one of them (a late child).
 */
export function stillRunning(pids: readonly number[]): ProcessInfo[] {
  const wanted = new Set(pids);
  return allProcesses().filter((p) => p.state !== "Z" && (wanted.has(p.pid) || wanted.has(p.ppid)));
}

/** True when a process with this pid exists (signal 0 probes without killing). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}
