/**
 * Type tests of custom tools: `execute`'s arguments are inferred from a zod schema (its output
 * side), a JSON Schema gives a plain record, results are checked, and `tools` is accepted by the
 * three thread calls. Checked by `tsc`; run as no-ops by vitest.
 */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";

import {
  tool,
  toolNamespace,
  type Codex,
  type Thread,
  type ThreadForkOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
  type Tool,
  type ToolContext,
  type ToolEntry,
  type ToolResult,
} from "../../src/index.js";

describe("tool() types", () => {
  it("infers execute's args from a zod schema, transforms and defaults included", () => {
    tool({
      name: "t",
      description: "d",
      parameters: z.object({
        city: z.string(),
        days: z.number().default(1),
        unit: z.enum(["c", "f"]).optional(),
        when: z.string().transform((s) => new Date(s)),
      }),
      execute: (args, ctx) => {
        expectTypeOf(args).toEqualTypeOf<{
          city: string;
          days: number;
          unit?: "c" | "f" | undefined;
          when: Date;
        }>();
        expectTypeOf(ctx).toEqualTypeOf<ToolContext>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(ctx.thread).toEqualTypeOf<Thread>();
        return args.city;
      },
    });
  });

  it("gives a JSON Schema tool a plain record", () => {
    tool({
      name: "t",
      description: "d",
      parameters: { type: "object", properties: { q: { type: "string" } } },
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ [key: string]: unknown }>();
        return "ok";
      },
    });
  });

  it("checks what execute returns", () => {
    const base = { name: "t", description: "d", parameters: z.object({}) };
    tool({ ...base, execute: () => [{ type: "inputText", text: "a" }] });
    tool({ ...base, execute: () => Promise.resolve({ content: "no", success: false }) });
    tool({ ...base, execute: () => [{ type: "inputImage", imageUrl: "data:image/png;base64,AA==" }] });
    // @ts-expect-error -- a number is not a tool result
    tool({ ...base, execute: () => 42 });
    // @ts-expect-error -- audio is not a content item a tool may return
    tool({ ...base, execute: () => [{ type: "inputAudio", audioUrl: "x" }] });
    expectTypeOf<"text">().toExtend<ToolResult>();
  });

  it("accepts tools and namespaces on the three thread calls", () => {
    const t = tool({
      name: "t",
      description: "d",
      parameters: z.object({ a: z.number() }),
      execute: () => "",
    });
    expectTypeOf(t).toExtend<Tool>();
    const ns = toolNamespace({ name: "ns", description: "d", tools: [t] });
    const tools: ToolEntry[] = [t, ns];
    expectTypeOf({ tools }).toExtend<ThreadStartOptions>();
    expectTypeOf({ tools }).toExtend<ThreadResumeOptions>();
    expectTypeOf({ tools }).toExtend<ThreadForkOptions>();
    expectTypeOf({ tools: undefined }).toExtend<ThreadStartOptions>();
    expectTypeOf<Codex["threadStart"]>().parameter(0).toEqualTypeOf<ThreadStartOptions | undefined>();
  });
});
