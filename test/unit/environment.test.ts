import { describe, expect, it } from "vitest";

import {
  appServerEnvironment,
  commandEnvironmentConfig,
  looksLikeSecret,
} from "../../src/transport/environment.js";
import { CodexError } from "../../src/index.js";

const HOST = {
  PATH: "/usr/bin",
  HOME: "/home/me",
  LANG: "C.UTF-8",
  LC_TIME: "C",
  HTTPS_PROXY: "http://proxy:3128",
  GITHUB_TOKEN: "ghp_x",
  DATABASE_URL: "postgres://u:p@h/db",
  MYAPP_MODE: "dev",
  MYAPP_DEBUG: "1",
  CODEX_APP_SERVER_LOGIN_ISSUER: "http://127.0.0.1:1",
  CODEX_API_KEY: "sk-x",
};

describe("appServerEnvironment", () => {
  it("keeps what an app-server needs and drops everything else", () => {
    expect(appServerEnvironment(HOST, {})).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/me",
      LANG: "C.UTF-8",
      LC_TIME: "C",
      HTTPS_PROXY: "http://proxy:3128",
      // The runtime's own settings pass, a credential among them does not.
      CODEX_APP_SERVER_LOGIN_ISSUER: "http://127.0.0.1:1",
    });
  });

  it("adds inheritEnv names and prefixes, commandEnv names, then env (undefined removes)", () => {
    const env = appServerEnvironment(HOST, {
      inheritEnv: ["MYAPP_*"],
      commandEnv: ["GITHUB_TOKEN"],
      env: { EXTRA: "1", LANG: undefined },
    });
    expect(env).toMatchObject({ MYAPP_MODE: "dev", MYAPP_DEBUG: "1", GITHUB_TOKEN: "ghp_x", EXTRA: "1" });
    expect("LANG" in env).toBe(false);
    expect("DATABASE_URL" in env).toBe(false);
    expect(appServerEnvironment(HOST, { inheritEnv: "all" })).toEqual(HOST);
  });

  it("refuses a malformed name list with a CodexError naming the option", () => {
    expect(() => appServerEnvironment(HOST, { inheritEnv: ["A B"] })).toThrow(CodexError);
    expect(() => appServerEnvironment(HOST, { inheritEnv: ["A B"] })).toThrow(/inheritEnv holds "A B"/);
    expect(() => appServerEnvironment(HOST, { commandEnv: "X" as unknown as string[] })).toThrow(
      /commandEnv must be an array/,
    );
  });
});

describe("commandEnvironmentConfig", () => {
  it("sets a policy that keeps the basic variables plus the listed ones", () => {
    const config = commandEnvironmentConfig({ commandEnv: ["MYAPP_*"] }, undefined, HOST);
    expect(config["shell_environment_policy.inherit"]).toBe("all");
    expect(config["shell_environment_policy.ignore_default_excludes"]).toBe(true);
    expect(config["shell_environment_policy.include_only"]).toEqual(
      expect.arrayContaining(["PATH", "HOME", "LANG", "MYAPP_*"]),
    );
    expect(config["shell_environment_policy.include_only"]).not.toContain("HTTPS_PROXY");
  });

  it("refuses a secret-looking name or value unless allowSecretEnv names it", () => {
    expect(() => commandEnvironmentConfig({ commandEnv: ["GITHUB_TOKEN"] }, undefined, HOST)).toThrow(
      /commandEnv lists GITHUB_TOKEN, which looks like a credential/,
    );
    const viaPrefix = { ...HOST, APP_URL: "https://user:pw@example.com" };
    expect(() => commandEnvironmentConfig({ commandEnv: ["APP_*"] }, undefined, viaPrefix)).toThrow(
      /APP_URL/,
    );
    const allowed = commandEnvironmentConfig(
      { commandEnv: ["GITHUB_TOKEN"], allowSecretEnv: ["GITHUB_TOKEN"] },
      undefined,
      HOST,
    );
    expect(allowed["shell_environment_policy.include_only"]).toContain("GITHUB_TOKEN");
  });

  it("leaves the policy to the runtime when asked, or when config sets one", () => {
    expect(commandEnvironmentConfig({ commandEnv: "runtime" }, undefined, HOST)).toEqual({});
    expect(commandEnvironmentConfig({}, { "shell_environment_policy.inherit": "core" }, HOST)).toEqual({});
    expect(commandEnvironmentConfig({}, { shell_environment_policy: { inherit: "core" } }, HOST)).toEqual({});
  });
});

describe("looksLikeSecret", () => {
  it.each([
    "GITHUB_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
    "PGPASSWORD",
    "OPENAI_API_KEY",
    "DATABASE_URL",
    "NPM_AUTH",
  ])("%s looks like a secret", (name) => expect(looksLikeSecret(name)).toBe(true));
  it.each(["PATH", "HOME", "LANG", "PWD", "NODE_ENV"])("%s does not", (name) =>
    expect(looksLikeSecret(name)).toBe(false),
  );
  it("finds a password in a URL value", () => {
    expect(looksLikeSecret("UPSTREAM", "https://bob:hunter2@example.com/")).toBe(true);
    expect(looksLikeSecret("UPSTREAM", "https://example.com/a@b")).toBe(false);
  });
});
