/**
 * Starts the real `codex app-server` listening on a WebSocket port or a unix socket, for integration
 * tests of the remote transports: in a temporary CODEX_HOME and workspace, or in an
 * `AppServerHarness`'s (so that its mock Responses API serves the turns). `dispose()` kills the
 * process and removes every temporary file it made (also a socket the server left behind when killed).
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { resolveCodexBinary } from "../../src/transport/binary.js";
import { StderrTail } from "../../src/transport/stderr-tail.js";
import { tomlValue, type ConfigValue } from "../../src/transport/toml.js";

/** How to start the server. */
export interface AppServerProcessOptions {
  /** `ws` → `--listen ws://127.0.0.1:<free port>`; `unix` → `--listen unix://<temp dir>/app.sock`. */
  listen: "ws" | "unix";
  /** A capability token: written to a token file and passed with `--ws-auth capability-token --ws-token-file`. */
  token?: string;
  /** The unix socket path (default: `app.sock` in the temp dir). */
  socketPath?: string;
  /** Listen on the daemon's control socket path, `$CODEX_HOME/app-server-control/app-server-control.sock`. */
  controlSocket?: boolean;
  /** `config.toml` written into CODEX_HOME (default: {@link offlineConfigToml} with an unreachable model endpoint). */
  configToml?: string;
  /** Base URL of a (mock) Responses API, used by the default config.toml. Ignored with `configToml`. */
  modelBaseUrl?: string;
  /** `-c key=value` overrides (values encoded as TOML). */
  config?: Readonly<Record<string, ConfigValue>>;
  /** Extra arguments after the listen options. */
  args?: readonly string[];
  /** Extra environment variables. */
  env?: Readonly<Record<string, string>>;
  /** How long to wait for the server to be ready. Default 15000 ms. */
  readyTimeoutMs?: number;
  /**
   * Run in this harness's CODEX_HOME (its `config.toml` points at its mock), workspace (the cwd)
   * and environment (HOME, TMPDIR, …) instead of fresh temporary ones; `configToml` and
   * `modelBaseUrl` must then be left out. `dispose()` leaves the harness's directories in place.
   */
  harness?: HarnessDirs;
}

/** What {@link startAppServer} uses of an `AppServerHarness`. */
export interface HarnessDirs {
  readonly codexHome: string;
  readonly workspace: string;
  readonly env: Readonly<Record<string, string>>;
}

/** A running app-server. */
export interface AppServerProcess {
  /** `ws://127.0.0.1:PORT` for `ws`; `unix://PATH` for `unix`. */
  readonly url: string;
  readonly port: number | undefined;
  readonly socketPath: string | undefined;
  readonly token: string | undefined;
  readonly codexHome: string;
  readonly workspace: string;
  readonly pid: number;
  /** Milliseconds from spawn to ready. */
  readonly readyMs: number;
  /** The last stderr lines (ANSI codes removed). */
  stderr(): string;
  /** Sends a signal and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the process (SIGTERM, then SIGKILL) and removes the temporary files. Idempotent. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Features that would reach the network at startup; disabled so that nothing leaves the machine. */
export const OFFLINE_FEATURE_ARGS: readonly string[] = [
  "--disable",
  "plugins",
  "--disable",
  "apps",
  "--disable",
  "remote_plugin",
  "--disable",
  "in_app_updates",
];

/** A config.toml for a mock Responses API at `baseUrl` (default: a port where nothing listens). */
export function offlineConfigToml(baseUrl = "http://127.0.0.1:9/v1"): string {
  return [
    `model = "mock-model"`,
    `approval_policy = "never"`,
    `sandbox_mode = "read-only"`,
    `model_provider = "mock_provider"`,
    `[model_providers.mock_provider]`,
    `name = "Mock provider"`,
    `base_url = ${JSON.stringify(baseUrl)}`,
    `wire_api = "responses"`,
    `request_max_retries = 0`,
    `stream_max_retries = 0`,
    ``,
  ].join("\n");
}

const live = new Set<() => void>();
process.once("exit", () => {
  for (const kill of live) kill();
});

/** A port that was free a moment ago (the server retries on a clash). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Resolves when a unix socket accepts a connection; polls (bounded) because the server prints no banner. */
async function socketAccepts(path: string, deadline: number, gone: () => boolean): Promise<void> {
  for (;;) {
    if (gone()) throw new Error("the app-server exited before its socket was ready");
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ path });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`socket ${path} not ready in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Starts `codex app-server --listen …` and waits until it accepts connections. */
export async function startAppServer(options: AppServerProcessOptions): Promise<AppServerProcess> {
  const { harness } = options;
  if (harness && (options.configToml !== undefined || options.modelBaseUrl !== undefined)) {
    throw new Error("startAppServer: configToml and modelBaseUrl come from the harness when one is given");
  }
  const root = mkdtempSync(join(tmpdir(), "codex-sdk-remote-"));
  const codexHome = harness?.codexHome ?? join(root, "home");
  const workspace = harness?.workspace ?? join(root, "work");
  // The 0.169 runtime refuses to create its sandbox helper (`codex-linux-sandbox`, which bubblewrap
  // execs) when CODEX_HOME lies under its temp dir, and every sandboxed command then fails; a
  // private TMPDIR beside CODEX_HOME avoids that (the harness does the same).
  const env: Record<string, string> = harness
    ? { ...harness.env }
    : { CODEX_HOME: codexHome, TMPDIR: join(root, "tmp"), NO_COLOR: "1" };
  try {
    if (!harness) {
      mkdirSync(codexHome);
      mkdirSync(workspace);
      mkdirSync(join(root, "tmp"));
      writeFileSync(
        join(codexHome, "config.toml"),
        options.configToml ?? offlineConfigToml(options.modelBaseUrl),
      );
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await launch(options, { root, codexHome, workspace, env });
      } catch (e) {
        lastError = e;
        if (!(e instanceof AddressInUse)) break;
      }
    }
    throw lastError;
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

class AddressInUse extends Error {}

interface Dirs {
  /** The temporary root this call made (token file, socket); removed on dispose. */
  root: string;
  codexHome: string;
  workspace: string;
  env: Record<string, string>;
}

async function launch(options: AppServerProcessOptions, dirs: Dirs): Promise<AppServerProcess> {
  const { root, codexHome, workspace } = dirs;
  const bin = resolveCodexBinary(undefined, process.env).path;
  const port = options.listen === "ws" ? await freePort() : undefined;
  let socketPath: string | undefined;
  if (options.listen === "unix") {
    socketPath = options.socketPath ?? join(root, "app.sock");
    if (options.controlSocket) {
      mkdirSync(join(codexHome, "app-server-control"), { recursive: true });
      socketPath = join(codexHome, "app-server-control", "app-server-control.sock");
    }
  }
  const listen = port !== undefined ? `ws://127.0.0.1:${port}` : `unix://${socketPath ?? ""}`;
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options.config ?? {})) {
    argv.push("-c", `${key}=${tomlValue(value, key)}`);
  }
  argv.push("app-server", "--listen", listen, ...OFFLINE_FEATURE_ARGS);
  if (options.token !== undefined) {
    const tokenFile = join(root, "ws-token");
    writeFileSync(tokenFile, `${options.token}\n`, { mode: 0o600 });
    argv.push("--ws-auth", "capability-token", "--ws-token-file", tokenFile);
  }
  argv.push(...(options.args ?? []));
  const t0 = performance.now();
  const child: Child = spawn(bin, argv, {
    cwd: workspace,
    env: {
      ...process.env,
      CODEX_APP_SERVER_DISABLE_MANAGED_CONFIG: "1",
      RUST_LOG: "warn",
      ...dirs.env,
      CODEX_HOME: codexHome,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail = new StderrTail(200);
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve();
    }),
  );
  const killNow = (): void => {
    if (!exitInfo) child.kill("SIGKILL");
  };
  live.add(killNow);
  child.stdout.resume();
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  try {
    if (port !== undefined) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("no readiness banner in time")),
          deadline - Date.now(),
        );
        const banner = `listening on: ws://127.0.0.1:${port}`;
        child.stderr.on("data", (chunk: Buffer) => {
          tail.push(chunk);
          if (tail.tail(200, 100_000).includes(banner)) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(/address already in use/i.test(tail.tail()) ? new AddressInUse() : new Error("exited"));
        });
      });
    } else {
      child.stderr.on("data", (chunk: Buffer) => tail.push(chunk));
      await socketAccepts(socketPath ?? "", deadline, () => exitInfo !== undefined);
    }
  } catch (e) {
    killNow();
    await exited;
    live.delete(killNow);
    if (e instanceof AddressInUse) throw e;
    throw new Error(
      `codex app-server --listen ${listen} did not become ready: ${(e as Error).message}\n${tail.tail()}`,
    );
  }
  const readyMs = performance.now() - t0;
  // `--listen unix://PATH` makes PATH a symlink to a socket in a shared temp dir; a killed server
  // leaves that socket behind, so remember it to remove it on dispose.
  const socketTarget =
    socketPath !== undefined && existsSync(socketPath) ? realpathSync(socketPath) : undefined;
  let disposed: Promise<void> | undefined;
  const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    if (!exitInfo) child.kill(signal);
    await exited;
  };
  const dispose = (): Promise<void> => {
    disposed ??= (async () => {
      if (!exitInfo) {
        child.kill("SIGTERM");
        const timer = setTimeout(killNow, 3000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(killNow);
      if (socketTarget !== undefined && socketTarget !== socketPath) {
        rmSync(socketTarget, { force: true });
        rmSync(`${socketTarget}.lock`, { force: true });
      }
      rmSync(root, { recursive: true, force: true });
    })();
    return disposed;
  };
  return {
    url: port !== undefined ? `ws://127.0.0.1:${port}` : listen,
    port,
    socketPath,
    token: options.token,
    codexHome,
    workspace,
    pid: child.pid ?? -1,
    readyMs,
    stderr: () => tail.tail(50, 20_000),
    kill,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
