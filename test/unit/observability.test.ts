/**
 * The pieces of observability that need no process: message redaction, the transport tap, and
 * that a client observing nothing keeps its transport as it is (no wrapper, no OpenTelemetry).
 */
import { describe, expect, it } from "vitest";

import { observabilityFor } from "../../src/api/observability/observability.js";
import { globalTracerRegistered } from "../../src/api/observability/otel.js";
import { MessageRedactor, REDACTED_FIELD } from "../../src/api/observability/redact-message.js";
import { tapTransport } from "../../src/transport/tap.js";
import type { JsonRpcMessage, Transport, TransportHandlers } from "../../src/transport/transport.js";

class LoopTransport implements Transport {
  handlers: TransportHandlers | undefined;
  readonly sent: JsonRpcMessage[] = [];
  readonly description = "loop";
  start(handlers: TransportHandlers): Promise<void> {
    this.handlers = handlers;
    return Promise.resolve();
  }
  send(message: JsonRpcMessage): void {
    this.sent.push(message);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe("message redaction", () => {
  it("replaces secret fields, then every later copy of their values, and keeps token counts", () => {
    const r = new MessageRedactor();
    const login = r.redact({
      method: "account/login/start",
      params: { type: "chatgptAuthTokens", accessToken: "eyJhbGciOi.secret.jwt", chatgptAccountId: "acct-1" },
    });
    expect(login).toEqual({
      method: "account/login/start",
      params: { type: "chatgptAuthTokens", accessToken: REDACTED_FIELD, chatgptAccountId: "acct-1" },
    });
    const echoed = r.redact({ error: { message: "bad token eyJhbGciOi.secret.jwt" } });
    expect(JSON.stringify(echoed)).not.toContain("eyJhbGciOi.secret.jwt");
    const usage = { tokenUsage: { last: { inputTokens: 10, outputTokens: 2 } } };
    expect(r.redact(usage)).toEqual(usage);
    for (const field of ["apiKey", "secretAccessKey", "sessionToken", "Authorization", "password"]) {
      expect(r.redact({ [field]: "value-of-a-secret" })).toEqual({ [field]: REDACTED_FIELD });
    }
  });

  it("redacts a secret known up front (a bearer token) wherever it appears, also in raw text", () => {
    const r = new MessageRedactor(["bearer-tok-12345678"]);
    expect(JSON.stringify(r.redact({ msg: "connect with bearer-tok-12345678" }))).not.toContain("bearer-tok");
    expect(r.redact("raw bearer-tok-12345678 line")).not.toContain("bearer-tok");
  });
});

describe("transport tap", () => {
  it("shows every message to the tap, sends what the tap returns, and survives a throwing tap", async () => {
    const inner = new LoopTransport();
    const seen: string[] = [];
    const received: JsonRpcMessage[] = [];
    let boom = false;
    const t = tapTransport(inner, {
      outgoing: (m) => {
        if (boom) throw new Error("tap failed");
        seen.push(`out ${String(m.method)}`);
        return { ...m, trace: { traceparent: "x" } };
      },
      incoming: (m) => seen.push(`in ${String(m.method)}`),
    });
    expect(t.description).toBe("loop");
    await t.start({ onMessage: (m) => received.push(m), onClose: () => undefined });
    await t.send({ id: 1, method: "a" });
    inner.handlers?.onMessage({ method: "b" });
    boom = true;
    await t.send({ id: 2, method: "c" });
    expect(seen).toEqual(["out a", "in b"]);
    expect(inner.sent).toEqual([
      { id: 1, method: "a", trace: { traceparent: "x" } },
      { id: 2, method: "c" },
    ]);
    expect(received).toEqual([{ method: "b" }]);
  });

  it("a client observing nothing keeps its transport object (no wrapper on the message path)", async () => {
    const saved = process.env.CODEX_APP_SDK_TRACE;
    delete process.env.CODEX_APP_SDK_TRACE;
    try {
      expect(globalTracerRegistered()).toBe(false);
      const inner = new LoopTransport();
      expect(await observabilityFor({}, () => undefined).observe(inner)).toBe(inner);
      expect(await observabilityFor({ tracing: false }, () => undefined).observe(inner)).toBe(inner);
    } finally {
      if (saved !== undefined) process.env.CODEX_APP_SDK_TRACE = saved;
    }
  });

  it("checks the tracing option", () => {
    expect(() => observabilityFor({ tracing: {} as never }, () => undefined)).toThrow(/tracerProvider/);
    expect(() => observabilityFor({ tracing: "yes" as never }, () => undefined)).toThrow(/tracing must be/);
  });
});
