// GENERATED CODE! DO NOT MODIFY BY HAND!
// Written by scripts/generate.mjs from the binary's version and package.json's codexRuntime.oldestSupported.

/** The runtime versions the SDK is tested with: the oldest the compatibility job runs, and the pinned one. */
export const SUPPORTED_RUNTIME = { oldest: "0.169.0", pinned: "0.171.0" } as const;
