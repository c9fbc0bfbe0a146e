import { ChildProcess, execFile, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { CodexError, TransportClosedError } from "../../src/errors.js";
import { resolveCodexBinary } from "../../src/transport/binary.js";
import { StdioTransport } from "../../src/transport/stdio.js";
import { mergeEnv, stdioArgs } from "../../src/transport/stdio-options.js";
import { tomlValue } from "../../src/transport/toml.js";
import type { JsonRpcMessage, TransportHandlers } from "../../src/transport/transport.js";
import { writeFakeAppServer } from "../support/fake-app-server.js";
import { processExists } from "../support/process-tree.js";
import { PROMPT_MS } from "../support/bounds.js";

let dir: string;
const transports: StdioTransport[] = [];

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "codex-sdk-stdio-")));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(transports.splice(0).map((t) => t.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe("stdioArgs", () => {
  it("puts --config overrides before app-server and extra args after --listen stdio://", () => {
    expect(stdioArgs({})).toEqual(["app-server", "--listen", "stdio://"]);
    expect(
      stdioArgs({
        config: { model: "gpt-5.4", "sandbox_workspace_write.network_access": true },
        args: ["--enable", "feature_x"],
      }),
    ).toEqual([
      "--config",
      'model="gpt-5.4"',
      "--config",
      "sandbox_workspace_write.network_access=true",
      "app-server",
      "--listen",
      "stdio://",
      "--enable",
      "feature_x",
    ]);
  });

  it("encodes every config value as inline TOML", () => {
    const argv = stdioArgs({
      config: {
        n: 3,
        f: 0.5,
        neg: -2,
        s: 'quote " backslash \\ newline \n tab \t',
        arr: ["a", 1, false],
        nested: { simple_key: "v", "needs quoting": [1, 2], deeper: { x: true } },
        empty: {},
      },
    });
    const values = argv.filter((_, i) => argv[i - 1] === "--config");
    expect(values).toEqual([
      "n=3",
      "f=0.5",
      "neg=-2",
      's="quote \\" backslash \\\\ newline \\n tab \\t"',
      'arr=["a", 1, false]',
      'nested={simple_key = "v", "needs quoting" = [1, 2], deeper = {x = true}}',
      "empty={}",
    ]);
  });

  it("rejects values TOML cannot express, naming the key path", () => {
    expect(() => stdioArgs({ config: { a: { b: [1, null as never] } } })).toThrow(CodexError);
    expect(() => stdioArgs({ config: { a: { b: [1, null as never] } } })).toThrow("config a.b[1]: null");
    expect(() => tomlValue(null as never, "k")).toThrow("config k: null (object) cannot be written as TOML");
    expect(() => tomlValue({ u: undefined } as never, "o")).toThrow("config o.u: undefined");
    expect(() => tomlValue((() => 1) as never, "fn")).toThrow(CodexError);
  });

  it("escapes DEL and other control characters, which TOML forbids raw in strings", () => {
    expect(tomlValue("a\u007fb\u0000c\u001fd", "s")).toBe('"a\\u007fb\\u0000c\\u001fd"');
  });

  it("refuses a string with a lone surrogate, which no TOML string can hold", () => {
    expect(() => tomlValue("a\ud800b", "s")).toThrow("config s: a string contains a lone UTF-16 surrogate");
    expect(() => tomlValue({ "k\udc00": 1 }, "o")).toThrow(CodexError);
    expect(tomlValue("🎉", "ok")).toBe('"🎉"');
  });

  // NaN and the infinities were refused here while the testing kit wrote them: TOML has them.
  it("writes NaN and the infinities as TOML's nan, inf and -inf", () => {
    expect(stdioArgs({ config: { a: { b: [1, Number.NaN] } } })).toContain("a={b = [1, nan]}");
    expect(tomlValue(Infinity, "x")).toBe("inf");
    expect(tomlValue(-Infinity, "x")).toBe("-inf");
  });

  it("writes integers TOML cannot hold as 64-bit integers as floats", () => {
    expect(tomlValue(2 ** 53, "big")).toBe("9007199254740992");
    expect(tomlValue(1e20, "huge")).toBe("1e+20");
    expect(tomlValue(-1e25, "huge")).toBe("-1e+25");
  });
});

describe("mergeEnv", () => {
  it("overrides and removes variables without touching the base", () => {
    const base = { KEEP: "1", CHANGE: "old", DROP: "x" };
    const merged = mergeEnv(base, { CHANGE: "new", DROP: undefined, ADD: "a" });
    expect(merged).toEqual({ KEEP: "1", CHANGE: "new", ADD: "a" });
    expect("DROP" in merged).toBe(false);
    expect(base).toEqual({ KEEP: "1", CHANGE: "old", DROP: "x" });
    expect(mergeEnv(base, undefined)).toEqual(base);
  });
});

describe("resolveCodexBinary", () => {
  function executable(name: string): string {
    const path = join(dir, name);
    writeFileSync(path, "#!/bin/sh\nexit 0\n");
    chmodSync(path, 0o755);
    return path;
  }

  it("defaults to the pinned package's native binary, not the JS wrapper", () => {
    const bin = resolveCodexBinary(undefined, {});
    expect(bin.source).toBe("pinned @openai/codex package");
    expect(basename(bin.path)).toBe(process.platform === "win32" ? "codex.exe" : "codex");
    expect(bin.path).toMatch(/[\\/]vendor[\\/][^\\/]+[\\/]bin[\\/]codex(\.exe)?$/);
    expect(bin.path).not.toMatch(/\.js$/);
    expect(existsSync(bin.path)).toBe(true);
  });

  it("finds the pinned binary where Node's resolver finds the platform package", () => {
    // The SDK looks the package up with a few stats (no CommonJS loader on the start-up path).
    const fromTest = createRequire(import.meta.url);
    const codexPackage = fromTest.resolve("@openai/codex/package.json");
    const platformPackage = createRequire(codexPackage).resolve(
      `@openai/codex-${process.platform}-${process.arch}/package.json`,
    );
    const bin = resolveCodexBinary(undefined, {});
    expect(relative(dirname(platformPackage), bin.path)).toMatch(/^vendor[\\/]/);
    expect(resolveCodexBinary(undefined, {})).toEqual(bin);
  });

  it("prefers the codexPath option over CODEX_PATH, and CODEX_PATH over the pinned binary", () => {
    const fromOption = executable("from-option");
    const fromEnv = executable("from-env");
    expect(resolveCodexBinary(fromOption, { CODEX_PATH: fromEnv })).toEqual({
      path: fromOption,
      source: "codexPath option",
    });
    expect(resolveCodexBinary(undefined, { CODEX_PATH: fromEnv })).toEqual({
      path: fromEnv,
      source: "CODEX_PATH environment variable",
    });
    // An empty CODEX_PATH counts as unset.
    expect(resolveCodexBinary(undefined, { CODEX_PATH: "" }).source).toBe("pinned @openai/codex package");
  });

  it("does not fall back when the codexPath option is wrong, even with a valid CODEX_PATH", () => {
    const fromEnv = executable("from-env");
    expect(() => resolveCodexBinary(join(dir, "nope"), { CODEX_PATH: fromEnv })).toThrow(
      `Codex binary not found at ${join(dir, "nope")} (from the codexPath option)`,
    );
  });

  it("fails on a missing file with the path, the source and how to fix it", () => {
    const missing = join(dir, "missing-codex");
    let error: unknown;
    try {
      resolveCodexBinary(undefined, { CODEX_PATH: missing });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodexError);
    expect((error as Error).message).toBe(
      `Codex binary not found at ${missing} (from the CODEX_PATH environment variable). ` +
        "Fix the CODEX_PATH environment variable so it points at the native codex executable.",
    );
  });

  it("fails on a directory", () => {
    expect(() => resolveCodexBinary(dir, {})).toThrow(
      `Codex binary at ${dir} (from the codexPath option) is not a file.`,
    );
  });

  it.skipIf(process.platform === "win32")("fails on a file that is not executable, suggesting chmod", () => {
    const path = join(dir, "not-executable");
    writeFileSync(path, "#!/bin/sh\n");
    chmodSync(path, 0o644);
    expect(() => resolveCodexBinary(path, {})).toThrow(
      `Codex binary at ${path} (from the codexPath option) is not executable. Run chmod +x on it`,
    );
  });

  it("refuses a relative path instead of resolving it against the current directory", () => {
    const abs = executable("relative-codex");
    const rel = relative(process.cwd(), abs);
    expect(rel.startsWith("/")).toBe(false);
    expect(() => resolveCodexBinary(rel, {})).toThrow(
      /Codex binary path ".*relative-codex" \(from the codexPath option\) is relative; the SDK does not resolve it against the current directory/,
    );
    expect(() => resolveCodexBinary(undefined, { CODEX_PATH: "./codex" })).toThrow(CodexError);
  });

  it.skipIf(process.platform === "win32")(
    "looks a bare name up on PATH, skipping empty, '.' and relative entries",
    () => {
      const onPath = join(dir, "on-path");
      mkdirSync(onPath);
      writeFileSync(join(onPath, "codex"), "#!/bin/sh\nexit 0\n");
      chmodSync(join(onPath, "codex"), 0o755);
      expect(resolveCodexBinary(undefined, { CODEX_PATH: "codex", PATH: `:.:rel:${onPath}` })).toEqual({
        path: join(onPath, "codex"),
        source: "CODEX_PATH environment variable",
      });
      expect(() => resolveCodexBinary("codex", { PATH: ":." })).toThrow(
        /Codex binary "codex" \(from the codexPath option\) was not found on PATH/,
      );
    },
  );

  it.skipIf(process.platform === "win32")(
    "does not run a ./codex from the working directory when CODEX_PATH=codex",
    async () => {
      // A separate Node process, so that its working directory can be the "checkout".
      const checkout = join(dir, "checkout");
      mkdirSync(checkout);
      const marker = join(checkout, "marker");
      writeFileSync(join(checkout, "codex"), `#!/bin/sh\necho ran > ${JSON.stringify(marker)}\n`);
      chmodSync(join(checkout, "codex"), 0o755);
      const entry = pathToFileURL(join(import.meta.dirname, "../../src/index.ts")).href;
      const program = `
        const { Codex } = await import(${JSON.stringify(entry)});
        const codex = new Codex();
        try { await codex.start(); console.log("STARTED"); }
        catch (e) { console.log("REFUSED " + e.message); }
        finally { await codex.close(); }`;
      const out = await new Promise<string>((resolveOut, reject) => {
        execFile(
          process.execPath,
          ["--import", import.meta.resolve("tsx"), "--input-type=module", "-e", program],
          {
            cwd: checkout,
            env: { ...process.env, CODEX_PATH: "codex", PATH: `.::${dirname(process.execPath)}` },
            timeout: 20_000,
          },
          (error, stdout) => (error ? reject(new Error(error.message)) : resolveOut(stdout)),
        );
      });
      expect(out).toMatch(
        /^REFUSED Codex binary "codex" \(from the CODEX_PATH environment variable\) was not found on PATH/,
      );
      expect(existsSync(marker)).toBe(false);
    },
  );
});

/** Collects what a transport reports, with bounded waits. */
function recorder() {
  const messages: JsonRpcMessage[] = [];
  const malformed: { raw: string; error: Error }[] = [];
  let resolveClosed: (e: TransportClosedError) => void = () => undefined;
  const closed = new Promise<TransportClosedError>((resolve) => (resolveClosed = resolve));
  let closeCount = 0;
  const handlers: TransportHandlers = {
    onMessage: (m) => messages.push(m),
    onMalformed: (raw, error) => malformed.push({ raw, error }),
    onClose: (e) => {
      closeCount++;
      resolveClosed(e);
    },
  };
  return {
    handlers,
    messages,
    malformed,
    closed: (ms = 5000) => within(closed, ms, "onClose"),
    get closeCount() {
      return closeCount;
    },
  };
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function transport(options: ConstructorParameters<typeof StdioTransport>[0]): StdioTransport {
  const t = new StdioTransport(options);
  transports.push(t);
  return t;
}

describe("StdioTransport with a scripted fake app-server", () => {
  it("spawns the binary with the argv, a reduced env and cwd, and delivers its messages", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [{ sendProcessInfo: "hello", env: ["FOO", "LANG", "SDK_TEST_SECRET", "PATH"] }],
    });
    const cwd = join(dir, "work");
    mkdirSync(cwd);
    vi.stubEnv("LANG", "parent-value");
    vi.stubEnv("SDK_TEST_SECRET", "not-for-the-child");
    const rec = recorder();
    const t = transport({
      codexPath: bin,
      cwd,
      env: { FOO: "bar", LANG: undefined },
      config: { model: "m" },
      args: ["--strict-config"],
    });
    await t.start(rec.handlers);
    expect(t.description).toBe(`stdio:${bin}`);
    expect(typeof t.pid).toBe("number");
    await vi.waitFor(() => expect(rec.messages).toHaveLength(1), { timeout: 5000 });
    const params = (rec.messages[0] as { params: Record<string, unknown> }).params;
    const argv = params["argv"] as string[];
    expect(argv.slice(-6)).toEqual([
      "--config",
      'model="m"',
      "app-server",
      "--listen",
      "stdio://",
      "--strict-config",
    ]);
    expect(argv).toContain('shell_environment_policy.inherit="all"');
    expect(params).toMatchObject({
      cwd,
      env: { FOO: "bar", LANG: null, SDK_TEST_SECRET: null, PATH: process.env.PATH ?? null },
    });
  });

  it("takes CODEX_PATH from the env option over the parent's environment", async () => {
    const good = writeFakeAppServer(
      dir,
      { start: [{ send: { method: "which", params: { me: "good" } } }] },
      "good",
    );
    vi.stubEnv("CODEX_PATH", join(dir, "parent-does-not-exist"));
    const rec = recorder();
    const t = transport({ env: { CODEX_PATH: good } });
    await t.start(rec.handlers);
    await vi.waitFor(() => expect(rec.messages).toEqual([{ method: "which", params: { me: "good" } }]), {
      timeout: 5000,
    });
  });

  it("start() rejects (never throws synchronously) when the binary is missing", async () => {
    const rec = recorder();
    const t = transport({ codexPath: join(dir, "absent") });
    let result: Promise<void> | undefined;
    expect(() => {
      result = t.start(rec.handlers);
    }).not.toThrow();
    await expect(result).rejects.toThrow(`Codex binary not found at ${join(dir, "absent")}`);
    await expect(result).rejects.toBeInstanceOf(CodexError);
  });

  it("start() rejects (never throws synchronously) when config cannot be encoded", async () => {
    const t = transport({ codexPath: writeFakeAppServer(dir, {}), config: { bad: null as never } });
    let result: Promise<void> | undefined;
    expect(() => {
      result = t.start(recorder().handlers);
    }).not.toThrow();
    await expect(result).rejects.toThrow("config bad: null");
  });

  it.skipIf(process.platform === "win32")(
    "reports an executable that cannot be executed as a closure, not a hang",
    async () => {
      // On Linux, Node spawns it and the child exits with 127 (ENOEXEC happens after the fork).
      const path = join(dir, "garbage-exe");
      writeFileSync(path, Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe]));
      chmodSync(path, 0o755);
      const rec = recorder();
      const t = transport({ codexPath: path });
      await t.start(rec.handlers).catch(() => undefined);
      const error = await rec.closed();
      expect(error).toBeInstanceOf(TransportClosedError);
      expect(error.exitCode).toBe(127);
      await expect(t.close()).resolves.toBeUndefined();
      expect(() => t.send({ method: "x" })).toThrow(error);
    },
  );

  it("a start() failure closes the transport: onClose once, and later sends throw the same explanation", async () => {
    const rec = recorder();
    const t = transport({ codexPath: join(dir, "absent") });
    await expect(t.start(rec.handlers)).rejects.toThrow("Codex binary not found");
    const error = await rec.closed(100);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.message).toContain(`Codex binary not found at ${join(dir, "absent")}`);
    expect(() => t.send({ method: "x" })).toThrow(error);
    const twice = await t.start(rec.handlers).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(CodexError);
    expect(String(twice)).toContain("called twice");
    await t.close();
    expect(rec.closeCount).toBe(1);
  });

  it("start() after close() rejects with the close error and spawns nothing", async () => {
    const t = transport({
      codexPath: writeFakeAppServer(dir, { start: [{ send: { method: "should-not-run" } }] }),
    });
    await t.close();
    await expect(t.start(recorder().handlers)).rejects.toThrow("closed by the client");
    expect(t.pid).toBeUndefined();
  });

  it("reports an exit with its code and the stderr tail (ANSI colours removed), once", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [{ stderr: "\u001b[31mERROR\u001b[0m first line\nsecond line" }, { exit: 3 }],
      markFaults: false,
    });
    const rec = recorder();
    const t = transport({ codexPath: bin });
    await t.start(rec.handlers);
    const error = await rec.closed();
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error.exitCode).toBe(3);
    expect(error.signal).toBeNull();
    expect(error.stderrTail).toBe("ERROR first line\nsecond line");
    expect(error.message).toContain("codex app-server exited with code 3");
    expect(error.message).toContain("ERROR first line");
    expect(() => t.send({ method: "x" })).toThrow(error);
    await t.close();
    expect(rec.closeCount).toBe(1);
  });

  it("reports a SIGKILL with the signal, and delivers every message written before it", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [
        ...Array.from({ length: 100 }, (_, i) => ({ send: { method: "n", params: { i } } })),
        { kill: "SIGKILL" },
      ],
    });
    const rec = recorder();
    const t = transport({ codexPath: bin });
    await t.start(rec.handlers);
    const error = await rec.closed();
    expect(error.signal).toBe("SIGKILL");
    expect(error.exitCode).toBeNull();
    expect(error.message).toContain("was killed by SIGKILL");
    expect(rec.messages.map((m) => (m.params as { i: number }).i)).toEqual([...Array(100).keys()]);
  });

  it("reports a malformed line and keeps delivering, and a trailing partial line at exit", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [
        { send: { method: "a" } },
        { raw: "{this is not json\n" },
        { send: { method: "b" } },
        { raw: '{"method":"cut' },
        { exit: 0 },
      ],
    });
    const rec = recorder();
    const t = transport({ codexPath: bin });
    await t.start(rec.handlers);
    await rec.closed();
    expect(rec.messages).toEqual([{ method: "a" }, { method: "b" }]);
    expect(rec.malformed.map((m) => m.raw)).toEqual(["{this is not json", '{"method":"cut']);
  });

  it("round-trips messages through the child's stdin and stdout", async () => {
    const bin = writeFakeAppServer(dir, { on: { echo: ["echo"] } });
    const rec = recorder();
    const t = transport({ codexPath: bin });
    await t.start(rec.handlers);
    const big = "ü".repeat(3 * 1024 * 1024);
    await t.send({ id: 1, method: "echo", params: { text: "héllo" } });
    await t.send({ id: 2, method: "echo", params: { big } });
    await vi.waitFor(() => expect(rec.messages).toHaveLength(2), { timeout: 10_000 });
    expect(rec.messages[0]).toEqual({ id: 1, result: { echo: { text: "héllo" } } });
    expect((rec.messages[1] as { result: { echo: { big: string } } }).result.echo.big === big).toBe(true);
  });

  it("close() ends stdin and resolves once the child exited; the pid is gone", async () => {
    const bin = writeFakeAppServer(dir, { start: [{ send: { method: "ready" } }] });
    const rec = recorder();
    const t = transport({ codexPath: bin });
    await t.start(rec.handlers);
    await vi.waitFor(() => expect(rec.messages).toHaveLength(1), { timeout: 5000 });
    const pid = t.pid!;
    const started = Date.now();
    await t.close();
    const ms = Date.now() - started;
    expect(processExists(pid)).toBe(false);
    expect(ms).toBeLessThan(PROMPT_MS);
    const error = await rec.closed();
    expect(error.message).toContain("closed by the client");
    expect(rec.closeCount).toBe(1);
    await t.close(); // idempotent
    expect(() => t.send({ method: "late" })).toThrow(TransportClosedError);
  });

  it("close() escalates to SIGTERM, then SIGKILL, each sent once, for a child that ignores both", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [{ send: { method: "ready" } }],
      onStdinEnd: "ignore",
      onSigterm: [{ send: { method: "got-sigterm" } }],
    });
    const kill = vi.spyOn(ChildProcess.prototype, "kill");
    const rec = recorder();
    const t = transport({ codexPath: bin, closeGraceMs: 150 });
    await t.start(rec.handlers);
    await vi.waitFor(() => expect(rec.messages).toEqual([{ method: "ready" }]), { timeout: 5000 });
    const pid = t.pid!;
    const started = Date.now();
    await within(t.close(), 5000, "close()");
    const ms = Date.now() - started;
    expect(processExists(pid)).toBe(false);
    expect(kill.mock.calls).toEqual([["SIGTERM"], ["SIGKILL"]]);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
  });

  it("close() does not hang when a grandchild keeps the child's stdout open", async () => {
    const bin = writeFakeAppServer(dir, { start: [{ spawnGrandchild: ["sleep", "30"] }] });
    const rec = recorder();
    const t = transport({ codexPath: bin, closeGraceMs: 200 });
    await t.start(rec.handlers);
    await vi.waitFor(() => expect(rec.messages).toHaveLength(1), { timeout: 5000 });
    const grandchild = (rec.messages[0]?.params as { pid: number }).pid;
    try {
      const pid = t.pid!;
      const started = Date.now();
      await within(t.close(), 3000, "close()");
      expect(Date.now() - started).toBeLessThan(3000);
      expect(processExists(pid)).toBe(false);
      const error = await rec.closed(1000);
      expect(error).toBeInstanceOf(TransportClosedError);
    } finally {
      if (processExists(grandchild)) process.kill(grandchild, "SIGKILL");
    }
  });

  it("applies backpressure when the child does not read stdin, and fails the pending write when it dies", async () => {
    const bin = writeFakeAppServer(dir, { start: [{ stopReading: true }, { send: { method: "ready" } }] });
    const rec = recorder();
    const t = transport({ codexPath: bin, closeGraceMs: 100 });
    await t.start(rec.handlers);
    await vi.waitFor(() => expect(rec.messages).toHaveLength(1), { timeout: 5000 });
    const payload = "x".repeat(64 * 1024);
    let blocked: Promise<void> | undefined;
    for (let i = 0; i < 1000 && !blocked; i++) {
      const r = t.send({ method: "fill", params: { payload } });
      if (r) blocked = r;
    }
    expect(blocked).toBeInstanceOf(Promise);
    const settled = blocked!.then(
      () => "resolved",
      (e: unknown) => e,
    );
    process.kill(t.pid!, "SIGKILL");
    const outcome = await within(settled, 3000, "the blocked write settling");
    expect(outcome).toBeInstanceOf(TransportClosedError);
    const error = await rec.closed();
    expect(error.signal).toBe("SIGKILL");
  });

  it("includes the very last stderr lines written just before a crash", async () => {
    // The exit status can be known before the last stderr bytes are read: the closure waits for them.
    const bin = writeFakeAppServer(dir, {
      start: [
        ...Array.from({ length: 20 }, () => ({ stderr: "e".repeat(60000) })),
        { stderr: "FINAL LINE" },
        { kill: "SIGKILL" },
      ],
      markFaults: false,
    });
    for (let run = 0; run < 5; run++) {
      const rec = recorder();
      const t = transport({ codexPath: bin });
      await t.start(rec.handlers);
      const error = await rec.closed();
      expect(error.signal).toBe("SIGKILL");
      expect(error.stderrTail.endsWith("FINAL LINE"), `run ${run}`).toBe(true);
    }
  });

  describe("when the parent process goes away", () => {
    /** Runs a Node parent (TypeScript via tsx) that starts a transport on `bin` and reports the child pid. */
    async function parentWithChild(
      bin: string,
      then: "exit" | "hang",
    ): Promise<{ parent: number; child: number }> {
      const script = join(dir, "parent.mts");
      const stdioModule = new URL("../../src/transport/stdio.ts", import.meta.url).href;
      writeFileSync(
        script,
        `import { StdioTransport } from ${JSON.stringify(stdioModule)};
const t = new StdioTransport({ codexPath: ${JSON.stringify(bin)} });
await t.start({ onMessage: () => {}, onClose: () => {} });
process.stdout.write(JSON.stringify({ child: t.pid }) + "\\n");
${then === "exit" ? "process.exit(0);" : "setInterval(() => {}, 1000);"}
`,
      );
      const parent = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "inherit"],
      });
      const line = await within(
        new Promise<string>((resolve) => {
          let out = "";
          parent.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
          });
          parent.once("exit", (code) => resolve(out || `{"error":"parent exited with ${String(code)}"}`));
        }),
        15_000,
        "the parent reporting its child",
      );
      const { child } = JSON.parse(line) as { child: number };
      expect(child, line).toBeTypeOf("number");
      return { parent: parent.pid!, child };
    }

    it("process.exit() in the parent sends SIGTERM to a child that ignores stdin EOF", async () => {
      const bin = writeFakeAppServer(dir, { onStdinEnd: "ignore" });
      const { child } = await parentWithChild(bin, "exit");
      try {
        await vi.waitFor(() => expect(processExists(child)).toBe(false), { timeout: 5000 });
      } finally {
        if (processExists(child)) process.kill(child, "SIGKILL");
      }
    });

    it("a SIGKILLed parent leaves no child: the app-server exits on stdin EOF", async () => {
      const bin = writeFakeAppServer(dir, {});
      const { parent, child } = await parentWithChild(bin, "hang");
      try {
        expect(processExists(child)).toBe(true);
        process.kill(parent, "SIGKILL");
        await vi.waitFor(() => expect(processExists(child)).toBe(false), { timeout: 5000 });
      } finally {
        if (processExists(parent)) process.kill(parent, "SIGKILL");
        if (processExists(child)) process.kill(child, "SIGKILL");
      }
    });
  });

  // 1.6 MB of stderr: reading it took over 5 s once on a loaded machine, hence the wider bound.
  it("keeps a bounded stderr tail", async () => {
    const bin = writeFakeAppServer(dir, {
      start: [
        ...Array.from({ length: 800 }, (_, i) => ({ stderr: `line ${i} ${"z".repeat(2000)}` })),
        { exit: 1 },
      ],
      markFaults: false,
    });
    const lines: string[] = [];
    const rec = recorder();
    const t = transport({ codexPath: bin, onStderr: (l) => lines.push(l) });
    await t.start(rec.handlers);
    const error = await rec.closed(30_000);
    expect(lines).toHaveLength(800);
    expect(error.stderrTail.length).toBeLessThanOrEqual(4000);
    expect(error.stderrTail).toContain("line 799 ");
    expect(error.stderrTail).not.toContain("line 700 ");
    expect(t.stderrTail).toBe(error.stderrTail);
  });
});
