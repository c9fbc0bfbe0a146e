/**
 * Turns the `tools` option of the thread calls into the protocol's `dynamicTools` specs (strict
 * schemas) and the handler table the dispatcher looks calls up in. Every problem is an
 * `InvalidArgumentError` thrown before anything is sent.
 *
 * @module
 */
import type { DynamicToolSpec } from "../../generated/v2/DynamicToolSpec.js";
import type { DynamicToolFunctionSpec } from "../../generated/v2/DynamicToolFunctionSpec.js";
import type { ThreadStartParams } from "../../generated/experimental/v2/ThreadStartParams.js";
import { prepareValueSchema, type ValueSchema } from "../structured/structured.js";
import { describeValue, InvalidArgumentError } from "../validation.js";
import { isTool, type Tool } from "./tool.js";
import { toolKey, toolLabel } from "./tool-key.js";

/** One callable tool, ready to answer calls. */
export interface PreparedTool {
  readonly tool: Tool;
  readonly namespace: string | null;
  readonly schema: ValueSchema;
}

/** The `tools` of one thread call: the wire specs and the handlers by {@link toolKey}. */
export interface PreparedTools {
  readonly specs: DynamicToolSpec[];
  readonly handlers: ReadonlyMap<string, PreparedTool>;
}

/**
 * Checks and converts `tools`; `undefined` when the option is absent.
 * @throws InvalidArgumentError for a non-array, an entry not made by `tool()` / `toolNamespace()`,
 *   a duplicate name, a schema strict mode cannot take, or tools while `experimentalApi` is off
 */
export async function prepareTools(
  tools: unknown,
  experimentalApi: boolean,
): Promise<PreparedTools | undefined> {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools) || !tools.every(isTool)) {
    throw new InvalidArgumentError(
      `tools must be an array of tool() and toolNamespace() values, got ${describeValue(tools)}`,
      { argument: "tools" },
    );
  }
  if (!experimentalApi) {
    throw new InvalidArgumentError(
      "tools need the app-server's experimental API, and this client was created with experimentalApi: false; remove that option (the default is true) to use custom tools",
      { argument: "tools" },
    );
  }
  const specs: DynamicToolSpec[] = [];
  const handlers = new Map<string, PreparedTool>();
  const topNames = new Set<string>();
  for (const entry of tools) {
    unique(topNames, entry.name, "tools");
    if (entry.kind === "tool") {
      const prepared = await prepareOne(entry, null);
      handlers.set(toolKey(null, entry.name), prepared);
      specs.push({ type: "function", ...functionSpec(prepared) });
      continue;
    }
    const inner = new Set<string>();
    const nested: DynamicToolFunctionSpec[] = [];
    for (const t of entry.tools) {
      unique(inner, t.name, `namespace ${entry.name}`);
      const prepared = await prepareOne(t, entry.name);
      handlers.set(toolKey(entry.name, t.name), prepared);
      nested.push(functionSpec(prepared));
    }
    specs.push({
      type: "namespace",
      name: entry.name,
      description: entry.description,
      tools: nested.map((spec) => ({ type: "function", ...spec })),
    });
  }
  return { specs, handlers };
}

async function prepareOne(t: Tool, namespace: string | null): Promise<PreparedTool> {
  // strictify refuses a root that is not an object: the model passes named arguments.
  const schema = await prepareValueSchema(t.parameters, `tool ${toolLabel(namespace, t.name)}: parameters`);
  return { tool: t, namespace, schema };
}

function functionSpec(p: PreparedTool): DynamicToolFunctionSpec {
  return { name: p.tool.name, description: p.tool.description, inputSchema: p.schema.wireSchema };
}

function unique(seen: Set<string>, name: string, where: string): void {
  if (seen.has(name)) {
    throw new InvalidArgumentError(
      `${where}: the name ${JSON.stringify(name)} is used twice; tool names must be unique`,
      {
        argument: "tools",
      },
    );
  }
  seen.add(name);
}

/** `thread/start` params with the tools' specs (`dynamicTools`, a field of the experimental protocol). */
export function withDynamicTools(
  params: ThreadStartParams,
  tools: PreparedTools | undefined,
): ThreadStartParams {
  return tools === undefined ? params : { ...params, dynamicTools: tools.specs };
}
