/**
 * `codex.reconnect()` semantics, without the real app-server: when it is refused, that concurrent
 * calls share one new connection, and that what belongs to the client (listeners, the
 * notification bus, logins) works on the new connection. The stdio cases use the scripted fake
 * app-server (test/support/fake-app-server.mjs), so each connection is a new process; the integration suite
 * (test/integration/transports-matrix.test.ts) covers the real binary over every transport.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { Codex, CodexError, TransportClosedError } from "../../src/index.js";
import { writeFakeAppServer } from "../support/fake-app-server.js";
import { createMemoryTransport, initializeResult } from "../support/memory-transport.js";
import { listenersCalled } from "../support/listeners.js";
import { rejection, within } from "../support/sdk.js";

const open: Codex[] = [];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "codex-sdk-reconnect-"));
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

function track(codex: Codex): Codex {
  open.push(codex);
  return codex;
}

/**
 * A fake app-server that logs each start, exits with code 9 on `test/die` (a crash), answers
 * `thread/list`, starts ChatGPT logins (L1, L2, … per process) and completes the latest one when
 * asked `account/read`.
 */
function fakeCodex(): { codexPath: string; starts: () => number } {
  const log = join(dir, "starts.log");
  const codexPath = writeFakeAppServer(dir, {
    start: [{ logPid: log }],
    on: {
      "test/die": [{ exit: 9 }],
      "thread/list": [{ respond: { data: [], nextCursor: null } }],
      "account/login/start": [
        { respond: { type: "chatgpt", loginId: "$loginId", authUrl: "https://auth.example/$loginId" } },
      ],
      // account/read completes the latest login first (so that a test can wait() before it arrives).
      "account/read": [
        {
          send: {
            method: "account/login/completed",
            params: { loginId: "$loginId", success: true, error: null, onboardingEntrypoint: null },
          },
        },
        { respond: { account: null, requiresOpenaiAuth: false } },
      ],
    },
  });
  const starts = (): number => {
    try {
      return readFileSync(log, "utf8").trim().split("\n").length;
    } catch {
      return 0;
    }
  };
  return { codexPath, starts };
}

/** Makes the fake app-server crash and waits until the client has seen it. */
async function crash(codex: Codex): Promise<void> {
  const error = await rejection(codex.request("test/die" as "thread/list", {}), "the crash");
  expect(error).toBeInstanceOf(TransportClosedError);
}

describe("reconnect() is refused", () => {
  it("before the client connected", async () => {
    const codex = track(new Codex({ transport: createMemoryTransport().transport }));
    const error = await rejection(codex.reconnect());
    expect(error).toBeInstanceOf(CodexError);
    expect((error as Error).message).toMatch(/not connected yet: call start\(\)/);
  });

  it("while the connection is open", async () => {
    const { transport, server } = createMemoryTransport();
    server.handle("initialize", () => initializeResult());
    const codex = track(new Codex({ transport }));
    await codex.start();
    expect((await rejection(codex.reconnect())) as Error).toHaveProperty(
      "message",
      expect.stringMatching(/connection is open/),
    );
  });

  it("after close(), which stays final", async () => {
    const { transport, server } = createMemoryTransport();
    server.handle("initialize", () => initializeResult());
    const codex = track(new Codex({ transport }));
    await codex.start();
    await codex.close();
    const error = await rejection(codex.reconnect());
    expect(error).toBeInstanceOf(CodexError);
    expect(error).not.toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/client is closed/);
  });

  it("for a Transport object, which cannot be started twice", async () => {
    const { transport, server } = createMemoryTransport();
    server.handle("initialize", () => initializeResult());
    const codex = track(new Codex({ transport }));
    await codex.start();
    server.crash({ exitCode: null, signal: "SIGKILL" });
    const error = await rejection(codex.reconnect());
    expect(error).toBeInstanceOf(CodexError);
    expect((error as Error).message).toMatch(/cannot reuse a Transport object/);
  });
});

describe("reconnect() over stdio (a fake app-server)", () => {
  it("makes one new connection for concurrent calls; calls made meanwhile wait for it", async () => {
    const fake = fakeCodex();
    const codex = track(new Codex({ codexPath: fake.codexPath }));
    const first = await codex.start();
    await crash(codex);
    const later = await rejection(codex.threadList());
    expect((later as Error).message).toMatch(/call codex\.reconnect\(\)/);

    const reconnects = [codex.reconnect(), codex.reconnect(), codex.reconnect()];
    const waiting = codex.threadList(); // made during the reconnect: waits for it
    const metadata = await within(Promise.all(reconnects), "three reconnect() calls");
    expect(fake.starts()).toBe(2);
    expect(new Set(metadata).size).toBe(1);
    expect(metadata[0]).not.toBe(first);
    expect(codex.metadata).toBe(metadata[0]);
    expect((await waiting).data).toEqual([]);
  });

  it("keeps codex.on() listeners, reopens notifications(), and lets logins complete again", async () => {
    const fake = fakeCodex();
    const codex = track(new Codex({ codexPath: fake.codexPath }));
    const completions: string[] = [];
    codex.on("account/login/completed", (n) => completions.push(n.params.loginId ?? ""));
    const before = codex.notifications();
    const login = await codex.loginChatgpt();
    const waited = login.wait();
    await codex.account();
    expect(await within(waited, "the first login")).toMatchObject({ success: true });

    await crash(codex);
    const drained: string[] = [];
    await within(
      (async () => {
        for await (const n of before) drained.push(n.method);
      })(),
      "the old iterator to end",
    );
    expect(drained).toContain("account/login/completed");
    await codex.reconnect();

    const after = codex.notifications({ methods: ["account/login/completed"] });
    const again = await codex.loginChatgpt();
    expect(again.loginId).toBe("L1"); // a new process
    const waitedAgain = again.wait(); // registered before the completion arrives
    await codex.account();
    expect(await within(waitedAgain, "the login on the new connection")).toMatchObject({ success: true });
    const seen = await within(after.next(), "a notification on the new connection");
    expect(seen.done === false && seen.value.params).toMatchObject({ loginId: "L1" });
    await listenersCalled();
    expect(completions).toEqual(["L1", "L1"]);
  });

  it("a failed reconnect leaves the connection lost; the next one can succeed", async () => {
    const fake = fakeCodex();
    const codex = track(new Codex({ codexPath: fake.codexPath }));
    await codex.start();
    const realPath = fake.codexPath;
    await crash(codex);
    rmSync(realPath); // the binary is gone for a moment
    expect(await rejection(codex.reconnect())).toBeInstanceOf(CodexError);
    const restored = fakeCodex(); // same path, written again
    expect(restored.codexPath).toBe(realPath);
    await within(codex.reconnect(), "the second reconnect");
    expect((await codex.threadList()).data).toEqual([]);
  });
});
