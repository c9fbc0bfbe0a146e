/**
 * The package as users get it: the exports map, and every entry point loadable by both `import()`
 * and `require()` (Node >= 20.19 loads ESM through require()).
 *
 * The build runs here, with the project's build script, into a temporary copy of the package
 * (package.json + dist/), which a temporary consumer installs by symlink: so the test checks a fresh
 * build through the real exports map, whatever state the working tree's dist/ is in.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** A bound for one tsc run over the package (see the type-check tests). */
const TSC_TIMEOUT_MS = 240_000;

interface ExportTarget {
  types: string;
  default: string;
}
interface PackageJson {
  name: string;
  version: string;
  type: string;
  engines: { node: string };
  main: string;
  types: string;
  files: string[];
  exports: Record<string, ExportTarget | string>;
  dependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;

/** The public entry points and the source file each is built from. */
const ENTRY_POINTS = [
  { subpath: ".", specifier: "codex-app-sdk", source: "src/index.ts", typeOnly: false },
  // Type-only re-exports of the protocol: at runtime an empty module, which must still load.
  { subpath: "./types", specifier: "codex-app-sdk/types", source: "src/types.ts", typeOnly: true },
  {
    subpath: "./testing",
    specifier: "codex-app-sdk/testing",
    source: "src/testing/index.ts",
    typeOnly: false,
  },
  {
    subpath: "./codex-sdk",
    specifier: "codex-app-sdk/codex-sdk",
    source: "src/codex-sdk/index.ts",
    typeOnly: false,
  },
  // The job queue: needs the optional peers bullmq and ioredis (dev dependencies here).
  { subpath: "./queue", specifier: "codex-app-sdk/queue", source: "src/queue/index.ts", typeOnly: false },
] as const;

describe("package.json", () => {
  it("is an ESM package for Node ^20.19 or >= 22.12 with the exact exports map", () => {
    expect(pkg.name).toBe("codex-app-sdk");
    expect(pkg.type).toBe("module");
    // The lines that load ESM through require() without a flag (20.19, 22.12) and that have
    // process.getBuiltinModule (20.16, 22.3), which the SDK uses for builtins it loads on demand.
    expect(pkg.engines.node).toBe("^20.19.0 || >=22.12.0");
    expect(Object.keys(pkg.exports)).toEqual([
      ".",
      "./types",
      "./testing",
      "./codex-sdk",
      "./queue",
      "./package.json",
    ]);
    expect(pkg.exports["./package.json"]).toBe("./package.json");
    expect(pkg.files).toContain("dist");
  });

  it("gives every entry point a types condition first, then default, both in dist/", () => {
    for (const { subpath, source } of ENTRY_POINTS) {
      const target = pkg.exports[subpath] as ExportTarget;
      expect(Object.keys(target), subpath).toEqual(["types", "default"]);
      const base = source.replace(/^src\//, "./dist/").replace(/\.ts$/, "");
      expect(target.default).toBe(`${base}.js`);
      expect(target.types).toBe(`${base}.d.ts`);
    }
    expect(pkg.main).toBe((pkg.exports["."] as ExportTarget).default);
    expect(pkg.types).toBe((pkg.exports["."] as ExportTarget).types);
  });

  it("pins the runtime to one exact version", () => {
    expect(pkg.dependencies["@openai/codex"]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("built package", () => {
  let work: string;
  let consumer: string;
  let packageDir: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "codex-sdk-package-"));
    packageDir = join(work, "codex-app-sdk");
    consumer = join(work, "consumer");
    mkdirSync(packageDir);
    copyFileSync(join(root, "package.json"), join(packageDir, "package.json"));
    // Dependencies (ws, @openai/codex) resolve from the project's node_modules.
    symlinkSync(join(root, "node_modules"), join(packageDir, "node_modules"), "dir");
    // The project's build script (tsc declarations + the esbuild bundle), into the copy's dist/.
    const build = spawnSync(
      process.execPath,
      [join(root, "scripts", "build.mjs"), join(packageDir, "dist")],
      { cwd: root, encoding: "utf8" },
    );
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
    mkdirSync(join(consumer, "node_modules"), { recursive: true });
    symlinkSync(packageDir, join(consumer, "node_modules", "codex-app-sdk"), "dir");
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs a script in the consumer folder and returns its stdout; fails with its stderr. */
  function node(args: string[]): string {
    const r = spawnSync(process.execPath, args, { cwd: consumer, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  function importNames(specifier: string): string[] {
    const out = node([
      "--input-type=module",
      "-e",
      `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`,
    ]);
    return JSON.parse(out) as string[];
  }

  function requireNames(specifier: string): string[] {
    const out = node([
      "-e",
      `const m = require(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== "__esModule" && k !== "module.exports").sort()));`,
    ]);
    return JSON.parse(out) as string[];
  }

  for (const entry of ENTRY_POINTS) {
    it(`${entry.specifier}: import() and require() load the same set of exports`, () => {
      expect(existsSync(join(root, entry.source)), `${entry.source} is missing`).toBe(true);
      const target = pkg.exports[entry.subpath] as ExportTarget;
      expect(existsSync(join(packageDir, target.default))).toBe(true);
      expect(existsSync(join(packageDir, target.types))).toBe(true);
      const imported = importNames(entry.specifier);
      const required = requireNames(entry.specifier);
      if (!entry.typeOnly) expect(imported.length, `${entry.specifier} exports nothing`).toBeGreaterThan(0);
      expect(required).toEqual(imported);
    });
  }

  // The bundle is minified (scripts/build.mjs): a class or function that esbuild renamed (to avoid a
  // clash, or `class _Name` for a class that refers to itself) would show that name in stack traces
  // and `constructor.name`. Functions made by a factory (`approveAll`) have no name of their own.
  it("keeps the name of every exported class and function in the built bundle", () => {
    const specifiers = ENTRY_POINTS.filter((e) => !e.typeOnly).map((e) => e.specifier);
    const out = node([
      "--input-type=module",
      "-e",
      `const wrong = [];
       for (const specifier of ${JSON.stringify(specifiers)}) {
         const m = await import(specifier);
         for (const [name, value] of Object.entries(m))
           if (typeof value === "function" && value.name !== "" && value.name !== name) wrong.push(specifier + ": " + name + " is named " + JSON.stringify(value.name));
       }
       console.log(JSON.stringify(wrong));`,
    ]);
    expect(JSON.parse(out)).toEqual([]);
  });

  // Each type-check runs tsc over the whole package with skipLibCheck off: ~15 s on a quiet machine,
  // over 60 s on two loaded cores, hence its own timeout.
  it(
    "type-checks for ESM (.mts) and CommonJS (.cts) consumers under module nodenext",
    { timeout: TSC_TIMEOUT_MS },
    () => {
      const code = `import type { InitializeResponse } from "codex-app-sdk/types";
import * as sdk from "codex-app-sdk";
import * as testing from "codex-app-sdk/testing";
import * as compat from "codex-app-sdk/codex-sdk";
import * as queue from "codex-app-sdk/queue";
export const count: number =
  Object.keys(sdk).length + Object.keys(testing).length + Object.keys(compat).length + Object.keys(queue).length;
export type Init = InitializeResponse["userAgent"];
`;
      writeFileSync(join(consumer, "esm.mts"), code);
      writeFileSync(join(consumer, "cjs.cts"), code);
      writeFileSync(
        join(consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module: "nodenext",
            moduleResolution: "nodenext",
            target: "es2022",
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
            typeRoots: [join(root, "node_modules", "@types")],
          },
          files: ["esm.mts", "cjs.cts"],
        }),
      );
      const r = spawnSync(
        process.execPath,
        [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", consumer],
        {
          cwd: consumer,
          encoding: "utf8",
        },
      );
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
  );

  // Consumers on the older resolutions: node10 ("node") reads no exports map and needs typesVersions
  // for the subpaths; bundler reads the exports map like nodenext. The node10 consumer has
  // esModuleInterop, as `tsc --init` sets it: the codex-sdk entry's types reference
  // @modelcontextprotocol/sdk (as @openai/codex-sdk's do), whose zod declarations need it there.
  it.each([
    ["node10", { module: "commonjs", moduleResolution: "node10", esModuleInterop: true }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])(
    "type-checks every entry point under moduleResolution %s",
    { timeout: TSC_TIMEOUT_MS },
    (name, options) => {
      const dir = join(consumer, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "main.ts"),
        `import type { InitializeResponse } from "codex-app-sdk/types";
import { Codex } from "codex-app-sdk";
import { MockResponsesServer } from "codex-app-sdk/testing";
import { Codex as CompatCodex } from "codex-app-sdk/codex-sdk";
import { CodexQueue } from "codex-app-sdk/queue";
export type Init = InitializeResponse["userAgent"];
export const made: [typeof Codex, typeof MockResponsesServer, typeof CompatCodex, typeof CodexQueue] = [
  Codex,
  MockResponsesServer,
  CompatCodex,
  CodexQueue,
];
`,
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: "es2022",
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
            typeRoots: [join(root, "node_modules", "@types")],
          },
          files: ["main.ts"],
        }),
      );
      const r = spawnSync(
        process.execPath,
        [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir],
        {
          cwd: dir,
          encoding: "utf8",
        },
      );
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
  );

  it("exposes package.json and nothing outside the exports map", () => {
    expect(node(["-e", `console.log(require("codex-app-sdk/package.json").version)`]).trim()).toBe(
      pkg.version,
    );
    const deep = spawnSync(process.execPath, ["-e", `require("codex-app-sdk/dist/errors.js")`], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });
});
