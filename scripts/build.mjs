/**
 * `npm run build`: declarations from tsc, JavaScript from esbuild as one file per entry point.
 *
 * Why bundle: Node's ESM loader costs about 1 ms of CPU per module (resolve, read, compile, link).
 * The main entry was 63 modules, which made `import("codex-app-sdk")` cost ~60 ms more CPU than
 * the same code in one file, and Node start -> ready ~1.17x the raw JSON-RPC client (bench W1).
 * Entry points: `.`, `./types`, `./testing`, `./queue` (package.json "exports"); code shared by them goes to
 * dist/chunks/, so classes such as the errors stay one class across entries (instanceof works).
 * Dependencies (`ws`, optional peers) stay external, so their lazy `import()`s stay lazy.
 * The .d.ts files keep the source layout, so typings and typedoc are unchanged.
 *
 * Usage: node scripts/build.mjs [outDir]   (default dist; test/unit/package.test.ts builds elsewhere)
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = resolve(root, process.argv[2] ?? "dist");
const require = createRequire(import.meta.url);

// Start empty, so files that moved in src/ leave nothing stale behind.
rmSync(outDir, { recursive: true, force: true });

execFileSync(
  process.execPath,
  [
    require.resolve("typescript/bin/tsc"),
    "-p",
    join(root, "tsconfig.build.json"),
    "--outDir",
    outDir,
    "--emitDeclarationOnly",
  ],
  { cwd: root, stdio: "inherit" },
);

const { build } = await import("esbuild");
await build({
  absWorkingDir: root,
  entryPoints: ["src/index.ts", "src/types.ts", "src/testing/index.ts", "src/queue/index.ts"],
  outdir: outDir,
  outbase: "src",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // No source maps: they would point at src/, which the package does not ship (check-pack).
  sourcemap: false,
  // Keep class and function names: they appear in error messages, stack traces and `name` checks.
  keepNames: true,
  logLevel: "warning",
  tsconfig: join(root, "tsconfig.build.json"),
});
