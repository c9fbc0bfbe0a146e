/**
 * A turn without a needed login, through the real pinned binary: the runtime would start it and
 * retry the model request for minutes, so the SDK refuses it at once with `LoginRequiredError`
 * (asked with `account/read` once per connection, again after a login). And `run()` callers see
 * the runtime's retries through `onEvent`.
 */
import { afterEach, describe, expect, it } from "vitest";

import { LoginRequiredError, type TurnEvent } from "../../src/index.js";
import { responseCreated, sseResponse, textResponse } from "../../src/testing/index.js";
import { rejection, SdkEnv, within } from "../support/sdk.js";

const KEY = "sk-test-login-required-0000000000";
/** Nothing listens there: the model can never be reached. */
const UNREACHABLE = "http://127.0.0.1:9/v1";
/** How fast the refusal must come (the runtime itself would retry for minutes). */
const REFUSAL_MS = 5_000;

let env: SdkEnv | undefined;

afterEach(async () => {
  await env?.dispose();
  env = undefined;
});

describe("no login", () => {
  it("offline, with the built-in openai provider and a fresh CODEX_HOME, run() rejects with LoginRequiredError within seconds", async () => {
    env = await SdkEnv.create({ config: { model_provider: "openai", openai_base_url: UNREACHABLE } });
    const { codex, spy } = env.spiedCodex();
    const account = await codex.account();
    expect(account).toMatchObject({ account: null, requiresOpenaiAuth: true });
    const thread = await codex.threadStart();

    const error = await rejection(within(thread.run("hello"), "the refusal", REFUSAL_MS));
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect((error as Error).message).toMatch(/needs an OpenAI login.*loginApiKey/);
    // Refused before anything was sent.
    expect(spy.requests("turn/start")).toHaveLength(0);
  });

  it("asks account/read once per connection, and again after a login, which lets the turn run", async () => {
    env = await SdkEnv.create({ requiresOpenaiAuth: true });
    const { codex, spy } = env.spiedCodex();
    const thread = await codex.threadStart();
    expect(await rejection(thread.run("first try"))).toBeInstanceOf(LoginRequiredError);
    expect(await rejection(thread.run("second try"))).toBeInstanceOf(LoginRequiredError);

    // A refusal is not cached: each refused turn asked.
    expect(spy.requests("account/read")).toHaveLength(2);

    await codex.loginApiKey(KEY);
    env.mock.enqueue(textResponse("one"));
    env.mock.enqueue(textResponse("two"));
    env.mock.enqueue(textResponse("three"));
    expect((await thread.run("after login")).finalResponse).toBe("one");
    // The account/updated that follows the login may arrive after that turn's check: then the
    // next turn asks once more.
    expect((await thread.run("again")).finalResponse).toBe("two");
    const asked = spy.requests("account/read").length;
    expect((await thread.run("cached")).finalResponse).toBe("three");
    // A pass is cached for the connection: the third turn did not ask.
    expect(spy.requests("account/read")).toHaveLength(asked);
    expect(env.mock.requests.map((r) => r.header("authorization"))).toEqual(Array(3).fill(`Bearer ${KEY}`));
  });
});

describe("onEvent", () => {
  it("shows run() callers the runtime's retries (error events with willRetry) and every other event", async () => {
    // The first model stream breaks off before its end; with a retry allowed, the runtime reports
    // "Reconnecting... 1/2" and asks again.
    env = await SdkEnv.create({ config: { model_providers: { mock_provider: { stream_max_retries: 2 } } } });
    const codex = env.codex();
    env.mock.enqueue(sseResponse([responseCreated()]));
    env.mock.enqueue(textResponse("answered after retries"));
    const thread = await codex.threadStart();
    const events: TurnEvent[] = [];

    const result = await within(
      thread.run("retry please", { onEvent: (event) => events.push(event) }),
      "the run",
      60_000,
    );

    expect(result.finalResponse).toBe("answered after retries");
    const retries = events.flatMap((e) =>
      e.method === "error" && e.params.willRetry ? [e.params.error.message] : [],
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatch(/Reconnecting/);
    expect(events[0]?.method).toBe("turn/started");
    expect(events.at(-1)?.method).toBe("turn/completed");
  }, 90_000);
});
