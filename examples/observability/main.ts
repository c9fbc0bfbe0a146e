/**
 * Observability: OpenTelemetry spans for a turn, and a protocol trace file to open in the viewer.
 *
 *   npm install @opentelemetry/api @opentelemetry/sdk-trace-base @opentelemetry/context-async-hooks
 *   npx tsx examples/observability/main.ts
 *   npx codex-app-sdk trace view codex-trace.jsonl
 *
 * A real program would export the spans to a collector (an OTLP exporter in a BatchSpanProcessor);
 * this one keeps them in memory and prints them as a tree.
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { Codex } from "codex-app-sdk";

// Register a provider globally: the SDK finds it when it connects and records its spans there.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);

{
  // `traceFile` also writes every protocol message (secrets redacted) for the trace viewer.
  await using codex = new Codex({ traceFile: "codex-trace.jsonl" });
  const thread = await codex.threadStart();
  // The turn span becomes a child of whatever span is active in your code.
  await trace.getTracer("my-app").startActiveSpan("answer a question", async (span) => {
    const result = await thread.run("What is 2 + 2? Answer with the number only.");
    console.log(`[answer] ${result.finalResponse ?? "(none)"}`);
    span.end();
  });
}

// Print the spans as a tree: name, and the GenAI attributes of the turn.
const spans = exporter.getFinishedSpans();
const children = (parent: string | undefined): ReadableSpan[] =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
function print(span: ReadableSpan, depth: number): void {
  const a = span.attributes;
  const usage =
    a["gen_ai.usage.input_tokens"] === undefined
      ? ""
      : ` (tokens in ${String(a["gen_ai.usage.input_tokens"])}, out ${String(a["gen_ai.usage.output_tokens"])})`;
  console.log(`[span] ${"  ".repeat(depth)}${span.name}${usage}`);
  for (const child of children(span.spanContext().spanId)) print(child, depth + 1);
}
const root = spans.find((s) => s.name === "answer a question");
if (root) print(root, 0);
await provider.shutdown();
console.log("[trace file] codex-trace.jsonl (open it with: npx codex-app-sdk trace view codex-trace.jsonl)");
