#!/usr/bin/env node
// One command for a runtime upgrade: `npm run upgrade-runtime -- <version>`.
//
// 1. Summarises the protocol of the runtime src/generated/ was made from (its JSON schema bundle;
//    that runtime is installed into a temp prefix when node_modules holds another one).
// 2. Pins @openai/codex to <version> (package.json and package-lock.json, through npm install).
//    The oldest supported runtime (package.json's codexRuntime.oldestSupported, run by
//    `npm run test:compat`) becomes the previous pin, unless --oldest <version> says otherwise.
// 3. Regenerates src/generated/ (`npm run generate`). When a response type cannot be resolved,
//    generation stops with the question to answer; answer it and run the same command again.
// 4. Updates the pinned version where README.md and docs/ state it.
// 5. Prints the protocol changes as Markdown for CHANGELOG.md.
// Against the current pin it changes nothing.
//
// Usage: node scripts/upgrade-runtime.mjs <version> [--oldest <version>]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nativeCodexBinary } from "./codex-binary.mjs";
import { countChanges, diffProtocol, responseTypes, summarise } from "./protocol-diff.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const VERSION_RE = /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;
const temps = [];

function parseArgs(argv) {
  const args = { version: undefined, oldest: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--oldest") args.oldest = argv[++i];
    else if (argv[i] !== "--" && args.version === undefined) args.version = argv[i];
    else throw new Error(`unexpected argument: ${argv[i]}`);
  }
  if (args.version === "latest") args.version = run(npm, ["view", "@openai/codex", "version"]).trim();
  for (const v of [args.version, args.oldest]) {
    if (v !== undefined && !VERSION_RE.test(v)) throw new Error(`not a runtime version: ${v}`);
  }
  if (args.version === undefined)
    throw new Error("usage: npm run upgrade-runtime -- <version|latest> [--oldest <version>]");
  return args;
}

function run(cmd, argv, options = {}) {
  return execFileSync(cmd, argv, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    ...options,
  });
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function tempDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `codex-upgrade-${label}-`));
  temps.push(dir);
  return dir;
}

function binaryVersion(bin) {
  return run(bin, ["--version"])
    .trim()
    .replace(/^codex-cli /, "");
}

/** A binary of `version`: the installed one when it matches, else one installed into a temp prefix. */
function binaryOf(version) {
  const installed = nativeCodexBinary(root);
  if (binaryVersion(installed) === version) return installed;
  const prefix = tempDir(version);
  const argv = ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund"];
  run(npm, [...argv, `@openai/codex@${version}`], { stdio: ["ignore", "ignore", "inherit"] });
  return nativeCodexBinary(prefix);
}

function schemaOf(bin, label) {
  const out = tempDir(`schema-${label}`);
  run(bin, ["app-server", "generate-json-schema", "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  return summarise(out);
}

/**
 * Where README.md and docs/*.md state the runtime: `@openai/codex` <from> becomes <to>, and every
 * supported range (`@openai/codex` A to B.x) becomes <oldest> to <to's minor line>. Returns the
 * files changed.
 */
function updateDocs(from, to, oldest) {
  const files = [
    join(root, "README.md"),
    ...readdirSync(join(root, "docs")).map((f) => join(root, "docs", f)),
  ];
  const pin = new RegExp(String.raw`(@openai/codex\`\s+)${from.replaceAll(".", "\\.")}(?![\d.])`, "g");
  const range = /(@openai\/codex`\s+)\d+\.\d+\.\d+\S* to \d+\.\d+\.x/g;
  const line = to.split(".").slice(0, 2).join(".");
  const changed = [];
  for (const file of files.filter((f) => f.endsWith(".md") && existsSync(f))) {
    const text = readFileSync(file, "utf8");
    const next = text.replace(pin, `$1${to}`).replace(range, `$1${oldest} to ${line}.x`);
    if (next !== text) {
      writeFileSync(file, next);
      changed.push(relative(root, file));
    }
  }
  return changed;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const pkgFile = join(root, "package.json");
  const pkg = readJson(pkgFile);
  const pinned = pkg.dependencies["@openai/codex"];
  const generatedFrom = readFileSync(join(root, "src", "generated", "VERSION"), "utf8")
    .trim()
    .replace(/^codex-cli /, "");
  const oldest = args.oldest ?? (args.version === pinned ? pkg.codexRuntime.oldestSupported : pinned);
  const responsesBefore = responseTypes(readFileSync(join(root, "src", "generated", "methods.ts"), "utf8"));

  console.error(`upgrade-runtime: protocol of ${generatedFrom} (what src/generated/ was made from)`);
  const before = schemaOf(binaryOf(generatedFrom), "before");

  console.error(`upgrade-runtime: pinning @openai/codex ${args.version}`);
  run(npm, ["install", "--save-exact", "--no-audit", "--no-fund", `@openai/codex@${args.version}`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const bin = nativeCodexBinary(root);
  if (binaryVersion(bin) !== args.version)
    throw new Error(`npm installed ${binaryVersion(bin)}, not ${args.version}`);
  if (pkg.codexRuntime.oldestSupported !== oldest) {
    const fresh = readJson(pkgFile);
    fresh.codexRuntime.oldestSupported = oldest;
    writeFileSync(pkgFile, JSON.stringify(fresh, null, 2) + "\n");
  }

  console.error("upgrade-runtime: regenerating src/generated/");
  try {
    run(process.execPath, [join(root, "scripts", "generate.mjs")], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = error.stderr?.toString() ?? String(error);
    throw new Error(
      `generation stopped; the pin is already moved, so answer and run \`npm run upgrade-runtime -- ${args.version}\` again:\n${stderr}`,
    );
  }
  const after = schemaOf(bin, "after");
  const responsesAfter = responseTypes(readFileSync(join(root, "src", "generated", "methods.ts"), "utf8"));
  const docs = updateDocs(generatedFrom, args.version, oldest);

  const lines = diffProtocol(before, after, { before: responsesBefore, after: responsesAfter });
  const range = `${oldest} to ${args.version.split(".").slice(0, 2).join(".")}.x`;
  const header =
    generatedFrom === args.version
      ? `Runtime: \`@openai/codex\` ${args.version}, unchanged (supported: ${range}).`
      : `Runtime: \`@openai/codex\` ${generatedFrom} → ${args.version} (supported: ${range}).`;
  console.log(
    [
      header,
      "",
      lines.length === 0
        ? "No changes to the stable protocol."
        : `Protocol changes (stable surface, ${countChanges(lines)} entries):`,
      ...lines,
    ].join("\n"),
  );
  if (docs.length > 0) console.error(`upgrade-runtime: version mentions updated in ${docs.join(", ")}`);
  console.error("upgrade-runtime: next: npm run lint && npm test && npm run test:compat, then CHANGELOG.md");
}

try {
  main();
} catch (error) {
  console.error(`upgrade-runtime: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}
