// Checks what `npm pack` would publish: only allowlisted paths (the build and the package's own
// documents: no tests, no sources, no stray files), every entry point of package.json present, and
// no reference to a file the package does not hold (a `sourceMappingURL` comment, or a source map
// whose `sources` point outside the package, which users would see as broken go-to-definition).
//
//   node scripts/check-pack.mjs    exit 1 and list the problems, if any
//
// The list comes from `npm pack --dry-run --json --ignore-scripts` (no build, no tarball); the
// contents are read from the working tree, which is what npm would pack.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** Paths the package may hold. Anything else is a stray file. */
export const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  // The build: JavaScript, its source maps (self-contained: the sources are in `sourcesContent`)
  // and declarations (without maps: they would have to ship src/).
  /^dist\/.+\.js$/,
  /^dist\/.+\.js\.map$/,
  /^dist\/.+\.d\.ts$/,
];

/** Paths that must never ship, with the reason printed for them. */
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__|fixtures)\//, "a test file"],
  [/\.(test|spec)\.[cm]?[jt]s$/, "a test file"],
  [/\.tsbuildinfo$/, "a build cache"],
];

/** Every file package.json names as an entry point (`main`, `types`, `bin`, every `exports` target). */
export function entryTargets(pkg) {
  const targets = new Set();
  const add = (value) => {
    if (typeof value === "string") targets.add(posix.normalize(value));
    else if (value && typeof value === "object") for (const v of Object.values(value)) add(v);
  };
  add(pkg.main);
  add(pkg.types);
  add(pkg.exports);
  add(pkg.bin);
  return [...targets].filter((t) => !t.includes("*"));
}

/**
 * The problems of a pack: `files` are the packed paths (relative, `/`-separated), `read(path)`
 * returns a packed file's text. Returns readable lines; an empty list means the pack is fine.
 */
export function checkPack({ files, read, pkg }) {
  const problems = [];
  const shipped = new Set(files);
  for (const path of files) {
    const forbidden = FORBIDDEN.find(([re]) => re.test(path));
    if (forbidden) problems.push(`${path}: ${forbidden[1]} must not ship`);
    else if (!ALLOWED.some((re) => re.test(path)))
      problems.push(`${path}: not in the allowlist of scripts/check-pack.mjs`);
  }
  for (const target of entryTargets(pkg)) {
    if (!shipped.has(target)) problems.push(`${target}: named in package.json but not in the package`);
  }
  for (const path of files) {
    if (/\.(m|c)?js$|\.d\.(m|c)?ts$/.test(path)) {
      for (const match of read(path).matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)) {
        const url = match[1];
        if (url.startsWith("data:")) continue;
        const mapPath = posix.join(posix.dirname(path), url);
        if (!shipped.has(mapPath))
          problems.push(`${path}: its sourceMappingURL ${url} is not in the package`);
      }
    } else if (path.endsWith(".map")) {
      let map;
      try {
        map = JSON.parse(read(path));
      } catch {
        problems.push(`${path}: not valid JSON`);
        continue;
      }
      const base = posix.join(posix.dirname(path), map.sourceRoot ?? "");
      for (const source of map.sources ?? []) {
        const sourcePath = posix.join(base, source);
        if (!map.sourcesContent && !shipped.has(sourcePath)) {
          problems.push(`${path}: its source ${source} is not in the package`);
        }
      }
    }
  }
  return problems;
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path);
  const problems = checkPack({ files, read: (p) => readFileSync(join(root, p), "utf8"), pkg });
  if (problems.length > 0) {
    console.error(
      `npm pack would publish ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
    console.error(
      "\nFix package.json `files` or the build, or extend ALLOWED in scripts/check-pack.mjs on purpose.",
    );
    process.exitCode = 1;
    return;
  }
  console.log(`npm pack: ${files.length} files, ${info.unpackedSize} bytes unpacked, all allowed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
