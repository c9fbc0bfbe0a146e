/**
 * Type compatibility of `codex-app-sdk/codex-sdk` with `@openai/codex-sdk` 0.163.0: a program
 * written against the upstream types (test/types/codex-sdk/program.ts) compiles unchanged against
 * both, and every exported type is assignable both ways (assignability.ts). The upstream package is
 * the bench's (`cd bench && npm ci --omit=optional`); without it, only our side is compiled and the
 * upstream cases are skipped, saying so.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test", "types", "codex-sdk");
const ours = join(root, "src", "codex-sdk", "index.ts");
const upstream = join(root, "bench", "node_modules", "@openai", "codex-sdk", "dist", "index.d.ts");
const haveUpstream = existsSync(upstream);
/** A bound for one compile of the fixtures (they pull in the SDK's sources). */
const COMPILE_MS = 180_000;

/** The fixtures' compiler options, with `@openai/codex-sdk` resolving to `openaiSdk`. */
function options(openaiSdk: string): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(fixtures, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("cannot read test/types/codex-sdk/tsconfig.json");
  return {
    ...config.options,
    noEmit: true,
    paths: { "@openai/codex-sdk": [openaiSdk], "codex-app-sdk/codex-sdk": [ours] },
  };
}

/** The diagnostics of compiling `files` (plus virtual files by absolute path), as readable lines. */
function compile(files: string[], openaiSdk: string, virtual: Record<string, string> = {}): string[] {
  const opts = options(openaiSdk);
  const host = ts.createCompilerHost(opts);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const text = virtual[name];
    return text === undefined
      ? read(name, language, onError, create)
      : ts.createSourceFile(name, text, language);
  };
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name in virtual || exists(name);
  const program = ts.createProgram([...files, ...Object.keys(virtual)], opts, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

const program = join(fixtures, "program.ts");
const assignability = join(fixtures, "assignability.ts");
/** A file the types must refuse: the proof that a compile here can fail. */
const broken = join(fixtures, "broken-virtual.ts");
const BROKEN = `import type { ThreadItem, ThreadEvent } from "@openai/codex-sdk";
export const text = (item: ThreadItem) => (item.type === "agent_message" ? item.txt : "");
export const bad: ThreadEvent = { type: "turn.completed" };
`;

/** The diagnostics of one file among a compile's. */
function of(errors: string[], file: string): string[] {
  return errors.filter((e) => e.startsWith(`${file}:`));
}

// One program per resolution of `@openai/codex-sdk` (each compile reads the SDK's sources).
describe("codex-sdk drop-in types", () => {
  it(
    "a program written against @openai/codex-sdk compiles against codex-app-sdk/codex-sdk; a wrong one does not",
    { timeout: COMPILE_MS },
    () => {
      const errors = compile([program], ours, { [broken]: BROKEN });
      expect(of(errors, broken).join("\n")).toContain("txt");
      expect(of(errors, broken).join("\n")).toContain("usage");
      expect(errors.filter((e) => !e.startsWith(`${broken}:`))).toEqual([]);
    },
  );

  it.skipIf(!haveUpstream)(
    "the same program compiles against @openai/codex-sdk itself, and every exported type is assignable both ways (skipped without bench/node_modules)",
    { timeout: COMPILE_MS },
    () => {
      expect(compile([program, assignability], upstream)).toEqual([]);
    },
  );
});
