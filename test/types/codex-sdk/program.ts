/**
 * A program written against `@openai/codex-sdk` 0.163.0's published types, using every export.
 * test/types/codex-sdk-compat.test.ts compiles it twice, unchanged: with `@openai/codex-sdk`
 * resolving to that package and to `codex-app-sdk/codex-sdk`. (Not part of the project's own
 * tsc run: the specifier resolves only there.)
 */
import {
  Codex,
  Thread,
  type AgentMessageItem,
  type ApprovalMode,
  type CodexOptions,
  type CommandExecutionItem,
  type CyberAccessProgram,
  type ErrorItem,
  type FileChangeItem,
  type Input,
  type ItemCompletedEvent,
  type ItemStartedEvent,
  type ItemUpdatedEvent,
  type McpToolCallItem,
  type ModelReasoningEffort,
  type ReasoningItem,
  type RunResult,
  type RunStreamedResult,
  type SandboxMode,
  type ThreadError,
  type ThreadErrorEvent,
  type ThreadEvent,
  type ThreadItem,
  type ThreadOptions,
  type ThreadStartedEvent,
  type TodoListItem,
  type TurnCompletedEvent,
  type TurnFailedEvent,
  type TurnOptions,
  type TurnStartedEvent,
  type Usage,
  type UserInput,
  type WebSearchItem,
  type WebSearchMode,
} from "@openai/codex-sdk";

const approval: ApprovalMode = "on-request";
const sandbox: SandboxMode = "workspace-write";
const effort: ModelReasoningEffort = "high";
const search: WebSearchMode = "cached";
const cyber: CyberAccessProgram = "standard";

const options: CodexOptions = {
  codexPathOverride: "/usr/local/bin/codex",
  baseUrl: "http://127.0.0.1:8080/v1",
  apiKey: "sk-example",
  config: {
    show_raw_agent_reasoning: true,
    sandbox_workspace_write: { network_access: true },
    list: [1, "a"],
  },
  configOverrides: ['permissions.audit.filesystem={":root"="read"}'],
  env: { PATH: "/usr/bin" },
};

const threadOptions: ThreadOptions = {
  model: "some-model",
  threadSource: "ci",
  sandboxMode: sandbox,
  workingDirectory: "/tmp/project",
  skipGitRepoCheck: true,
  modelReasoningEffort: effort,
  networkAccessEnabled: false,
  webSearchMode: search,
  webSearchEnabled: true,
  approvalPolicy: approval,
  additionalDirectories: ["/tmp/extra"],
};

function describeItem(item: ThreadItem): string {
  switch (item.type) {
    case "agent_message": {
      const message: AgentMessageItem = item;
      return message.text;
    }
    case "reasoning": {
      const reasoning: ReasoningItem = item;
      return reasoning.text;
    }
    case "command_execution": {
      const command: CommandExecutionItem = item;
      const code: number | undefined = command.exit_code;
      return `${command.command} ${command.aggregated_output} ${command.status} ${code ?? ""}`;
    }
    case "file_change": {
      const change: FileChangeItem = item;
      return change.changes.map((c) => `${c.kind} ${c.path}`).join(",") + change.status;
    }
    case "mcp_tool_call": {
      const call: McpToolCallItem = item;
      const first = call.result?.content[0];
      const text = first?.type === "text" ? first.text : "";
      return `${call.server}.${call.tool} ${call.status} ${text} ${call.error?.message ?? ""} ${String(call.arguments)}`;
    }
    case "web_search": {
      const webSearch: WebSearchItem = item;
      return webSearch.query;
    }
    case "todo_list": {
      const todo: TodoListItem = item;
      return todo.items.map((t) => `${t.completed ? "x" : " "} ${t.text}`).join("\n");
    }
    case "error": {
      const error: ErrorItem = item;
      return error.message;
    }
  }
}

function describeEvent(event: ThreadEvent): string {
  switch (event.type) {
    case "thread.started": {
      const started: ThreadStartedEvent = event;
      return started.thread_id;
    }
    case "turn.started": {
      const turn: TurnStartedEvent = event;
      return turn.type;
    }
    case "turn.completed": {
      const completed: TurnCompletedEvent = event;
      const usage: Usage = completed.usage;
      return `${usage.input_tokens} ${usage.cached_input_tokens} ${usage.cache_write_input_tokens} ${usage.output_tokens} ${usage.reasoning_output_tokens}`;
    }
    case "turn.failed": {
      const failed: TurnFailedEvent = event;
      const error: ThreadError = failed.error;
      return error.message;
    }
    case "item.started": {
      const started: ItemStartedEvent = event;
      return describeItem(started.item);
    }
    case "item.updated": {
      const updated: ItemUpdatedEvent = event;
      return describeItem(updated.item);
    }
    case "item.completed": {
      const completed: ItemCompletedEvent = event;
      return describeItem(completed.item);
    }
    case "error": {
      const error: ThreadErrorEvent = event;
      return error.message;
    }
  }
}

export async function main(): Promise<void> {
  const codex = new Codex(options);
  const defaults = new Codex();
  const thread: Thread = codex.startThread(threadOptions);
  const id: string | null = thread.id;
  if (!(thread instanceof Thread)) throw new Error("startThread() returns a Thread");

  const turnOptions: TurnOptions = {
    outputSchema: { type: "object", properties: {}, additionalProperties: false },
    signal: new AbortController().signal,
    cyberAccessProgram: cyber,
  };
  const result: RunResult = await thread.run("Diagnose the test failure", turnOptions);
  const final: string = result.finalResponse;
  const items: ThreadItem[] = result.items;
  const usage: Usage | null = result.usage;

  const parts: UserInput[] = [
    { type: "text", text: "Describe these screenshots" },
    { type: "local_image", path: "./ui.png" },
  ];
  const input: Input = parts;
  await thread.run(input);

  const streamed: RunStreamedResult = await thread.runStreamed("Implement the fix");
  const events: AsyncGenerator<ThreadEvent> = streamed.events;
  for await (const event of events) describeEvent(event);

  const resumed = defaults.resumeThread(id ?? "thread-id", { skipGitRepoCheck: true });
  await resumed.run("Continue");
  void [final, items.length, usage];
}
