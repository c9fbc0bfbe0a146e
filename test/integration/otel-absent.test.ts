/**
 * With no tracer provider registered, a client that talks to the real app-server never loads
 * `@opentelemetry/api` (installed here as a dev dependency, so it could be loaded), and its
 * requests carry no `trace`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AppServerHarness } from "../../src/testing/index.js";
import { SpyTransport } from "../support/sdk.js";
import { Codex } from "../../src/index.js";
import { StdioTransport } from "../../src/transport/stdio.js";

const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
let harness: AppServerHarness;

beforeAll(async () => {
  harness = await AppServerHarness.create();
});
afterAll(async () => {
  await harness.dispose();
});

describe("OpenTelemetry absent", () => {
  it("a session without a registered provider loads no OpenTelemetry module", () => {
    const hook = `export async function load(url, context, next) { process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`;
    const program = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
const { Codex } = await import(${JSON.stringify(dist)});
const options = JSON.parse(process.env.HARNESS_OPTIONS);
const codex = new Codex(options);
const thread = await codex.threadStart();
const sent = await codex.request("thread/read", { threadId: thread.id });
await codex.close();
console.log(JSON.stringify({ ok: typeof sent === "object" }));`;
    const { cwd, env } = harness.codexOptions();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", program], {
      encoding: "utf8",
      env: { ...process.env, HARNESS_OPTIONS: JSON.stringify({ cwd, env }) },
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}")).toEqual({ ok: true });
    const loaded = r.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((l) => l.includes("opentelemetry"))).toEqual([]);
  });

  it("requests carry no trace context when nothing traces", async () => {
    const spy = new SpyTransport(new StdioTransport(harness.codexOptions()));
    const codex = new Codex({ ...harness.codexOptions(), transport: spy, traceFile: false });
    try {
      await codex.threadStart();
    } finally {
      await codex.close();
    }
    expect(spy.requests("thread/start")).toHaveLength(1);
    expect(spy.sent.filter((m) => "trace" in m)).toEqual([]);
  });
});
