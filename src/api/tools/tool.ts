/**
 * Custom tools: functions of the user's process that the model can call. `tool()` describes one,
 * `toolNamespace()` groups several under one name; both are plain values passed as `tools` to
 * `threadStart`, `threadResume` and `threadFork`. Nothing is converted or sent here: the schemas are
 * made strict, and names checked for duplicates, when the thread call is made.
 *
 * @module
 */
import type { DynamicToolCallOutputContentItem } from "../../generated/v2/DynamicToolCallOutputContentItem.js";
import type { InferOutput, JsonSchema, StandardSchemaV1 } from "../structured/output-schema.js";
import type { Thread } from "../threads/thread.js";
import { optionalDuration } from "../../internal/limits.js";
import { describeValue, InvalidArgumentError } from "../validation.js";

/** Names the model can call: letters, digits, `_` and `-`, 1 to 64 characters. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The default bound of one tool call, in ms. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/** What a tool's `execute` receives besides its arguments. */
export interface ToolContext {
  /** The thread whose turn called the tool. */
  readonly threadId: string;
  /** The turn that called the tool. */
  readonly turnId: string;
  /** The model's id of this call. */
  readonly callId: string;
  /** The `Thread` the tool was bound with (by `threadStart`, `threadResume` or `threadFork`). */
  readonly thread: Thread;
  /**
   * Aborts when the answer is no longer wanted: the turn was interrupted or aborted, the tool's
   * timeout passed, or the client closed. Pass it to `fetch` and friends.
   */
  readonly signal: AbortSignal;
}

/**
 * One content item of a tool's result: text, or an image as a URL (a `data:` URL for local bytes;
 * see {@link imageContent}).
 */
export type ToolContentItem = Extract<DynamicToolCallOutputContentItem, { type: "inputText" | "inputImage" }>;

/**
 * What `execute` may return: a string (one text item), content items, or both with an explicit
 * `success` (`false` tells the model the tool failed; default `true`).
 */
export type ToolResult =
  | string
  | readonly ToolContentItem[]
  | { readonly content: string | readonly ToolContentItem[]; readonly success?: boolean | undefined };

/** The value a schema describes: inferred from a zod or other Standard Schema, `unknown` for a JSON Schema (an object). */
export type ToolArguments<S> = S extends StandardSchemaV1 ? InferOutput<S> : { [key: string]: unknown };

/** What {@link tool} takes. */
export interface ToolDefinition<S extends StandardSchemaV1 | JsonSchema> {
  /** The name the model calls: letters, digits, `_` and `-`, at most 64 characters. */
  name: string;
  /** What the tool does and when to use it; the model reads this. */
  description: string;
  /**
   * The arguments: a zod 4 schema, any Standard Schema that describes itself as JSON Schema, or a
   * JSON Schema (an object at the top). Made strict like `outputSchema`. With a Standard Schema the
   * arguments are validated before `execute` runs; a JSON Schema is not checked by the SDK.
   */
  parameters: S;
  /** Runs the tool. A throw or rejection is reported to the model as a failed call. */
  execute: (args: ToolArguments<S>, context: ToolContext) => ToolResult | Promise<ToolResult>;
  /**
   * Bound of one call, in ms (`> 0`). Default 60,000; `Infinity` for no limit. Past it the model is
   * told the tool timed out and `context.signal` aborts.
   */
  timeoutMs?: number | undefined;
}

/**
 * A custom tool, made by {@link tool}. Pass it in `tools` to `threadStart`, `threadResume` or
 * `threadFork`.
 */
export interface Tool<S extends StandardSchemaV1 | JsonSchema = StandardSchemaV1 | JsonSchema> {
  /** Tells tools and namespaces apart. */
  readonly kind: "tool";
  /** The name the model calls. */
  readonly name: string;
  /** What the model reads about the tool. */
  readonly description: string;
  /** The arguments' schema, as given. */
  readonly parameters: S;
  /** The handler. */
  readonly execute: (args: ToolArguments<S>, context: ToolContext) => ToolResult | Promise<ToolResult>;
  /** Bound of one call, in ms. */
  readonly timeoutMs: number;
}

/** A group of tools under one name (a toolkit), made by {@link toolNamespace}. */
export interface ToolNamespace {
  /** Tells tools and namespaces apart. */
  readonly kind: "namespace";
  /** The namespace's name (same rules as a tool name). */
  readonly name: string;
  /** What the tools are for; the model reads this. */
  readonly description: string;
  /** The tools of the namespace. */
  readonly tools: readonly Tool[];
}

/** What `tools` accepts: tools and namespaces. */
export type ToolEntry = Tool | ToolNamespace;

/**
 * Describes a custom tool. `execute` gets the parsed, validated arguments (typed from a zod schema)
 * and a {@link ToolContext}; it returns a string, content items, or `{ content, success }`.
 *
 * @example
 * ```ts
 * import { Codex, tool } from "codex-app-sdk";
 * import { z } from "zod";
 *
 * const weather = tool({
 *   name: "get_weather",
 *   description: "Current weather of a city",
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => {
 *     const res = await fetch(`https://wttr.in/${encodeURIComponent(city)}?format=3`, { signal });
 *     return res.text();
 *   },
 * });
 * await using codex = new Codex();
 * const thread = await codex.threadStart({ tools: [weather] });
 * ```
 * @throws InvalidArgumentError when a field is missing or of the wrong type, or the name cannot be called
 */
export function tool<S extends StandardSchemaV1 | JsonSchema>(definition: ToolDefinition<S>): Tool<S> {
  if (typeof definition !== "object" || definition === null) {
    throw new InvalidArgumentError(`tool() needs a definition object, got ${describeValue(definition)}`, {
      argument: "tool",
    });
  }
  const name = toolName("tool", definition.name);
  description(`tool ${name}`, definition.description);
  const parameters: unknown = definition.parameters;
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new InvalidArgumentError(
      `tool ${name}: parameters must be a zod schema, a Standard Schema or a JSON Schema object, got ${describeValue(parameters)}`,
      { argument: "parameters" },
    );
  }
  if (typeof definition.execute !== "function") {
    throw new InvalidArgumentError(
      `tool ${name}: execute must be a function, got ${describeValue(definition.execute)}`,
      {
        argument: "execute",
      },
    );
  }
  const timeoutMs =
    optionalDuration(`tool ${name}: timeoutMs`, definition.timeoutMs, { allowZero: false }) ??
    DEFAULT_TOOL_TIMEOUT_MS;
  return Object.freeze({
    kind: "tool",
    name,
    description: definition.description,
    parameters: definition.parameters,
    execute: definition.execute,
    timeoutMs,
  });
}

/**
 * Groups tools under one name, as the protocol's namespace spec: the model sees them as a toolkit.
 *
 * @example
 * ```ts
 * import { tool, toolNamespace } from "codex-app-sdk";
 * import { z } from "zod";
 * const add = tool({
 *   name: "add",
 *   description: "Adds two numbers",
 *   parameters: z.object({ a: z.number(), b: z.number() }),
 *   execute: ({ a, b }) => String(a + b),
 * });
 * const math = toolNamespace({ name: "math", description: "Arithmetic", tools: [add] });
 * ```
 * @throws InvalidArgumentError when the name cannot be called, or `tools` is empty or not made by {@link tool}
 */
export function toolNamespace(definition: {
  /** The namespace's name (same rules as a tool name). */
  name: string;
  /** What the tools are for. */
  description: string;
  /** The tools, made by {@link tool}. */
  tools: readonly Tool[];
}): ToolNamespace {
  const name = toolName("toolNamespace", definition.name);
  description(`namespace ${name}`, definition.description);
  const tools: unknown = definition.tools;
  if (!Array.isArray(tools) || tools.length === 0 || !tools.every((t) => isTool(t) && t.kind === "tool")) {
    throw new InvalidArgumentError(
      `namespace ${name}: tools must be a non-empty array of tool() values, got ${describeValue(tools)}`,
      { argument: "tools" },
    );
  }
  return Object.freeze({
    kind: "namespace",
    name,
    description: definition.description,
    tools: [...definition.tools],
  });
}

/** Whether `value` is a tool or a namespace made by this module. */
export function isTool(value: unknown): value is ToolEntry {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "tool" || kind === "namespace";
}

function toolName(what: string, name: unknown): string {
  if (typeof name !== "string" || !TOOL_NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      `${what}: the name must be 1 to 64 letters, digits, "_" or "-" (the names a model can call), got ${describeValue(name)}`,
      { argument: "name" },
    );
  }
  return name;
}

function description(what: string, value: unknown): void {
  if (typeof value !== "string") {
    throw new InvalidArgumentError(`${what}: description must be a string, got ${describeValue(value)}`, {
      argument: "description",
    });
  }
}
