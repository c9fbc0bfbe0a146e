/**
 * What the commands the agent runs see of the environment the SDK was started from, through the
 * REAL pinned binary: the mock model runs `env` and `printenv`, and what came back to the model
 * (the `function_call_output` of the next model request) is searched for planted secrets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { CodexOptions } from "../../src/index.js";
import { shellCommandResponse, textResponse } from "../../src/testing/index.js";
import { SdkEnv, within } from "../support/sdk.js";

/** Secrets a server process typically holds; each value is unique so a leak is found by value. */
const PLANTED: Readonly<Record<string, string>> = {
  GITHUB_TOKEN: "ghp_plantedGithubToken0001",
  AWS_SECRET_ACCESS_KEY: "planted/aws/secret/0002",
  AWS_ACCESS_KEY_ID: "AKIAPLANTED0003",
  DATABASE_URL: "postgres://app:planted-db-pass-0004@db.internal:5432/app",
  PGPASSWORD: "planted-pgpassword-0005",
  OPENAI_API_KEY: "sk-planted-openai-0006",
  STRIPE_SECRET: "planted-stripe-0007",
  NPM_TOKEN: "planted-npm-0008",
  SLACK_WEBHOOK_URL: "https://hooks.slack.invalid/planted-0009",
  MY_SERVICE_CREDENTIALS: "planted-credentials-0010",
};
const ALLOWED = { SDK_TEST_ALLOWED_VAR: "allowed-value-visible-0011" };

let env: SdkEnv;
const saved = new Map<string, string | undefined>();
let calls = 0;

beforeAll(async () => {
  env = await SdkEnv.create();
  for (const [name, value] of Object.entries({ ...PLANTED, ...ALLOWED })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await env.dispose();
});

afterEach(() => {
  env.mock.assertAllConsumed();
});

/** Runs `env; printenv` through the model and returns what the command printed to it. */
async function commandOutput(options: Omit<CodexOptions, "cwd" | "env"> = {}): Promise<string> {
  const callId = `call_env_${++calls}`;
  env.mock.enqueue(shellCommandResponse(callId, "env; echo ---; printenv"));
  env.mock.enqueue(textResponse("seen"));
  const codex = env.codex(options);
  const thread = await codex.threadStart();
  const result = await within(thread.run("show me the environment"), "the turn");
  expect(result.finalResponse).toBe("seen");
  await codex.close();
  const output = env.mock.requests
    .flatMap((r) => r.functionCallOutputs())
    .find((o) => o.callId === callId)?.output;
  expect(output, "the command's output reached the model").toBeDefined();
  expect(output).toContain("PATH=");
  return output ?? "";
}

function leaked(output: string): string[] {
  return Object.entries(PLANTED)
    .filter(([name, value]) => output.includes(value) || output.includes(`${name}=`))
    .map(([name]) => name);
}

describe("the environment of the commands the agent runs", () => {
  it("holds none of the host's secrets by default, nor an unlisted variable", async () => {
    const output = await commandOutput();
    expect(leaked(output)).toEqual([]);
    expect(output).not.toContain(ALLOWED.SDK_TEST_ALLOWED_VAR);
    expect(output).toContain(`HOME=${env.harness.home}`);
  });

  it("holds a variable the caller lists in commandEnv", async () => {
    const output = await commandOutput({ commandEnv: ["SDK_TEST_ALLOWED_VAR"] });
    expect(output).toContain(`SDK_TEST_ALLOWED_VAR=${ALLOWED.SDK_TEST_ALLOWED_VAR}`);
    expect(leaked(output)).toEqual([]);
  });

  it("passes a secret-looking variable only when allowSecretEnv names it too", async () => {
    await expect(env.codex({ commandEnv: ["NPM_TOKEN"] }).threadStart()).rejects.toThrow(
      /commandEnv lists NPM_TOKEN, which looks like a credential.*allowSecretEnv/,
    );
    const output = await commandOutput({ commandEnv: ["NPM_TOKEN"], allowSecretEnv: ["NPM_TOKEN"] });
    expect(leaked(output)).toEqual(["NPM_TOKEN"]);
  });

  it("holds none of them even when the app-server inherits everything", async () => {
    const output = await commandOutput({ inheritEnv: "all" });
    expect(leaked(output)).toEqual([]);
  });

  it("leaks through the runtime's own policy (the old default), which is why the SDK sets one", async () => {
    // The whole environment, and the runtime's shell_environment_policy defaults: its default
    // excludes (*KEY*, *SECRET*, *TOKEN*) miss a password in a URL and PGPASSWORD.
    const output = await commandOutput({ inheritEnv: "all", commandEnv: "runtime" });
    expect(leaked(output)).toEqual(expect.arrayContaining(["DATABASE_URL", "PGPASSWORD"]));
  });
});
