/**
 * The supported runtime range and the start-up warning outside it. The range comes from the
 * generated module (package.json's oldest supported version and the pinned one); the versions
 * below are derived from it, so no test names a runtime version.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { Codex } from "../../src/index.js";
import type { Notification } from "../../src/api/events.js";
import {
  isSupportedRuntime,
  runtimeVersionWarning,
  supportedRangeText,
} from "../../src/api/codex/runtime-support.js";
import { SUPPORTED_RUNTIME } from "../../src/generated/runtime.js";
import { writeFakeAppServer } from "../support/fake-app-server.js";
import { createMemoryTransport, initializeResult } from "../support/memory-transport.js";
import { PINNED_RUNTIME_VERSION } from "../support/pinned-runtime.js";
import { rejection, within } from "../support/sdk.js";

function parts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  return [major, minor, patch];
}
const [pMajor, pMinor, pPatch] = parts(SUPPORTED_RUNTIME.pinned);
const [oMajor, oMinor] = parts(SUPPORTED_RUNTIME.oldest);
/** A version the SDK does not support: a minor line newer than the pinned one. */
const TOO_NEW = `${pMajor}.${pMinor + 1}.0`;

const open: Codex[] = [];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "codex-sdk-runtime-support-"));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A client over an in-memory fake whose `initialize` reports `version`; records its warnings. */
async function startWith(version: string): Promise<{ codex: Codex; warnings: string[] }> {
  const { transport, server } = createMemoryTransport();
  const result = initializeResult();
  server.handle("initialize", () => ({
    ...result,
    userAgent: (result.userAgent ?? "").replace(PINNED_RUNTIME_VERSION, version),
  }));
  const codex = new Codex({ transport });
  open.push(codex);
  const warnings: string[] = [];
  codex.on("warning", (n: Notification) => {
    if (n.method === "warning") warnings.push(n.params.message);
  });
  expect((await codex.start()).serverVersion).toBe(version);
  return { codex, warnings };
}

describe("the supported runtime range", () => {
  it("is the pinned version back to package.json's oldest supported one", () => {
    expect(SUPPORTED_RUNTIME.pinned).toBe(PINNED_RUNTIME_VERSION);
    expect(supportedRangeText()).toBe(`${SUPPORTED_RUNTIME.oldest} to ${pMajor}.${pMinor}.x`);
  });

  it("includes both ends and the pinned minor line's patch releases", () => {
    expect(isSupportedRuntime(SUPPORTED_RUNTIME.oldest)).toBe(true);
    expect(isSupportedRuntime(SUPPORTED_RUNTIME.pinned)).toBe(true);
    expect(isSupportedRuntime(`${pMajor}.${pMinor}.${pPatch + 7}`)).toBe(true);
    expect(isSupportedRuntime(`${pMajor}.${pMinor}.${pPatch + 1}-alpha.2`)).toBe(true);
  });

  it("excludes newer minor lines, older versions, prereleases of the oldest and unparsable versions", () => {
    expect(isSupportedRuntime(TOO_NEW)).toBe(false);
    expect(isSupportedRuntime(`${pMajor + 1}.0.0`)).toBe(false);
    expect(isSupportedRuntime(`${oMajor}.${oMinor - 1}.99`)).toBe(false);
    expect(isSupportedRuntime(`${SUPPORTED_RUNTIME.oldest}-alpha.1`)).toBe(false);
    expect(isSupportedRuntime("0.0.0")).toBe(false);
    expect(isSupportedRuntime("dev")).toBe(false);
    expect(isSupportedRuntime("")).toBe(false);
  });

  it("words the warning with the version, the range and what to do", () => {
    expect(runtimeVersionWarning(SUPPORTED_RUNTIME.pinned)).toBeUndefined();
    const message = runtimeVersionWarning(TOO_NEW) ?? "";
    expect(message).toContain(
      `codex app-server ${TOO_NEW} is outside the runtime versions this SDK supports`,
    );
    expect(message).toContain(supportedRangeText());
    expect(message).toMatch(/codexPath option or CODEX_PATH/);
    expect(message).toContain("CHANGELOG.md");
  });
});

describe("the start-up check (in-memory fake app-server reporting a chosen version)", () => {
  it("a supported server gives no warning", async () => {
    const { codex, warnings } = await startWith(SUPPORTED_RUNTIME.oldest);
    await codex.close();
    expect(warnings).toEqual([]);
  });

  it("an unsupported server gives one warning event and one process warning, and still works", async () => {
    const processWarnings: Error[] = [];
    const onWarning = (w: Error): void => {
      if (w.name === "CodexRuntimeVersionWarning") processWarnings.push(w);
    };
    process.on("warning", onWarning);
    try {
      const version = `${pMajor}.${pMinor + 2}.0`;
      const first = await startWith(version);
      const second = await startWith(version); // another client: its own event, no second process warning
      // process.emitWarning delivers on process.nextTick: one turn of the event loop flushes it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(first.warnings).toEqual([runtimeVersionWarning(version)]);
      expect(second.warnings).toEqual([runtimeVersionWarning(version)]);
      expect(processWarnings.map((w) => w.message)).toEqual([runtimeVersionWarning(version)]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("the start-up check (scripted fake app-server process: the real one reports only its own version)", () => {
  it("warns once per client, also when reconnect() starts a new server of the same version", async () => {
    const codexPath = writeFakeAppServer(dir, {
      on: {
        initialize: [
          {
            respond: {
              userAgent: `codex_app_sdk/${TOO_NEW} (Fake OS) xterm`,
              codexHome: "/fake",
              platformFamily: "unix",
              platformOs: "linux",
            },
          },
        ],
        "test/die": [{ exit: 9 }],
      },
    });
    const codex = new Codex({ codexPath });
    open.push(codex);
    const warnings: Notification[] = [];
    codex.on("warning", (n) => warnings.push(n));
    await within(codex.start(), "start()");
    await rejection(codex.request("test/die" as "thread/list", {}), "the crash");
    expect((await within(codex.reconnect(), "reconnect()")).serverVersion).toBe(TOO_NEW);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ method: "warning", params: { threadId: null } });
  });
});

describe("the range as the docs state it", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const read = (file: string): string => readFileSync(join(root, file), "utf8").replace(/\s+/g, " ");
  const sdkVersion = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string })
    .version;

  it("README.md states the pinned runtime and the supported range", () => {
    const readme = read("README.md");
    expect(readme).toContain(`(\`@openai/codex\` ${SUPPORTED_RUNTIME.pinned})`);
    expect(readme).toContain(`Supported runtimes: \`@openai/codex\` ${supportedRangeText()}.`);
  });

  it("CHANGELOG.md lists the current SDK version with its pinned runtime and range", () => {
    const row = read("CHANGELOG.md")
      .split("|")
      .map((cell) => cell.trim());
    const at = row.findIndex((cell) => cell === sdkVersion || cell.startsWith(`${sdkVersion} (`));
    expect(at, `no CHANGELOG.md row for ${sdkVersion}`).toBeGreaterThan(-1);
    expect(row.slice(at + 1, at + 3)).toEqual([SUPPORTED_RUNTIME.pinned, supportedRangeText()]);
  });
});
