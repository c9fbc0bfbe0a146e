/**
 * The runtime the tests run against, read at test time so no test names a version: the binary at
 * `CODEX_PATH` when it is set (the compatibility job points it at an older runtime), else the
 * pinned `@openai/codex` package's native binary.
 */
import { execFileSync } from "node:child_process";

import { resolveCodexBinary } from "../../src/transport/binary.js";

export { PINNED_RUNTIME_VERSION } from "./pinned-runtime.js";

/** The binary the SDK spawns in tests: `CODEX_PATH`, else the pinned package's. */
export const RUNTIME_BINARY: string = resolveCodexBinary(undefined, process.env).path;

/** The version `RUNTIME_BINARY --version` reports (`codex-cli X.Y.Z`). */
export const RUNTIME_VERSION: string = binaryVersion(RUNTIME_BINARY);

/** The version a codex binary reports. */
export function binaryVersion(bin: string): string {
  const out = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  const match = /^codex-cli (\S+)$/.exec(out);
  if (!match?.[1]) throw new Error(`unexpected \`${bin} --version\` output: ${out}`);
  return match[1];
}

/** `RUNTIME_VERSION` as a regular expression source (dots escaped). */
export const RUNTIME_VERSION_PATTERN = RUNTIME_VERSION.replaceAll(".", "\\.");
