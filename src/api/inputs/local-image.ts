/**
 * The checks of a local image before its path is sent: the runtime reads the file itself and sends
 * it to the model, so a file that is huge, not an image, reached through a symbolic link, or
 * outside the directories the caller allows must be refused here, with a clear error, first.
 *
 * @module
 */
import { constants, promises as fs, type Stats } from "node:fs";
import { relative, resolve, isAbsolute, sep } from "node:path";
import {
  InvalidArgumentError,
  InvalidInputError,
  describeError,
  describeValue,
  optionalBoolean,
} from "../validation.js";
import { optionalByteSize } from "../../internal/limits.js";
import { FORMAT_LIST, imageMimeType } from "./image-format.js";

/** Default most bytes of a local image: far above any photo or screenshot a model looks at. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** How local images are checked (see `CheckedWireInputOptions`). */
export interface LocalImagePolicy {
  /** Most bytes of one image. Default {@link DEFAULT_MAX_IMAGE_BYTES}. */
  readonly maxBytes?: number | undefined;
  /** Directories images must lie in (after resolving symbolic links); any directory when omitted. */
  readonly allowedRoots?: readonly string[] | undefined;
  /** Accept a path that is itself a symbolic link. Default `false`. */
  readonly followSymlinks?: boolean | undefined;
}

/**
 * The policy from `toWireInput`'s options, checked.
 *
 * @throws InvalidArgumentError naming the option when one is malformed
 */
export function localImagePolicy(
  options:
    | {
        maxImageBytes?: number | undefined;
        allowedImageRoots?: readonly string[] | undefined;
        followImageSymlinks?: boolean | undefined;
      }
    | undefined,
): LocalImagePolicy {
  const roots: unknown = options?.allowedImageRoots;
  if (
    roots !== undefined &&
    (!Array.isArray(roots) || !roots.every((r) => typeof r === "string" && r !== "" && isAbsolute(r)))
  ) {
    throw new InvalidArgumentError(
      `allowedImageRoots must be an array of absolute directory paths; got ${describeValue(roots)}`,
      { argument: "allowedImageRoots" },
    );
  }
  return {
    maxBytes: optionalByteSize("maxImageBytes", options?.maxImageBytes),
    allowedRoots: roots as readonly string[] | undefined,
    followSymlinks: optionalBoolean("followImageSymlinks", options?.followImageSymlinks),
  };
}

/**
 * Checks one local image: a readable regular file (not a symbolic link unless allowed), at most
 * `maxBytes`, a PNG, JPEG, GIF or WebP by its first bytes, inside an allowed root when roots are given.
 *
 * @throws InvalidInputError naming the input, the path and the problem
 */
export async function checkLocalImage(
  path: string,
  cwd: string | undefined,
  label: string,
  index: number | undefined,
  policy: LocalImagePolicy = {},
): Promise<void> {
  const full = resolve(cwd ?? process.cwd(), path);
  const resolved = full === path ? "" : ` (resolved to ${JSON.stringify(full)})`;
  const prefix = `${label}: local image ${JSON.stringify(path)}${resolved}`;
  const refuse = (problem: string, cause?: unknown): InvalidInputError =>
    new InvalidInputError(`${prefix} ${problem}`, { index, cause });
  const flags = constants.O_RDONLY | (policy.followSymlinks === true ? 0 : (constants.O_NOFOLLOW ?? 0));
  let head: Buffer;
  try {
    const file = await fs.open(full, flags | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await file.stat();
      if (!stats.isFile()) throw refuse(`is not a regular file (it is ${fileKind(stats)})`);
      const max = policy.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
      if (stats.size > max) {
        throw refuse(
          `is ${stats.size} bytes, more than the ${max} bytes allowed for an image (the maxImageBytes option)`,
        );
      }
      head = Buffer.alloc(12);
      await file.read(head, 0, 12, 0);
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw refuse(openProblem(path, error), error);
  }
  if (imageMimeType(head) === undefined) {
    throw refuse(`is not an image the model accepts (${FORMAT_LIST}): its first bytes say otherwise`);
  }
  if (policy.allowedRoots !== undefined) await checkRoots(full, policy.allowedRoots, refuse);
}

async function checkRoots(
  full: string,
  roots: readonly string[],
  refuse: (problem: string) => InvalidInputError,
): Promise<void> {
  const real = await fs.realpath(full);
  for (const root of roots) {
    const realRoot = await fs.realpath(root).catch(() => undefined);
    if (realRoot === undefined) continue;
    const rel = relative(realRoot, real);
    if (rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))) return;
  }
  throw refuse(`lies outside the allowed image directories (allowedImageRoots: ${JSON.stringify(roots)})`);
}

function openProblem(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return `does not exist${urlHint(path)}`;
  if (code === "ELOOP") return "is a symbolic link (pass the file itself, or set followImageSymlinks)";
  return `cannot be read (${describeError(error)})`;
}

function urlHint(path: string): string {
  if (/^(data|https?):/i.test(path)) return `; for a URL use { type: "image", url } (imageInput) instead`;
  if (/^file:/i.test(path)) return "; pass a file system path, not a file: URL (see url.fileURLToPath)";
  return "";
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "a device or other special file";
}
