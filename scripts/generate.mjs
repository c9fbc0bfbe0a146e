#!/usr/bin/env node
// Regenerates src/generated/ from the pinned codex binary's `app-server generate-ts`.
//
// Only the stable protocol surface is generated: the SDK's public types promise stability, and the
// experimental surface (`--experimental`) changes between runtime releases without notice. Users who
// need an experimental method can still send it through `codex.request()` with an explicit cast.
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

/** Reads `{ "method": "x", id: RequestId, params: T, }` members out of a generated request union. */
function requestMembers(file) {
  const text = readFileSync(file, "utf8");
  const members = [];
  for (const m of text.matchAll(/\{ "method": "([^"]+)", id: RequestId, params: ([A-Za-z0-9_]+), \}/g)) {
    members.push({ method: m[1], params: m[2] });
  }
  if (members.length === 0) throw new Error(`no request members found in ${file}`);
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

function methodsModule(dir) {
  const loc = typeLocations(dir);
  const imports = new Set();
  const use = (name) => {
    if (!loc.has(name)) throw new Error(`generated type ${name} not found`);
    imports.add(name);
    return name;
  };
  const known = new Set(loc.keys());
  const entries = (members, kind) =>
    resolveResponses(members, kind, known).map(({ method, params, response }) => {
      const p = params === "undefined" ? "undefined" : use(params);
      return `  ${JSON.stringify(method)}: { params: ${p}; result: ${use(response)} };`;
    });
  const client = entries(requestMembers(join(dir, "ClientRequest.ts")), "client request");
  const server = entries(requestMembers(join(dir, "ServerRequest.ts")), "server request");
  const lines = [
    "// GENERATED CODE! DO NOT MODIFY BY HAND!",
    "// Written by scripts/generate.mjs from the request unions of `codex app-server generate-ts`.",
    "",
    ...[...imports].sort().map((n) => `import type { ${n} } from ${JSON.stringify(loc.get(n))};`),
    "",
    "/** Every client request method of the protocol, with its params and result types. */",
    "export type ClientRequestMap = {",
    ...client,
    "};",
    "",
    "/** Every server-initiated request method of the protocol, with its params and the response the client sends. */",
    "export type ServerRequestMap = {",
    ...server,
    "};",
    "",
  ];
  return lines.join("\n");
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
  const staging = mkdtempSync(join(tmpdir(), "codex-generate-"));
  try {
    execFileSync(bin, ["app-server", "generate-ts", "--out", staging], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (const file of walk(staging)) if (file.endsWith(".ts")) rewriteSpecifiers(file);
    writeFileSync(join(staging, "methods.ts"), methodsModule(staging));
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    writeFileSync(join(staging, "VERSION"), version + "\n");
    writeFileSync(join(staging, "runtime.ts"), runtimeModule(version));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    copyTree(staging, out);
  } finally {
    rmSync(staging, { recursive: true, force: true });
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
