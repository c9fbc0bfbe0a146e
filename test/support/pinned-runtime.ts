/** The pinned runtime's version, read from the installed `@openai/codex` package (no process runs). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The version of the installed `@openai/codex` package (the pin). */
export const PINNED_RUNTIME_VERSION: string = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@openai/codex/package.json"), "utf8")) as {
    version: string;
  }
).version;

/** `PINNED_RUNTIME_VERSION` as a regular expression source (dots escaped). */
export const PINNED_RUNTIME_VERSION_PATTERN = PINNED_RUNTIME_VERSION.replaceAll(".", "\\.");
