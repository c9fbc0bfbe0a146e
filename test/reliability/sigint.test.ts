/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group. A program that handles
 * it (to interrupt turns and close cleanly) must still have a working app-server at that moment.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { AppServerHarness } from "../../src/testing/index.js";

const owner = fileURLToPath(new URL("../support/sigint-owner.ts", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");

describe("SIGINT to the program's process group (real app-server)", () => {
  let harness: AppServerHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
  });

  it("does not kill the app-server, so a SIGINT handler can still use the client", async () => {
    harness = await AppServerHarness.create();
    // detached: the owner leads its own process group, as a foreground job in a terminal does.
    const child = spawn(process.execPath, ["--import", tsx, owner], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CODEX_OWNER_OPTIONS: JSON.stringify(harness.codexOptions()) },
    });
    let out = "";
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`owner not ready in 20 s: ${out}\n${err}`)), 20_000);
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
          out += d;
          if (out.includes("ready\n")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      process.kill(-(child.pid as number), "SIGINT");
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("owner did not exit")), 20_000)),
      ]);
      expect(out).toMatch(/alive after SIGINT \(\d+ models\)/);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }
  });
});
