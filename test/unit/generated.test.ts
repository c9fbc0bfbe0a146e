/**
 * Drift test: `src/generated/` must be exactly what `npm run generate` produces from the pinned
 * binary. Regenerates into a temp folder and compares byte for byte.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const committed = join(root, "src", "generated");

/** Files that differ between two trees, by path relative to the tree roots. */
interface TreeDiff {
  /** In both trees with different bytes. */
  drifted: string[];
  /** Produced by the generator but not committed. */
  missing: string[];
  /** Committed but not produced by the generator. */
  extra: string[];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Compares the committed tree with a freshly generated one, byte for byte. */
function compareTrees(committedDir: string, generatedDir: string): TreeDiff {
  const have = new Set(listFiles(committedDir));
  const want = listFiles(generatedDir);
  const diff: TreeDiff = { drifted: [], missing: [], extra: [] };
  for (const file of want) {
    if (!have.has(file)) diff.missing.push(file);
    else if (!readFileSync(join(committedDir, file)).equals(readFileSync(join(generatedDir, file)))) {
      diff.drifted.push(file);
    }
    have.delete(file);
  }
  diff.extra = [...have].sort();
  return diff;
}

function describeDiff(diff: TreeDiff): string {
  const lines = [
    ...diff.drifted.map((f) => `  drifted: ${f}`),
    ...diff.missing.map((f) => `  missing: ${f}`),
    ...diff.extra.map((f) => `  extra:   ${f}`),
  ];
  return lines.length === 0
    ? "src/generated matches the pinned binary"
    : `src/generated differs from what the pinned binary generates (run \`npm run generate\` and commit):\n${lines.join("\n")}`;
}

let fresh: string;
let scratch: string;

beforeAll(() => {
  // The drift test is about the pinned binary, not whatever CODEX_PATH a developer has set.
  const env = { ...process.env };
  delete env.CODEX_PATH;
  fresh = mkdtempSync(join(tmpdir(), "codex-sdk-generated-"));
  scratch = mkdtempSync(join(tmpdir(), "codex-sdk-generated-copy-"));
  execFileSync(process.execPath, [join(root, "scripts", "generate.mjs"), "--out", fresh], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env,
  });
});

afterAll(() => {
  rmSync(fresh, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe("generated protocol", () => {
  it("src/generated is byte-for-byte what the pinned binary generates", () => {
    const diff = compareTrees(committed, fresh);
    const report = describeDiff(diff);
    if (diff.drifted.length + diff.missing.length + diff.extra.length > 0) console.error(report);
    expect(diff, report).toEqual({ drifted: [], missing: [], extra: [] });
    // Not vacuous: the generator produced the whole surface.
    expect(listFiles(fresh).length).toBeGreaterThan(500);
    expect(listFiles(fresh)).toEqual(
      expect.arrayContaining([
        "ClientRequest.ts",
        "methods.ts",
        "v2/index.ts",
        "experimental/ClientRequest.ts",
        "experimental/methods.ts",
        "experimental/v2/ThreadStartParams.ts",
      ]),
    );
  });

  it("the experimental tree holds only what differs from the stable one, each declaration tagged @experimental", () => {
    const experimental = listFiles(join(committed, "experimental"));
    // Not a second copy of the protocol: unchanged types are imported from the stable tree.
    expect(experimental.length).toBeGreaterThan(50);
    expect(experimental.length).toBeLessThan(listFiles(committed).length / 2);
    const untagged = experimental.filter(
      (f) =>
        f.endsWith(".ts") &&
        !f.endsWith("index.ts") &&
        !readFileSync(join(committed, "experimental", f), "utf8").includes("@experimental"),
    );
    expect(untagged).toEqual([]);
    const stableThreadStart = readFileSync(join(committed, "v2", "ThreadStartParams.ts"), "utf8");
    expect(stableThreadStart).not.toContain("dynamicTools");
    expect(readFileSync(join(committed, "experimental", "v2", "ThreadStartParams.ts"), "utf8")).toContain(
      "dynamicTools?: Array<DynamicToolSpec>",
    );
  });

  it("methods whose params may be omitted are in the stable map (they were skipped once)", () => {
    const methods = readFileSync(join(committed, "methods.ts"), "utf8");
    for (const method of [
      "account/rateLimits/read",
      "account/usage/read",
      "account/gatewayOAuth/read",
      "account/gatewayOAuth/login",
    ]) {
      expect(methods).toContain(`${JSON.stringify(method)}: { params: `);
    }
  });

  it("was generated by the pinned runtime version", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const pinned = pkg.dependencies["@openai/codex"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // an exact version, no range
    expect(readFileSync(join(committed, "VERSION"), "utf8")).toBe(`codex-cli ${pinned}\n`);
  });

  it("the comparison reports a changed, a removed and an added file by name", () => {
    cpSync(fresh, scratch, { recursive: true });
    expect(compareTrees(scratch, fresh)).toEqual({ drifted: [], missing: [], extra: [] });

    const changed = "v2/ThreadStartParams.ts";
    writeFileSync(join(scratch, changed), readFileSync(join(scratch, changed), "utf8") + " ");
    unlinkSync(join(scratch, "ClientRequest.ts"));
    writeFileSync(join(scratch, "v2", "HandWritten.ts"), "export type HandWritten = string;\n");

    const diff = compareTrees(scratch, fresh);
    expect(diff).toEqual({
      drifted: [changed],
      missing: ["ClientRequest.ts"],
      extra: ["v2/HandWritten.ts"],
    });
    const report = describeDiff(diff);
    expect(report).toContain(`drifted: ${changed}`);
    expect(report).toContain("missing: ClientRequest.ts");
    expect(report).toContain("extra:   v2/HandWritten.ts");
  });

  it("the comparison sees a one-byte change that keeps the length", () => {
    cpSync(fresh, scratch, { recursive: true, force: true });
    const file = join(scratch, "methods.ts");
    const bytes = readFileSync(file);
    const i = bytes.indexOf("result");
    bytes[i] = "R".charCodeAt(0);
    writeFileSync(file, bytes);
    expect(compareTrees(scratch, fresh).drifted).toEqual(["methods.ts"]);
  });
});
