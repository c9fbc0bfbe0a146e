/**
 * A throwaway, offline environment for running the real `codex app-server` in tests.
 *
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { CodexOptions } from "../api/codex/codex-options.js";
import type { CassetteOptions } from "./cassette/cassette.js";
import { MockResponsesServer } from "./mock-responses.js";
import { mergeTomlTables, stringifyToml } from "./toml.js";
import type { TomlTable } from "./toml.js";
import { InvalidArgumentError } from "../errors.js";

/**
 * Features the harness turns off in `config.toml` because they reach the network or leave
 * processes behind. Checked against codex 0.169.0 with `strace`: with these off, a turn that runs
 * a shell command makes no DNS query at all; with the defaults, startup alone resolves github.com,
 * api.github.com and chatgpt.com (curated plugin sync).
 */
export const HARNESS_DISABLED_FEATURES = {
  /** Curated plugin sync: `git ls-remote https://github.com/openai/plugins.git`, then api.github.com / chatgpt.com. */
  plugins: false,
  remote_plugin: false,
  plugin_sharing: false,
  /** ChatGPT apps and connectors (chatgpt.com). */
  apps: false,
  tool_suggest: false,
  skill_mcp_dependency_install: false,
  /** Update checks of the runtime itself. */
  in_app_updates: false,
  /** Would start a background app-server daemon that outlives the test. */
  daemon_auto_start: false,
  /** zstd request bodies, which Node 20's zlib cannot read (the mock could not record them). */
  enable_request_compression: false,
} as const satisfies Record<string, boolean>;

/** Options of {@link AppServerHarness.create}. */
export interface AppServerHarnessOptions {
  /** Use this mock instead of starting one. The harness then does not close it on dispose. */
  readonly mock?: MockResponsesServer | undefined;
  /**
   * Mark the mock provider `requires_openai_auth = true`, so the runtime asks for a login and
   * sends `authorization: Bearer <key>` after `account/login/start` (for testing login flows).
   */
  readonly requiresOpenaiAuth?: boolean | undefined;
  /**
   * Extra `config.toml` content, deep-merged over the harness defaults (an `undefined` value
   * removes a default key). Example: `{ model_reasoning_effort: "high" }`.
   */
  readonly config?: TomlTable | undefined;
  /** Extra `[features]` entries, applied after {@link HARNESS_DISABLED_FEATURES} (so they can re-enable one). */
  readonly features?: Readonly<Record<string, boolean>> | undefined;
  /** Extra environment variables for the app-server, applied last. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /**
   * Record or replay the model traffic with a cassette file (see `CassetteOptions`): the harness's
   * mock forwards to a real API and writes the file when the harness is disposed (`record`), or
   * answers from it (`replay`). The temporary root's path is ignored when matching, so tool
   * outputs that mention the workspace still match. Not with {@link mock}.
   */
  readonly cassette?: CassetteOptions | undefined;
  /** Parent directory of the temporary root (default: `os.tmpdir()`). */
  readonly tmpDir?: string | undefined;
}

/**
 * What {@link AppServerHarness.codexOptions} returns: the working directory and environment to
 * start the app-server with. It fits the SDK's `CodexOptions` (`new Codex(harness.codexOptions())`).
 */
export interface HarnessCodexOptions {
  /** The harness workspace (or the `cwd` given to `codexOptions`). */
  readonly cwd: string;
  /** The harness environment, merged with the `env` given to `codexOptions`. */
  readonly env: Record<string, string>;
}

/** Fields {@link AppServerHarness.codexOptions} merges itself rather than copying. */
export interface HarnessCodexOptionsExtra {
  /** Replaces the workspace as the working directory. */
  readonly cwd?: string;
  /** Merged over the harness environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * A temporary root holding `codex-home/` (CODEX_HOME), `workspace/` (the working directory),
 * `home/` (HOME, so the developer's shell profile and git config cannot leak into commands the
 * runtime runs) and `tmp/` (TMPDIR), plus a {@link MockResponsesServer} that `config.toml` points the model provider
 * at. The harness starts no process: pass {@link codexOptions} to the SDK, which spawns the real
 * binary. Nothing leaves the machine.
 *
 * @example
 * ```ts
 * import { AppServerHarness, textResponse } from "codex-app-sdk/testing";
 * import { Codex } from "codex-app-sdk";
 *
 * await using harness = await AppServerHarness.create();
 * harness.mock.enqueue(textResponse("Hello from the mock", { deltas: 3 }));
 * await using codex = new Codex(harness.codexOptions());
 * const thread = await codex.threadStart();
 * const result = await thread.run("hi");
 * expect(result.finalResponse).toBe("Hello from the mock");
 * ```
 */
export class AppServerHarness {
  /** The temporary root; removed by {@link dispose}. */
  readonly root: string;
  /** `CODEX_HOME`: `config.toml`, sessions, sqlite state, `auth.json` after a login. */
  readonly codexHome: string;
  /** The working directory of the app-server and of new threads. */
  readonly workspace: string;
  /** `HOME` of the app-server (empty). */
  readonly home: string;
  /** `TMPDIR` of the app-server and the commands it runs. */
  readonly tmp: string;
  /** The mock Responses API the model provider points at. */
  readonly mock: MockResponsesServer;
  /** The `config.toml` the harness wrote, as text. */
  readonly configToml: string;
  /**
   * The environment for the app-server. The SDK adds only the few variables of `process.env` an
   * app-server needs (PATH, USER, LANG…; see docs/security.md), so your own credentials
   * (`OPENAI_API_KEY`, cloud and CI tokens) reach neither the app-server nor the commands it runs
   * in tests.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly #ownsMock: boolean;
  #disposed: Promise<void> | undefined;

  private constructor(fields: {
    root: string;
    mock: MockResponsesServer;
    ownsMock: boolean;
    configToml: string;
    env: Record<string, string>;
  }) {
    this.root = fields.root;
    this.codexHome = join(fields.root, "codex-home");
    this.workspace = join(fields.root, "workspace");
    this.home = join(fields.root, "home");
    this.tmp = join(fields.root, "tmp");
    this.mock = fields.mock;
    this.#ownsMock = fields.ownsMock;
    this.configToml = fields.configToml;
    this.env = Object.freeze(fields.env);
  }

  /** Creates the directories, starts the mock (unless one is given) and writes `config.toml`. */
  static async create(options: AppServerHarnessOptions = {}): Promise<AppServerHarness> {
    validateOptions(options);
    const root = await mkdtemp(join(options.tmpDir ?? tmpdir(), "codex-app-sdk-"));
    let mock = options.mock;
    const ownsMock = mock === undefined;
    try {
      mock ??= await MockResponsesServer.start(cassetteOptions(options.cassette, root));
      const codexHome = join(root, "codex-home");
      const home = join(root, "home");
      await Promise.all([
        mkdir(codexHome),
        mkdir(join(root, "workspace")),
        mkdir(join(home, ".config"), { recursive: true }),
        mkdir(join(root, "tmp")),
      ]);
      const configToml = stringifyToml(buildConfig(mock.url, options));
      await writeFile(join(codexHome, "config.toml"), configToml);
      const env: Record<string, string> = {
        CODEX_HOME: codexHome,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        ZDOTDIR: home,
        // The runtime refuses to create its helper executables (among them `codex-linux-sandbox`,
        // which the bundled bubblewrap execs) when CODEX_HOME lies under the temp dir, and then
        // every sandboxed command fails. A private TMPDIR beside CODEX_HOME avoids that, and keeps
        // the temp files of commands inside the root that dispose() removes.
        TMPDIR: join(root, "tmp"),
        // Administrator-managed config would override the harness's settings on some machines.
        CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
        // Warnings, except the runtime's "Unknown model mock-model" from its model catalog: the mock
        // model is deliberately not in the catalog, and the runtime logs it 5-7 times per turn, so
        // every turn would cost its client several stderr reads (measured in bench/, issue 20).
        RUST_LOG: HARNESS_RUST_LOG,
        // The runtime colours its stderr even when piped; plain text reads better in error messages.
        NO_COLOR: "1",
        ...options.env,
      };
      return new AppServerHarness({ root, mock, ownsMock, configToml, env });
    } catch (error) {
      if (ownsMock) await mock?.close();
      await removeDir(root);
      throw error;
    }
  }

  /**
   * Options for the SDK's `Codex`: `{ cwd: workspace, env }`. Other fields of `extra` (such as
   * `onServerRequest` or `codexPath`) are passed through; `extra.env` is merged over the harness
   * environment and `extra.cwd` replaces the workspace.
   *
   * @example
   * ```ts
   * const codex = new Codex(harness.codexOptions({ onServerRequest: approveAll }));
   * ```
   */
  codexOptions(): HarnessCodexOptions;
  codexOptions(extra: CodexOptions): CodexOptions & HarnessCodexOptions;
  codexOptions(extra: CodexOptions = {}): CodexOptions & HarnessCodexOptions {
    if (typeof extra !== "object" || extra === null)
      throw new InvalidArgumentError("codexOptions: extra must be an object");
    // An `undefined` in extra.env is kept: the SDK reads it as "remove this variable".
    const env = { ...this.env, ...extra.env } as Record<string, string>;
    return { ...extra, cwd: extra.cwd ?? this.workspace, env };
  }

  /**
   * Closes the mock (if the harness started it) and removes the temporary root. Stop the
   * app-server first: a running one keeps writing to CODEX_HOME. Idempotent.
   */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      try {
        // In record mode this writes the cassette; the root goes even when that fails.
        if (this.#ownsMock) await this.mock.close();
      } finally {
        await removeDir(this.root);
      }
    })();
    return this.#disposed;
  }

  /** Same as {@link dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

// The class names itself in its body, so the bundler emits it as `class _AppServerHarness`: keep the public name.
Object.defineProperty(AppServerHarness, "name", { value: "AppServerHarness" });

function cassetteOptions(
  cassette: CassetteOptions | undefined,
  root: string,
): { cassette?: CassetteOptions } {
  if (cassette === undefined) return {};
  const ignore = [...(cassette.match?.ignore ?? []), root];
  return { cassette: { ...cassette, match: { ...cassette.match, ignore } } };
}

function validateOptions(options: AppServerHarnessOptions): void {
  if (typeof options !== "object" || options === null)
    throw new InvalidArgumentError("AppServerHarness.create: options must be an object");
  if (options.mock !== undefined && !(options.mock instanceof MockResponsesServer)) {
    throw new InvalidArgumentError("AppServerHarness.create: mock must be a MockResponsesServer");
  }
  if (options.mock !== undefined && options.cassette !== undefined) {
    throw new InvalidArgumentError(
      "AppServerHarness.create: give either mock or cassette (start the mock with MockResponsesServer.start({ cassette }))",
    );
  }
  if (
    options.config !== undefined &&
    (typeof options.config !== "object" || options.config === null || Array.isArray(options.config))
  ) {
    throw new InvalidArgumentError("AppServerHarness.create: config must be a plain object of TOML values");
  }
  for (const [name, value] of Object.entries(options.features ?? {})) {
    if (typeof value !== "boolean") {
      throw new InvalidArgumentError(
        `AppServerHarness.create: features.${name} must be a boolean, got ${String(value)}`,
      );
    }
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (typeof value !== "string")
      throw new InvalidArgumentError(`AppServerHarness.create: env.${name} must be a string`);
  }
}

/** The harness's app-server log filter: warnings, without the mock model's catalog warning. */
const HARNESS_RUST_LOG = "warn,codex_models_manager::model_info=error";

function buildConfig(mockUrl: string, options: AppServerHarnessOptions): TomlTable {
  const provider: Record<string, string | number | boolean> = {
    name: "Mock Responses API",
    base_url: mockUrl,
    wire_api: "responses",
    // Retries would silently consume queued responses and make failures slow.
    request_max_retries: 0,
    stream_max_retries: 0,
  };
  if (options.requiresOpenaiAuth === true) provider["requires_openai_auth"] = true;
  const defaults: TomlTable = {
    model: "mock-model",
    approval_policy: "never",
    sandbox_mode: "read-only",
    model_provider: "mock_provider",
    // A thread that switches to the built-in `openai` provider still talks to the mock.
    openai_base_url: mockUrl,
    check_for_update_on_startup: false,
    analytics: { enabled: false },
    model_providers: { mock_provider: provider },
    features: { ...HARNESS_DISABLED_FEATURES, ...options.features },
  };
  return mergeTomlTables(defaults, options.config ?? {});
}

/**
 * `fs.rm`'s own retries cover ENOTEMPTY/EBUSY, which happen when an app-server that is still
 * shutting down writes a sqlite WAL file or a session line while the tree is being removed.
 */
async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
