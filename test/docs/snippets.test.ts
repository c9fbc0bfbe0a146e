/**
 * Every ```ts block of README.md and docs/*.md type-checks against the built package, so the docs
 * cannot drift from the API. Each block is a module of its own (imports included: a reader copies
 * one block, not a page), compiled in one TypeScript program with the project's strict options,
 * `codex-app-sdk` resolving to this package's `dist/` (built by `npm test` before the tests run).
 *
 * Blocks further down a page continue the story of the blocks above it, so a few *instances* are
 * declared for every block (see {@link PAGE_CONTEXT}: `codex`, `thread`, `turn`, `harness`, ...).
 * Never an SDK export: a block imports every name of the SDK it uses.
 *
 * A block that cannot be complete on its own (a fragment of a larger program) is preceded by the
 * line `<!-- snippet: fragment -->` and is then only parsed, not type-checked. Keep those few.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const FRAGMENT_MARKER = "<!-- snippet: fragment -->";

/** A fenced ```ts block of a Markdown file. */
export interface Snippet {
  /** Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** Marked as an intentional fragment (parsed only). */
  readonly fragment: boolean;
}

/** The ```ts / ```typescript blocks of `markdown`, with the line of each opening fence. */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const fence = open[2] ?? "```";
    const indent = open[1] ?? "";
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && (lines[j] ?? "").trim() !== fence; j++)
      body.push((lines[j] ?? "").slice(indent.length));
    const previous = lines
      .slice(0, i)
      .reverse()
      .find((l) => l.trim() !== "");
    snippets.push({
      file,
      line: i + 1,
      code: body.join("\n"),
      fragment: previous?.trim() === FRAGMENT_MARKER,
    });
    i = j;
  }
  return snippets;
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

const snippets = markdownFiles().flatMap((file) =>
  extractSnippets(file, readFileSync(join(root, file), "utf8")),
);

/**
 * The instances a block may use without creating them, as if made by an earlier block of its page.
 * Only variables: every SDK name a block uses must be imported by the block itself.
 */
export const PAGE_CONTEXT = `import type { Codex, Thread, TurnHandle } from "codex-app-sdk";
import type { AppServerHarness } from "codex-app-sdk/testing";
declare global {
  const codex: Codex;
  const thread: Thread;
  const turn: TurnHandle;
  const harness: AppServerHarness;
  const threadId: string;
  // @modelcontextprotocol/sdk's declarations (docs/mcp.md) name the DOM's HeadersInit.
  type HeadersInit = ConstructorParameters<typeof Headers>[0];
}
export {};
`;

const CONTEXT_FILE = join(root, ".snippets", "page-context.d.mts");

/** Virtual file name of a snippet: inside the package, so `codex-app-sdk` resolves to itself. */
function virtualName(snippet: Snippet): string {
  return join(root, ".snippets", `${snippet.file.replace(/[/.]/g, "_")}_L${snippet.line}.mts`);
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  // Snippets show a step, so an unused local is fine; everything else is as strict as the project.
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
}

/** Diagnostics of every non-fragment snippet, from one program; keyed by snippet. */
function typeCheck(checked: readonly Snippet[]): Map<Snippet, string[]> {
  const files = new Map<string, Snippet>(checked.map((s) => [virtualName(s), s]));
  files.set(CONTEXT_FILE, { file: "(page context)", line: 0, code: PAGE_CONTEXT, fragment: false });
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const snippet = files.get(name);
    if (snippet !== undefined) return ts.createSourceFile(name, snippet.code, language, true);
    return getSourceFile(name, language, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<Snippet, string[]>();
  for (const [name, snippet] of files) {
    const file = program.getSourceFile(name);
    const diagnostics = file
      ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      : [];
    result.set(
      snippet,
      diagnostics.map((d) => {
        const at =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const where = at ? `line ${snippet.line + 1 + at.line}` : "";
        return `${snippet.file}:${where.replace("line ", "")} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      }),
    );
  }
  return result;
}

describe("docs snippets", () => {
  it("finds the ```ts blocks of README.md and docs/, and few are fragments", () => {
    expect(snippets.length).toBeGreaterThan(40);
    const fragments = snippets.filter((s) => s.fragment);
    expect(fragments.length).toBeLessThanOrEqual(5);
  });

  it("extracts blocks with their line and fragment marker", () => {
    const md = [
      "# T",
      "",
      FRAGMENT_MARKER,
      "```ts",
      "a;",
      "```",
      "",
      "```ts",
      "b;",
      "```",
      "```js",
      "c;",
      "```",
    ].join("\n");
    expect(extractSnippets("x.md", md)).toEqual([
      { file: "x.md", line: 4, code: "a;", fragment: true },
      { file: "x.md", line: 8, code: "b;", fragment: false },
    ]);
  });

  it("every fragment at least parses", () => {
    for (const s of snippets.filter((x) => x.fragment)) {
      const file = ts.createSourceFile("f.mts", s.code, ts.ScriptTarget.Latest, true);
      const parse = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(
        parse.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")),
        `${s.file}:${s.line}`,
      ).toEqual([]);
    }
  });

  it("every complete snippet type-checks against the built package", () => {
    expect(existsSync(join(root, "dist", "index.d.ts")), "run `npm run build` first (npm test does)").toBe(
      true,
    );
    const results = typeCheck(snippets.filter((s) => !s.fragment));
    const errors = [...results.values()].flat();
    expect(errors, errors.join("\n")).toEqual([]);
  });
});
