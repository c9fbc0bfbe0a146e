/**
 * Accounts and login against the REAL pinned app-server and the mock Responses API, offline.
 *
 * ChatGPT logins talk to an auth server; the runtime reads its address from
 * `CODEX_APP_SERVER_LOGIN_ISSUER` (and the workspace check from `chatgpt_base_url`), so these tests
 * point both at a small local fake (`FakeAuthServer` below) or at a closed local port. Nothing
 * leaves the machine. Every test that starts a browser login holds the login-port lock (the
 * runtime's callback server always uses port 1455, see test/support/login-port-lock.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { getEventListeners } from "node:events";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

import {
  AbortError,
  ChatgptLoginHandle,
  Codex,
  DeviceCodeLoginHandle,
  InternalRpcError,
  InvalidRequestError,
  type JsonRpcError,
  TimeoutError,
  type Notification,
} from "../../src/index.js";
import { AppServerHarness, textResponse, type AppServerHarnessOptions } from "../../src/testing/index.js";
import { withLoginPortLock } from "../support/login-port-lock.js";
import { PROMPT_MS } from "../support/bounds.js";

const KEY = "sk-it-SECRET-5f0c1d9e8a7b6c5d4e3f";

interface Started {
  codex: Codex;
  harness: AppServerHarness;
  /** Everything the app-server wrote to stderr. */
  stderr: string[];
  /** Every notification, as JSON. */
  notifications: string[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: AppServerHarnessOptions = {}): Promise<Started> {
  const harness = await AppServerHarness.create({ requiresOpenaiAuth: true, ...options });
  cleanups.push(() => harness.dispose());
  const stderr: string[] = [];
  const notifications: string[] = [];
  const codex = new Codex({ ...harness.codexOptions(), onStderr: (line: string) => stderr.push(line) });
  cleanups.push(() => codex.close());
  codex.on("*", (n: Notification) => notifications.push(JSON.stringify(n)));
  await codex.start();
  return { codex, harness, stderr, notifications };
}

/** The search params of the `redirect_uri` inside an auth URL. */
function redirectOf(authUrl: string): URL {
  return new URL(new URL(authUrl).searchParams.get("redirect_uri") ?? "");
}

describe("API key login", () => {
  it("logs in, authorizes the next model request with the key, and logs out; the key leaks nowhere", async () => {
    const { codex, harness, stderr, notifications } = await start();
    const before = await codex.account();
    expect(before).toMatchObject({ account: null, requiresOpenaiAuth: true });

    const t0 = performance.now();
    await codex.loginApiKey(KEY);
    const loginMs = performance.now() - t0;
    expect((await codex.account()).account).toEqual({ type: "apiKey" });

    harness.mock.enqueue(textResponse("authorized"));
    const thread = await codex.threadStart();
    const result = await thread.run("Who am I?");
    expect(result.finalResponse).toBe("authorized");
    const [request] = await harness.mock.waitForRequests(1, { timeoutMs: 30_000 });
    expect(request?.header("authorization")).toBe(`Bearer ${KEY}`);

    await codex.logout();
    expect((await codex.account()).account).toBeNull();

    const everything = [
      ...stderr,
      ...notifications,
      inspect(codex, { showHidden: true, depth: Infinity }),
      inspect(thread, { showHidden: true, depth: Infinity }),
      JSON.stringify(result),
    ].join("\n");
    expect(everything).not.toContain(KEY);
    console.info(`[measure] loginApiKey round trip: ${loginMs.toFixed(1)} ms`);
  });

  it("a refused API key login is a typed JsonRpcError that does not contain the key", async () => {
    const { codex, stderr, notifications } = await start({ config: { forced_login_method: "chatgpt" } });
    const error = await codex.loginApiKey(KEY).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    const rpc = error as JsonRpcError;
    expect(rpc.rpcMessage).toBe("API key login is disabled. Use ChatGPT login instead.");
    const everything = [
      rpc.message,
      rpc.stack ?? "",
      JSON.stringify(rpc.data ?? null),
      inspect(rpc, { showHidden: true, depth: Infinity }),
      inspect(codex, { showHidden: true, depth: Infinity }),
      ...stderr,
      ...notifications,
    ].join("\n");
    expect(everything).not.toContain(KEY);
    expect((await codex.account()).account).toBeNull();
  });
});

describe("ChatGPT browser login", () => {
  it("has a local redirect_uri; cancel() -> wait() resolves with this login id and success false", async () => {
    await withLoginPortLock(async () => {
      const { codex } = await start({ env: { CODEX_APP_SERVER_LOGIN_ISSUER: await closedPortUrl() } });
      const login = await codex.loginChatgpt();
      expect(login).toBeInstanceOf(ChatgptLoginHandle);
      const redirect = redirectOf(login.authUrl);
      expect(redirect.protocol).toBe("http:");
      expect(["127.0.0.1", "localhost"]).toContain(redirect.hostname);
      const t0 = performance.now();
      await expect(login.cancel()).resolves.toEqual({ status: "canceled" });
      const done = await login.wait({ timeoutMs: 10_000 });
      const cancelMs = performance.now() - t0;
      expect(done.loginId).toBe(login.loginId);
      expect(done.success).toBe(false);
      expect(done.error).toEqual(expect.any(String));
      await expect(login.cancel()).resolves.toEqual({ status: "notFound" });
      console.info(`[measure] browser login cancel -> completion: ${cancelMs.toFixed(1)} ms`);
    });
  });

  it("two logins in a row: each handle receives only its own completion", async () => {
    await withLoginPortLock(async () => {
      const { codex } = await start({ env: { CODEX_APP_SERVER_LOGIN_ISSUER: await closedPortUrl() } });
      const first = await codex.loginChatgpt();
      const firstDone = first.wait({ timeoutMs: 10_000 });
      const second = await codex.loginChatgpt();
      expect(second.loginId).not.toBe(first.loginId);
      const secondDone = second.wait({ timeoutMs: 10_000 });
      const a = await firstDone;
      expect(a).toMatchObject({ loginId: first.loginId, success: false });
      await expect(second.cancel()).resolves.toEqual({ status: "canceled" });
      const b = await secondDone;
      expect(b).toMatchObject({ loginId: second.loginId, success: false });
      expect(b).not.toBe(a);
      await expect(first.wait({ timeoutMs: 0 })).resolves.toBe(a);
    });
  });

  it("wait({ timeoutMs: 50 }) rejects within 1 s and leaves nothing behind; the completion still arrives later", async () => {
    await withLoginPortLock(async () => {
      const { codex } = await start({ env: { CODEX_APP_SERVER_LOGIN_ISSUER: await closedPortUrl() } });
      const login = await codex.loginChatgpt();
      const timers = countTimeouts();
      const t0 = performance.now();
      const error = await login.wait({ timeoutMs: 50 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const elapsed = performance.now() - t0;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toContain(login.loginId);
      expect(elapsed).toBeLessThan(PROMPT_MS);
      expect(countTimeouts()).toBe(timers);

      const controller = new AbortController();
      const aborted = login.wait({ signal: controller.signal });
      controller.abort();
      await expect(aborted).rejects.toBeInstanceOf(AbortError);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

      // The routing was released, not broken: the completion caused by cancel() reaches wait().
      await expect(login.cancel()).resolves.toEqual({ status: "canceled" });
      await expect(login.wait({ timeoutMs: 10_000 })).resolves.toMatchObject({
        loginId: login.loginId,
        success: false,
      });
      console.info(`[measure] wait({ timeoutMs: 50 }) rejected after ${elapsed.toFixed(1)} ms`);
    });
  });

  it("completes against a local auth server: wait() succeeds and account() reports the ChatGPT account", async () => {
    await withLoginPortLock(async () => {
      await using auth = await FakeAuthServer.start();
      const { codex } = await start(auth.harnessOptions());
      const login = await codex.loginChatgpt();
      expect(new URL(login.authUrl).origin).toBe(auth.url);
      const state = new URL(login.authUrl).searchParams.get("state") ?? "";
      const callback = new URL(redirectOf(login.authUrl));
      callback.search = new URLSearchParams({ code: "code-1", state }).toString();
      // What the browser does: the callback redirects to the local success page.
      const redirected = await fetch(callback, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      expect(redirected.status).toBe(302);
      const success = await fetch(redirected.headers.get("location") ?? "", {
        signal: AbortSignal.timeout(10_000),
      });
      await success.arrayBuffer();
      await expect(login.wait({ timeoutMs: 10_000 })).resolves.toEqual({
        loginId: login.loginId,
        success: true,
        error: null,
        onboardingEntrypoint: null,
      });
      expect((await codex.account()).account).toMatchObject({
        type: "chatgpt",
        email: "dev@example.com",
        planType: "plus",
      });
      await codex.logout();
      expect((await codex.account()).account).toBeNull();
    });
  });
});

describe("ChatGPT device-code login", () => {
  it("without a reachable auth server: a typed InternalRpcError (-32603) carrying the server's message", async () => {
    const issuer = await closedPortUrl();
    const { codex } = await start({ env: { CODEX_APP_SERVER_LOGIN_ISSUER: issuer } });
    const error = await codex.loginChatgptDeviceCode().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InternalRpcError);
    const rpc = error as InternalRpcError;
    expect(rpc.code).toBe(-32603);
    expect(rpc.method).toBe("account/login/start");
    expect(rpc.rpcMessage).toBe(
      `failed to request device code: error sending request for url (${issuer}/api/accounts/deviceauth/usercode)`,
    );
    expect(rpc.message).toContain(rpc.rpcMessage);
  });

  it("against a local auth server: verification URL and code, then wait() succeeds; cancel works too", async () => {
    await using auth = await FakeAuthServer.start();
    const { codex } = await start(auth.harnessOptions());

    auth.approveDeviceCode = false;
    const cancelled = await codex.loginChatgptDeviceCode();
    expect(cancelled).toBeInstanceOf(DeviceCodeLoginHandle);
    expect(cancelled.userCode).toBe("ABCD-EFGH");
    expect(cancelled.verificationUrl).toBe(`${auth.url}/codex/device`);
    await expect(cancelled.cancel()).resolves.toEqual({ status: "canceled" });
    await expect(cancelled.wait({ timeoutMs: 10_000 })).resolves.toMatchObject({
      loginId: cancelled.loginId,
      success: false,
    });

    auth.approveDeviceCode = true;
    const login = await codex.loginChatgptDeviceCode();
    expect(login.loginId).not.toBe(cancelled.loginId);
    await expect(login.wait({ timeoutMs: 20_000 })).resolves.toMatchObject({
      loginId: login.loginId,
      success: true,
      error: null,
    });
    expect((await codex.account()).account).toMatchObject({ type: "chatgpt", email: "dev@example.com" });
  });
});

/** Number of active `setTimeout` timers of this process. */
function countTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** `http://127.0.0.1:<port>` of a port nothing listens on (bound, then released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * The parts of auth.openai.com and chatgpt.com that a ChatGPT login touches, just enough for the
 * 0.169.0 runtime: device-code issue and polling, the OAuth code exchange (tokens are unsigned
 * JWTs, which the runtime only decodes), and the workspace check after login.
 */
class FakeAuthServer implements AsyncDisposable {
  /** When false, device-code polling answers "pending" forever. */
  approveDeviceCode = true;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeAuthServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const self = new FakeAuthServer(server, `http://127.0.0.1:${port}`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on("end", () => self.answer(req, res));
    });
    return self;
  }

  /** Harness options that point the runtime's auth and workspace calls here. */
  harnessOptions(): AppServerHarnessOptions {
    return {
      config: { chatgpt_base_url: `${this.url}/backend-api/` },
      env: { CODEX_APP_SERVER_LOGIN_ISSUER: this.url },
    };
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? "/", this.url).pathname;
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const auth = { chatgpt_account_id: "acct-1", chatgpt_plan_type: "plus", chatgpt_user_id: "user-1" };
    switch (path) {
      case "/api/accounts/deviceauth/usercode":
        return json(200, { device_auth_id: "device-1", user_code: "ABCD-EFGH", interval: "0" });
      case "/api/accounts/deviceauth/token":
        return this.approveDeviceCode
          ? json(200, { authorization_code: "code-1", code_challenge: "c", code_verifier: "v" })
          : json(404, { error: "authorization_pending" });
      case "/oauth/token":
        return json(200, {
          id_token: unsignedJwt({ email: "dev@example.com", exp, "https://api.openai.com/auth": auth }),
          access_token: unsignedJwt({ exp, "https://api.openai.com/auth": auth }),
          refresh_token: "refresh-1",
        });
      case "/backend-api/wham/accounts/check":
        return json(200, {
          account_ordering: ["acct-1"],
          accounts: [
            {
              id: "acct-1",
              name: "Personal",
              structure: "personal",
              plan_type: "plus",
              is_deactivated: false,
              can_access_with_session: true,
              // The runtime insists on an HTTPS origin here; it is only recorded, never called.
              workspace_backend_origin: "https://chatgpt.com",
              account_routing_override: "NO_CONSTRAINT",
            },
          ],
        });
      default:
        return json(404, { error: `fake auth server: no route ${req.method ?? ""} ${path}` });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function unsignedJwt(claims: unknown): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.unsigned`;
}
