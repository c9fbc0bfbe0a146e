/**
 * Login and account calls of `Codex` over an in-memory transport: what is sent, how answers are
 * checked, how completions reach their own handle, and that an API key never leaks.
 */
import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";

import { Codex } from "../../src/api/codex/codex.js";
import { ChatgptLoginHandle } from "../../src/api/login/login-handles.js";
import { LoginRouter } from "../../src/api/login/login-router.js";
import { InvalidArgumentError } from "../../src/api/validation.js";
import {
  AbortError,
  InternalRpcError,
  InvalidRequestError,
  TimeoutError,
  TransportClosedError,
  UnexpectedResponseError,
  type JsonRpcError,
} from "../../src/errors.js";
import {
  createMemoryTransport,
  FakeRpcError,
  initializeResult,
  type FakeAppServer,
} from "../support/memory-transport.js";

const KEY = "sk-unit-SECRET-0123456789abcdef";
const AUTH_URL =
  "https://auth.openai.com/oauth/authorize?response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback";

const open: Codex[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function setup(): { codex: Codex; server: FakeAppServer } {
  const { transport, server } = createMemoryTransport();
  server.handle("initialize", () => initializeResult());
  const codex = new Codex({ transport });
  open.push(codex);
  return { codex, server };
}

function completed(loginId: string, success = false, error: string | null = "Login cancelled") {
  return { loginId, success, error, onboardingEntrypoint: null };
}

/** Serves browser logins with ids L1, L2, ...; `before` runs just before each answer. */
function serveBrowserLogins(server: FakeAppServer, before?: (loginId: string) => void): void {
  let n = 0;
  server.handle("account/login/start", () => {
    const loginId = `L${++n}`;
    before?.(loginId);
    return { type: "chatgpt", loginId, authUrl: AUTH_URL };
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("loginChatgpt()", () => {
  it("sends {type: chatgpt} and returns a handle with the login id and auth URL", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    const login = await codex.loginChatgpt();
    expect(login).toBeInstanceOf(ChatgptLoginHandle);
    expect(login.loginId).toBe("L1");
    expect(login.authUrl).toBe(AUTH_URL);
    const sent = server.received.find((m) => m.method === "account/login/start");
    expect(sent?.params).toEqual({ type: "chatgpt" });
  });

  it("replays a completion that arrived before the start response", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server, (id) => server.notify("account/login/completed", completed(id)));
    const login = await codex.loginChatgpt();
    await expect(login.wait()).resolves.toEqual(completed("L1"));
  });

  it("replays a completion that arrived after the handle but before wait(), and caches it", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    const login = await codex.loginChatgpt();
    server.notify("account/login/completed", completed("L1", true, null));
    const first = await login.wait();
    expect(first).toMatchObject({ loginId: "L1", success: true });
    await expect(login.wait({ timeoutMs: 0 })).resolves.toBe(first);
  });

  it("never wakes the first handle with a second login's completion", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server, (id) => {
      // Like the real server: starting L2 completes L1 before answering.
      if (id === "L2") server.notify("account/login/completed", completed("L1", false, "Login cancelled"));
    });
    const first = await codex.loginChatgpt();
    const firstDone = first.wait();
    const second = await codex.loginChatgpt();
    const secondDone = second.wait();
    await expect(firstDone).resolves.toMatchObject({ loginId: "L1", error: "Login cancelled" });
    server.notify("account/login/completed", completed("L2", false, "Login was not completed"));
    await expect(secondDone).resolves.toMatchObject({ loginId: "L2", error: "Login was not completed" });
    await expect(first.wait()).resolves.toMatchObject({ loginId: "L1" });
  });

  it("cancel() returns the server's status, after which wait() resolves with success false", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    server.handle("account/login/cancel", (params) => {
      server.notify("account/login/completed", completed("L1", false, "Login was not completed"));
      return { status: (params as { loginId: string }).loginId === "L1" ? "canceled" : "notFound" };
    });
    const login = await codex.loginChatgpt();
    await expect(login.cancel()).resolves.toEqual({ status: "canceled" });
    expect(server.received.find((m) => m.method === "account/login/cancel")?.params).toEqual({
      loginId: "L1",
    });
    await expect(login.wait()).resolves.toMatchObject({ loginId: "L1", success: false });
  });

  it("rejects waits with the TransportClosedError when the app-server goes away", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    const login = await codex.loginChatgpt();
    const waiting = login.wait();
    const crash = server.crash({ exitCode: 1 });
    await expect(waiting).rejects.toBe(crash);
    await expect(login.wait()).rejects.toBe(crash);
  });
});

describe("loginChatgptDeviceCode()", () => {
  it("returns a handle with the verification URL and user code", async () => {
    const { codex, server } = setup();
    server.handle("account/login/start", () => ({
      type: "chatgptDeviceCode",
      loginId: "D1",
      verificationUrl: "https://auth.openai.com/codex/device",
      userCode: "ABCD-EFGH",
    }));
    const login = await codex.loginChatgptDeviceCode();
    expect(login).toMatchObject({
      loginId: "D1",
      verificationUrl: "https://auth.openai.com/codex/device",
      userCode: "ABCD-EFGH",
    });
    expect(server.received.find((m) => m.method === "account/login/start")?.params).toEqual({
      type: "chatgptDeviceCode",
    });
    server.notify("account/login/completed", completed("D1", true, null));
    await expect(login.wait()).resolves.toMatchObject({ loginId: "D1", success: true });
  });

  it("surfaces the server's -32603 (no network) as an InternalRpcError with its message", async () => {
    const { codex, server } = setup();
    const message =
      "failed to request device code: error sending request for url (https://auth.openai.com/api/accounts/deviceauth/usercode)";
    server.handle("account/login/start", () => {
      throw new FakeRpcError({ code: -32603, message });
    });
    const error = await rejection(codex.loginChatgptDeviceCode());
    expect(error).toBeInstanceOf(InternalRpcError);
    expect((error as JsonRpcError).rpcMessage).toBe(message);
    expect((error as JsonRpcError).code).toBe(-32603);
  });
});

describe("unexpected server answers", () => {
  const cases: [string, string, unknown, (c: Codex) => Promise<unknown>, RegExp][] = [
    [
      "chatgpt login of another type",
      "account/login/start",
      { type: "apiKey" },
      (c) => c.loginChatgpt(),
      /expected \{ type: "chatgpt", loginId: non-empty string, authUrl/,
    ],
    [
      "chatgpt login without authUrl",
      "account/login/start",
      { type: "chatgpt", loginId: "L" },
      (c) => c.loginChatgpt(),
      /expected \{ loginId: non-empty string, authUrl: non-empty string \}; got \{"type":"chatgpt","loginId":"L"\}/,
    ],
    [
      "device code without userCode",
      "account/login/start",
      { type: "chatgptDeviceCode", loginId: "D", verificationUrl: "u" },
      (c) => c.loginChatgptDeviceCode(),
      /expected \{ type: "chatgptDeviceCode", loginId, verificationUrl, userCode/,
    ],
    [
      "api key login of another type",
      "account/login/start",
      { type: "chatgpt" },
      (c) => c.loginApiKey(KEY),
      /expected \{ type: "apiKey" \}/,
    ],
    [
      "account that is a string",
      "account/read",
      { account: "x", requiresOpenaiAuth: true },
      (c) => c.account(),
      /expected \{ account: \{ type: string, \.\.\. \} \| null, requiresOpenaiAuth: boolean \}/,
    ],
    [
      "account without requiresOpenaiAuth",
      "account/read",
      { account: null },
      (c) => c.account(),
      /requiresOpenaiAuth: boolean/,
    ],
    [
      "logout answered with an array",
      "account/logout",
      [],
      (c) => c.logout(),
      /account\/logout: unexpected response.*expected an object/,
    ],
  ];
  it.each(cases)("%s", async (_name, method, answer, call, expected) => {
    const { codex, server } = setup();
    server.handle(method, () => answer);
    const error = await rejection(call(codex));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(expected);
  });

  it("cancel answered with an unknown status", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    server.handle("account/login/cancel", () => ({ status: "gone" }));
    const login = await codex.loginChatgpt();
    const error = await rejection(login.cancel());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('expected { status: "canceled" | "notFound" }; got {"status":"gone"}');
  });

  it("a malformed completion rejects wait() instead of resolving with a bad value", async () => {
    const { codex, server } = setup();
    serveBrowserLogins(server);
    const login = await codex.loginChatgpt();
    server.notify("account/login/completed", { loginId: "L1", success: "yes" });
    const error = await rejection(login.wait());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("account/login/completed: unexpected response");
  });
});

describe("account() and logout()", () => {
  it("always sends refreshToken (false by default) and returns the answer", async () => {
    const { codex, server } = setup();
    const answer = { account: { type: "apiKey" }, userId: null, requiresOpenaiAuth: true };
    server.handle("account/read", () => answer);
    await expect(codex.account()).resolves.toEqual(answer);
    await expect(codex.account({ refreshToken: true })).resolves.toEqual(answer);
    const sent = server.received.filter((m) => m.method === "account/read").map((m) => m.params);
    expect(sent).toEqual([{ refreshToken: false }, { refreshToken: true }]);
  });

  it("validates its options before sending anything", async () => {
    const { codex, server } = setup();
    await expect(codex.account({ refreshToken: "yes" as unknown as boolean })).rejects.toThrow(
      /refreshToken must be a boolean; got "yes"/,
    );
    await expect(codex.account(null as unknown as object)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.received.filter((m) => m.method === "account/read")).toHaveLength(0);
  });

  it("logout() sends no params at all", async () => {
    const { codex, server } = setup();
    server.handle("account/logout", () => ({}));
    await expect(codex.logout()).resolves.toBeUndefined();
    const sent = server.received.find((m) => m.method === "account/logout");
    expect(sent).toBeDefined();
    expect(sent && "params" in sent).toBe(false);
  });
});

describe("wait() options", () => {
  const bad: [string, unknown, RegExp][] = [
    [
      "a negative timeout",
      { timeoutMs: -1 },
      /timeoutMs must be a number of milliseconds >= 0, or Infinity for no limit; got -1/,
    ],
    ["a string timeout", { timeoutMs: "10" }, /got "10"/],
    ["NaN", { timeoutMs: Number.NaN }, /got NaN/],
    ["a signal that is not one", { signal: { aborted: false } }, /signal must be an AbortSignal/],
    ["options that are not an object", 5, /wait\(\) options must be an object; got 5/],
  ];
  it.each(bad)(
    "rejects %s with an InvalidArgumentError, registering nothing",
    async (_n, options, message) => {
      const router = new LoginRouter();
      const handle = new ChatgptLoginHandle(
        { request: () => Promise.reject(new Error("unused")) },
        router,
        "L",
        "u",
      );
      const error = await rejection(handle.wait(options as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(message);
      expect(router.waiterCount).toBe(0);
    },
  );

  it.each([Infinity, 2 ** 31, Number.MAX_SAFE_INTEGER])(
    "wait({ timeoutMs: %s }) means no limit: no timer, still waiting, then completes",
    async (timeoutMs) => {
      vi.useFakeTimers();
      const router = new LoginRouter();
      const handle = new ChatgptLoginHandle(
        { request: () => Promise.reject(new Error("unused")) },
        router,
        "L",
        "u",
      );
      let settled = false;
      const waiting = handle.wait({ timeoutMs }).finally(() => {
        settled = true;
      });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(settled).toBe(false);
      expect(router.waiterCount).toBe(1);
      router.route({ loginId: "L", success: true, error: null });
      await expect(waiting).resolves.toMatchObject({ success: true });
    },
  );

  it("timeout and abort through a handle leave no waiter, timer or listener behind", async () => {
    vi.useFakeTimers();
    const router = new LoginRouter();
    const handle = new ChatgptLoginHandle(
      { request: () => Promise.reject(new Error("unused")) },
      router,
      "L",
      "u",
    );
    const timedOut = rejection(handle.wait({ timeoutMs: 50 }));
    expect(router.waiterCount).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(await timedOut).toBeInstanceOf(TimeoutError);
    expect(router.waiterCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    const controller = new AbortController();
    const aborted = rejection(handle.wait({ signal: controller.signal, timeoutMs: 10_000 }));
    controller.abort();
    expect(await aborted).toBeInstanceOf(AbortError);
    expect(router.waiterCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    // Released, not lost: the completion that comes later still reaches the next wait().
    router.route(completed("L"));
    await expect(handle.wait()).resolves.toMatchObject({ loginId: "L" });
  });
});

describe("loginApiKey() and the secret", () => {
  /** Every place a key could leak to: messages, stacks, fields, inspect output. */
  function everything(...values: unknown[]): string {
    return values
      .map((v) =>
        [
          inspect(v, { showHidden: true, depth: Infinity, getters: true }),
          v instanceof Error ? `${v.message}\n${v.stack ?? ""}\n${JSON.stringify(v)}` : "",
        ].join("\n"),
      )
      .join("\n");
  }

  it("sends {type: apiKey, apiKey} and resolves once the server confirms", async () => {
    const { codex, server } = setup();
    server.handle("account/login/start", () => ({ type: "apiKey" }));
    await expect(codex.loginApiKey(KEY)).resolves.toBeUndefined();
    expect(server.received.find((m) => m.method === "account/login/start")?.params).toEqual({
      type: "apiKey",
      apiKey: KEY,
    });
    expect(everything(codex)).not.toContain(KEY);
  });

  const badKeys: [string, unknown, RegExp][] = [
    ["a number", 42, /apiKey must be a string; got number/],
    ["null", null, /apiKey must be a string; got null/],
    ["an object holding the key", { key: KEY }, /apiKey must be a string; got object/],
    ["an empty string", "", /apiKey must be a non-empty string/],
    ["a key with a trailing newline", `${KEY}\n`, /apiKey has leading or trailing whitespace; trim it first/],
    [
      "a key with a space inside",
      `sk-a ${KEY}`,
      /printable ASCII without spaces; it has another character at index 4/,
    ],
    ["a key with a non-ASCII character", `${KEY}é`, /printable ASCII/],
  ];
  it.each(badKeys)("rejects %s without echoing it", async (_n, key, message) => {
    const { codex, server } = setup();
    const error = await rejection(codex.loginApiKey(key as string));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toMatch(message);
    expect(everything(error)).not.toContain(KEY);
    expect(server.received.filter((m) => m.method === "account/login/start")).toHaveLength(0);
  });

  it("redacts a server error that echoes the key, keeping its class, code and the rest of the data", async () => {
    const { codex, server } = setup();
    server.handle("account/login/start", (params) => {
      throw new FakeRpcError({
        code: -32600,
        message: `API key ${KEY} is not allowed here`,
        data: { params, note: "kept", [KEY]: true },
      });
    });
    const error = await rejection(codex.loginApiKey(KEY));
    expect(error).toBeInstanceOf(InvalidRequestError);
    const rpc = error as JsonRpcError;
    expect(rpc.code).toBe(-32600);
    expect(rpc.method).toBe("account/login/start");
    expect(rpc.rpcMessage).toBe("API key [redacted api key] is not allowed here");
    expect(rpc.data).toEqual({
      params: { type: "apiKey", apiKey: "[redacted api key]" },
      note: "kept",
      "[redacted api key]": true,
    });
    expect(everything(error, codex)).not.toContain(KEY);
  });

  it("passes a server error without the key through untouched", async () => {
    const { codex, server } = setup();
    server.handle("account/login/start", () => {
      throw new FakeRpcError({ code: -32603, message: "storage failed" });
    });
    const error = await rejection(codex.loginApiKey(KEY));
    expect(error).toBeInstanceOf(InternalRpcError);
    expect((error as JsonRpcError).rpcMessage).toBe("storage failed");
  });

  it("redacts an unexpected answer that echoes the key", async () => {
    const { codex, server } = setup();
    server.handle("account/login/start", () => ({ type: "apiKeyEcho", apiKey: KEY }));
    const error = await rejection(codex.loginApiKey(KEY));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('"apiKey":"[redacted api key]"');
    expect(everything(error)).not.toContain(KEY);
  });

  it("redacts the stderr tail of a crash during the login", async () => {
    const { codex, server } = setup();
    await codex.start();
    const pending = rejection(codex.loginApiKey(KEY));
    await server.nextRequest("account/login/start");
    server.crash({ exitCode: 101, stderrTail: `panicked while saving ${KEY}` });
    const error = await pending;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as TransportClosedError).exitCode).toBe(101);
    expect((error as TransportClosedError).stderrTail).toBe("panicked while saving [redacted api key]");
    expect(everything(error, codex)).not.toContain(KEY);
  });
});
