/**
 * UnixSocketTransport and ProxyCommandTransport against local fakes, and the token helpers.
 */
import { chmodSync, chownSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CodexError, TransportClosedError } from "../../src/errors.js";
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

  it.skipIf(process.platform === "win32")(
    "refuses a socket whose directory others can write to, without connecting",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "codex-sdk-unix-"));
      onCleanup(() => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, "s.sock");
      const server = await fakeServer({ path });
      chmodSync(dir, 0o777);
      const error = await track(new UnixSocketTransport({ path }))
        .start(recorder().handlers)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportClosedError);
      expect((error as Error).message).toBe(
        `could not connect to unix:${path}: refusing to connect: its directory ${dir} is writable by other users (mode 777), who could replace the socket`,
      );
      expect(server.headers).toEqual([]);
      // Sticky, like /tmp: others cannot replace a socket they do not own.
      chmodSync(dir, 0o1777);
      await track(new UnixSocketTransport({ path })).start(recorder().handlers);
      await server.connection();
    },
  );

  it.skipIf(process.getuid?.() !== 0)("refuses a socket that belongs to another user", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-sdk-unix-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "s.sock");
    const server = await fakeServer({ path });
    chownSync(path, 4242, 4242);
    const error = await track(new UnixSocketTransport({ path }))
      .start(recorder().handlers)
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      `refusing to connect: ${path} belongs to another user (uid 4242)`,
    );
    expect(server.headers).toEqual([]);
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

  it("gives the command the basics and the ssh agent, not this process's secrets", async () => {
    vi.stubEnv("GITHUB_TOKEN", "ghp_not-for-ssh");
    vi.stubEnv("SSH_AUTH_SOCK", "/run/agent.sock");
    vi.stubEnv("SDK_TEST_PROXY_EXTRA", "extra");
    onCleanup(() => vi.unstubAllEnvs());
    const transport = new ProxyCommandTransport({
      command: process.execPath,
      args: [
        "-e",
        "process.stderr.write(Object.keys(process.env).sort().join(' ') + '\\n'); process.exit(3)",
      ],
      inheritEnv: ["SDK_TEST_PROXY_*"],
      env: { SET_HERE: "1" },
    });
    const error = await transport.start(recorder().handlers).catch((e: unknown) => e);
    const names = (error as TransportClosedError).stderrTail.trim().split(" ");
    expect(names).toEqual(
      expect.arrayContaining(["PATH", "SSH_AUTH_SOCK", "SDK_TEST_PROXY_EXTRA", "SET_HERE"]),
    );
    expect(names).not.toContain("GITHUB_TOKEN");
  });
});

describe("tokens", () => {
  it("reads a token file, trimmed, and never echoes a bad token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-sdk-token-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "ok"), `  ${TOKEN}\n`, { mode: 0o600 });
    writeFileSync(join(dir, "empty"), "\n", { mode: 0o600 });
    writeFileSync(join(dir, "bad"), "two words\n", { mode: 0o600 });
    expect(await readTokenFile(join(dir, "ok"))).toBe(TOKEN);
    expect(readTokenFileSync(join(dir, "ok"))).toBe(TOKEN);
    await expect(readTokenFile(join(dir, "empty"))).rejects.toThrow(/is empty/);
    await expect(readTokenFile(join(dir, "missing"))).rejects.toThrow(/token file .*missing: no such file/);
    const bad = await readTokenFile(join(dir, "bad")).catch((e: unknown) => e);
    expect((bad as Error).message).toContain(join(dir, "bad"));
    expect((bad as Error).message).not.toContain("two words");
    expect(normalizeToken(`${TOKEN}\r\n`)).toBe(TOKEN);
  });

  it.skipIf(process.platform === "win32")(
    "refuses a token file others can read, a symbolic link and an oversized file, without echoing them",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "codex-sdk-token-"));
      onCleanup(() => rmSync(dir, { recursive: true, force: true }));
      const shared = join(dir, "shared");
      writeFileSync(shared, `${TOKEN}\n`);
      chmodSync(shared, 0o644);
      for (const read of [readTokenFile, (p: string) => Promise.resolve().then(() => readTokenFileSync(p))]) {
        const error = await read(shared).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CodexError);
        expect((error as Error).message).toBe(
          `the token file ${shared} can be read or written by other users (mode 644); restrict it to its owner with chmod 600 ${shared}`,
        );
        expect((error as Error).message).not.toContain(TOKEN);
      }
      chmodSync(shared, 0o640);
      await expect(readTokenFile(shared)).rejects.toThrow(/mode 640/);
      const target = join(dir, "target");
      writeFileSync(target, `${TOKEN}\n`, { mode: 0o600 });
      symlinkSync(target, join(dir, "link"));
      await expect(readTokenFile(join(dir, "link"))).rejects.toThrow(
        /token file .*link: it is a symbolic link/,
      );
      expect(() => readTokenFileSync(join(dir, "link"))).toThrow(/symbolic link/);
      const big = join(dir, "big");
      writeFileSync(big, "", { mode: 0o600 });
      truncateSync(big, 64 * 1024 + 1);
      await expect(readTokenFile(big)).rejects.toThrow(
        /is 65537 bytes; a token file holds at most 65536 bytes/,
      );
    },
  );
});
