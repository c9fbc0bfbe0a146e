/**
 * No test or example names the pinned runtime's version or a model of its bundled catalog: they
 * read them at run time (test/support/runtime.ts, test/support/catalog.ts), so a runtime upgrade
 * needs no edits to tests. The version is read from package.json and the slugs from the pinned
 * binary (`codex debug models --bundled`), never written here.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveCodexBinary } from "../../src/transport/binary.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
const pinned = pkg.dependencies["@openai/codex"] ?? "";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern for a literal as a test could write it: plain, or with its dots escaped for a regular
 * expression (`\.` or `\\.` in source). Not a part of a longer version or name.
 */
function literalPattern(literal: string): RegExp {
  const body = literal.split(".").map(escape).join("\\\\{0,2}\\.");
  return new RegExp(`(?<![\\w.-])${body}(?![\\w-]|\\\\{0,2}\\.\\d)`);
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else out.push(full);
  }
  return out;
}

/** `file:line: text` for every line of the files under `dirs` that contains one of the literals. */
function findLiterals(base: string, dirs: string[], literals: string[]): string[] {
  const patterns = literals.map((literal) => ({ literal, pattern: literalPattern(literal) }));
  const hits: string[] = [];
  for (const file of dirs.flatMap((d) => files(join(base, d)))) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      for (const { literal, pattern } of patterns) {
        if (pattern.test(line)) hits.push(`${relative(base, file)}:${i + 1}: ${literal}`);
      }
    });
  }
  return hits;
}

let catalogSlugs: string[] = [];
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "codex-sdk-literals-"));
  const env = { ...process.env, CODEX_HOME: join(scratch, "home"), RUST_LOG: "error" };
  const bin = resolveCodexBinary(undefined, {}).path; // the pinned binary, whatever CODEX_PATH says
  const out = execFileSync(bin, ["debug", "models", "--bundled"], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  catalogSlugs = (JSON.parse(out) as { models: { slug: string }[] }).models.map((m) => m.slug);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("tests and examples name no runtime version or catalog model", () => {
  it("no file under test/ or examples/ contains the pinned runtime version", () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const hits = findLiterals(root, ["test", "examples"], [pinned]);
    expect(hits, `read the version from test/support/runtime.ts instead:\n${hits.join("\n")}`).toEqual([]);
  });

  it("no file under test/ or examples/ contains a model slug of the pinned runtime's bundled catalog", () => {
    expect(catalogSlugs.length).toBeGreaterThan(1);
    const hits = findLiterals(root, ["test", "examples"], catalogSlugs);
    expect(hits, `read the catalog through test/support/catalog.ts instead:\n${hits.join("\n")}`).toEqual([]);
  });

  it("finds a planted version in its plain and regex-escaped forms, and nothing that merely contains it", () => {
    const [major, minor, patch] = pinned.split(".");
    const dots = [major, minor, patch];
    const dir = join(scratch, "planted");
    const sub = join(dir, "test");
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      join(sub, "a.ts"),
      [
        `const v = "${dots.join(".")}";`,
        `const re = /codex ${dots.join("\\.")}/;`,
        `const src = "codex ${dots.join("\\\\.")}";`,
        `const longer = "1${dots.join(".")}.4";`,
        `const slug = "${catalogSlugs[0] ?? ""}-preview";`,
      ].join("\n"),
    );
    expect(findLiterals(dir, ["test"], [pinned, ...catalogSlugs.slice(0, 1)])).toEqual([
      `test/a.ts:1: ${pinned}`,
      `test/a.ts:2: ${pinned}`,
      `test/a.ts:3: ${pinned}`,
    ]);
  });
});
