/**
 * The cassette inside `MockResponsesServer`, over loopback HTTP without the runtime: recording
 * forwards every route (model streams and `GET /models`) to an upstream the test serves, replay
 * answers from the file, and the mode comes from the option, the environment, or the file's
 * existence.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CodexError, InvalidArgumentError } from "../../src/errors.js";
import {
  AppServerHarness,
  CASSETTE_MODE_ENV,
  MockResponsesServer,
  httpError,
  textResponse,
  type CassetteFile,
  type CassetteOptions,
} from "../../src/testing/index.js";
import { SseParser } from "../../src/testing/cassette/upstream.js";
import { within } from "../support/sdk.js";

let dir: string;
let upstream: MockResponsesServer;
const servers: MockResponsesServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cassette-unit-"));
  upstream = await MockResponsesServer.start({ models: ["model-a", "model-b"] });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(cassette: CassetteOptions): Promise<MockResponsesServer> {
  const server = await MockResponsesServer.start({ cassette: { env: {}, ...cassette } });
  servers.push(server);
  return server;
}

function ask(
  server: MockResponsesServer,
  text: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      model: "m",
      stream: true,
      prompt_cache_key: `k-${Math.random()}`,
      input: [{ role: "user", content: text }],
    }),
  });
}

async function events(response: Response) {
  const parser = new SseParser();
  parser.push(await response.text());
  return parser.finish();
}

describe("record, then replay, over HTTP", () => {
  it("records model streams and GET /models in arrival order, and replays them with the upstream gone", async () => {
    const path = join(dir, "c.json");
    upstream.enqueue(textResponse("one", { id: "resp_1", itemId: "msg_1", deltas: 2 }));
    upstream.enqueue(textResponse("two", { id: "resp_2", itemId: "msg_2" }));
    const recorder = await start({
      path,
      mode: "record",
      upstream: upstream.url,
      apiKey: "sk-test-key-000000000000",
    });
    expect(recorder.cassette?.mode).toBe("record");
    const models = await fetch(`${recorder.url}/models?client_version=9.9.9`);
    expect(await models.json()).toMatchObject({ data: [{ id: "model-a" }, { id: "model-b" }] });
    const first = await events(await ask(recorder, "first"));
    const second = await events(await ask(recorder, "second"));
    expect(first.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(upstream.allRequests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /v1/models?client_version=9.9.9",
      "POST /v1/responses",
      "POST /v1/responses",
    ]);
    expect(upstream.requests[0]?.header("authorization")).toBe("Bearer sk-test-key-000000000000");
    await recorder.close();

    const file = JSON.parse(await readFile(path, "utf8")) as CassetteFile;
    expect(file.upstream).toBe(upstream.url);
    expect(file.interactions.map((i) => i.request.match.route)).toEqual([
      "GET /models",
      "POST /responses",
      "POST /responses",
    ]);
    expect(file.interactions[0]?.request.path).toBe("/models?client_version=9.9.9");
    expect(file.interactions[1]?.response.events).toEqual(first);
    await upstream.close();

    const player = await start({ path, mode: "replay" });
    expect(player.cassette?.mode).toBe("replay");
    expect(await events(await ask(player, "first"))).toEqual(first);
    expect(await events(await ask(player, "second"))).toEqual(second);
    // GET /models may come any number of times: it reuses its recording.
    for (let i = 0; i < 2; i++) {
      expect(await (await fetch(`${player.url}/models`)).json()).toMatchObject({
        data: [{ id: "model-a" }, { id: "model-b" }],
      });
    }
    expect(player.requests.map((r) => r.outcome)).toEqual(["replayed", "replayed"]);
    expect(() => player.assertAllConsumed()).not.toThrow();
  });

  it("replay answers an unmatched request with HTTP 400 naming it, and assertAllConsumed reports it and the unused recording", async () => {
    const path = join(dir, "c.json");
    upstream.enqueue(textResponse("one"));
    const recorder = await start({ path, mode: "record", upstream: upstream.url });
    await (await ask(recorder, "hello")).text();
    await recorder.close();

    const player = await start({ path, mode: "replay" });
    const response = await ask(player, "goodbye");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("cassette_mismatch");
    expect(body.error.message).toContain('userInput: recorded "hello", got "goodbye"');
    expect(player.requests.map((r) => r.outcome)).toEqual(["unmatched"]);
    expect(() => player.assertAllConsumed()).toThrow(CodexError);
    expect(() => player.assertAllConsumed()).toThrow(
      /request #0 \(POST \/v1\/responses\) matches no recorded request[\s\S]*1 recorded model request\(s\) were never made: #0/,
    );
  });

  it("an unreachable upstream answers 502 at once and is reported; nothing is written for it", async () => {
    const path = join(dir, "c.json");
    const gone = upstream.url;
    await upstream.close();
    const recorder = await start({
      path,
      mode: "record",
      upstream: gone,
      apiKey: "sk-never-written-0000000000",
    });
    const response = await ask(recorder, "hi");
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("could not reach the upstream");
    expect(() => recorder.assertAllConsumed()).toThrow(
      /request #0 \(POST \/v1\/responses\) could not reach the upstream/,
    );
    await recorder.close();
    const text = await readFile(path, "utf8");
    expect(JSON.parse(text)).toMatchObject({ version: 1, interactions: [] });
    expect(text).not.toContain("sk-never-written");
  });

  it("an upstream refusing the key (401) is reported and not written", async () => {
    const path = join(dir, "c.json");
    upstream.enqueue(
      httpError(401, { error: { message: "Incorrect API key provided: sk-wrong-key-0000000000" } }),
    );
    const recorder = await start({
      path,
      mode: "record",
      upstream: upstream.url,
      apiKey: "sk-wrong-key-0000000000",
    });
    const response = await ask(recorder, "hi");
    expect(response.status).toBe(401);
    // The runtime gets the upstream's error, with the key scrubbed out of it.
    expect(await response.text()).toContain("Incorrect API key provided: [REDACTED]");
    expect(() => recorder.assertAllConsumed()).toThrow(
      /request #0 \(POST \/v1\/responses\) was refused by .* \(HTTP 401\); check the apiKey option or OPENAI_API_KEY/,
    );
    await recorder.close();
    const text = await readFile(path, "utf8");
    expect(JSON.parse(text)).toMatchObject({ interactions: [] });
    expect(text).not.toContain("sk-wrong-key");
  });

  it("a stream the client leaves early is kept as incomplete and replayed as a dropped connection", async () => {
    const path = join(dir, "c.json");
    const gate = upstream.gate();
    upstream.enqueue(textResponse("partial", { deltas: 3 }), { gate, gateAfter: 2 });
    const recorder = await start({ path, mode: "record", upstream: upstream.url });
    const controller = new AbortController();
    const response = await fetch(`${recorder.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ input: [{ role: "user", content: "x" }] }),
      signal: controller.signal,
    });
    await gate.waitUntilReached();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("output_item.added")) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    // save() waits for the exchange in flight: the recorder has seen the hang-up once it returns.
    await within(recorder.cassette!.save(), "the recorder to finish the abandoned exchange");
    await recorder.close();
    const file = JSON.parse(await readFile(path, "utf8")) as CassetteFile;
    expect(file.interactions[0]?.response.incomplete).toBe(true);
    expect(file.interactions[0]?.response.events?.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
    ]);

    const player = await start({ path, mode: "replay" });
    await expect(ask(player, "x").then((r) => r.text())).rejects.toThrow();
  });
});

describe("the mode", () => {
  it("auto records when the file is missing and replays when it exists; the environment variable sets it", async () => {
    const path = join(dir, "auto.json");
    upstream.enqueue(textResponse("one"));
    const first = await start({ path, upstream: upstream.url });
    expect(first.cassette?.mode).toBe("record");
    await (await ask(first, "q")).text();
    await first.close();
    expect((await start({ path })).cassette?.mode).toBe("replay");
    expect((await start({ path, env: { [CASSETTE_MODE_ENV]: "record" } })).cassette?.mode).toBe("record");
    // The option wins over the environment.
    expect(
      (await start({ path, mode: "replay", env: { [CASSETTE_MODE_ENV]: "record" } })).cassette?.mode,
    ).toBe("replay");
  });

  it("refuses a bad mode, a missing file in replay mode, bad options, and a harness given both a mock and a cassette", async () => {
    await expect(
      start({ path: join(dir, "x.json"), env: { [CASSETTE_MODE_ENV]: "rewind" } }),
    ).rejects.toThrow(
      new InvalidArgumentError(
        `cassette mode must be "record", "replay" or "auto", got "rewind" (from ${CASSETTE_MODE_ENV})`,
      ),
    );
    await expect(start({ path: join(dir, "missing.json"), mode: "replay" })).rejects.toThrow(
      /missing\.json does not exist: record it first/,
    );
    await expect(start({ path: "" })).rejects.toThrow(InvalidArgumentError);
    await expect(start({ path: join(dir, "y.json"), mode: "record", upstream: "not a url" })).rejects.toThrow(
      /absolute URL/,
    );
    await expect(
      AppServerHarness.create({ mock: upstream, cassette: { path: join(dir, "z.json") } }),
    ).rejects.toThrow(/either mock or cassette/);
  });
});
