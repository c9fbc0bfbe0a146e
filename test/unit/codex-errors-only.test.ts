/**
 * "Every error the SDK throws is a CodexError", checked on the source: no hand-written file under
 * src/ builds a built-in error or declares an error class outside the CodexError tree. `generated/`
 * (the protocol's types, no code) is not ours to check.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const src = join(root, "src");

/** Each allowed occurrence, by "file: text", with the reason it may stay. */
const ALLOWED: Record<string, string> = {
  "src/errors/base.ts: extends Error": "CodexError itself, the root every other SDK error extends",
};

const BUILT_IN =
  /\bnew (Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError)\(/g;
const EXTENDS =
  /\bextends (Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError)\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every built-in error construction or `extends` of a built-in error in src/, as "file: text". */
function occurrences(): string[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const name = relative(root, file).split("\\").join("/");
    return [...text.matchAll(BUILT_IN), ...text.matchAll(EXTENDS)].map((m) => `${name}: ${m[0]}`);
  });
}

describe("every error the SDK throws is a CodexError", () => {
  it("src/ builds no built-in error and extends none outside the allowlist", () => {
    const found = occurrences();
    expect(found.filter((o) => !(o in ALLOWED))).toEqual([]);
  });

  it("the allowlist has no stale entries", () => {
    const found = new Set(occurrences());
    expect(Object.keys(ALLOWED).filter((o) => !found.has(o))).toEqual([]);
  });

  it("the scan finds what it looks for", () => {
    expect("throw new TypeError(".match(BUILT_IN)).not.toBeNull();
    expect("class X extends RangeError {".match(EXTENDS)).not.toBeNull();
    expect("throw new CodexError(".match(BUILT_IN)).toBeNull();
  });
});
