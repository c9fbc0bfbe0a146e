/**
 * docs/api-reference.md documents every public name: each name exported from the entry points
 * (`codex-app-sdk`, `codex-app-sdk/types`, `codex-app-sdk/testing`, `codex-app-sdk/codex-sdk`, `codex-app-sdk/queue`) must have a heading, a table row
 * or a list item of its own there. Runtime exports are read from the loaded modules; type-only
 * exports (invisible at runtime) are parsed from the entry points' source.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const reference = readFileSync(join(root, "docs", "api-reference.md"), "utf8");

const ENTRY_POINTS = [
  { name: "codex-app-sdk", source: "src/index.ts", load: () => import("../../src/index.js") },
  { name: "codex-app-sdk/types", source: "src/types.ts", load: () => import("../../src/types.js") },
  {
    name: "codex-app-sdk/testing",
    source: "src/testing/index.ts",
    load: () => import("../../src/testing/index.js"),
  },
  {
    name: "codex-app-sdk/codex-sdk",
    source: "src/codex-sdk/index.ts",
    load: () => import("../../src/codex-sdk/index.js"),
  },
  {
    name: "codex-app-sdk/queue",
    source: "src/queue/index.ts",
    load: () => import("../../src/queue/index.js"),
  },
] as const;

/** Every name an entry point exports, values and types, from its source. */
export function exportedNames(code: string, fileName = "entry.ts"): string[] {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause === undefined) {
        throw new Error(`${fileName}: \`export * from\` hides the exported names; list them instead`);
      }
      if (ts.isNamespaceExport(clause)) names.push(clause.name.text);
      else for (const element of clause.elements) names.push(element.name.text);
      continue;
    }
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement)) &&
      statement.name !== undefined &&
      ts.isIdentifier(statement.name)
    ) {
      names.push(statement.name.text);
    }
  }
  return [...new Set(names)];
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A name is documented by a heading that names it, or a table row / list item that starts with it. */
export function isDocumented(name: string, markdown: string): boolean {
  const n = escape(name);
  const heading = new RegExp(`^#{2,6} .*(?<!\\w)${n}(?![\\w])`, "m");
  const tableRow = new RegExp(`^\\|[^|\\n]*\`${n}(?![\\w])[^\`\\n]*\`[^|\\n]*\\|`, "m");
  const listItem = new RegExp(`^\\s*[-*] \`${n}(?![\\w])`, "m");
  return heading.test(markdown) || tableRow.test(markdown) || listItem.test(markdown);
}

describe("docs/api-reference.md", () => {
  for (const entry of ENTRY_POINTS) {
    describe(entry.name, () => {
      const names = exportedNames(readFileSync(join(root, entry.source), "utf8"), entry.source);

      it("has its export list parsed in full (every runtime export is among the parsed names)", async () => {
        const runtime = Object.keys(await entry.load());
        expect(runtime.filter((name) => !names.includes(name))).toEqual([]);
        expect(names.length).toBeGreaterThan(0);
      });

      it("documents every exported name", () => {
        expect(names.filter((name) => !isDocumented(name, reference))).toEqual([]);
      });
    });
  }
});

describe("the checks themselves", () => {
  it("parse named, type-only, namespace and declared exports", () => {
    const code = [
      'export { A, type B, C as D } from "./x.js";',
      'export type { E } from "./y.js";',
      'export type * as ns from "./z.js";',
      "export const F = 1;",
      "export function g() {}",
      "export interface H {}",
      "const hidden = 2;",
    ].join("\n");
    expect(exportedNames(code)).toEqual(["A", "B", "D", "E", "ns", "F", "g", "H"]);
    expect(() => exportedNames('export * from "./x.js";')).toThrow(/list them instead/);
  });

  it("accept headings, table rows and list items, and nothing else", () => {
    expect(isDocumented("Codex", "### `Codex`")).toBe(true);
    expect(isDocumented("threadStart", "#### codex.threadStart(options?)")).toBe(true);
    expect(isDocumented("RunResult", "| `RunResult` | the result |")).toBe(true);
    expect(isDocumented("Notification", "| `Notification<M>` | x |")).toBe(true);
    expect(isDocumented("Turn", "- `Turn`: a turn")).toBe(true);
    expect(isDocumented("Turn", "- `TurnStatus`: a status")).toBe(false);
    expect(isDocumented("Turn", "See `Turn` in the text.")).toBe(false);
    expect(isDocumented("Input", "## Inputs")).toBe(false);
    expect(isDocumented("Thread", "| `x` | returns `Thread` |")).toBe(false);
  });
});
