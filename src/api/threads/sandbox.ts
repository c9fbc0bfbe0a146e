/**
 * Sandbox presets: one public value, two wire forms. Thread lifecycle requests (`thread/start`,
 * `thread/resume`, `thread/fork`) take a `SandboxMode` string; `turn/start` takes a full
 * `SandboxPolicy` object. Either way the setting sticks: later turns keep it until it is changed.
 *
 * @module
 */

import type { SandboxMode } from "../../generated/v2/SandboxMode.js";
import type { SandboxPolicy } from "../../generated/v2/SandboxPolicy.js";
import { oneOf } from "../validation.js";

/**
 * Where commands the agent runs may write, and whether they may reach the network.
 *
 * - `read_only`: commands may read files but not write them; no network.
 * - `workspace_write`: commands may write inside the thread's workspace (its `cwd`) and temp
 *   directories; no network. The usual choice for a project.
 * - `full_access`: no sandbox at all. Only for machines or containers you can afford to lose.
 *
 * Omitting the sandbox keeps the runtime's configured default (for a new thread) or the thread's
 * current setting (for a resumed thread or a turn). Note that `"full-access"` is the preset's own
 * value, not a wire value; the SDK translates it (to `danger-full-access` / `dangerFullAccess`).
 *
 * @example
 * ```ts
 * const thread = await codex.threadStart({ sandbox: Sandbox.workspace_write });
 * await thread.run("Run the tests", { sandbox: Sandbox.read_only });
 * ```
 */
export const Sandbox = {
  read_only: "read-only",
  workspace_write: "workspace-write",
  full_access: "full-access",
} as const;

/**
 * One of the {@link Sandbox} presets: `"read-only" | "workspace-write" | "full-access"`.
 *
 * @example
 * ```ts
 * const preset: Sandbox = process.env.CI ? Sandbox.read_only : Sandbox.workspace_write;
 * ```
 */
export type Sandbox = (typeof Sandbox)[keyof typeof Sandbox];

const SANDBOXES = Object.values(Sandbox);

const LABELS: Readonly<Record<Sandbox, string>> = {
  "read-only": 'Sandbox.read_only ("read-only")',
  "workspace-write": 'Sandbox.workspace_write ("workspace-write")',
  "full-access": 'Sandbox.full_access ("full-access")',
};

/** Wire spellings and near misses, normalized (lowercase, no `-`, `_`, spaces). */
const ALIASES: Readonly<Record<string, Sandbox>> = {
  workspace: "workspace-write",
  dangerfullaccess: "full-access",
  danger: "full-access",
};

const MODES: Readonly<Record<Sandbox, SandboxMode>> = {
  "read-only": "read-only",
  "workspace-write": "workspace-write",
  "full-access": "danger-full-access",
};

/** Functions, so that every call returns fresh objects the caller may change. */
const POLICIES: Readonly<Record<Sandbox, () => SandboxPolicy>> = {
  "read-only": () => ({ type: "readOnly", networkAccess: false }),
  "workspace-write": () => ({
    type: "workspaceWrite",
    writableRoots: [],
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
  }),
  "full-access": () => ({ type: "dangerFullAccess" }),
};

function checkSandbox(value: unknown): Sandbox {
  return oneOf("sandbox", value, SANDBOXES, { labels: LABELS, aliases: ALIASES });
}

/**
 * The `sandbox` param of `thread/start`, `thread/resume` and `thread/fork` for a preset;
 * `undefined` stays `undefined` (send nothing: keep the configured or stored setting).
 *
 * @throws `InvalidArgumentError` when `sandbox` is not a {@link Sandbox} preset (raw wire
 * values such as `"danger-full-access"` are rejected too, with a hint).
 * @example
 * ```ts
 * sandboxMode(Sandbox.workspace_write); // "workspace-write"
 * sandboxMode(Sandbox.full_access); // "danger-full-access"
 * sandboxMode(undefined); // undefined
 * ```
 */
export function sandboxMode(sandbox: Sandbox): SandboxMode;
export function sandboxMode(sandbox: Sandbox | undefined): SandboxMode | undefined;
export function sandboxMode(sandbox: Sandbox | undefined): SandboxMode | undefined {
  return sandbox === undefined ? undefined : MODES[checkSandbox(sandbox)];
}

/**
 * The `sandboxPolicy` param of `turn/start` for a preset, with every default spelled out (no
 * network, no extra writable roots, temp directories writable); a new object on every call.
 * `undefined` stays `undefined` (send nothing: keep the thread's setting).
 *
 * @throws `InvalidArgumentError` when `sandbox` is not a {@link Sandbox} preset.
 * @example
 * ```ts
 * sandboxPolicy(Sandbox.read_only); // { type: "readOnly", networkAccess: false }
 * sandboxPolicy(Sandbox.workspace_write);
 * // { type: "workspaceWrite", writableRoots: [], networkAccess: false,
 * //   excludeTmpdirEnvVar: false, excludeSlashTmp: false }
 * sandboxPolicy(Sandbox.full_access); // { type: "dangerFullAccess" }
 * ```
 */
export function sandboxPolicy(sandbox: Sandbox): SandboxPolicy;
export function sandboxPolicy(sandbox: Sandbox | undefined): SandboxPolicy | undefined;
export function sandboxPolicy(sandbox: Sandbox | undefined): SandboxPolicy | undefined {
  return sandbox === undefined ? undefined : POLICIES[checkSandbox(sandbox)]();
}
