/**
 * The options of `@openai/codex-sdk` (same names and value sets), and what they become on this
 * SDK: client options (`config`, `configOverrides`, `baseUrl`, `env`, `codexPathOverride`) shape the
 * one app-server of a compat `Codex`; thread options become `thread/start` / `thread/resume` params.
 *
 * @module
 */
import { InvalidArgumentError, Sandbox } from "../index.js";
import type { CodexOptions as SdkCodexOptions } from "../api/codex/codex-options.js";
import type { ThreadStartOptions } from "../api/threads/thread-params.js";
import type { ConfigValue } from "../transport/toml.js";

/** A value of {@link CodexOptions.config}. */
export type CodexConfigValue = string | number | boolean | CodexConfigValue[] | CodexConfigObject;
/** A table of {@link CodexOptions.config}. */
export type CodexConfigObject = { [key: string]: CodexConfigValue };

/** Options of `new Codex()`, as in `@openai/codex-sdk`. */
export type CodexOptions = {
  /** Path of the `codex` executable. Default: the binary of the pinned `@openai/codex` package. */
  codexPathOverride?: string;
  /** Base URL of the OpenAI API for this client only (the `openai_base_url` config of its app-server). */
  baseUrl?: string;
  /**
   * API key for this client only: its app-server logs in with it, with an in-memory credential
   * store (nothing written to `auth.json`, nothing set in `process.env`).
   */
  apiKey?: string;
  /**
   * Config overrides as a JSON object: flattened into dotted paths, values written as TOML, passed
   * to the app-server as `--config key=value`.
   */
  config?: CodexConfigObject;
  /** Raw `--config key=value` overrides, passed unchanged after `config` (they win over it). */
  configOverrides?: string[];
  /**
   * The whole environment of the app-server. When given, nothing is inherited from `process.env`;
   * when omitted, the app-server inherits `process.env`.
   */
  env?: Record<string, string>;
};

/** Approval policy of a thread. */
export type ApprovalMode = "never" | "on-request" | "on-failure" | "untrusted";
/** Sandbox of the commands a thread runs. */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
/** Reasoning effort of the model. */
export type ModelReasoningEffort =
  "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | "ultra" | "persistent";
/** Web search: off, from the cache, or live. */
export type WebSearchMode = "disabled" | "cached" | "live";

/** Options of `startThread()` and `resumeThread()`, as in `@openai/codex-sdk`. */
export type ThreadOptions = {
  model?: string;
  /** Source classification applied when this thread is first created. */
  threadSource?: string;
  sandboxMode?: SandboxMode;
  workingDirectory?: string;
  skipGitRepoCheck?: boolean;
  modelReasoningEffort?: ModelReasoningEffort;
  networkAccessEnabled?: boolean;
  webSearchMode?: WebSearchMode;
  webSearchEnabled?: boolean;
  approvalPolicy?: ApprovalMode;
  additionalDirectories?: string[];
};

const SANDBOXES: Readonly<Record<SandboxMode, Sandbox>> = {
  "read-only": Sandbox.read_only,
  "workspace-write": Sandbox.workspace_write,
  "danger-full-access": Sandbox.full_access,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a config leaf (the same refusals as `@openai/codex-sdk`: null, non-finite numbers, functions). */
function leaf(value: unknown, path: string): ConfigValue {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new InvalidArgumentError(`Codex config override at ${path} must be a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => leaf(v, `${path}[${i}]`));
  if (isPlainObject(value)) {
    const table: Record<string, ConfigValue> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "") throw new InvalidArgumentError("Codex config override keys must be non-empty strings");
      if (child !== undefined) table[key] = leaf(child, `${path}.${key}`);
    }
    return table;
  }
  if (value === null) throw new InvalidArgumentError(`Codex config override at ${path} cannot be null`);
  throw new InvalidArgumentError(`Unsupported Codex config override value at ${path}: ${typeof value}`);
}

/**
 * Flattens `config` into dotted keys, each a leaf value (or `{}` for an empty table), in the order
 * the object lists them: `{ a: { b: 1 } }` becomes `{ "a.b": 1 }`.
 * @throws InvalidArgumentError for a value TOML cannot hold, or an empty key
 */
export function flattenConfig(config: unknown): Record<string, ConfigValue> {
  if (!isPlainObject(config)) throw new InvalidArgumentError("Codex config overrides must be a plain object");
  const flat: Record<string, ConfigValue> = {};
  const walk = (table: Record<string, unknown>, prefix: string): void => {
    const entries = Object.entries(table);
    if (prefix !== "" && entries.length === 0) flat[prefix] = {};
    for (const [key, child] of entries) {
      if (key === "") throw new InvalidArgumentError("Codex config override keys must be non-empty strings");
      if (child === undefined) continue;
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (isPlainObject(child)) walk(child, path);
      else flat[path] = leaf(child, path);
    }
  };
  walk(config, "");
  return flat;
}

/** The environment the app-server gets: exactly `env` when given, else all of `process.env`. */
function environment(
  env: Record<string, string> | undefined,
): Pick<SdkCodexOptions, "env" | "inheritEnv" | "commandEnv"> {
  // Commands see what the runtime's own shell_environment_policy lets through, as under `codex exec`.
  if (env === undefined) return { inheritEnv: "all", commandEnv: "runtime" };
  if (!isPlainObject(env))
    throw new InvalidArgumentError("env must be an object of variable names to strings");
  const exact: Record<string, string | undefined> = {};
  // The SDK always passes a few variables of this process (PATH, HOME…): remove the ones `env` lacks.
  for (const name of Object.keys(process.env)) exact[name] = undefined;
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== "string") throw new InvalidArgumentError(`env.${name} must be a string`);
    exact[name] = value;
  }
  return { env: exact, inheritEnv: [], commandEnv: "runtime" };
}

/**
 * The options of the underlying `Codex` of this SDK for compat options `o`. Order of the config,
 * as with `@openai/codex-sdk`: `config`, then `configOverrides`, then `baseUrl` (later wins).
 */
export function sdkCodexOptions(o: CodexOptions, keyStore: boolean): SdkCodexOptions {
  const options: SdkCodexOptions = { ...environment(o.env) };
  if (o.codexPathOverride !== undefined) options.codexPath = o.codexPathOverride;
  const config = o.config === undefined ? {} : flattenConfig(o.config);
  // The key lives in the app-server's memory only: no auth.json is written or read for it.
  if (keyStore) config["cli_auth_credentials_store"] = "ephemeral";
  options.config = config;
  const args: string[] = [];
  for (const raw of o.configOverrides ?? []) {
    if (typeof raw !== "string" || !raw.includes("="))
      throw new InvalidArgumentError(
        `configOverrides entries must be "key=value" strings, got ${JSON.stringify(raw)}`,
      );
    args.push("--config", raw);
  }
  if (o.baseUrl !== undefined) args.push("--config", `openai_base_url=${JSON.stringify(o.baseUrl)}`);
  options.args = args;
  return options;
}

/** Thread config overrides for the thread options that `codex exec` passes as `--config`. */
function threadConfig(o: ThreadOptions): Record<string, string | boolean | string[]> {
  const config: Record<string, string | boolean | string[]> = {};
  if (o.modelReasoningEffort) config["model_reasoning_effort"] = o.modelReasoningEffort;
  if (o.networkAccessEnabled !== undefined)
    config["sandbox_workspace_write.network_access"] = o.networkAccessEnabled;
  if (o.webSearchMode) config["web_search"] = o.webSearchMode;
  else if (o.webSearchEnabled === true) config["web_search"] = "live";
  else if (o.webSearchEnabled === false) config["web_search"] = "disabled";
  if (o.additionalDirectories?.length)
    config["sandbox_workspace_write.writable_roots"] = [...o.additionalDirectories];
  return config;
}

/**
 * `thread/start` (or, with `resume`, `thread/resume`) options for compat thread options.
 * The approval policy defaults to `never`, as under `codex exec`, which cannot ask anyone; the
 * approvals that other policies raise go to the client's handlers (declined by default).
 */
export function sdkThreadOptions(o: ThreadOptions, cwd: string, resume: boolean): ThreadStartOptions {
  const options: ThreadStartOptions = { cwd, approvalsReviewer: "user" };
  const config = threadConfig(o);
  // `on-failure` is gone from the protocol; the runtime still reads it as config, as `codex exec` passes it.
  if (o.approvalPolicy === "on-failure") config["approval_policy"] = "on-failure";
  else options.approvalPolicy = o.approvalPolicy ?? "never";
  if (o.model) options.model = o.model;
  if (o.sandboxMode) {
    const sandbox = SANDBOXES[o.sandboxMode];
    if (sandbox === undefined)
      throw new InvalidArgumentError(
        `sandboxMode ${JSON.stringify(o.sandboxMode)} is not one of ${Object.keys(SANDBOXES).join(", ")}`,
      );
    options.sandbox = sandbox;
  }
  if (o.threadSource !== undefined && !resume) options.threadSource = o.threadSource;
  if (Object.keys(config).length > 0) options.config = config;
  return options;
}
