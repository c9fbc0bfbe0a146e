/**
 * `npm run build`: declarations from tsc, JavaScript from esbuild as one file per entry point.
 *
 * Why bundle: Node's ESM loader costs about 1 ms of CPU per module (resolve, read, compile, link).
 * The main entry was 63 modules, which made `import("codex-app-sdk")` cost ~60 ms more CPU than
 * the same code in one file, and Node start -> ready ~1.17x the raw JSON-RPC client (bench W1).
 * Entry points: `.`, `./types`, `./testing`, `./codex-sdk`, `./queue` (package.json "exports"), and the
 * `codex-app-sdk` program (package.json "bin", built alone); code shared by the library entries goes to
 * dist/chunks/, so classes such as the errors stay one class across entries (instanceof works).
 * Dependencies (`ws`, optional peers) stay external, so their lazy `import()`s stay lazy.
 * The .d.ts files keep the source layout, so typings and typedoc are unchanged.
 *
 * Usage: node scripts/build.mjs [outDir]   (default dist; test/unit/package.test.ts builds elsewhere)
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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
const common = {
  absWorkingDir: root,
  outdir: outDir,
  outbase: "src",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // Whitespace and syntax minified, identifiers kept: parsing the main entry is most of what
  // importing the SDK costs (bench W1, Node start -> ready; callgrind: 19M fewer instructions to
  // ready, the bundle 309 -> 194 KB). Stack traces still name the SDK's functions and classes.
  minifyWhitespace: true,
  minifySyntax: true,
  // Source maps carry the sources in `sourcesContent`, so go-to-definition and
  // `node --enable-source-maps` show the TypeScript although src/ does not ship (check-pack).
  sourcemap: "linked",
  sourcesContent: true,
  // No keepNames: identifiers are not minified, so functions and classes keep their names as
  // written; keepNames would add ~480 `__name()` calls (defineProperty at import: ~10M of the
  // ~60M instructions importing the SDK cost, bench W1). The bundler renames a class that names
  // itself inside its own body (`class _Name`) and a top-level name that collides across modules
  // (`name2`): test/unit/package.test.ts checks the name of every export.
  logLevel: "warning",
  tsconfig: join(root, "tsconfig.build.json"),
};
// The main entry alone (with shared.ts, below): its code in as few files as possible (index.js
// and one chunk), since every ESM file costs start-up (bench W1). Built with the other entries,
// its code was cut into one chunk per combination of entries that use it.
//
// The lazily imported modules (deferred.ts, the MCP loopback server, the WebSocket engine) are
// built as if they re-exported a binding of the main entry: nothing at run time (the main entry is
// always loaded before them), but esbuild assigns whole files to chunks by which entries and lazy
// modules reach them, and this makes every file the main entry loads reachable from those modules
// too. So the eagerly loaded code stays in one chunk instead of being cut by who uses which part:
// two files to load at import instead of four, and far fewer cross-chunk bindings to link
// (importing the SDK ~3 ms, ~15%, faster; bench W1). A new lazily imported module belongs in this
// list (test/unit/lazy-imports.test.ts fails otherwise: the eager code is split again). In src/
// they cannot import the entry (a layer never reaches up). A bare `import` would do the same, but
// esbuild warns about it (the package has no side effects).
const lazyModules = [
  join(root, "src", "api", "deferred.ts"),
  join(root, "src", "api", "mcp", "loopback.ts"),
  join(root, "src", "transport", "ws-engine.ts"),
];
const oneEagerChunk = {
  name: "one-eager-chunk",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!lazyModules.includes(args.path)) return undefined;
      const source = readFileSync(args.path, "utf8");
      const entry = JSON.stringify(join(root, "src", "index.ts"));
      return { contents: `${source}\nexport { VERSION as mainEntryVersion } from ${entry};\n`, loader: "ts" };
    });
  },
};
await build({
  ...common,
  entryPoints: ["src/index.ts", "src/types.ts", "src/shared.ts"],
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [oneEagerChunk],
});
// `./testing` and `./queue` take the SDK's own modules from dist/shared.js (the main bundle), so
// each class exists once across entries and `instanceof` works; a name shared.ts does not export
// fails the check at the end.
const fromShared = {
  name: "sdk-from-shared",
  setup(b) {
    const own = [join(root, "src", "testing") + sep, join(root, "src", "queue") + sep];
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!own.some((dir) => args.importer.startsWith(dir))) return undefined;
      const target = resolve(dirname(args.importer), args.path);
      if (own.some((dir) => target.startsWith(dir))) return undefined;
      if (target.startsWith(join(root, "src", "generated") + sep)) return undefined;
      return { path: "../shared.js", external: true };
    });
  },
};
await build({
  ...common,
  entryPoints: ["src/testing/index.ts", "src/queue/index.ts"],
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [fromShared],
});
// The drop-in for @openai/codex-sdk takes every value it needs from the main entry, which it
// imports (`../index.js`) instead of bundling: one copy of each class, and the main entry's chunks
// stay as they are (it never loads this one).
await build({
  ...common,
  entryPoints: ["src/codex-sdk/index.ts"],
  plugins: [
    {
      name: "main-entry-external",
      setup(b) {
        b.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
          args.importer.includes(join("src", "codex-sdk"))
            ? { path: "../index.js", external: true }
            : undefined,
        );
      },
    },
  ],
});

// The command-line program (package.json "bin"): its own bundle, sharing no chunk with the library,
// so the library's entry points never load it.
await build({
  absWorkingDir: root,
  entryPoints: ["src/bin/codex-app-sdk.ts"],
  outdir: join(outDir, "bin"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: false,
  logLevel: "warning",
  tsconfig: join(root, "tsconfig.build.json"),
});

// Every entry loads: a name the testing or queue bundle imports from shared.js and shared.ts does
// not export fails here, not in a user's program.
execFileSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    ["index.js", "testing/index.js", "queue/index.js", "codex-sdk/index.js"]
      .map((f) => `await import(${JSON.stringify(pathToFileURL(join(outDir, f)).href)});`)
      .join("\n"),
  ],
  { cwd: root, stdio: "inherit" },
);
