/** Running one client process, and measuring process trees through /proc (Linux). */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

/** What a client process printed as its result, plus what the orchestrator measured around it. */
export interface ClientRun {
  result: Record<string, number>;
  /** Wall-clock ms (performance.timeOrigin-based) when the process exited. */
  exitAt: number;
}

export interface RunClientOptions {
  /** Node flags before the script (e.g. `--expose-gc`). */
  nodeArgs?: readonly string[];
  /** Called when the client asks for a sample; the client waits until the promise settles. */
  onSample?: (label: string, pid: number) => Promise<void> | void;
  /** Kills the client after this long. Default 5 minutes. */
  timeoutMs?: number;
  /** Called with the child's pid right after it is spawned. */
  onSpawn?: (pid: number) => void;
}

/** Runs `node <script> <job json>` and resolves with its one result line. */
export function runClient(script: string, job: unknown, options: RunClientOptions = {}): Promise<ClientRun> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, JSON.stringify(job)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) return Promise.reject(new Error(`failed to spawn ${script}`));
  options.onSpawn?.(pid);
  let result: Record<string, number> | undefined;
  let stderr = "";
  let sampleError: Error | undefined;
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    stderr = (stderr + s).slice(-8000);
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let msg: { type?: string; label?: string } & Record<string, number>;
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      stderr += `\n[stdout] ${line}`;
      return;
    }
    if (msg.type === "result") {
      result = msg;
    } else if (msg.type === "sample") {
      void Promise.resolve()
        .then(() => options.onSample?.(msg.label ?? "", pid))
        .catch((error: unknown) => {
          sampleError ??= error instanceof Error ? error : new Error("sampling failed", { cause: error });
        })
        .finally(() => child.stdin.write("\n"));
    }
  });
  child.stdin.on("error", () => undefined);
  const timeoutMs = options.timeoutMs ?? 300_000;
  return new Promise<ClientRun>((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    let exitAt = 0;
    child.once("exit", () => {
      exitAt = performance.timeOrigin + performance.now();
    });
    // 'close' comes after 'exit' and after the last stdout line was read.
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (sampleError !== undefined) reject(sampleError);
      else if (code !== 0 || result === undefined) {
        const workload = (job as { workload?: string }).workload ?? "";
        reject(new Error(`${script} ${workload} failed (code ${code}, signal ${signal}):\n${stderr}`));
      } else resolve({ result, exitAt });
    });
  });
}

/** pid -> parent pid, for every process visible in /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name may contain spaces and parentheses: the fields after the last ")" are fixed.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      map.set(Number(name), Number(fields[1]));
    } catch {
      // The process went away while we looked.
    }
  }
  return map;
}

/** `pid` and all of its descendants. */
export function processTree(pid: number): number[] {
  const ppid = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of ppid) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

function kib(text: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** Resident and proportional set size of one process, in MiB (0 when it is gone). */
export function processMemory(pid: number): { rssMiB: number; pssMiB: number } {
  try {
    const rss = kib(readFileSync(`/proc/${pid}/status`, "utf8"), "VmRSS");
    let pss = rss;
    try {
      pss = kib(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
    } catch {
      // smaps_rollup needs Linux 4.14; RSS is the fallback.
    }
    return { rssMiB: rss / 1024, pssMiB: pss / 1024 };
  } catch {
    return { rssMiB: 0, pssMiB: 0 };
  }
}

/** Memory of a client process and everything it spawned. */
export interface TreeSample {
  clientRssMiB: number;
  childrenRssMiB: number;
  totalRssMiB: number;
  totalPssMiB: number;
  processes: number;
}

export function sampleTree(pid: number): TreeSample {
  const [root, ...rest] = processTree(pid);
  const client = processMemory(root ?? pid);
  let childrenRss = 0;
  let childrenPss = 0;
  for (const p of rest) {
    const m = processMemory(p);
    childrenRss += m.rssMiB;
    childrenPss += m.pssMiB;
  }
  return {
    clientRssMiB: client.rssMiB,
    childrenRssMiB: childrenRss,
    totalRssMiB: client.rssMiB + childrenRss,
    totalPssMiB: client.pssMiB + childrenPss,
    processes: 1 + rest.length,
  };
}
