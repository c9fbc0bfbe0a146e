/**
 * The API report (scripts/api-report.mjs) against small fixture packages: it must change when a
 * signature changes (a parameter type, a removed member, a removed export, a changed type that an
 * export references without exporting it) and stay the same for what is not API (comments,
 * private members, file layout, the machine's directory).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

import { apiReport, buildOptions, entryPoints, lineDiff } from "../../scripts/api-report.mjs";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  types: [],
};

const BASE: Record<string, string> = {
  "src/index.ts": [
    'export { Greeter, type GreeterOptions } from "./greeter.js";',
    'export { add } from "./math.js";',
  ].join("\n"),
  "src/greeter.ts": [
    "interface Style { loud: boolean }",
    "export interface GreeterOptions { name: string; style?: Style }",
    "/** Greets. */",
    "export class Greeter {",
    "  #secret = 1;",
    "  private hidden = 2;",
    "  constructor(readonly options: GreeterOptions) {}",
    "  greet(times: number): string { return this.options.name.repeat(times + this.#secret + this.hidden); }",
    "  wave(): void {}",
    "}",
  ].join("\n"),
  "src/math.ts": "export function add(a: number, b: number): number { return a + b; }",
  "src/extra.ts": "export const extra = 1;",
};

/** Writes a fixture package (BASE with `changes`; `null` deletes a file) and returns its report. */
function reportOf(changes: Record<string, string | null> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "api-report-"));
  dirs.push(root);
  const files = { ...BASE, ...changes };
  for (const [path, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const pkg = {
    name: "fixture",
    type: "module",
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./extra": { types: "./dist/extra.d.ts", default: "./dist/extra.js" },
      "./package.json": "./package.json",
    },
  };
  writeFileSync(join(root, "package.json"), JSON.stringify(pkg));
  return apiReport({ root, entries: entryPoints(root), options: OPTIONS, title: "fixture" });
}

const base = reportOf();

describe("the API report", () => {
  it("prints every export of every entry point with its full signature, no comments or privates", () => {
    expect(base).toContain("## `fixture`\n");
    expect(base).toContain("## `fixture/extra`\n");
    expect(base).toContain("function add(a: number, b: number): number;");
    expect(base).toContain("greet(times: number): string;");
    expect(base).toContain("const extra = 1;");
    expect(base).not.toContain("Greets.");
    expect(base).not.toMatch(/hidden|#private|#secret/);
  });

  it("is the same for the same package in another directory (no paths, no timestamps)", () => {
    expect(reportOf()).toBe(base);
    expect(base).not.toContain(tmpdir());
  });

  it("changes when a parameter type changes", () => {
    const changed = reportOf({
      "src/math.ts": "export function add(a: number, b: string): string { return a + b; }",
    });
    expect(lineDiff(base, changed)).toContain("+ function add(a: number, b: string): string;");
  });

  it("changes when a member of an exported class is removed", () => {
    const changed = reportOf({
      "src/greeter.ts": BASE["src/greeter.ts"]!.replace("  wave(): void {}\n", ""),
    });
    expect(lineDiff(base, changed)).toContain("-     wave(): void;");
  });

  it("changes when an export is removed", () => {
    const changed = reportOf({
      "src/index.ts": 'export { Greeter, type GreeterOptions } from "./greeter.js";',
    });
    expect(changed).not.toContain("function add");
    expect(changed).not.toBe(base);
  });

  it("changes when a type referenced by the API but not exported changes", () => {
    expect(base).toContain("// Style\ninterface Style {\n    loud: boolean;\n}");
    const changed = reportOf({
      "src/greeter.ts": BASE["src/greeter.ts"]!.replace("loud: boolean", "loud: number"),
    });
    expect(lineDiff(base, changed)).toContain("+     loud: number;");
  });

  it("stays the same when only comments, private members or file layout change", () => {
    const greeter = BASE["src/greeter.ts"]!.replace("/** Greets. */", "/** Says hello. */").replace(
      "private hidden = 2;",
      "private hidden = 3; private other = 4;",
    );
    expect(reportOf({ "src/greeter.ts": greeter })).toBe(base);
    const moved = reportOf({
      "src/math.ts": null,
      "src/lib/arithmetic.ts": BASE["src/math.ts"]!,
      "src/index.ts": BASE["src/index.ts"]!.replace("./math.js", "./lib/arithmetic.js"),
    });
    expect(moved).toBe(base);
  });
});

describe("the committed report's inputs", () => {
  it("covers every entry point of package.json with its source file", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    expect(entryPoints(root)).toEqual([
      { specifier: "codex-app-sdk", source: "src/index.ts" },
      { specifier: "codex-app-sdk/types", source: "src/types.ts" },
      { specifier: "codex-app-sdk/testing", source: "src/testing/index.ts" },
      { specifier: "codex-app-sdk/codex-sdk", source: "src/codex-sdk/index.ts" },
      { specifier: "codex-app-sdk/queue", source: "src/queue/index.ts" },
    ]);
    expect(buildOptions(root).declaration).toBe(true);
  });
});
