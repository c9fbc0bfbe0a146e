/**
 * Why a path cannot serve as a working directory, said plainly. A missing working directory makes
 * `spawn()` fail with `ENOENT`, which Node words exactly like a missing executable
 * (`spawn /path/to/codex ENOENT`), so it is checked before spawning and named in the error.
 *
 * @module
 */
import { statSync } from "node:fs";

/**
 * `undefined` when `path` is an existing directory; otherwise why it is not one (`does not exist`,
 * `is a file, not a directory`, `cannot be read (EACCES)`), for a message that names the option.
 */
export function directoryProblem(path: string): string | undefined {
  if (path === "") return "is empty (pass a directory path, or omit the option)";
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return undefined;
    return stat.isFile() ? "is a file, not a directory" : "is not a directory";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "does not exist";
    if (code === "ENOTDIR") return "does not exist (a parent of it is a file)";
    return `cannot be used (${code ?? (error as Error).message})`;
  }
}
