/**
 * Property tests of the JSON-RPC connection's message dispatch: whatever the server sends (any JSON
 * object: requests, notifications, responses to known and unknown ids, and shapes that are none of
 * these), nothing throws out of the connection, every notification is delivered once and in order,
 * every server request gets exactly one answer whatever its handler does (returns, throws, rejects,
 * returns something that cannot go on the wire), and every client request settles once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  JsonRpcConnection,
  type IncomingNotification,
  type IncomingRequest,
} from "../../src/rpc/connection.js";
import { encodeMessage } from "../../src/transport/framer.js";
import type { JsonRpcMessage } from "../../src/transport/transport.js";
import { createMemoryTransport } from "../support/memory-transport.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** What a server-request handler does with one request. */
const BEHAVIOURS = [
  "value",
  "undefined",
  "throw",
  "throw-non-error",
  "reject",
  "resolve",
  "thenable",
  "bigint",
  "cycle",
  "function",
  "lone-surrogate",
] as const;
type Behaviour = (typeof BEHAVIOURS)[number];

function answerOf(behaviour: Behaviour): unknown {
  switch (behaviour) {
    case "value":
      return { decision: "accept" };
    case "undefined":
      return undefined;
    case "throw":
      throw new Error("handler bug");
    case "throw-non-error":
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw "a string";
    case "reject":
      return Promise.reject(new Error("async handler bug"));
    case "resolve":
      return Promise.resolve({ answer: 42 });
    case "thenable":
      return { then: (resolve: (v: unknown) => void) => resolve({ via: "thenable" }) };
    case "bigint":
      return { n: 10n };
    case "cycle": {
      const o: Record<string, unknown> = {};
      o["self"] = o;
      return o;
    }
    case "function":
      return () => "not JSON";
    case "lone-surrogate":
      return { text: "a\ud800b" };
  }
}

const id = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.string({ maxLength: 4 }), fc.constant(1.5));
const method = fc.oneof(
  fc.constantFrom("item/tool/call", "turn/completed", "x"),
  fc.string({ maxLength: 12 }),
);
const anyValue = fc.jsonValue({ maxDepth: 2 });

/** Any JSON object the server could send, weighted towards the four real shapes. */
const serverMessage: fc.Arbitrary<JsonRpcMessage> = fc.oneof(
  fc.record({ id, method, params: anyValue }, { requiredKeys: ["id", "method"] }),
  fc.record({ method, params: anyValue, emittedAtMs: fc.nat() }, { requiredKeys: ["method"] }),
  fc.record({ id, result: anyValue }, { requiredKeys: ["id"] }),
  fc.record({ id, error: anyValue }),
  fc.record(
    { id: fc.oneof(id, fc.constant(null), anyValue), method: fc.oneof(method, anyValue) },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string({ maxLength: 6 }), anyValue, { maxKeys: 4 }),
);

function isServerRequest(m: JsonRpcMessage): boolean {
  return typeof m.method === "string" && (typeof m.id === "number" || typeof m.id === "string");
}

function isNotification(m: JsonRpcMessage): boolean {
  return typeof m.method === "string" && m.id === undefined;
}

/** Lets every handler promise settle (they answer on later microtasks). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("JsonRpcConnection dispatch properties", () => {
  it("random server messages never throw out; every notification arrives once, every server request gets exactly one answer", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(serverMessage, { maxLength: 40 }),
        fc.array(fc.constantFrom(...BEHAVIOURS), { minLength: 1, maxLength: 11 }),
        fc.integer({ min: 0, max: 6 }),
        async (messages, behaviours, clientRequests) => {
          const { transport, server } = createMemoryTransport();
          // Like the stdio transport: a lone surrogate cannot be written.
          server.sendHook = (m) => void encodeMessage(m);
          const notifications: IncomingNotification[] = [];
          let handled = 0;
          const connection = new JsonRpcConnection(transport, {
            onNotification: (n) => notifications.push(n),
            onRequest: (_r: IncomingRequest) =>
              answerOf(behaviours[handled++ % behaviours.length] as Behaviour),
            onMalformed: () => undefined,
          });
          await connection.start();
          const settled = Array.from({ length: clientRequests }, (_, i) => {
            let count = 0;
            const p = connection.request(`client/${i}`, {}).then(
              () => count++,
              () => count++,
            );
            return { p, count: () => count };
          });

          for (const message of messages) expect(() => server.push(message)).not.toThrow();
          await settle();
          await settle();

          expect(notifications.map((n) => n.method)).toEqual(
            messages.filter(isNotification).map((m) => m.method),
          );
          const answers = server.received.filter((m) => m.method === undefined);
          const asked = messages.filter(isServerRequest).map((m) => JSON.stringify(m.id));
          expect(answers.map((a) => JSON.stringify(a.id)).sort()).toEqual([...asked].sort());
          for (const answer of answers) {
            const keys = Object.keys(answer).sort();
            if ("error" in answer) {
              expect(keys).toEqual(["error", "id"]);
              const error = answer.error as { code: unknown; message: unknown };
              expect(Number.isInteger(error.code)).toBe(true);
              expect(typeof error.message).toBe("string");
            } else {
              expect(keys).toEqual(["id", "result"]);
              expect(() => encodeMessage(answer)).not.toThrow();
            }
          }
          // Client requests: each settles at most once; the rest are answered or failed by close().
          await connection.close();
          await Promise.all(settled.map((s) => s.p));
          for (const s of settled) expect(s.count()).toBe(1);
          expect(connection.pendingCount).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a message with an id and a method that is not a string is malformed, not the answer to a request", async () => {
    const { transport, server } = createMemoryTransport();
    const malformed: string[] = [];
    const connection = new JsonRpcConnection(transport, {
      onNotification: () => undefined,
      onMalformed: (raw) => malformed.push(raw),
    });
    await connection.start();
    let settled = false;
    const pending = connection.request("thread/list", {}).finally(() => (settled = true));
    const { id } = await server.nextRequest("thread/list");
    server.push({ id, method: 5, result: { data: "not for you" } });
    await settle();
    expect(settled).toBe(false);
    expect(malformed).toHaveLength(1);
    server.respond(id, { data: [] });
    await expect(pending).resolves.toEqual({ data: [] });
    await connection.close();
  });

  it.each(["bigint", "cycle", "function", "lone-surrogate"] as const)(
    "a handler answer that cannot be sent (%s) is replaced by an error answer, not left unanswered",
    async (behaviour) => {
      const { transport, server } = createMemoryTransport();
      server.sendHook = (m) => void encodeMessage(m);
      const connection = new JsonRpcConnection(transport, {
        onNotification: () => undefined,
        onRequest: () => answerOf(behaviour),
      });
      await connection.start();
      const answer = await server.request("item/tool/call", { tool: "x" }, 500);
      expect(answer.result).toBeUndefined();
      expect(answer.error).toMatchObject({
        code: -32603,
        message: expect.stringMatching(
          /^client failed to handle item\/tool\/call: its answer cannot be sent: /,
        ) as unknown,
      });
      expect(server.received.filter((m) => m.id === answer.id)).toHaveLength(1);
      await connection.close();
    },
  );
});
