// Finds the native codex binary of an installed `@openai/codex` package, for the dev scripts
// (generate, test:compat). Like the SDK (src/transport/binary.ts) it resolves the platform package
// from @openai/codex itself, never the package's Node wrapper; it lists the package's vendor folder
// instead of repeating the SDK's target table.
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The native binary of the `@openai/codex` installed for `projectDir` (a folder with node_modules).
 * @throws Error naming what is missing
 */
export function nativeCodexBinary(projectDir) {
  const fromProject = createRequire(join(projectDir, "package.json"));
  let codexPackageJson;
  try {
    codexPackageJson = fromProject.resolve("@openai/codex/package.json");
  } catch {
    throw new Error(`@openai/codex is not installed in ${projectDir}; run npm install`);
  }
  const platformPackage = `@openai/codex-${process.platform}-${process.arch}`;
  let platformPackageJson;
  try {
    platformPackageJson = createRequire(codexPackageJson).resolve(`${platformPackage}/package.json`);
  } catch {
    throw new Error(
      `${platformPackage} (an optional dependency of @openai/codex) is not installed in ${projectDir}`,
    );
  }
  const vendor = join(dirname(platformPackageJson), "vendor");
  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  const found = existsSync(vendor)
    ? readdirSync(vendor)
        .map((triple) => join(vendor, triple, "bin", exe))
        .filter((path) => existsSync(path))
    : [];
  if (found.length !== 1) throw new Error(`expected one codex binary under ${vendor}, found ${found.length}`);
  return found[0];
}
