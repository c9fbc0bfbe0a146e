import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  GateTimeoutError,
  MockResponsesServer,
  WaitForRequestsTimeoutError,
  httpError,
  outputTextDelta,
  responseCreated,
  sseResponse,
  textResponse,
} from "../../src/testing/index.js";
import { CodexError, InvalidArgumentError, TimeoutError } from "../../src/errors.js";
import type { SseEvent } from "../../src/testing/index.js";

let mock: MockResponsesServer;

beforeEach(async () => {
  mock = await MockResponsesServer.start();
});

afterEach(async () => {
  await mock.close();
});

function post(
  body: unknown = { model: "mock-model", stream: true, input: [] },
  path = "/v1/responses",
): Promise<Response> {
  return fetch(`${mock.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Custom-Header": "Value" },
    body: JSON.stringify(body),
  });
}

/** Parses `event: T\ndata: {...}\n\n` frames, checking that the event line matches the data's type. */
function parseFrames(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((frame) => frame !== "")
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split("\n");
      expect(rest).toEqual([]);
      const event = JSON.parse((dataLine ?? "").replace(/^data: /, "")) as SseEvent;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

/** Reads a streaming body frame by frame, calling `onEvent` as each complete frame arrives. */
async function readEvents(
  res: Response,
  onEvent: (event: SseEvent, index: number) => void,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const [event] = parseFrames(buffer.slice(0, end + 2));
      buffer = buffer.slice(end + 2);
      if (event === undefined) continue;
      events.push(event);
      onEvent(event, events.length - 1);
    }
  }
  return events;
}

describe("MockResponsesServer queueing", () => {
  it("streams queued responses in FIFO order as SSE frames", async () => {
    mock.enqueue(textResponse("first", { id: "resp_a", itemId: "msg_a" })).enqueue(textResponse("second"));
    expect(mock.queued).toBe(2);

    const first = await post();
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/event-stream");
    const events = parseFrames(await first.text());
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[0]).toEqual({ type: "response.created", response: { id: "resp_a" } });

    const second = parseFrames(await (await post()).text());
    expect(second.find((e) => e.type === "response.output_text.delta")?.["delta"]).toBe("second");
    expect(mock.queued).toBe(0);
    expect(mock.requests.map((r) => r.outcome)).toEqual(["queued", "queued"]);
  });

  it("answers HTTP 500 with a clear JSON error when nothing is queued, and records it", async () => {
    const res = await post();
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("no_response_queued");
    expect(body.error.message).toMatch(
      /no response was queued for model request #0 \(POST \/v1\/responses\)/,
    );
    expect(mock.unqueuedRequests).toHaveLength(1);
    expect(mock.requests[0]?.outcome).toBe("unqueued");
  });

  it("sends queued HTTP errors with their status, body and headers", async () => {
    mock.enqueue(httpError(429, { error: { message: "slow down" } }, { "retry-after": "7" }));
    mock.enqueue(httpError(503, "plain text"));
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(await limited.json()).toEqual({ error: { message: "slow down" } });
    const unavailable = await post();
    expect(unavailable.status).toBe(503);
    expect(await unavailable.text()).toBe("plain text");
  });

  it("uses the responder when the queue is empty, queue first", async () => {
    mock.setResponder((request) =>
      request.lastInputItem()?.type === "function_call_output" ? textResponse("after tool") : httpError(400),
    );
    mock.enqueue(textResponse("queued"));
    const queued = parseFrames(await (await post()).text());
    expect(queued.at(-2)?.["item"]).toMatchObject({ content: [{ text: "queued" }] });
    const dynamic = parseFrames(
      await (await post({ input: [{ type: "function_call_output", call_id: "c1", output: "ok" }] })).text(),
    );
    expect(dynamic.at(-2)?.["item"]).toMatchObject({ content: [{ text: "after tool" }] });
    expect((await post({ input: [] })).status).toBe(400);
    expect(mock.requests.map((r) => r.outcome)).toEqual(["queued", "responder", "responder"]);
  });

  it("answers 500 naming the error when the responder throws", async () => {
    mock.setResponder(() => {
      throw new Error("responder exploded");
    });
    const res = await post();
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/the responder threw: responder exploded/);
  });
});

describe("MockResponsesServer stream control", () => {
  it("holds many streams open at once without a MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on("warning", onWarning);
    try {
      const gate = mock.gate();
      const streams = 15;
      for (let i = 0; i < streams; i++) mock.enqueue(textResponse(`s${i}`), { gate, gateAfter: 1 });
      const responses = await Promise.all(Array.from({ length: streams }, () => post()));
      await gate.waitUntilReached();
      gate.release();
      await Promise.all(responses.map((r) => r.text()));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("holds a stream at the gate until release()", async () => {
    const gate = mock.gate();
    mock.enqueue(textResponse("abc", { deltas: 3 }), { gate, gateAfter: 2 });
    const res = await post();
    let releasedAt = -1;
    const done = readEvents(res, (_event, index) => {
      if (index === 1) {
        // Both pre-gate events are out; the third can only come after release().
        void gate.waitUntilReached().then(() => {
          expect(gate.reached).toBe(true);
          releasedAt = index;
          gate.release();
        });
      }
      if (index === 2) expect(releasedAt).toBe(1);
    });
    const events = await done;
    expect(events).toHaveLength(7);
    expect(gate.released).toBe(true);
  });

  it("does not stop at a gate released before the stream reaches it", async () => {
    const gate = mock.gate();
    gate.release();
    mock.enqueue(textResponse("x"), { gate, gateAfter: 1 });
    expect(parseFrames(await (await post()).text())).toHaveLength(5);
  });

  it("rejects waitUntilReached after its timeout", async () => {
    const gate = mock.gate();
    const error: unknown = await gate.waitUntilReached({ timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateTimeoutError);
    // Like every SDK error, a CodexError: a TimeoutError carrying the limit, under its own name.
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).toMatchObject({ name: "GateTimeoutError", timeoutMs: 20 });
  });

  it("waits delayMs before each event", async () => {
    mock.enqueue(textResponse("abc", { deltas: 3 }), { delayMs: 25 });
    const started = performance.now();
    const events = parseFrames(await (await post()).text());
    expect(events).toHaveLength(7);
    expect(performance.now() - started).toBeGreaterThanOrEqual(7 * 25 - 10);
  });

  it("drops the connection after disconnectAfter events", async () => {
    mock.enqueue(textResponse("abc", { deltas: 3 }), { disconnectAfter: 3 });
    const res = await post();
    const received: SseEvent[] = [];
    await expect(readEvents(res, (event) => received.push(event))).rejects.toThrow();
    expect(received.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
    ]);
  });

  it("close() cuts a held stream and rejects pending waits", async () => {
    const gate = mock.gate();
    mock.enqueue([responseCreated("r1"), outputTextDelta("m1", "x")], { gate, gateAfter: 1 });
    const res = await post();
    const reading = readEvents(res, () => undefined);
    await gate.waitUntilReached();
    const waiting = expect(mock.waitForRequests(5)).rejects.toThrow(CodexError);
    await mock.close();
    await expect(reading).rejects.toThrow();
    await waiting;
    expect(() => mock.enqueue(textResponse("late"))).toThrow(/closed/);
    expect(() => mock.enqueue(textResponse("late"))).toThrow(CodexError);
  });
});

describe("MockResponsesServer recording", () => {
  it("records method, path, lowercased headers and the parsed body, with input helpers", async () => {
    mock.enqueue(textResponse("ok"));
    const body = {
      model: "mock-model",
      stream: true,
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "be brief" }] },
        { type: "message", role: "user", content: [{ type: "input_text", text: "<environment_context/>" }] },
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "look at this" },
            { type: "input_image", image_url: "data:image/png;base64,AAAA" },
          ],
        },
        { type: "function_call", call_id: "call_1", name: "exec_command", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "Process exited with code 0" },
      ],
    };
    await (await post(body, "/v1/responses?x=1")).text();
    const [request] = await mock.waitForRequests(1);
    expect(request).toBeDefined();
    if (request === undefined) return;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/responses");
    expect(request.url).toBe("/v1/responses?x=1");
    expect(request.headers["x-custom-header"]).toBe("Value");
    expect(request.header("X-CUSTOM-HEADER")).toBe("Value");
    expect(request.bodyJson).toEqual(body);
    expect(JSON.parse(request.rawBody.toString("utf8"))).toEqual(body);
    expect(request.input).toHaveLength(5);
    expect(request.messageInputTexts("developer")).toEqual(["be brief"]);
    expect(request.messageInputTexts("user")).toEqual(["<environment_context/>", "look at this"]);
    expect(request.messageImageUrls()).toEqual(["data:image/png;base64,AAAA"]);
    expect(request.lastUserText()).toBe("look at this");
    expect(request.functionCallOutputs()).toEqual([
      { callId: "call_1", output: "Process exited with code 0", imageUrls: [] },
    ]);
    expect(request.lastInputItem()?.type).toBe("function_call_output");
  });

  it("decodes gzip request bodies", async () => {
    mock.enqueue(textResponse("ok"));
    const res = await fetch(`${mock.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync(JSON.stringify({ model: "zipped" })),
    });
    await res.text();
    expect(mock.requests[0]?.bodyJson["model"]).toBe("zipped");
  });

  it("refuses an unknown content-encoding with 415 and a clear message", async () => {
    const res = await fetch(`${mock.url}/responses`, {
      method: "POST",
      headers: { "content-encoding": "snappy" },
      body: "xx",
    });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/unsupported content-encoding "snappy"/);
    expect(mock.allRequests[0]?.outcome).toBe("bad-request");
  });

  it("bodyJson names the request when there is no JSON body", async () => {
    await (await fetch(`${mock.url}/nowhere`)).text();
    const [request] = mock.allRequests;
    expect(request?.outcome).toBe("not-found");
    expect(() => request?.bodyJson).toThrow(/request #0 \(GET \/v1\/nowhere\) has no JSON object body/);
  });

  it("waitForRequests resolves when requests arrive later, and times out with a clear error", async () => {
    mock.enqueue(textResponse("one")).enqueue(textResponse("two"));
    const waiting = mock.waitForRequests(2, { timeoutMs: 5000 });
    await (await post()).text();
    await (await post()).text();
    expect((await waiting).map((r) => r.index)).toEqual([0, 1]);

    const timedOut = mock.waitForRequests(3, { timeoutMs: 30 });
    await expect(timedOut).rejects.toBeInstanceOf(WaitForRequestsTimeoutError);
    await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
    await expect(timedOut).rejects.toMatchObject({ name: "WaitForRequestsTimeoutError", timeoutMs: 30 });
    await expect(mock.waitForRequests(3, { timeoutMs: 30 })).rejects.toThrow(
      /expected 3 model request\(s\) within 30 ms, got 2: POST \/v1\/responses \(queued\)/,
    );
    await expect(mock.waitForRequests(0)).rejects.toThrow(InvalidArgumentError);
  });

  it("lists mock-model, refuses WebSocket upgrades with 426, and 404s unknown paths", async () => {
    const models = (await (await fetch(`${mock.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["mock-model"]);

    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${mock.url}/responses`, {
        headers: {
          connection: "Upgrade",
          upgrade: "websocket",
          "sec-websocket-version": "13",
          "sec-websocket-key": "x",
        },
      });
      req.on("response", (res) => resolve(res.statusCode));
      req.on("upgrade", () => reject(new Error("the mock accepted a WebSocket upgrade")));
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(426);
    expect((await fetch(`${mock.origin}/elsewhere`)).status).toBe(404);
    expect(mock.allRequests.map((r) => r.outcome)).toEqual(["models", "websocket-rejected", "not-found"]);
    expect(mock.requests).toEqual([]);
  });
});

describe("MockResponsesServer.assertAllConsumed", () => {
  it("passes when every queued answer was used and no request went unanswered", async () => {
    mock.assertAllConsumed();
    mock.enqueue(textResponse("one"));
    await (await post()).text();
    mock.assertAllConsumed();
  });

  it("names unused answers and unqueued requests", async () => {
    await (await post()).text();
    mock.enqueue(textResponse("never used"));
    expect(() => mock.assertAllConsumed()).toThrow(
      "MockResponsesServer: 1 queued response(s) were never requested; 1 model request(s) found nothing queued (#0)",
    );
  });
});

describe("MockResponsesServer argument validation", () => {
  it("rejects malformed responses and options with clear messages", () => {
    const gate = mock.gate();
    expect(() => mock.enqueue([{ nope: 1 } as unknown as SseEvent])).toThrow(/events\[0\] must be an object/);
    expect(() => mock.enqueue(textResponse("x"), { gate, gateAfter: 6 })).toThrow(
      /gateAfter must be an integer between 0 and 5/,
    );
    expect(() => mock.enqueue(textResponse("x"), { gateAfter: 1 })).toThrow(/gateAfter needs a gate/);
    expect(() => mock.enqueue(textResponse("x"), { disconnectAfter: -1 })).toThrow(/disconnectAfter/);
    expect(() => mock.enqueue(textResponse("x"), { delayMs: Number.NaN })).toThrow(/delayMs/);
    expect(() => mock.enqueue(sseResponse(textResponse("x")), { delayMs: 1 })).toThrow(
      /stream options go inside/,
    );
    expect(() => httpError(99)).toThrow(/status must be an integer HTTP status/);
    expect(() => mock.enqueue(null as unknown as SseEvent[])).toThrow(/must be an SSE event array/);
    expect(mock.queued).toBe(0);
  });

  it("validates start options", async () => {
    await expect(MockResponsesServer.start({ port: -1 })).rejects.toThrow(/port must be an integer/);
    await expect(MockResponsesServer.start({ responder: "x" as unknown as () => never })).rejects.toThrow(
      /responder must be a function/,
    );
  });
});
