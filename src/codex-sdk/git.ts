/**
 * The working-directory check of `codex exec`: a run outside a Git work tree is refused unless the
 * thread was started with `skipGitRepoCheck`, before anything reaches the model.
 *
 * @module
 */
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The message `codex exec` refuses such a run with. */
export const NOT_IN_GIT_REPO = "Not inside a trusted directory and --skip-git-repo-check was not specified.";

/** Whether `dir` (resolved against the process cwd) lies in a Git work tree (a `.git` directory or file above it). */
export function insideGitRepo(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    try {
      statSync(join(current, ".git"));
      return true;
    } catch {
      // Not here; look in the parent.
    }
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}
