/**
 * The app-server's own spans join the SDK's trace: the runtime, configured (its `[otel]` config in
 * the harness's config.toml) to export OTLP/HTTP JSON to a collector this test serves on loopback,
 * exports a `turn/start` span whose trace id is the SDK's turn span's and whose parent is the SDK's
 * `turn/start` request span (the W3C `trace` the SDK sent with the request).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { textResponse } from "../../src/testing/index.js";
import { SdkEnv, WAIT_MS, within } from "../support/sdk.js";

/** An OTLP/HTTP span as the JSON protocol encodes it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP JSON collector: it keeps every span posted to /v1/traces. */
class Collector {
  readonly spans: OtlpSpan[] = [];
  readonly contentTypes = new Set<string>();
  #server: Server | undefined;
  #posted: (() => void) | undefined;

  /** Resolves when `found()` holds, checked after each post; rejects after `ms`. */
  waitFor(found: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
    if (found()) return Promise.resolve();
    return within(
      new Promise<void>((resolve) => {
        this.#posted = () => {
          if (found()) resolve();
        };
      }),
      what,
      ms,
    ).finally(() => (this.#posted = undefined));
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.contentTypes.add(String(req.headers["content-type"]));
        if (req.url === "/v1/traces") {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
              resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
            };
            for (const r of body.resourceSpans ?? [])
              for (const s of r.scopeSpans ?? []) this.spans.push(...(s.spans ?? []));
          } catch {
            // Not JSON (a protobuf body would land here): the test's check then fails with the content types.
          }
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
        this.#posted?.();
      });
    });
    const server = this.#server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const collector = new Collector();
let env: SdkEnv;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const endpoint = await collector.start();
  env = await SdkEnv.create({
    config: {
      otel: {
        environment: "test",
        exporter: "none",
        metrics_exporter: "none",
        trace_exporter: { "otlp-http": { endpoint, protocol: "json" } },
      },
    },
  });
});

afterAll(async () => {
  await env?.dispose();
  await collector.stop();
  await provider.shutdown();
  context.disable();
});

describe("runtime spans in the SDK's trace", () => {
  it("the app-server's turn/start span has the SDK turn span's trace id and the SDK request span as parent", async () => {
    const codex = env.codex({ tracing: { tracerProvider: provider } });
    const thread = await codex.threadStart();
    env.mock.enqueue(textResponse("exported"));
    expect((await within(thread.run("export spans"), "the traced turn")).finalResponse).toBe("exported");
    const turn = exporter.getFinishedSpans().find((s) => s.name === "invoke_agent codex");
    const request = exporter.getFinishedSpans().find((s) => s.name === "turn/start");
    expect(turn && request).toBeTruthy();
    const traceId = turn!.spanContext().traceId;
    expect(request!.spanContext().traceId).toBe(traceId);

    // The runtime exports in batches; closing the client ends the app-server, which flushes them.
    await codex.close();
    const joined = (): OtlpSpan[] => collector.spans.filter((s) => s.traceId.toLowerCase() === traceId);
    await collector
      .waitFor(() => joined().some((s) => s.name === "turn/start"), "the runtime's turn/start span")
      .catch(() => undefined); // the checks below say what arrived instead
    expect(
      collector.spans.length,
      `spans exported (content types ${[...collector.contentTypes].join(", ")})`,
    ).toBeGreaterThan(0);
    const runtimeTurnStart = joined().find((s) => s.name === "turn/start");
    expect(
      runtimeTurnStart,
      `runtime spans in the SDK's trace: ${joined()
        .map((s) => s.name)
        .join(", ")}`,
    ).toBeDefined();
    expect(runtimeTurnStart?.parentSpanId?.toLowerCase()).toBe(request!.spanContext().spanId);
  });
});
