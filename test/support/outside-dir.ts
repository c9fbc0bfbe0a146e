/**
 * A fresh directory outside the workspace and outside the temp directory, for sandbox tests: the
 * sandbox gives commands a private /tmp, where a sandboxed write would seem to succeed and vanish,
 * so only a directory elsewhere tells "written" from "refused". The checkout itself may lie under
 * /tmp (a CI clone): then the user's home is used instead.
 */
import { mkdirSync, mkdtempSync, realpathSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, sep } from "node:path";

/** Makes the directory (the caller removes it). */
export function makeOutsideDir(prefix = "codex-sdk-outside-"): string {
  const tmp = realpathSync(tmpdir());
  const parent = [join(process.cwd(), "node_modules", ".cache"), join(homedir(), ".cache")]
    .map((dir) => {
      mkdirSync(dir, { recursive: true });
      return realpathSync(dir);
    })
    .find((dir) => dir !== tmp && !dir.startsWith(tmp + sep));
  if (parent === undefined) throw new Error(`no writable directory outside ${tmp} for this test`);
  return mkdtempSync(join(parent, prefix));
}
