// Types of api-report.mjs for the tests that import it.
import type { CompilerOptions } from "typescript";

export interface EntryPoint {
  specifier: string;
  source: string;
}
export function entryPoints(root: string): EntryPoint[];
export function buildOptions(root: string, tsconfig?: string): CompilerOptions;
export function apiReport(options: {
  root: string;
  entries: EntryPoint[];
  options: CompilerOptions;
  title: string;
  opaque?: (path: string) => boolean;
}): string;
export function lineDiff(expected: string, actual: string, context?: number): string;
