/**
 * `npm run bench:startup`: what importing and starting the SDK costs before the app-server is
 * spawned, in CPU instructions, against the raw client. Deterministic where wall time is not (the
 * W1 ratio moves +-0.03 between runs on a busy machine; this moves by ~1-2%), so it is how a change
 * to the start path is judged before the full bench confirms it.
 *
 * Each client is a probe that imports what it needs (the SDK's built dist/index.js, or nothing more
 * than node:child_process for the raw client), starts, and exits at the `spawn` call; it runs under
 * valgrind's callgrind with V8's hash and random seeds fixed, and only the main thread is counted.
 * Both probes first import the modules the bench clients share (bench/clients/common.mjs), so only
 * the SDK's own cost remains. Prints millions of instructions: raw, SDK, and SDK minus raw.
 *
 * Needs valgrind (Debian: apt-get install valgrind). Environment: STARTUP_RUNS (default 3, the median
 * is reported), BENCH_BEFORE_DIST (another build's dist/, measured too).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.env["STARTUP_RUNS"] ?? 3);
if (!Number.isInteger(runs) || runs < 1) throw new Error("STARTUP_RUNS must be a positive integer");
if (spawnSync("valgrind", ["--version"]).error) {
  console.error("bench:startup needs valgrind (Debian: apt-get install valgrind)");
  process.exit(1);
}

const PROBE = `import "node:fs"; import "node:perf_hooks"; import "node:readline"; import "node:url";
import { createRequire, syncBuiltinESMExports } from "node:module";
const cp = createRequire(import.meta.url)("node:child_process");
cp.spawn = () => process.reallyExit(0); // the end of what is measured
syncBuiltinESMExports();
const [client, home, dist] = process.argv.slice(2);
if (client === "raw") {
  (await import("node:child_process")).spawn("codex", ["app-server"]);
} else {
  const { Codex } = await import(dist);
  await new Codex({ cwd: home, env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home } }).start();
}
throw new Error("the probe never reached spawn()");
`;

const work = mkdtempSync(join(tmpdir(), "codex-app-sdk-startup-"));
try {
  const probe = join(work, "probe.mjs");
  writeFileSync(probe, PROBE);
  const clients: [string, string | undefined][] = [
    ["raw", undefined],
    ["sdk", pathToFileURL(join(root, "dist", "index.js")).href],
  ];
  const before = process.env["BENCH_BEFORE_DIST"];
  if (before) clients.push(["sdk-before", pathToFileURL(join(resolve(before), "index.js")).href]);
  const median: Record<string, number> = {};
  for (const [name, dist] of clients) {
    const counts: number[] = [];
    for (let i = 0; i < runs; i++)
      counts.push(mainThreadInstructions(probe, name === "raw" ? "raw" : "sdk", dist));
    counts.sort((a, b) => a - b);
    median[name] = counts[Math.floor(counts.length / 2)] ?? NaN;
    console.log(
      `${name.padEnd(10)} ${(median[name] / 1e6).toFixed(1)}M instructions (runs: ${counts.map((c) => (c / 1e6).toFixed(1)).join(", ")})`,
    );
  }
  for (const name of Object.keys(median).filter((n) => n !== "raw")) {
    console.log(`${name} - raw: ${(((median[name] ?? NaN) - (median["raw"] ?? NaN)) / 1e6).toFixed(1)}M`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function mainThreadInstructions(probe: string, client: string, dist: string | undefined): number {
  const out = mkdtempSync(join(work, "cg-"));
  const home = mkdtempSync(join(work, "home-"));
  execFileSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--separate-threads=yes",
      `--callgrind-out-file=${join(out, "cg")}`,
      process.execPath,
      "--hash-seed=1",
      "--random-seed=1",
      probe,
      client,
      home,
      ...(dist ? [dist] : []),
    ],
    { stdio: "ignore", cwd: root },
  );
  // Thread 1 is the main thread: the start path runs there (the others are V8's and libuv's helpers).
  const file = readdirSync(out).find((f) => f.endsWith("-01"));
  const summary = file ? /^summary: (\d+)/m.exec(readFileSync(join(out, file), "utf8")) : null;
  if (!summary) throw new Error(`no callgrind summary for ${client} in ${out}`);
  return Number(summary[1]);
}
