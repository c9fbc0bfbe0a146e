/**
 * Runtime control against the real pinned binary: `codex.config` (write then read, with layers and
 * origins; a batch; a stale `expectedVersion`), `codex.skills.list()` over a skill written into
 * the temporary CODEX_HOME, `codex.fuzzyFileSearch()` over files of the temporary workspace, and
 * `codex.models()` paging. Rate limits, usage and feedback upload need a ChatGPT account or the
 * network: they are unit-tested against a fake server (test/unit/runtime-control.test.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { InvalidArgumentError, InvalidRequestError } from "../../src/index.js";
import type { Model } from "../../src/types.js";
import { rejection, SdkEnv } from "../support/sdk.js";

let env: SdkEnv;

beforeEach(async () => {
  env = await SdkEnv.create();
});

afterEach(async () => {
  await env.dispose();
});

describe("codex.config", () => {
  it("write() then read() gives the value back, from the user layer of CODEX_HOME", async () => {
    const codex = env.codex();
    const before = await codex.config.read();
    expect(before.config.model_verbosity).toBeNull();

    const written = await codex.config.write("model_verbosity", "low");
    expect(written.status).toBe("ok");
    expect(written.filePath).toBe(join(env.harness.codexHome, "config.toml"));

    const after = await codex.config.read({ includeLayers: true });
    expect(after.config.model_verbosity).toBe("low");
    expect(after.origins["model_verbosity"]?.name).toMatchObject({ type: "user" });
    expect(after.origins["model_verbosity"]?.version).toBe(written.version);
    const user = after.layers?.find((layer) => layer.name.type === "user");
    expect(user?.config).toMatchObject({ model_verbosity: "low" });
    // The user layer's version is the file's: what expectedVersion compares against.
    expect(user?.version).toBe(written.version);
    // Without includeLayers the layers are left out.
    expect(before.layers ?? null).toBeNull();
  });

  it("batchWrite() applies every edit, upsert merges a table, and a stale expectedVersion is refused", async () => {
    const codex = env.codex();
    await codex.config.write("shell_environment_policy.set", { FIRST: "1" });
    const { version } = await codex.config.write("model_reasoning_summary", "concise");
    const batch = await codex.config.batchWrite(
      [
        { keyPath: "model_verbosity", value: "high" },
        { keyPath: "shell_environment_policy.set", value: { SECOND: "2" }, mergeStrategy: "upsert" },
      ],
      { expectedVersion: version },
    );
    expect(batch.status).toBe("ok");
    const { config, layers } = await codex.config.read({ includeLayers: true });
    expect(config.model_verbosity).toBe("high");
    expect(config.model_reasoning_summary).toBe("concise");
    const user = layers?.find((layer) => layer.name.type === "user");
    expect(user?.config).toMatchObject({ shell_environment_policy: { set: { FIRST: "1", SECOND: "2" } } });

    const stale = await rejection(codex.config.write("model_verbosity", "low", { expectedVersion: version }));
    expect(stale).toBeInstanceOf(InvalidRequestError);
    const bad = await rejection(codex.config.write("model_verbosity", "bogus"));
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect((bad as Error).message).toMatch(/unknown variant `bogus`/);
    expect((await codex.config.read()).config.model_verbosity).toBe("high");
  });

  it("refuses values JSON cannot carry and bad key paths before sending anything", async () => {
    const { codex, spy } = env.spiedCodex();
    await expect(codex.config.write("", "low")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.config.write("model_context_window", Number.NaN)).rejects.toThrow(/finite/);
    await expect(codex.config.write("x", { a: undefined })).rejects.toThrow(/value\.a/);
    await expect(codex.config.batchWrite([])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.config.write("model", "m", { mergeStrategy: "merge" as never })).rejects.toThrow(
      /did you mean|must be one of/,
    );
    expect(spy.requests("config/value/write")).toEqual([]);
    expect(spy.requests("config/batchWrite")).toEqual([]);
  });
});

describe("codex.skills.list()", () => {
  it("lists a skill written into CODEX_HOME/skills, as a user skill of the workspace", async () => {
    const dir = join(env.harness.codexHome, "skills", "sdk-probe");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "SKILL.md"),
      "---\nname: sdk-probe\ndescription: A skill the SDK's test wrote.\n---\n\nSay probe.\n",
    );
    const codex = env.codex();
    const { data } = await codex.skills.list({ cwds: [env.harness.workspace], forceReload: true });
    expect(data.map((entry) => entry.cwd)).toEqual([env.harness.workspace]);
    const probe = data[0]?.skills.find((skill) => skill.name === "sdk-probe");
    expect(probe).toMatchObject({
      description: "A skill the SDK's test wrote.",
      scope: "user",
      enabled: true,
    });
    expect(data[0]?.errors).toEqual([]);
  });
});

describe("codex.fuzzyFileSearch()", () => {
  it("finds a file of the workspace by a fuzzy query, with the matched indices", async () => {
    mkdirSync(join(env.harness.workspace, "src", "deep"), { recursive: true });
    writeFileSync(join(env.harness.workspace, "src", "deep", "needle-file.ts"), "x");
    writeFileSync(join(env.harness.workspace, "other.md"), "x");
    const codex = env.codex();
    const files = await codex.fuzzyFileSearch("ndlfile", { roots: [env.harness.workspace] });
    expect(files.map((f) => f.path)).toEqual(["src/deep/needle-file.ts"]);
    expect(files[0]).toMatchObject({
      root: env.harness.workspace,
      file_name: "needle-file.ts",
      match_type: "file",
    });
    expect(files[0]?.indices?.length).toBe("ndlfile".length);
  });

  it("refuses a relative root (the runtime would silently find nothing) before sending", async () => {
    const { codex, spy } = env.spiedCodex();
    await expect(codex.fuzzyFileSearch("x", { roots: ["src"] })).rejects.toThrow(/absolute/);
    await expect(codex.fuzzyFileSearch("x", { roots: [] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(codex.fuzzyFileSearch("", { roots: ["/"] })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(spy.requests("fuzzyFileSearch")).toEqual([]);
  });
});

describe("codex.models()", () => {
  it("awaited gives one page; iterated gives every model of every page, in order", async () => {
    const codex = env.codex();
    const all = await codex.models({ includeHidden: true });
    expect(all.nextCursor).toBeNull();
    expect(all.data.length).toBeGreaterThan(2);

    const first = await codex.models({ includeHidden: true, limit: 2 });
    expect(first.data).toEqual(all.data.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();

    const paged: Model[] = [];
    for await (const model of codex.models({ includeHidden: true, limit: 2 })) paged.push(model);
    expect(paged.map((m) => m.id)).toEqual(all.data.map((m) => m.id));

    // Hidden models are left out by default, as before.
    const visible = await codex.models();
    expect(visible.data.every((m) => !m.hidden)).toBe(true);
  });

  it("filters by provider: the configured one lists, an unknown one is refused by the runtime", async () => {
    const codex = env.codex();
    const { defaultProviderId } = await codex.request("modelProvider/list", {});
    const ofProvider = await codex.models({ modelProvider: defaultProviderId });
    expect(ofProvider.data.length).toBeGreaterThan(0);
    expect(await rejection(codex.models({ modelProvider: "no-such-provider" }))).toBeInstanceOf(
      InvalidRequestError,
    );
    expect(await rejection(codex.models({ cursor: "not-a-cursor" }))).toBeInstanceOf(InvalidRequestError);
    await expect(codex.models({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
