/**
 * UnixSocketTransport and ProxyCommandTransport against local fakes, and the token helpers.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { TransportClosedError } from "../../src/rpc/errors.js";
import { ProxyCommandTransport } from "../../src/transport/proxy.js";
import { normalizeToken, readTokenFile, readTokenFileSync } from "../../src/transport/token.js";
import { UnixSocketTransport, defaultControlSocketPath } from "../../src/transport/unix.js";
import { fakeServer, onCleanup, recorder, runCleanups, track, until } from "../support/ws-fakes.js";

const TOKEN = "s3cr3t-capability-token";

afterEach(runCleanups);

describe("UnixSocketTransport", () => {
  it("speaks WebSocket over the socket with the bearer token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-sdk-unix-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const server = await fakeServer({ path: join(dir, "s.sock") });
    const rec = recorder();
    const transport = track(new UnixSocketTransport({ path: join(dir, "s.sock"), token: TOKEN }));
    await transport.start(rec.handlers);
    const peer = await server.connection();
    expect(server.headers[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.headers[0]?.origin).toBeUndefined();
    peer.send('{"id":1,"result":{}}');
    await until(() => rec.messages.length === 1, rec.events, "event");
    expect(inspect(transport)).not.toContain(TOKEN);
  });

  it("names the missing socket and suggests starting the daemon", async () => {
    const path = join(tmpdir(), "codex-sdk-no-such-dir", "app-server-control.sock");
    const error = await new UnixSocketTransport({ path }).start(recorder().handlers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("codex app-server daemon start");
  });

  it("defaults to the control socket under CODEX_HOME", () => {
    const sock = join("app-server-control", "app-server-control.sock");
    expect(defaultControlSocketPath("/h")).toBe(join("/h", sock));
    expect(defaultControlSocketPath(undefined, { CODEX_HOME: "/e" })).toBe(join("/e", sock));
    expect(new UnixSocketTransport({ codexHome: "/c" }).path).toBe(join("/c", sock));
  });
});

describe("ProxyCommandTransport failures", () => {
  it("reports a command that cannot start", async () => {
    const error = await new ProxyCommandTransport({ command: "/nonexistent/codex-proxy" })
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/could not start the proxy command/);
  });

  it("includes the command's exit code and stderr (e.g. an ssh failure)", async () => {
    const transport = new ProxyCommandTransport({
      command: process.execPath,
      args: ["-e", "process.stderr.write('user@host: Permission denied (publickey).\\n'); process.exit(255)"],
      token: TOKEN,
    });
    const error = await transport.start(recorder().handlers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as TransportClosedError).exitCode).toBe(255);
    expect((error as Error).message).toContain("Permission denied (publickey)");
    expect((error as Error).message).not.toContain(TOKEN);
    expect(inspect(transport)).not.toContain(TOKEN);
  });
});

describe("tokens", () => {
  it("reads a token file, trimmed, and never echoes a bad token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-sdk-token-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "ok"), `  ${TOKEN}\n`);
    writeFileSync(join(dir, "empty"), "\n");
    writeFileSync(join(dir, "bad"), "two words\n");
    expect(await readTokenFile(join(dir, "ok"))).toBe(TOKEN);
    expect(readTokenFileSync(join(dir, "ok"))).toBe(TOKEN);
    await expect(readTokenFile(join(dir, "empty"))).rejects.toThrow(/is empty/);
    await expect(readTokenFile(join(dir, "missing"))).rejects.toThrow(/token file .*missing: no such file/);
    const bad = await readTokenFile(join(dir, "bad")).catch((e: unknown) => e);
    expect((bad as Error).message).toContain(join(dir, "bad"));
    expect((bad as Error).message).not.toContain("two words");
    expect(normalizeToken(`${TOKEN}\r\n`)).toBe(TOKEN);
  });
});
