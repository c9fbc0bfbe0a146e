/**
 * The per-connection login check on its own: asked once per client, then no wait at all; a refusal
 * is not kept; `account/updated` (invalidate) and a new client ask again.
 */
import { describe, expect, it } from "vitest";

import type { AppServerClient } from "../../src/client/client.js";
import { LoginCheck, LoginRequiredError } from "../../src/api/login/login-check.js";

/** A client whose `account/read` answers are given by the test, one per request. */
function fakeClient(...answers: ({ requiresOpenaiAuth: boolean; account: unknown } | Error)[]) {
  const asked: unknown[] = [];
  const client = {
    request: (method: string, params: unknown) => {
      expect(method).toBe("account/read");
      asked.push(params);
      const answer = answers.shift();
      if (answer === undefined) throw new Error("no answer left for account/read");
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as AppServerClient;
  return { client, asked };
}

const loggedIn = { requiresOpenaiAuth: true, account: { type: "apiKey" } };
const noLogin = { requiresOpenaiAuth: true, account: null };

describe("LoginCheck", () => {
  it("asks once per client; once passed, ensure() returns undefined (nothing to wait for)", async () => {
    const check = new LoginCheck();
    const { client, asked } = fakeClient(loggedIn);
    const first = check.ensure(client);
    expect(check.ensure(client)).toBe(first); // concurrent turns share the question
    await first;
    expect(check.ensure(client)).toBeUndefined();
    expect(asked).toEqual([{ refreshToken: false }]);
  });

  it("a refusal rejects with LoginRequiredError and is not kept: the next turn asks again", async () => {
    const check = new LoginCheck();
    const { client, asked } = fakeClient(noLogin, loggedIn);
    await expect(check.ensure(client)).rejects.toBeInstanceOf(LoginRequiredError);
    await check.ensure(client);
    expect(check.ensure(client)).toBeUndefined();
    expect(asked).toHaveLength(2);
  });

  it("a failed account/read lets turns go (advisory) and counts as passed", async () => {
    const check = new LoginCheck();
    const { client, asked } = fakeClient(new Error("method not found"));
    await check.ensure(client);
    expect(check.ensure(client)).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it("invalidate() (account/updated) and a new client ask again; an answer to a question asked before an invalidate does not count", async () => {
    const check = new LoginCheck();
    const a = fakeClient(loggedIn, loggedIn, loggedIn);
    await check.ensure(a.client);
    check.invalidate();
    const pending = check.ensure(a.client);
    check.invalidate(); // the account changed while the question was out
    await pending;
    const again = check.ensure(a.client);
    expect(again).toBeInstanceOf(Promise);
    await again;
    expect(check.ensure(a.client)).toBeUndefined();
    const b = fakeClient(loggedIn);
    await check.ensure(b.client);
    expect(a.asked).toHaveLength(3);
    expect(b.asked).toHaveLength(1);
  });
});
