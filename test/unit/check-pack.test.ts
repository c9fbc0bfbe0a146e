/**
 * The pack check (scripts/check-pack.mjs) on made-up file lists: what it lets through and what it
 * reports. CI runs it on the real `npm pack` list.
 */
import { describe, expect, it } from "vitest";

import { checkPack, entryTargets } from "../../scripts/check-pack.mjs";

const pkg = {
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./testing": { types: "./dist/testing/index.d.ts", default: "./dist/testing/index.js" },
    "./package.json": "./package.json",
  },
};
const GOOD: Record<string, string> = {
  "package.json": "{}",
  "README.md": "# x",
  "dist/index.js": "export {};\n",
  "dist/index.d.ts": "export {};\n",
  "dist/testing/index.js": "export {};\n",
  "dist/testing/index.d.ts": "export {};\n",
};

function check(files: Record<string, string>): string[] {
  return checkPack({
    files: Object.keys(files),
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`read of a file not in the pack: ${path}`);
      return text;
    },
    pkg,
  });
}

describe("checkPack", () => {
  it("accepts the build, package.json and README", () => {
    expect(check(GOOD)).toEqual([]);
  });

  it("lists every entry point package.json names", () => {
    expect(entryTargets(pkg).sort()).toEqual([
      "dist/index.d.ts",
      "dist/index.js",
      "dist/testing/index.d.ts",
      "dist/testing/index.js",
      "package.json",
    ]);
  });

  it("reports tests, sources, build caches and stray files", () => {
    expect(
      check({
        ...GOOD,
        "dist/test/helper.js": "",
        "dist/index.test.js": "",
        "src/index.ts": "",
        "tsconfig.build.tsbuildinfo": "",
        ".env": "",
      }),
    ).toEqual([
      "dist/test/helper.js: a test file must not ship",
      "dist/index.test.js: a test file must not ship",
      "src/index.ts: not in the allowlist of scripts/check-pack.mjs",
      "tsconfig.build.tsbuildinfo: a build cache must not ship",
      ".env: not in the allowlist of scripts/check-pack.mjs",
    ]);
  });

  it("reports an entry point that is missing from the package", () => {
    const { ["dist/testing/index.d.ts"]: _, ...files } = GOOD;
    expect(check(files)).toEqual(["dist/testing/index.d.ts: named in package.json but not in the package"]);
  });

  it("reports a sourceMappingURL to a file the package does not hold", () => {
    const files = { ...GOOD, "dist/index.js": "export {};\n//# sourceMappingURL=index.js.map\n" };
    expect(check(files)).toEqual(["dist/index.js: its sourceMappingURL index.js.map is not in the package"]);
  });

  it("reports a shipped source map whose sources are missing, and accepts one that carries them", () => {
    const map = JSON.stringify({ version: 3, sources: ["../src/index.ts"], mappings: "" });
    const files = {
      ...GOOD,
      "dist/index.js": "//# sourceMappingURL=index.js.map\n",
      "dist/index.js.map": map,
    };
    expect(check(files)).toEqual(["dist/index.js.map: its source ../src/index.ts is not in the package"]);
    // The build's maps carry the sources in `sourcesContent` (scripts/build.mjs).
    const selfContained = JSON.stringify({ ...JSON.parse(map), sourcesContent: ["export {};"] });
    expect(check({ ...files, "dist/index.js.map": selfContained })).toEqual([]);
    // With the sources shipped, only the allowlist (a deliberate decision) stands in the way.
    expect(check({ ...files, "src/index.ts": "export {};" })).toEqual([
      "src/index.ts: not in the allowlist of scripts/check-pack.mjs",
    ]);
  });
});
