#!/usr/bin/env node
// Regenerates src/generated/ from the pinned codex binary's `app-server generate-ts`.
//
// The stable surface is generated into src/generated/, and the experimental surface
// (`--experimental`) beside it, into src/generated/experimental/: only the types it adds or changes,
// each tagged `@experimental` (scripts/experimental.mjs), with their own method maps. The two stay
// apart because the experimental surface changes between runtime releases without notice.
//
// Three deterministic post-processing steps:
// 1. relative import specifiers get explicit `.js` extensions (`./v2` -> `./v2/index.js`) so the
//    output compiles under NodeNext and the emitted .d.ts files resolve for users;
// 2. `methods.ts` is derived from the request unions: for every client and server request method,
//    its params and response types. The binary does not emit the response half of that mapping
//    (neither generate-ts nor the generate-json-schema bundle): scripts/response-types.mjs resolves
//    it, and a request whose response cannot be resolved fails generation with the question to answer;
// 3. `VERSION` (the binary's `--version`) and `runtime.ts`, the supported runtime range the SDK
//    checks at start-up (the binary's version and package.json's codexRuntime.oldestSupported).
//
// Usage: node scripts/generate.mjs [--out DIR] [--codex PATH]
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nativeCodexBinary } from "./codex-binary.mjs";
import { resolveResponses } from "./response-types.mjs";
import { experimentalLocations, keptFiles, writeExperimental } from "./experimental.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const out = { out: join(root, "src", "generated"), codex: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out.out = resolve(argv[++i]);
    else if (argv[i] === "--codex") out.codex = resolve(argv[++i]);
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return out;
}

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}

function rewriteSpecifiers(file) {
  const dir = dirname(file);
  const text = readFileSync(file, "utf8");
  const next = text.replace(/(from\s+")(\.{1,2}\/[^"]*)(")/g, (_m, pre, spec, post) => {
    if (spec.endsWith(".js")) return pre + spec + post;
    const target = resolve(dir, spec);
    if (existsSync(target) && statSync(target).isDirectory()) return `${pre}${spec}/index.js${post}`;
    return `${pre}${spec}.js${post}`;
  });
  if (next !== text) writeFileSync(file, next);
}

/**
 * Reads `{ "method": "x", id: RequestId, params: T, }` members out of a generated request union.
 * Methods whose params may be omitted are generated as `params?: T | undefined` (or
 * `T | null | undefined`): `params` is then that whole union, `paramsType` the named type.
 */
function requestMembers(file) {
  const text = readFileSync(file, "utf8");
  const members = [];
  for (const m of text.matchAll(/\{ "method": "([^"]+)", id: RequestId, params(\??): ([^,{}]+?), \}/g)) {
    const [, method, optional, type] = m;
    const named = type.split(" | ").filter((t) => t !== "null" && t !== "undefined");
    if (named.length > 1 || (named.length === 1 && !/^[A-Za-z0-9_]+$/.test(named[0]))) {
      throw new Error(`${file}: unexpected params type of ${method}: ${type}`);
    }
    if (optional && !type.endsWith("| undefined"))
      throw new Error(`${file}: optional params of ${method} without undefined`);
    members.push({ method, params: named[0] ?? "undefined", wire: type });
  }
  if (members.length === 0) throw new Error(`no request members found in ${file}`);
  const all = text.match(/"method": "/g)?.length ?? 0;
  // A member the pattern above does not read would be missing from the map without a word.
  if (all !== members.length) throw new Error(`${file}: read ${members.length} of ${all} request members`);
  return members;
}

function typeLocations(dir) {
  const loc = new Map();
  for (const file of walk(dir)) {
    if (!file.endsWith(".ts") || file.endsWith("index.ts")) continue;
    const name = file.slice(file.lastIndexOf("/") + 1, -3);
    const rel = "./" + relative(dir, file).replaceAll("\\", "/").replace(/\.ts$/, ".js");
    if (!loc.has(name) || rel.split("/").length < loc.get(name).split("/").length) loc.set(name, rel);
  }
  return loc;
}

/**
 * The method maps of one request-union pair: `${prefix}ClientRequestMap` and
 * `${prefix}ServerRequestMap`, each method with its params and result types.
 * @param dir the tree holding ClientRequest.ts and ServerRequest.ts
 * @param loc type name -> import specifier; `known` (the type names the tree generates) defaults to its keys
 */
function methodsModule(dir, { loc, known = new Set(loc.keys()), prefix = "", header = [], extra = [] }) {
  const imports = new Set();
  const use = (name) => {
    if (!loc.has(name)) throw new Error(`generated type ${name} not found`);
    imports.add(name);
    return name;
  };
  const read = (file, kind) => {
    const members = requestMembers(join(dir, file));
    return resolveResponses(members, kind, known).map(({ method, params, response }, i) => {
      const p = params === "undefined" ? members[i].wire : members[i].wire.replace(params, use(params));
      return { method, line: `  ${JSON.stringify(method)}: { params: ${p}; result: ${use(response)} };` };
    });
  };
  const client = read("ClientRequest.ts", "client request");
  const server = read("ServerRequest.ts", "server request");
  const lines = [
    "// GENERATED CODE! DO NOT MODIFY BY HAND!",
    "// Written by scripts/generate.mjs from the request unions of `codex app-server generate-ts`.",
    "",
    ...[...imports].sort().map((n) => `import type { ${n} } from ${JSON.stringify(loc.get(n))};`),
    "",
    ...header,
    `/** Every client request method of the ${prefix ? "experimental " : ""}protocol, with its params and result types.${prefix ? " @experimental" : ""} */`,
    `export type ${prefix}ClientRequestMap = {`,
    ...client.map((e) => e.line),
    "};",
    "",
    `/** Every server-initiated request method of the ${prefix ? "experimental " : ""}protocol, with its params and the response the client sends.${prefix ? " @experimental" : ""} */`,
    `export type ${prefix}ServerRequestMap = {`,
    ...server.map((e) => e.line),
    "};",
    "",
    ...extra.flatMap((f) => f({ client: client.map((e) => e.method) })),
  ];
  return lines.join("\n");
}

/**
 * The experimental tree's extras: the client methods only the experimental protocol has, as a
 * runtime list (for `isExperimentalMethod`) and as a type.
 */
function experimentalOnly(stableClientMethods) {
  return ({ client }) => {
    const only = client.filter((m) => !stableClientMethods.has(m));
    return [
      "/** The client request methods only the experimental protocol has (not in the stable `ClientRequestMap`). @experimental */",
      "export const EXPERIMENTAL_CLIENT_METHODS = [",
      ...only.map((m) => `  ${JSON.stringify(m)},`),
      "] as const;",
      "",
      "/** A client request method only the experimental protocol has. @experimental */",
      'export type ExperimentalClientRequestMethod = Exclude<keyof ExperimentalClientRequestMap, keyof import("../methods.js").ClientRequestMap>;',
      "",
    ];
  };
}

/**
 * `runtime.ts`: the supported runtime range the SDK checks at start-up. The newest supported
 * version is the generating binary's own; the oldest is package.json's `codexRuntime.oldestSupported`,
 * the version the compatibility job (`npm run test:compat`) runs the integration suite against.
 */
function runtimeModule(versionLine) {
  const pinned = /^codex-cli (\S+)$/.exec(versionLine)?.[1];
  if (!pinned) throw new Error(`unexpected \`codex --version\` output: ${versionLine}`);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const oldest = pkg.codexRuntime?.oldestSupported;
  if (typeof oldest !== "string") throw new Error("package.json has no codexRuntime.oldestSupported");
  return [
    "// GENERATED CODE! DO NOT MODIFY BY HAND!",
    "// Written by scripts/generate.mjs from the binary's version and package.json's codexRuntime.oldestSupported.",
    "",
    "/** The runtime versions the SDK is tested with: the oldest the compatibility job runs, and the pinned one. */",
    `export const SUPPORTED_RUNTIME = { oldest: ${JSON.stringify(oldest)}, pinned: ${JSON.stringify(pinned)} } as const;`,
    "",
  ].join("\n");
}

export function generate({ out, codex }) {
  // Always the pinned binary (unless --codex is given): CODEX_PATH must not change the committed bindings.
  const bin = codex ?? nativeCodexBinary(root);
  if (!existsSync(bin)) throw new Error(`codex binary not found at ${bin}; run npm install`);
  const scratch = mkdtempSync(join(tmpdir(), "codex-generate-"));
  const staging = join(scratch, "stable");
  const expRaw = join(scratch, "experimental");
  try {
    const generateTs = (dir, ...flags) =>
      execFileSync(bin, ["app-server", "generate-ts", ...flags, "--out", dir], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    generateTs(staging);
    generateTs(expRaw, "--experimental");
    const expFiles = walk(expRaw).map((f) => relative(expRaw, f).replaceAll("\\", "/"));
    const kept = keptFiles(staging, expRaw, expFiles);
    for (const file of walk(staging)) if (file.endsWith(".ts")) rewriteSpecifiers(file);
    writeFileSync(join(staging, "methods.ts"), methodsModule(staging, { loc: typeLocations(staging) }));
    const stableClient = new Set(requestMembers(join(staging, "ClientRequest.ts")).map((m) => m.method));
    const expOut = join(staging, "experimental");
    writeExperimental({ stableRoot: staging, expRoot: expRaw, outRoot: expOut, kept });
    const expLoc = experimentalLocations(staging, expOut, expFiles, kept);
    writeFileSync(
      join(expOut, "methods.ts"),
      methodsModule(expOut, { loc: expLoc, prefix: "Experimental", extra: [experimentalOnly(stableClient)] }),
    );
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    writeFileSync(join(staging, "VERSION"), version + "\n");
    writeFileSync(join(staging, "runtime.ts"), runtimeModule(version));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    copyTree(staging, out);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    if (statSync(src).isDirectory()) copyTree(src, dst);
    else writeFileSync(dst, readFileSync(src));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  try {
    generate(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`generated ${relative(process.cwd(), args.out) || "."} (${walk(args.out).length} files)`);
}
