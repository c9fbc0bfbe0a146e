/**
 * The cassette's pure parts: the request fingerprint (what replay compares, what it tolerates),
 * the matcher (order, nearest-request diffs), the scrubber and the file format.
 */
import { describe, expect, it } from "vitest";

import { CodexError, InvalidArgumentError } from "../../src/errors.js";
import { fingerprint, normalizer } from "../../src/testing/cassette/fingerprint.js";
import type { RequestFingerprint } from "../../src/testing/cassette/fingerprint.js";
import { serializeCassette, validateCassette } from "../../src/testing/cassette/format.js";
import type { CassetteInteraction } from "../../src/testing/cassette/format.js";
import { ReplayMatcher, diffFingerprints } from "../../src/testing/cassette/matcher.js";
import { REDACTED, Scrubber } from "../../src/testing/cassette/scrub.js";
import { SseParser } from "../../src/testing/cassette/upstream.js";
import { cassettePath } from "../../src/testing/index.js";

const user = (text: string, id = "msg_1") => ({
  type: "message",
  role: "user",
  id,
  content: [{ type: "input_text", text }],
});
const output = (callId: string, text: string) => ({
  type: "function_call_output",
  call_id: callId,
  output: text,
});
const tools = [
  { type: "function", name: "exec_command" },
  { type: "function", name: "lookup" },
];

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: "m",
    stream: true,
    prompt_cache_key: "thread-aaa",
    client_metadata: { installation_id: "inst-1", ts: 1 },
    input: [
      { type: "message", role: "developer", content: [{ type: "input_text", text: "base instructions" }] },
      user("<environment_context><cwd>/tmp/a</cwd></environment_context>", "env_1"),
      user("What is 2 + 2?"),
    ],
    tools,
    ...overrides,
  };
}

const fp = (b: unknown, url = "/v1/responses", method = "POST") => fingerprint(method, url, b, normalizer());

describe("fingerprint", () => {
  it("keeps the route, the latest user input, the tool outputs after it and the sorted tool names", () => {
    const request = body({
      input: [
        user("first turn"),
        output("call_old", "from the first turn"),
        user("second turn"),
        { type: "function_call", call_id: "call_a", name: "lookup", arguments: "{}" },
        output("call_a", "found"),
      ],
      tools: [
        { type: "function", name: "zeta" },
        { type: "namespace", name: "shop", tools: [{ name: "buy" }] },
        { type: "web_search" },
      ],
    });
    expect(fp(request)).toEqual({
      route: "POST /responses",
      userInput: "second turn",
      toolOutputs: [{ callId: "call_a", output: "found" }],
      tools: ["shop.buy", "web_search", "zeta"],
    });
  });

  it("tolerates what changes from run to run: ids, prompt_cache_key, client metadata, the runtime's context message, tool order", () => {
    const other = body({
      prompt_cache_key: "thread-bbb",
      client_metadata: { installation_id: "inst-2", ts: 2 },
      model: "another-model",
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "other instructions" }] },
        user("<environment_context><cwd>/tmp/b</cwd></environment_context>", "env_2"),
        user("What is 2 + 2?", "msg_other"),
      ],
      tools: [...tools].reverse(),
    });
    expect(fp(other)).toEqual(fp(body()));
    expect(diffFingerprints(fp(body()), fp(other))).toEqual([]);
  });

  it("ignores the shell tool's chunk id, wall time and session id, and the patterns given in `ignore`", () => {
    const shell = (chunk: string, wall: string, dir: string) =>
      body({
        input: [
          user("go"),
          output(
            "call_1",
            `Chunk ID: ${chunk}\nWall time: ${wall} seconds\nProcess running with session ID 4${chunk.length}\nOutput:\n${dir}/x`,
          ),
        ],
      });
    const normalize = normalizer(["/tmp/run-1", /\/tmp\/run-\d/]);
    const a = fingerprint("POST", "/v1/responses", shell("aab55b", "0.0012", "/tmp/run-1"), normalize);
    const b = fingerprint("POST", "/v1/responses", shell("ffe012", "1.5000", "/tmp/run-2"), normalize);
    expect(a).toEqual(b);
    expect(a.toolOutputs?.[0]?.output).toBe(
      "Chunk ID: <id>\nWall time: <t> seconds\nProcess running with session ID <id>\nOutput:\n<ignored>/x",
    );
  });

  it("sees a changed prompt, a changed tool output and a changed tool set", () => {
    expect(fp(body())).not.toEqual(fp(body({ input: [user("What is 3 + 3?")] })));
    expect(fp(body({ input: [user("x"), output("c", "1")] }))).not.toEqual(
      fp(body({ input: [user("x"), output("c", "2")] })),
    );
    expect(fp(body())).not.toEqual(fp(body({ tools: [tools[0]] })));
  });

  it("images count by a hash of their URL; a request with no user message has userInput null", () => {
    const image = (url: string) =>
      body({
        input: [{ type: "message", role: "user", content: [{ type: "input_image", image_url: url }] }],
      });
    expect(fp(image("data:image/png;base64,AAAA")).userInput).toMatch(/^<image sha256:[0-9a-f]{16}>$/);
    expect(fp(image("data:a"))).not.toEqual(fp(image("data:b")));
    expect(fp(body({ input: [] })).userInput).toBeNull();
  });

  it("match options leave fields out; other routes are matched by route alone (the query ignored)", () => {
    const partial = fingerprint("POST", "/v1/responses", body(), normalizer(), {
      tools: false,
      toolOutputs: false,
    });
    expect(partial).toEqual({ route: "POST /responses", userInput: "What is 2 + 2?" });
    expect(fp(undefined, "/v1/models?client_version=1.2.3", "GET")).toEqual({ route: "GET /models" });
  });
});

const interaction = (match: RequestFingerprint, text: string): CassetteInteraction => ({
  request: { method: "POST", path: "/responses", match },
  response: { status: 200, headers: {}, events: [{ type: "response.created", response: { id: text } }] },
});

describe("ReplayMatcher", () => {
  const a = fp(body({ input: [user("a")] }));
  const b = fp(body({ input: [user("b")] }));

  it("answers identical requests in recorded order, out-of-order ones by fingerprint, each recording once", () => {
    const matcher = new ReplayMatcher(
      [interaction(a, "1"), interaction(b, "2"), interaction(a, "3")],
      "c.json",
    );
    const take = (f: RequestFingerprint) => {
      const result = matcher.match(f, "request");
      return result.matched ? result.index : result.message;
    };
    expect(take(b)).toBe(1);
    expect(take(a)).toBe(0);
    expect(matcher.unused()).toEqual(['#2 (POST /responses, user input "a")']);
    expect(take(a)).toBe(2);
    expect(matcher.unused()).toEqual([]);
    expect(take(a)).toMatch(
      /request matches no recorded request in c\.json: all 3 recorded POST \/responses request\(s\) were already used/,
    );
  });

  it("an unmatched request is reported with the differences from the nearest recording", () => {
    const recorded = fp(body({ input: [user("What is the capital of France?"), output("call_1", "Paris")] }));
    const far = fp(body({ input: [user("unrelated")], tools: [] }));
    const matcher = new ReplayMatcher([interaction(far, "0"), interaction(recorded, "1")], "c.json");
    const actual = fp(body({ input: [user("What is the capital of Spain?"), output("call_1", "Madrid")] }));
    const result = matcher.match(actual, "request #4 (POST /v1/responses)");
    expect(result.matched).toBe(false);
    const message = result.matched ? "" : result.message;
    expect(message).toContain("request #4 (POST /v1/responses) matches no recorded request in c.json");
    expect(message).toContain("Nearest recorded request: interaction #1");
    expect(message).toContain(
      'userInput: recorded "What is the capital of France?", got "What is the capital of Spain?" (first difference at character 24)',
    );
    expect(message).toContain('toolOutputs[0] (call_1): recorded "Paris", got "Madrid"');
  });

  it("reports tools offered and calls answered that differ", () => {
    const was = fp(body({ input: [user("x"), output("c1", "1")] }));
    const now = fp(body({ input: [user("x"), output("c2", "1")], tools: [tools[0], { name: "new_tool" }] }));
    expect(diffFingerprints(was, now)).toEqual([
      "toolOutputs: recorded calls [c1], got [c2]",
      "tools: no longer offered [lookup]; newly offered [new_tool]",
    ]);
  });

  it("non-model routes reuse their latest recording; a route never recorded is a mismatch", () => {
    const models: CassetteInteraction = {
      request: { method: "GET", path: "/models", match: { route: "GET /models" } },
      response: { status: 200, headers: {}, body: { data: [] } },
    };
    const matcher = new ReplayMatcher([models], "c.json");
    expect(matcher.match({ route: "GET /models" }, "r").matched).toBe(true);
    expect(matcher.match({ route: "GET /models" }, "r").matched).toBe(true);
    const miss = matcher.match({ route: "GET /files" }, "request #9 (GET /v1/files)");
    expect(miss.matched ? "" : miss.message).toMatch(
      /nothing was recorded for GET \/files; re-record the cassette/,
    );
    expect(matcher.unused()).toEqual([]);
  });
});

describe("Scrubber", () => {
  const scrubber = new Scrubber(["tok_secret_123", "abc"]);
  scrubber.addAuthorization("Bearer sk-runtime-AAAAAAAAAAAAAAAAAAAA");

  it("replaces configured secrets, the runtime's token and credential-looking values everywhere", () => {
    const value = scrubber.value({
      prompt: "use tok_secret_123 please",
      nested: [{ deeper: "key sk-runtime-AAAAAAAAAAAAAAAAAAAA" }],
      api_key: "whatever",
      password: "hunter2",
      prompt_cache_key: "thread-1",
      note: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload",
      other: "sk-proj-0123456789abcdefghijkl and sess-0123456789abcdefghij",
      tok_secret_123: 1,
      count: 3,
    });
    expect(value).toEqual({
      prompt: `use ${REDACTED} please`,
      nested: [{ deeper: `key ${REDACTED}` }],
      api_key: REDACTED,
      password: REDACTED,
      prompt_cache_key: "thread-1",
      note: `Authorization: Bearer ${REDACTED}`,
      other: `${REDACTED} and ${REDACTED}`,
      [REDACTED]: 1,
      count: 3,
    });
  });

  it("secrets shorter than 6 characters are not scrubbed (they would shred the file)", () => {
    expect(scrubber.text("abc abcabc")).toBe("abc abcabc");
  });

  it("redacts credential headers by name and scrubs the values of the others", () => {
    expect(
      scrubber.headers({
        authorization: "Bearer anything",
        "x-api-key": "k",
        cookie: "a=b",
        "openai-organization": "org-1",
        "x-debug": "has tok_secret_123",
        "content-type": "application/json",
      }),
    ).toEqual({
      authorization: REDACTED,
      "x-api-key": REDACTED,
      cookie: REDACTED,
      "openai-organization": REDACTED,
      "x-debug": `has ${REDACTED}`,
      "content-type": "application/json",
    });
  });
});

describe("the cassette format", () => {
  const valid = { version: 1, upstream: "u", interactions: [interaction({ route: "POST /responses" }, "x")] };

  it("round-trips through its pretty-printed text", () => {
    const text = serializeCassette(validateCassette(valid, "c.json"));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "version": 1,\n');
    expect(validateCassette(JSON.parse(text), "c.json")).toEqual(valid);
  });

  it.each([
    [[], "the document must be a JSON object"],
    [{ ...valid, version: 2 }, "unsupported version 2 (this kit reads version 1)"],
    [{ version: 1 }, "`interactions` must be an array"],
    [
      { version: 1, interactions: [{ request: {} }] },
      "interactions[0] must be an object with `request` and `response`",
    ],
    [
      { version: 1, interactions: [{ request: { method: "GET", path: "/" }, response: { status: 200 } }] },
      "interactions[0].request.match needs a string `route`",
    ],
    [
      { version: 1, interactions: [{ ...valid.interactions[0], response: { status: 200, events: [{}] } }] },
      "interactions[0].response.events[0] must be an object",
    ],
  ])("refuses %j: %s", (doc, message) => {
    expect(() => validateCassette(doc, "c.json")).toThrow(CodexError);
    expect(() => validateCassette(doc, "c.json")).toThrow(`cassette c.json: ${message}`);
  });

  it("cassettePath makes a file name of a test name", () => {
    expect(cassettePath("/x/cassettes", "suite > answers: the weather?")).toBe(
      "/x/cassettes/suite-answers-the-weather.json",
    );
    expect(cassettePath(new URL("file:///x/c/"), "a b")).toBe("/x/c/a-b.json");
    expect(() => cassettePath("/x", "???")).toThrow(InvalidArgumentError);
  });
});

describe("SseParser", () => {
  it("parses frames split anywhere, CRLF line ends, comments, and keeps non-JSON data as text", () => {
    const parser = new SseParser();
    const wire =
      'event: a\r\ndata: {"type":"a","n":1}\r\n\r\n: keep-alive\n\nevent: b\ndata: {"n":2}\n\nevent: c\ndata: not json\n\n';
    for (let i = 0; i < wire.length; i += 7) parser.push(wire.slice(i, i + 7));
    expect(parser.finish()).toEqual([
      { type: "a", n: 1 },
      { type: "b", n: 2 },
      { type: "c", data: "not json" },
    ]);
  });
});
