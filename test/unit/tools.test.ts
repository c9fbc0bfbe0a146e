/**
 * Custom tools without a process: what `tool()` and `toolNamespace()` accept, the specs `tools`
 * becomes on the wire (strict schemas, namespaces), the checks made before anything is sent
 * (names, duplicates, schemas, the experimental capability), and how results are encoded.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import {
  imageContent,
  InvalidArgumentError,
  tool,
  toolNamespace,
  UnsupportedSchemaError,
} from "../../src/index.js";
import { toResponse } from "../../src/api/tools/tool-result.js";
import { CodexError } from "../../src/errors.js";
import { prepareTools } from "../../src/api/tools/tool-specs.js";

const echo = tool({
  name: "echo",
  description: "Echoes",
  parameters: z.object({ text: z.string(), times: z.number().optional() }),
  execute: ({ text }) => text,
});

describe("tool()", () => {
  it.each(["", "has space", "a.b", "x".repeat(65), "ünï", 42])("refuses the name %j", (name) => {
    expect(() => tool({ ...echo, name: name as string })).toThrow(InvalidArgumentError);
    expect(() => tool({ ...echo, name: name as string })).toThrow(/1 to 64 letters, digits/);
  });

  it("accepts letters, digits, _ and - up to 64 characters, and defaults the timeout to 60 s", () => {
    const t = tool({ ...echo, name: `a-B_9${"x".repeat(59)}` });
    expect(t.name).toHaveLength(64);
    expect(t.timeoutMs).toBe(60_000);
  });

  it("refuses a missing execute, a bad description, bad parameters and a bad timeout", () => {
    expect(() => tool({ ...echo, execute: undefined as never })).toThrow(/execute must be a function/);
    expect(() => tool({ ...echo, description: 3 as never })).toThrow(/description must be a string/);
    expect(() => tool({ ...echo, parameters: "x" as never })).toThrow(/parameters must be/);
    expect(() => tool({ ...echo, timeoutMs: 0 })).toThrow(/timeoutMs must be a number of milliseconds > 0/);
    expect(tool({ ...echo, timeoutMs: Infinity }).timeoutMs).toBe(Infinity);
  });

  it("toolNamespace() needs tools made by tool()", () => {
    expect(() => toolNamespace({ name: "ns", description: "d", tools: [] })).toThrow(/non-empty array/);
    expect(() => toolNamespace({ name: "ns", description: "d", tools: [{}] as never })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe("prepareTools", () => {
  it("turns tools into strict dynamicTools specs, namespaces as namespace specs", async () => {
    const ns = toolNamespace({ name: "kit", description: "A kit", tools: [echo] });
    const prepared = await prepareTools([echo, ns], true);
    const inputSchema: unknown = expect.objectContaining({
      type: "object",
      properties: { text: { type: "string" }, times: { type: ["number", "null"] } },
      required: ["text", "times"],
      additionalProperties: false,
    });
    expect(prepared?.specs).toEqual([
      { type: "function", name: "echo", description: "Echoes", inputSchema },
      {
        type: "namespace",
        name: "kit",
        description: "A kit",
        tools: [
          {
            type: "function",
            name: "echo",
            description: "Echoes",
            inputSchema,
          },
        ],
      },
    ]);
    // The model's null for an optional property is absence again, and the zod schema validates.
    const handler = prepared?.handlers.get("echo");
    await expect(handler?.schema.parse({ text: "hi", times: null })).resolves.toEqual({
      value: { text: "hi" },
    });
    const bad = await handler?.schema.parse({ text: 1, times: null });
    expect(bad?.problem).toMatch(/^text: /);
  });

  it("refuses duplicate names, at the top and inside a namespace", async () => {
    await expect(prepareTools([echo, echo], true)).rejects.toThrow(/"echo" is used twice/);
    const ns = toolNamespace({ name: "echo", description: "d", tools: [echo] });
    await expect(prepareTools([echo, ns], true)).rejects.toThrow(/"echo" is used twice/);
    const twice = toolNamespace({ name: "kit", description: "d", tools: [echo, echo] });
    await expect(prepareTools([twice], true)).rejects.toThrow(/namespace kit: the name "echo" is used twice/);
  });

  it("refuses tools while experimentalApi is off, values not made by tool(), and bad schemas", async () => {
    await expect(prepareTools([echo], false)).rejects.toThrow(/experimentalApi: false/);
    await expect(prepareTools("echo", true)).rejects.toThrow(/tools must be an array/);
    await expect(prepareTools([{ name: "x" }], true)).rejects.toThrow(/tools must be an array of tool\(\)/);
    const scalar = tool({ ...echo, parameters: { type: "string" }, execute: () => "" });
    await expect(prepareTools([scalar], true)).rejects.toThrow(
      /^tool echo: parameters uses .*root must be an object/s,
    );
    const unsupported = tool({
      ...echo,
      parameters: { type: "object", properties: { a: { not: {} } } },
      execute: () => "",
    });
    await expect(prepareTools([unsupported], true)).rejects.toThrow(UnsupportedSchemaError);
    await expect(prepareTools([unsupported], true)).rejects.toThrow(/^tool echo: parameters uses/);
    await expect(prepareTools(undefined, false)).resolves.toBeUndefined();
  });
});

describe("results", () => {
  it("encodes strings, content items and { content, success }", () => {
    expect(toResponse("hi")).toEqual({ contentItems: [{ type: "inputText", text: "hi" }], success: true });
    expect(toResponse({ content: "no", success: false })).toEqual({
      contentItems: [{ type: "inputText", text: "no" }],
      success: false,
    });
    const image = { type: "inputImage", imageUrl: "data:image/png;base64,AA==" } as const;
    expect(toResponse([image])).toEqual({ contentItems: [image], success: true });
    expect(() => toResponse(42)).toThrow(/execute must return a string/);
    expect(() => toResponse(42)).toThrow(CodexError);
    expect(() => toResponse({ content: "x", success: "yes" })).toThrow(CodexError);
    expect(() => toResponse({ content: "x", success: "yes" })).toThrow(/success must be a boolean/);
  });

  it("imageContent() makes a data URL of PNG bytes and refuses what is not an image", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    await expect(imageContent(png)).resolves.toEqual({
      type: "inputImage",
      imageUrl: `data:image/png;base64,${png.toString("base64")}`,
    });
    await expect(imageContent(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not a PNG, JPEG, GIF or WebP/);
    await expect(imageContent(42 as never)).rejects.toThrow(InvalidArgumentError);
  });
});
