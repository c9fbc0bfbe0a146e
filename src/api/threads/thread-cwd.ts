/**
 * The `cwd` option of threads and turns. The app-server accepts any string there, and a directory
 * that does not exist (or a file, or `""`, which silently becomes the server's own cwd) makes every
 * later command of the thread fail. So `""` is refused everywhere, and when the app-server runs on
 * this machine (the stdio transport) the directory is checked before anything is sent.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { directoryProblem } from "../../transport/directory.js";
import { InvalidArgumentError, nonEmptyString } from "../validation.js";

/** Checks a thread or turn `cwd`; see the module comment. */
export type CwdCheck = (cwd: unknown) => string | undefined;

/**
 * The check for a client whose app-server runs locally with working directory `serverCwd` (relative
 * paths are resolved against it, as the server does), or only the `""` check for a remote one.
 */
export function cwdCheck(local: { serverCwd: string | undefined } | undefined): CwdCheck {
  return (cwd) => {
    if (cwd === undefined) return undefined;
    const path = nonEmptyString("cwd", cwd);
    if (local === undefined) return path;
    const base = local.serverCwd ?? process.cwd();
    const problem = directoryProblem(isAbsolute(path) ? path : resolve(base, path));
    if (problem !== undefined) {
      throw new InvalidArgumentError(
        `cwd ${JSON.stringify(path)} ${problem}; a thread's commands run in it, so every one would fail`,
        { argument: "cwd" },
      );
    }
    return path;
  };
}
