/**
 * The runtime versions this SDK supports, and the one warning it gives when it connects to a
 * server outside them. Not a failure: another version often works, but its protocol may differ
 * from the types the SDK was generated from, so the user should know why something breaks.
 */
import { SUPPORTED_RUNTIME } from "../../generated/runtime.js";
import type { Notification } from "../events.js";

interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: boolean;
}

function parse(version: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] !== undefined };
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The supported range in words, e.g. `0.169.0 to 0.171.x`. */
export function supportedRangeText(): string {
  const newest = parse(SUPPORTED_RUNTIME.pinned);
  const tail = newest ? `${newest.major}.${newest.minor}.x` : SUPPORTED_RUNTIME.pinned;
  return `${SUPPORTED_RUNTIME.oldest} to ${tail}`;
}

/**
 * Whether a runtime version is supported: from the oldest version the compatibility job runs up
 * to any patch release of the pinned version's minor line. A prerelease counts as older than its
 * release; a version that does not parse is not supported.
 */
export function isSupportedRuntime(version: string): boolean {
  const v = parse(version);
  const oldest = parse(SUPPORTED_RUNTIME.oldest);
  const pinned = parse(SUPPORTED_RUNTIME.pinned);
  if (!v || !oldest || !pinned) return false;
  const atLeastOldest = compare(v, oldest) > 0 || (compare(v, oldest) === 0 && !v.prerelease);
  const atMostPinnedLine = v.major < pinned.major || (v.major === pinned.major && v.minor <= pinned.minor);
  return atLeastOldest && atMostPinnedLine;
}

/** The warning text for a server version outside the supported range, or `undefined` inside it. */
export function runtimeVersionWarning(serverVersion: string): string | undefined {
  if (isSupportedRuntime(serverVersion)) return undefined;
  return (
    `codex app-server ${serverVersion} is outside the runtime versions this SDK supports ` +
    `(${supportedRangeText()}; its protocol types come from ${SUPPORTED_RUNTIME.pinned}). ` +
    `It may work, but requests, fields or events may differ. Use the pinned runtime (no codexPath ` +
    `option or CODEX_PATH), or an SDK version that supports ${serverVersion} (see CHANGELOG.md).`
  );
}

const warnedProcessWide = new Set<string>();

/**
 * Warns once per client when the server's version is outside the supported range: a `warning`
 * event (`codex.on("warning")`), and, once per process and version, a process warning named
 * `CodexRuntimeVersionWarning` so a program that listens to no events still sees it on stderr.
 */
export class RuntimeVersionCheck {
  #warned = false;

  /** Checks the version the server reported in `initialize`. */
  check(serverVersion: string, emit: (warning: Notification) => void): void {
    const message = runtimeVersionWarning(serverVersion);
    if (message === undefined || this.#warned) return;
    this.#warned = true;
    emit({ method: "warning", params: { threadId: null, message }, emittedAtMs: Date.now() });
    if (warnedProcessWide.has(serverVersion)) return;
    warnedProcessWide.add(serverVersion);
    process.emitWarning(message, { type: "CodexRuntimeVersionWarning" });
  }
}
