import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";

import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { withLoginPortLock } from "../support/login-port-lock.js";
import { runExample } from "../support/run-example.js";

const KEY = "sk-example-SECRET-7e6d5c4b3a291807";

let harness: AppServerHarness;
beforeEach(async () => {
  harness = await AppServerHarness.create({ requiresOpenaiAuth: true });
});
afterEach(async () => {
  await harness.dispose();
});

/** `http://127.0.0.1:<port>` of a port nothing listens on: the "unreachable auth server". */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

it("login-and-account logs in with a key, cancels a browser login, reports the offline device code, logs out", async () => {
  harness.mock.enqueue(textResponse("Hello from an authorized request."));
  const issuer = await closedPortUrl();

  const run = await withLoginPortLock(() =>
    runExample("login-and-account/main.ts", {
      harness,
      env: { CODEX_EXAMPLE_API_KEY: KEY, CODEX_APP_SERVER_LOGIN_ISSUER: issuer },
      timeoutMs: 60_000,
    }),
  );

  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines[0]).toBe("[account] none (requiresOpenaiAuth: true)");
  expect(lines[1]).toBe("[api key] logged in: account type apiKey");
  expect(lines[2]).toBe("[api key] model answered: Hello from an authorized request.");
  expect(lines[3]).toMatch(
    /^\[browser\] login [0-9a-f-]{36} started; redirect_uri http:\/\/(127\.0\.0\.1|localhost):\d+\/auth\/callback$/,
  );
  expect(lines[4]).toBe("[browser] cancel: canceled");
  expect(lines[5]).toMatch(/^\[browser\] completed: success=false error=\S.*$/);
  expect(lines[6]).toBe(
    `[device code] unavailable: InternalRpcError -32603: failed to request device code: error sending request for url (${issuer}/api/accounts/deviceauth/usercode)`,
  );
  expect(lines[7]).toBe("[logout] account none");
  expect(lines).toHaveLength(8);

  // The model request was authorized with the key, and the key was printed nowhere.
  const [request] = harness.mock.requests;
  expect(request?.header("authorization")).toBe(`Bearer ${KEY}`);
  expect(`${run.stdout}\n${run.stderr}`).not.toContain(KEY);
});
