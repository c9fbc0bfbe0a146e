/**
 * The house rule "a layer never reaches up", checked on every import of src/ (type-only imports
 * included: they couple the code just the same, they only vanish at run time).
 *
 * Layers, lowest first: errors + internal/ + version → transport/ → rpc/ → client/ → api/ + retry →
 * index/types/shared. testing/ and queue/ (the `codex-app-sdk/queue` entry) sit on top and may import
 * anything, but nothing outside each of them imports it.
 * codex-sdk/ (the drop-in entry for `@openai/codex-sdk`) sits beside index/types, and nothing outside
 * codex-sdk/ imports it: the main entry never loads it.
 * generated/ is type-only output and may be imported from anywhere. bin/ (the `codex-app-sdk`
 * program) stands apart: it imports nothing of src/ outside bin/, and nothing else imports it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

/** Rank of a src-relative posix path; `undefined` for generated/, which every layer may import. */
function layerOf(path: string): number | undefined {
  const top = path.split("/")[0] ?? "";
  if (top === "generated") return undefined;
  if (top === "errors" || top === "errors.ts" || top === "internal" || top === "version.ts") return 0;
  if (top === "transport") return 1;
  if (top === "rpc") return 2;
  if (top === "client") return 3;
  if (top === "api" || top === "retry.ts") return 4;
  // shared.ts: the main bundle's internal entry for the testing and queue bundles (scripts/build.mjs).
  if (top === "index.ts" || top === "types.ts" || top === "shared.ts" || top === "codex-sdk") return 5;
  if (top === "testing") return 6;
  if (top === "queue") return 7;
  // The command-line program: on top of everything, and nothing imports it (checked below).
  if (top === "bin") return 8;
  throw new Error(`src/${path} belongs to no layer: add it to layerOf in test/unit/layers.test.ts`);
}

// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, across line breaks.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** The relative import specifiers of a module's source text. */
export function importsOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...withoutComments.matchAll(SPECIFIER)].map((m) => m[1] ?? "").filter((s) => s.startsWith("."));
}

/** Every violation in `files` (src-relative posix path → source text), as `from -> to` lines. */
export function violations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file);
    if (from === undefined) continue;
    for (const spec of importsOf(source)) {
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, ".ts");
      if (target.startsWith("..")) {
        found.push(`${file} -> ${spec} (outside src/)`);
        continue;
      }
      const to = layerOf(target);
      if (to === undefined) continue;
      const intoTesting = to === 6 && from !== 6;
      const intoCompat = target.startsWith("codex-sdk/") && !file.startsWith("codex-sdk/");
      // The program stays out of the library's graph both ways: it imports none of it either.
      const aside = (to === 8) !== (from === 8);
      if (to > from || intoTesting || intoCompat || aside) found.push(`${file} -> ${target}`);
    }
  }
  return found;
}

function sourceFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join("/");
    if (path.startsWith("generated/")) continue;
    files.set(path, readFileSync(full, "utf8"));
  }
  return files;
}

describe("layers", () => {
  it("no module in src/ imports from a higher layer", () => {
    const files = sourceFiles(SRC);
    expect(files.size).toBeGreaterThan(50);
    expect(violations(files)).toEqual([]);
  });

  it("the scanner finds a planted upward import, of every form", () => {
    const planted = new Map([
      ["transport/a.ts", `import { x } from "../rpc/connection.js";`],
      ["transport/b.ts", `import type {\n  Y,\n} from "../api/turns/turn.js";`],
      ["rpc/c.ts", `export { z } from "../client/client.js";`],
      ["errors/d.ts", `const m = await import("../transport/stdio.js");`],
      ["api/e.ts", `import "../testing/index.js";`],
      ["internal/f.ts", `import { g } from "../retry.js";`],
      ["index.ts", `export { Codex as CompatCodex } from "./codex-sdk/index.js";`],
      ["api/h.ts", `import type { ThreadEvent } from "../codex-sdk/items.js";`],
      ["types.ts", `export { CodexQueue } from "./queue/index.js";`],
      ["queue/h.ts", `import { MockResponsesServer } from "../testing/index.js";`],
    ]);
    expect(violations(planted)).toEqual([
      "transport/a.ts -> rpc/connection.ts",
      "transport/b.ts -> api/turns/turn.ts",
      "rpc/c.ts -> client/client.ts",
      "errors/d.ts -> transport/stdio.ts",
      "api/e.ts -> testing/index.ts",
      "internal/f.ts -> retry.ts",
      "index.ts -> codex-sdk/index.ts",
      "api/h.ts -> codex-sdk/items.ts",
      "types.ts -> queue/index.ts",
      "queue/h.ts -> testing/index.ts",
    ]);
  });

  it("the scanner keeps bin/ apart from the library, both ways", () => {
    const planted = new Map([
      ["bin/a.ts", `import { Codex } from "../api/codex/codex.js";`],
      ["index.ts", `export { main } from "./bin/cli.js";`],
      ["bin/b.ts", `import { buildTraceView } from "./trace-model.js";`],
    ]);
    expect(violations(planted)).toEqual(["bin/a.ts -> api/codex/codex.ts", "index.ts -> bin/cli.ts"]);
  });

  it("the scanner allows downward, sideways and generated imports, and ignores comments", () => {
    const fine = new Map([
      [
        "api/turns/a.ts",
        `import { b } from "../threads/thread.js";\nimport { c } from "../../rpc/connection.js";`,
      ],
      ["transport/d.ts", `import type { E } from "../generated/v2/E.js";\nimport { f } from "../errors.js";`],
      ["rpc/g.ts", `// import { h } from "../api/codex/codex.js";\n/* from "../client/client.js" */`],
      ["testing/i.ts", `import { Codex } from "../api/codex/codex.js";\nimport { j } from "./k.js";`],
      ["index.ts", `export * from "./api/codex/codex.js";`],
      ["codex-sdk/l.ts", `import { Codex } from "../api/codex/codex.js";\nimport { m } from "./n.js";`],
    ]);
    expect(violations(fine)).toEqual([]);
  });
});
