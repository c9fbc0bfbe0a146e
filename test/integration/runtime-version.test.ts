/**
 * Which runtime the integration suite runs: the pinned one, or in the compatibility job
 * (`npm run test:compat`) the older one CODEX_COMPAT_VERSION names, through CODEX_PATH. Asserted
 * on the server's own answer, so a compat run that silently used the pinned binary fails here.
 */
import { afterEach, beforeEach, expect, it } from "vitest";

import { Codex } from "../../src/index.js";
import { isSupportedRuntime } from "../../src/api/codex/runtime-support.js";
import type { Notification } from "../../src/api/events.js";
import { AppServerHarness } from "../../src/testing/index.js";
import { PINNED_RUNTIME_VERSION, RUNTIME_VERSION } from "../support/runtime.js";
import { within } from "../support/sdk.js";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create();
});
afterEach(async () => {
  await harness.dispose();
});

it("the server reports the runtime under test: CODEX_COMPAT_VERSION in the compat job, else the pin", async () => {
  const expected = process.env.CODEX_COMPAT_VERSION || PINNED_RUNTIME_VERSION;
  expect(RUNTIME_VERSION).toBe(expected);
  await using codex = new Codex(harness.codexOptions());
  const warnings: string[] = [];
  codex.on("warning", (n: Notification) => {
    if (n.method === "warning" && n.params.message.includes("outside the runtime versions")) {
      warnings.push(n.params.message);
    }
  });
  const metadata = await within(codex.start(), "start()");
  expect(metadata.serverVersion).toBe(expected);
  expect(metadata.userAgent).toContain(`/${expected} `);
  // A supported runtime: no warning at start-up.
  expect(isSupportedRuntime(metadata.serverVersion)).toBe(true);
  expect(warnings).toEqual([]);
});
