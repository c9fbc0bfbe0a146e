// The experimental half of `npm run generate`: `generate-ts --experimental` written beside the
// stable bindings, in src/generated/experimental/, holding only what the stable tree cannot serve.
//
// The experimental output is a superset of the stable one (170 new types, 26 stable types with
// experimental fields, on 0.171). A file is kept when its text differs from the stable file of the
// same path, or when it imports (transitively) a kept file: a stable `X` that mentions an
// experimental `Thread` must not hand experimental code the stable `Thread`. Every other import of
// a kept file points into the stable tree, so an unchanged type has one declaration, not two.
//
// Every declaration kept gets an `@experimental` TSDoc tag: the experimental API is sent only with
// `capabilities.experimentalApi` (on by default in the SDK) and may change in any runtime release.
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const IMPORT = /(from\s+")(\.{1,2}\/[^"]*)(")/g;

/** The file a relative specifier of `file` names, as a path relative to `root`. */
function target(root, file, spec) {
  const full = resolve(dirname(file), spec);
  const path = existsSync(full) && statSync(full).isDirectory() ? join(full, "index.ts") : `${full}.ts`;
  return relative(root, path).replaceAll("\\", "/");
}

/**
 * The experimental files to keep (paths relative to the tree roots), from the raw outputs of
 * `generate-ts` and `generate-ts --experimental`.
 * @param files every file of the experimental tree, relative to `expRoot`
 */
export function keptFiles(stableRoot, expRoot, files) {
  const kept = new Set();
  const deps = new Map();
  for (const rel of files) {
    const text = readFileSync(join(expRoot, rel), "utf8");
    const stable = join(stableRoot, rel);
    if (!existsSync(stable) || readFileSync(stable, "utf8") !== text) kept.add(rel);
    const file = join(expRoot, rel);
    deps.set(
      rel,
      rel.endsWith(".ts") ? [...text.matchAll(IMPORT)].map((m) => target(expRoot, file, m[2])) : [],
    );
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [rel, imports] of deps) {
      if (!kept.has(rel) && imports.some((d) => kept.has(d))) {
        kept.add(rel);
        grew = true;
      }
    }
  }
  return kept;
}

/** The `.js` specifier from `fromFile` to the `.ts` file `toFile` (both absolute). */
function specifier(fromFile, toFile) {
  const rel = relative(dirname(fromFile), toFile).replaceAll("\\", "/").replace(/\.ts$/, ".js");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** Adds the `@experimental` tag to the file's exported declaration (into its TSDoc when it has one). */
function tagExperimental(text, rel, stableRoot) {
  const m = /^export type ([A-Za-z0-9_]+)/m.exec(text);
  if (!m) return text;
  const name = m[1];
  const what = existsSync(join(stableRoot, rel))
    ? `The experimental form of the stable \`${name}\`: it adds experimental methods or fields.`
    : `Experimental: part of the app-server's experimental API.`;
  const note =
    `${what} Sent and received only with \`capabilities.experimentalApi\` (the SDK's default); ` +
    `may change or go away in any runtime release.`;
  const before = text.slice(0, m.index);
  const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(before);
  if (doc) {
    const end = before.lastIndexOf("*/");
    const head = text.slice(0, end);
    return `${head}${head.endsWith("\n ") ? "*" : "\n *"}\n * @experimental ${note}\n ${text.slice(end)}`;
  }
  return `${before}/**\n * @experimental ${note}\n */\n${text.slice(m.index)}`;
}

/**
 * Writes the kept experimental files to `outRoot`, with `.js` specifiers: into the experimental
 * tree for kept files, into the (already rewritten) stable tree for the others.
 */
export function writeExperimental({ stableRoot, expRoot, outRoot, kept }) {
  for (const rel of kept) {
    const raw = readFileSync(join(expRoot, rel), "utf8");
    const out = join(outRoot, rel);
    let text = raw;
    if (rel.endsWith(".ts")) {
      text = raw.replace(IMPORT, (_m, pre, spec, post) => {
        const dep = target(expRoot, join(expRoot, rel), spec);
        const to = kept.has(dep) ? join(outRoot, dep) : join(stableRoot, dep);
        return pre + specifier(out, to) + post;
      });
      if (!rel.endsWith("index.ts")) text = tagExperimental(text, rel, stableRoot);
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
}

/** Type name -> specifier from `outRoot/methods.ts`: kept types in the experimental tree, the rest stable. */
export function experimentalLocations(stableRoot, outRoot, files, kept) {
  const loc = new Map();
  for (const rel of files) {
    if (!rel.endsWith(".ts") || rel.endsWith("index.ts")) continue;
    const name = rel.slice(rel.lastIndexOf("/") + 1, -3);
    const spec = specifier(join(outRoot, "methods.ts"), join(kept.has(rel) ? outRoot : stableRoot, rel));
    const depth = rel.split("/").length;
    if (!loc.has(name) || depth < loc.get(name).depth) loc.set(name, { spec, depth });
  }
  return new Map([...loc].map(([name, { spec }]) => [name, spec]));
}
