import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { AppServerHarness, HARNESS_DISABLED_FEATURES, MockResponsesServer } from "../../src/testing/index.js";

const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function create(options?: Parameters<typeof AppServerHarness.create>[0]): Promise<AppServerHarness> {
  const harness = await AppServerHarness.create(options);
  cleanup.push(() => harness.dispose());
  return harness;
}

describe("AppServerHarness (no process)", () => {
  it("lays out codex-home, workspace and an isolated home under one temp root", async () => {
    const harness = await create();
    for (const dir of [harness.codexHome, harness.workspace, harness.home]) {
      expect(statSync(dir).isDirectory()).toBe(true);
      expect(dir.startsWith(harness.root)).toBe(true);
    }
    expect(readFileSync(join(harness.codexHome, "config.toml"), "utf8")).toBe(harness.configToml);
  });

  it("writes a config.toml pointing the mock provider at the mock, offline", async () => {
    const harness = await create();
    const toml = harness.configToml;
    expect(toml).toContain('model = "mock-model"\n');
    expect(toml).toContain('approval_policy = "never"\n');
    expect(toml).toContain('sandbox_mode = "read-only"\n');
    expect(toml).toContain('model_provider = "mock_provider"\n');
    expect(toml).toContain(
      `[model_providers.mock_provider]\nname = "Mock Responses API"\nbase_url = "${harness.mock.url}"\n` +
        'wire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n',
    );
    expect(toml).not.toContain("requires_openai_auth");
    for (const feature of Object.keys(HARNESS_DISABLED_FEATURES))
      expect(toml).toContain(`\n${feature} = false\n`);
  });

  it("merges requiresOpenaiAuth, extra config and features", async () => {
    const harness = await create({
      requiresOpenaiAuth: true,
      config: {
        model_reasoning_effort: "high",
        sandbox_mode: undefined,
        features: { shell_snapshot: false },
      },
      features: { plugins: true },
    });
    const toml = harness.configToml;
    expect(toml).toContain("requires_openai_auth = true\n");
    expect(toml).toContain('model_reasoning_effort = "high"\n');
    expect(toml).not.toContain("sandbox_mode");
    expect(toml).toContain("\nplugins = true\n");
    expect(toml).toContain("\nshell_snapshot = false\n");
  });

  it("exposes an environment that isolates CODEX_HOME and HOME", async () => {
    const harness = await create({ env: { EXTRA: "1" } });
    expect(harness.env).toMatchObject({
      CODEX_HOME: harness.codexHome,
      HOME: harness.home,
      CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
      RUST_LOG: "warn,codex_models_manager::model_info=error",
      EXTRA: "1",
    });
  });

  it("codexOptions returns cwd and env, merging extras", async () => {
    const harness = await create();
    expect(harness.codexOptions()).toEqual({ cwd: harness.workspace, env: harness.env });
    const onServerRequest = (): void => undefined;
    const options = harness.codexOptions({ env: { RUST_LOG: "debug" }, onServerRequest });
    expect(options.env["RUST_LOG"]).toBe("debug");
    expect(options.env["CODEX_HOME"]).toBe(harness.codexHome);
    expect(options.onServerRequest).toBe(onServerRequest);
    expect(harness.codexOptions({ cwd: "/elsewhere" }).cwd).toBe("/elsewhere");
  });

  it("dispose removes the root and closes the mock it started; idempotent", async () => {
    const harness = await AppServerHarness.create();
    await harness.dispose();
    await harness.dispose();
    expect(existsSync(harness.root)).toBe(false);
    expect(() => harness.mock.enqueue([])).toThrow(/closed/);
  });

  it("leaves a mock it was given open", async () => {
    const mock = await MockResponsesServer.start();
    cleanup.push(() => mock.close());
    const parent = await mkdtemp(join(tmpdir(), "harness-parent-"));
    cleanup.push(() => rm(parent, { recursive: true, force: true }));
    {
      await using harness = await AppServerHarness.create({ mock, tmpDir: parent });
      expect(harness.mock).toBe(mock);
      expect(harness.root.startsWith(parent)).toBe(true);
      expect(harness.configToml).toContain(mock.url);
    }
    expect(() => mock.enqueue([])).not.toThrow();
  });

  it("validates its options", async () => {
    await expect(
      AppServerHarness.create({ features: { plugins: "no" as unknown as boolean } }),
    ).rejects.toThrow(/features.plugins must be a boolean/);
    await expect(AppServerHarness.create({ config: { bad: null as unknown as string } })).rejects.toThrow(
      /config value at `bad` cannot be written as TOML: null/,
    );
    await expect(AppServerHarness.create({ mock: {} as MockResponsesServer })).rejects.toThrow(
      /mock must be a MockResponsesServer/,
    );
  });
});
