/**
 * Importing the SDK must not load what only remote transports need (`ws`, and through it tls,
 * https, zlib): programs that use the default stdio transport would pay ~30 ms of start-up for it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const tsx = fileURLToPath(import.meta.resolve("tsx"));

function loadedAfterImport(): string[] {
  const script = `await import(${JSON.stringify(entry)}); console.log(JSON.stringify(process.moduleLoadList));`;
  const out = execFileSync(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "[]") as string[];
}

describe("lazy imports", () => {
  it("importing the SDK loads neither tls, https nor zlib (the ws package is loaded on first connect)", () => {
    const loaded = loadedAfterImport();
    expect(loaded.length).toBeGreaterThan(0);
    for (const mod of ["NativeModule tls", "NativeModule https", "NativeModule zlib"]) {
      expect(loaded).not.toContain(mod);
    }
  });
});

/**
 * The built main entry (bench W1: Node start -> ready). Every ESM module costs about 1 ms of CPU to
 * load, so the entry is bundled (scripts/build.mjs); and node:http / node:crypto are only needed by
 * the in-process MCP endpoint, which is loaded on first use. Counts, not timings: a change that
 * splits the bundle into many files again or makes those rooms eager fails here. Since the
 * `codex-app-sdk/queue` entry, which shares the whole SDK with the main entry (one class per error
 * across entries), the SDK's code sits in a shared chunk and `index.js` re-exports it: one file more.
 */
describe("lazy imports of the built entry", () => {
  const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

  function loadedByBuiltEntry(): { files: string[]; natives: string[] } {
    const script = `await import(${JSON.stringify(`${dist}index.js`)});
console.log(JSON.stringify({ natives: process.moduleLoadList }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    const { natives } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { natives: string[] };
    // ESM files loaded, through a loader hook that reports each URL it loads.
    const hook = `export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`;
    const program = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
await import(${JSON.stringify(`${dist}index.js`)});`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8" });
    const files = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("LOADED "))
      .map((l) => fileURLToPath(l.slice("LOADED ".length)))
      .filter((f) => f.startsWith(dist));
    return { files, natives };
  }

  it("loads the bundled entry and at most three shared chunks, and neither node:http nor node:crypto", () => {
    const { files, natives } = loadedByBuiltEntry();
    // The drop-in for @openai/codex-sdk is an entry of its own, never loaded by the main one.
    expect(files.filter((f) => f.includes("codex-sdk"))).toEqual([]);
    // Nor the deferred code (src/api/deferred.ts), which starting a client loads while the
    // app-server boots.
    expect(files.filter((f) => /[\\/]deferred-[^\\/]*\.js$/.test(f))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(4);
    for (const mod of ["NativeModule http", "NativeModule crypto", "NativeModule tls", "NativeModule zlib"]) {
      expect(natives).not.toContain(mod);
    }
    // Builtin namespaces the start path does not use: importing node:util, node:net, node:os,
    // node:module or node:path/win32 as ESM runs their lazy getters (~3 ms of start-up, bench W1).
    for (const mod of [
      "NativeModule internal/util/parse_args/parse_args",
      "NativeModule internal/blocklist",
      "NativeModule os",
      "NativeModule path/win32",
      "NativeModule internal/source_map/source_map",
    ]) {
      expect(natives).not.toContain(mod);
    }
  });

  it("keeps the main entry's eagerly loaded code small: what only runs after start() is deferred", () => {
    // Importing the SDK is almost entirely V8 pre-parsing its code (bench W1, Node start -> ready).
    // A size bound, not a timing: a change that pulls a deferred room back into the static graph
    // grows this by tens of KB (the routing tables, login and MCP OAuth code: ~27 KB; the WebSocket
    // engine: ~7 KB). Today ~157 KB; the bound leaves room for ordinary growth.
    const { files } = loadedByBuiltEntry();
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeLessThan(175_000);
    // index.js and one chunk (scripts/build.mjs, "one-eager-chunk"): each further file costs its
    // load and the linking of every binding imported across files (~3 ms for four files).
    expect(files.map((f) => basename(f).replace(/-[A-Z0-9]+\.js$/, ".js"))).toEqual(["index.js", "chunk.js"]);
  });

  /** Every file a fresh Node loads when it imports `file` (through a loader hook). */
  function filesLoadedBy(file: string): string[] {
    const hook = `export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`;
    const program = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
await import(${JSON.stringify(file)});`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8" });
    return r.stderr
      .split("\n")
      .filter((l) => l.startsWith("LOADED "))
      .map((l) => fileURLToPath(l.slice("LOADED ".length)));
  }

  it("the main entry never loads bullmq or ioredis; codex-app-sdk/queue does", () => {
    const queueDeps = (files: string[]) => files.filter((f) => /node_modules\/(bullmq|ioredis)\//.test(f));
    expect(queueDeps(filesLoadedBy(`${dist}index.js`))).toEqual([]);
    expect(queueDeps(filesLoadedBy(`${dist}queue/index.js`)).length).toBeGreaterThan(0);
  });
});
