// The public API report: every export of every entry point in package.json's `exports`, printed with
// its full declared type (comments and private members stripped), plus every hand-written type those
// declarations reference without exporting it (a change there changes the API just the same).
//
//   node scripts/api-report.mjs           compare with api/codex-app-sdk.api.md; exit 1 with a diff
//   node scripts/api-report.mjs --update  rewrite api/codex-app-sdk.api.md
//
// Declarations are emitted in memory from src/ (declaration emit without type checking), so the
// report never depends on the state of dist/ and takes seconds. The protocol bindings in
// src/generated/ are listed by name only: they are pinned by the generated-output test and change
// with the runtime pin, and printing ~800 files would bury the hand-written surface.
// No absolute paths and no timestamps are printed: the report is the same on every machine.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The package's entry points: `{ specifier, source }` for every export with a `types` condition. */
export function entryPoints(root) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const types = typeof target === "object" && target !== null ? target.types : undefined;
    if (typeof types !== "string") continue;
    const source = types.replace(/^\.\/dist\//, "src/").replace(/\.d\.ts$/, ".ts");
    entries.push({ specifier: subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`, source });
  }
  return entries;
}

/** Reads tsconfig.build.json's compiler options (the ones the published declarations come from). */
export function buildOptions(root, tsconfig = "tsconfig.build.json") {
  const path = join(root, tsconfig);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return parsed.options;
}

/** Emits the declarations of `sources` in memory; returns a map from .d.ts path to text. */
function emitDeclarations(root, sources, options) {
  const outDir = resolve(root, "dist-api-report"); // never written: only a key space for the map
  const emitOptions = {
    ...options,
    rootDir: resolve(root, "src"),
    outDir,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    noCheck: true,
    stripInternal: false,
  };
  const files = new Map();
  const program = ts.createProgram(
    sources.map((s) => resolve(root, s)),
    emitOptions,
    cachingHost(emitOptions),
  );
  const { emitSkipped, diagnostics } = program.emit(undefined, (name, text) =>
    files.set(resolve(name), text),
  );
  if (emitSkipped || diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, formatHost(root)));
  }
  return { files, outDir, options: emitOptions };
}

function formatHost(root) {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
}

// Parsed files from node_modules (TypeScript's lib files, @types/node), shared by every program
// this process creates: the tests build a dozen reports, and parsing lib files dominates each.
const libCache = new Map();

function cachingHost(options) {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (f, lang, ...rest) => {
    if (!f.includes(`${sep}node_modules${sep}`)) return getSourceFile.call(host, f, lang, ...rest);
    const key = `${JSON.stringify(lang)}:${f}`;
    if (!libCache.has(key)) libCache.set(key, getSourceFile.call(host, f, lang, ...rest));
    return libCache.get(key);
  };
  return host;
}

/** A program over the in-memory declarations (and the real files for everything else). */
function declarationProgram(dts, entries) {
  const host = cachingHost(dts.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => dts.files.has(resolve(f)) || fileExists.call(host, f);
  host.directoryExists = (d) =>
    resolve(d).startsWith(dts.outDir) ||
    (host.directoryExists === undefined ? true : ts.sys.directoryExists(d));
  host.readFile = (f) => dts.files.get(resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = dts.files.get(resolve(f));
    return text === undefined
      ? getSourceFile.call(host, f, lang, ...rest)
      : ts.createSourceFile(f, text, lang, true);
  };
  const options = {
    ...dts.options,
    noEmit: true,
    noCheck: true,
    emitDeclarationOnly: false,
    declaration: false,
  };
  return ts.createProgram(entries, options, host);
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const RELEASE_TAGS = new Set(["deprecated", "experimental", "internal", "alpha", "beta"]);

function isPrivate(member) {
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  return (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) !== 0;
}

/** The declaration as text: no comments, no private members, no `export`/`declare` keywords. */
function printDeclaration(node) {
  let printed = node;
  let sourceFile = node.getSourceFile();
  if (ts.isClassDeclaration(node)) {
    printed = ts.factory.updateClassDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      node.members.filter((m) => !isPrivate(m)),
    );
  } else if (ts.isVariableDeclaration(node)) {
    const list = node.parent;
    const keyword = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
    return (
      tags(node.parent.parent) + `${keyword} ${printer.printNode(ts.EmitHint.Unspecified, node, sourceFile)};`
    );
  }
  const text = printer.printNode(ts.EmitHint.Unspecified, printed, sourceFile);
  return tags(node) + text.replace(/^(export |declare |default )+/, "");
}

function tags(node) {
  const names = ts
    .getJSDocTags(node)
    .map((t) => t.tagName.text)
    .filter((n) => RELEASE_TAGS.has(n));
  return names.length > 0 ? `/** ${[...new Set(names)].map((n) => `@${n}`).join(" ")} */\n` : "";
}

/** Builds the report text for `entries` (`{ specifier, source }`, sources relative to `root`). */
export function apiReport({ root, entries, options, title, opaque = () => false }) {
  const dts = emitDeclarations(
    root,
    entries.map((e) => e.source),
    options,
  );
  const dtsOf = (source) =>
    join(dts.outDir, relative(resolve(root, "src"), resolve(root, source))).replace(/\.ts$/, ".d.ts");
  const program = declarationProgram(
    dts,
    entries.map((e) => dtsOf(e.source)),
  );
  const checker = program.getTypeChecker();
  const shortPath = (fileName) =>
    relative(dts.outDir, fileName)
      .split(sep)
      .join("/")
      .replace(/\.d\.ts$/, "");
  const isOurs = (fileName) => resolve(fileName).startsWith(dts.outDir + sep);
  const resolveAlias = (symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const exported = new Set(); // resolved symbols exported by some entry point
  const referenced = new Map(); // resolved symbol -> name, for hand-written types reached but not exported
  const sections = [];

  /** Queues every hand-written, non-exported type that `node` refers to. */
  function collectReferences(node) {
    const visit = (n) => {
      // A constructor that takes internal types cannot be called by users (they get instances from
      // the SDK): following it would pin the internals behind it, so its signature alone is shown.
      if (ts.isConstructorDeclaration(n) || isPrivate(n)) return;
      if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isTypeQueryNode(n)) {
        const name = ts.isTypeReferenceNode(n)
          ? n.typeName
          : ts.isTypeQueryNode(n)
            ? n.exprName
            : n.expression;
        const symbol = checker.getSymbolAtLocation(name);
        if (symbol) {
          const target = resolveAlias(symbol);
          const decl = target.declarations?.[0];
          if (
            decl &&
            isOurs(decl.getSourceFile().fileName) &&
            !opaque(shortPath(decl.getSourceFile().fileName))
          ) {
            if (!exported.has(target) && !referenced.has(target) && !ts.isTypeParameterDeclaration(decl)) {
              referenced.set(target, { name: target.name, path: shortPath(decl.getSourceFile().fileName) });
            }
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }

  function describe(name, symbol) {
    const target = resolveAlias(symbol);
    const decls = target.declarations ?? [];
    const first = decls[0];
    if (!first) return `${name}: unresolved`;
    const file = first.getSourceFile().fileName;
    if (opaque(shortPath(file))) {
      if (ts.isSourceFile(first)) return `namespace ${name}: protocol ${shortPath(file)}`;
      return `type ${name}: protocol ${shortPath(file)}${target.name === name ? "" : ` as ${target.name}`}`;
    }
    const alias = target.name !== name && target.name !== "default" ? `// ${name} is ${target.name}\n` : "";
    return (
      alias +
      decls
        .map((d) => {
          if (ts.isSourceFile(d)) return `namespace ${name}: module ${shortPath(d.fileName)}`;
          return printDeclaration(d);
        })
        .join("\n")
    );
  }

  const perEntry = entries.map((entry) => {
    const sourceFile = program.getSourceFile(dtsOf(entry.source));
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`${entry.source}: no declarations emitted`);
    const symbols = checker.getExportsOfModule(moduleSymbol).sort((a, b) => compare(a.name, b.name));
    for (const s of symbols) exported.add(resolveAlias(s));
    return { entry, symbols };
  });
  for (const { entry, symbols } of perEntry) {
    const blocks = symbols.map((s) => {
      for (const d of resolveAlias(s).declarations ?? []) if (!ts.isSourceFile(d)) collectReferences(d);
      return describe(s.name, s);
    });
    sections.push(`## \`${entry.specifier}\`\n\n\`\`\`ts\n${blocks.join("\n\n")}\n\`\`\`\n`);
  }
  // References of references: keep going until nothing new turns up.
  const done = new Set();
  for (let again = true; again;) {
    again = false;
    for (const target of [...referenced.keys()]) {
      if (done.has(target)) continue;
      done.add(target);
      again = true;
      for (const d of target.declarations ?? []) collectReferences(d);
    }
  }
  // Labelled by name alone, so that moving a file does not change the report; the path is added
  // only to tell apart two types of the same name.
  const entriesByName = [...referenced.entries()].sort(
    (a, b) => compare(a[1].name, b[1].name) || compare(a[1].path, b[1].path),
  );
  const extra = entriesByName
    .map(([target, { name, path }]) => {
      const clash = entriesByName.filter(([, other]) => other.name === name).length > 1;
      return [target, clash ? `${name} (${path})` : name];
    })
    .map(([target, label]) => `// ${label}\n${(target.declarations ?? []).map(printDeclaration).join("\n")}`);
  if (extra.length > 0) {
    sections.push(`## Referenced by the API but not exported\n\n\`\`\`ts\n${extra.join("\n\n")}\n\`\`\`\n`);
  }
  return (
    `# API report: ${title}\n\n` +
    "<!-- Generated by scripts/api-report.mjs. Do not edit: run `npm run api:update`. -->\n\n" +
    sections.join("\n")
  );
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A line diff (longest common subsequence) of the two texts, only changed lines with context. */
export function lineDiff(expected, actual, context = 2) {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([" ", a[i]]);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(["-", a[i++]]);
    else ops.push(["+", b[j++]]);
  }
  const keep = ops.map((op, k) =>
    ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o[0] !== " "),
  );
  const out = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(`${op[0]} ${op[1]}`);
    else if (keep[k - 1]) out.push("  ...");
  });
  return out.join("\n");
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const reportPath = join(root, "api", `${pkg.name}.api.md`);
  const report = apiReport({
    root,
    entries: entryPoints(root),
    options: buildOptions(root),
    title: pkg.name,
    opaque: (path) => path === "generated" || path.startsWith("generated/"),
  });
  if (process.argv.includes("--update")) {
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, report);
    console.log(`wrote ${relative(root, reportPath)}`);
    return;
  }
  let committed = "";
  try {
    committed = readFileSync(reportPath, "utf8");
  } catch {
    // A missing report is a difference like any other.
  }
  if (committed === report) {
    console.log(`${relative(root, reportPath)}: the public API is unchanged`);
    return;
  }
  console.error(`The public API differs from ${relative(root, reportPath)} (- committed, + now):\n`);
  console.error(lineDiff(committed, report));
  console.error(
    "\nIf the change is intended, run `npm run api:update` and commit the report with the change;" +
      " otherwise restore the export.",
  );
  process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
