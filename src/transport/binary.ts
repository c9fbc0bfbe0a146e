/**
 * Finds the native `codex` executable: the `codexPath` option, then the `CODEX_PATH` environment
 * variable, then the native binary shipped by the pinned `@openai/codex` package for this platform.
 * The package's `bin/codex.js` is a Node wrapper that, on Node 20, stays alive as an extra process
 * (~43 MiB, ~70 ms) and orphans the binary if it is killed: the SDK always spawns the binary itself.
 *
 * A path given by the caller is never resolved against the current directory: an untrusted
 * checkout could hold a `./codex`. It must be absolute, or a bare name (`codex`) that is looked up
 * on `PATH`, skipping empty, `.` and other relative entries (which a shell would read as the cwd).
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodexError } from "../errors.js";

const TARGET_TRIPLES: Readonly<Record<string, string>> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

/** Where the binary path came from, for error messages. */
export type CodexBinarySource =
  "codexPath option" | "CODEX_PATH environment variable" | "pinned @openai/codex package";

/** The resolved binary. */
export interface ResolvedCodexBinary {
  path: string;
  source: CodexBinarySource;
}

/**
 * Resolves the codex executable and checks that it exists and is executable.
 *
 * @param codexPath explicit path (the `codexPath` option)
 * @param env the environment the child will get (its `CODEX_PATH` wins over the parent's)
 * @throws CodexError naming the path tried and how to fix it
 */
export function resolveCodexBinary(
  codexPath: string | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedCodexBinary {
  if (codexPath !== undefined) return checked(located({ path: codexPath, source: "codexPath option" }, env));
  const fromEnv = env.CODEX_PATH;
  if (fromEnv) return checked(located({ path: fromEnv, source: "CODEX_PATH environment variable" }, env));
  return checked({ path: pinnedBinaryPath(), source: "pinned @openai/codex package" });
}

function pinnedBinaryPath(): string {
  const key = `${process.platform}-${process.arch}`;
  const triple = TARGET_TRIPLES[key];
  if (!triple) {
    throw new CodexError(
      `@openai/codex ships no native binary for ${key}. Install codex yourself and pass its path as the codexPath option or the CODEX_PATH environment variable.`,
    );
  }
  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  const platformPackage = `@openai/codex-${key}`;
  pinnedPackageDir ??= findPlatformPackage(platformPackage) ?? resolvePlatformPackage(platformPackage);
  return join(pinnedPackageDir, "vendor", triple, "bin", exe);
}

/** The platform package's directory, once found: it does not move while the process runs. */
let pinnedPackageDir: string | undefined;

/**
 * The platform package found the way Node's resolver finds it, with a few `stat`s instead of the
 * CommonJS loader (whose first use costs ~2 ms of start-up, bench W1): `@openai/codex` in the
 * nearest `node_modules` above this file, then the platform package (its optional dependency) in
 * the nearest `node_modules` above the real path of `@openai/codex`. `undefined` when the layout is
 * anything else (the resolver then decides).
 */
function findPlatformPackage(platformPackage: string): string | undefined {
  try {
    const codexDir = nearestPackage(dirname(fileURLToPath(import.meta.url)), "@openai/codex");
    return codexDir === undefined ? undefined : nearestPackage(realpathSync(codexDir), platformPackage);
  } catch {
    return undefined;
  }
}

/** The directory of `name` in the nearest `node_modules` at or above `from` that has it. */
function nearestPackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The platform package resolved by Node's CommonJS resolver (any layout it supports). */
function resolvePlatformPackage(platformPackage: string): string {
  try {
    // The platform package is an optional dependency of @openai/codex: resolve it from there.
    const { createRequire } = process.getBuiltinModule("node:module");
    const fromSdk = createRequire(import.meta.url);
    const codexPackageJson = fromSdk.resolve("@openai/codex/package.json");
    return dirname(createRequire(codexPackageJson).resolve(`${platformPackage}/package.json`));
  } catch (cause) {
    throw new CodexError(
      `Cannot find the codex binary: the package ${platformPackage} (an optional dependency of @openai/codex) is not installed. ` +
        `Reinstall with optional dependencies (npm install --include=optional), or pass the codexPath option or set CODEX_PATH.`,
      { cause },
    );
  }
}

/**
 * An absolute path for what the caller gave: kept when absolute, looked up on PATH when a bare
 * name, refused when relative (`./codex`, `bin/codex`).
 */
function located(given: ResolvedCodexBinary, env: NodeJS.ProcessEnv): ResolvedCodexBinary {
  const name = given.path;
  if (name === "" || isAbsolute(name)) return given;
  const fix = `Fix the ${given.source}: give an absolute path, or a bare name found on PATH.`;
  if (/[\\/]/.test(name)) {
    throw new CodexError(
      `Codex binary path ${JSON.stringify(name)} (from the ${given.source}) is relative; ` +
        `the SDK does not resolve it against the current directory, which may be an untrusted checkout. ${fix}`,
    );
  }
  const exts = process.platform === "win32" ? ["", ".exe"] : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    // Empty and relative entries mean the current directory to a shell: never search them.
    if (dir === "" || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate)) return { ...given, path: candidate };
    }
  }
  throw new CodexError(
    `Codex binary ${JSON.stringify(name)} (from the ${given.source}) was not found on PATH (relative and empty PATH entries are skipped). ${fix}`,
  );
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function checked(bin: ResolvedCodexBinary): ResolvedCodexBinary {
  const how =
    bin.source === "pinned @openai/codex package"
      ? "Reinstall the SDK's dependencies (npm install), or pass the codexPath option or set CODEX_PATH to a codex binary."
      : `Fix the ${bin.source} so it points at the native codex executable.`;
  let isFile: boolean;
  try {
    isFile = statSync(bin.path).isFile();
  } catch {
    throw new CodexError(`Codex binary not found at ${bin.path} (from the ${bin.source}). ${how}`);
  }
  if (!isFile)
    throw new CodexError(`Codex binary at ${bin.path} (from the ${bin.source}) is not a file. ${how}`);
  if (process.platform !== "win32") {
    try {
      accessSync(bin.path, constants.X_OK);
    } catch {
      throw new CodexError(
        `Codex binary at ${bin.path} (from the ${bin.source}) is not executable. Run chmod +x on it, or: ${how}`,
      );
    }
  }
  return bin;
}
