/**
 * Importing the SDK must not load what only remote transports need (`ws`, and through it tls,
 * https, zlib): programs that use the default stdio transport would pay ~30 ms of start-up for it.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const tsx = fileURLToPath(import.meta.resolve("tsx"));

function loadedAfterImport(): string[] {
  const script = `await import(${JSON.stringify(entry)}); console.log(JSON.stringify(process.moduleLoadList));`;
  const out = execFileSync(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "[]") as string[];
}

describe("lazy imports", () => {
  it("importing the SDK loads neither tls, https nor zlib (the ws package is loaded on first connect)", () => {
    const loaded = loadedAfterImport();
    expect(loaded.length).toBeGreaterThan(0);
    for (const mod of ["NativeModule tls", "NativeModule https", "NativeModule zlib"]) {
      expect(loaded).not.toContain(mod);
    }
  });
});
