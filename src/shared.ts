/**
 * What the `codex-app-sdk/testing` and `codex-app-sdk/queue` bundles take from the main bundle, so
 * each class exists once across the entry points (`instanceof` works) and the main entry's code
 * stays in as few files as possible (bench W1: every ESM file costs start-up). scripts/build.mjs
 * maps those entries' imports of the SDK's own modules to this file; a name missing here fails the
 * build. Not a public entry point (package.json "exports" does not list it).
 *
 * @module
 */
// Everything the main entry exports, so all of its code is shared with this entry and the bundler
// keeps it in one chunk instead of splitting it by which entry uses what.
export * from "./index.js";
export { isStandardSchema, jsonSchemaOf } from "./api/structured/structured.js";
export { GateTimeoutError, JobFailedError, WaitForRequestsTimeoutError, abortErrorFrom } from "./errors.js";
export { onAbort } from "./internal/abort-listener.js";
export { sleep } from "./internal/abortable.js";
export { truncate } from "./internal/describe.js";
export { isRecord } from "./internal/guards.js";
export { clampDelay, duration, limitTimer, optionalDuration } from "./internal/limits.js";
export { tomlKey, tomlNumber, tomlString } from "./internal/toml.js";
