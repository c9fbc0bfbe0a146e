/**
 * Each exported type of `codex-app-sdk/codex-sdk` and of `@openai/codex-sdk` 0.163.0 is assignable
 * to the other (the classes by their public members: both have private fields, which make classes
 * nominal; the compat classes add the escape hatches `sdk` / `sdkThread` and `close()`). Compiled by test/types/codex-sdk-compat.test.ts with both packages resolvable.
 */
import type * as upstream from "@openai/codex-sdk";
import type * as ours from "codex-app-sdk/codex-sdk";

/** `true` when A and B are assignable to each other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Public<C> = { [K in keyof C]: C[K] };

export const checks: true[] = [
  true satisfies Same<ours.ThreadEvent, upstream.ThreadEvent>,
  true satisfies Same<ours.ThreadItem, upstream.ThreadItem>,
  true satisfies Same<ours.AgentMessageItem, upstream.AgentMessageItem>,
  true satisfies Same<ours.ReasoningItem, upstream.ReasoningItem>,
  true satisfies Same<ours.CommandExecutionItem, upstream.CommandExecutionItem>,
  true satisfies Same<ours.FileChangeItem, upstream.FileChangeItem>,
  true satisfies Same<ours.McpToolCallItem, upstream.McpToolCallItem>,
  true satisfies Same<ours.WebSearchItem, upstream.WebSearchItem>,
  true satisfies Same<ours.TodoListItem, upstream.TodoListItem>,
  true satisfies Same<ours.ErrorItem, upstream.ErrorItem>,
  true satisfies Same<ours.ThreadStartedEvent, upstream.ThreadStartedEvent>,
  true satisfies Same<ours.TurnStartedEvent, upstream.TurnStartedEvent>,
  true satisfies Same<ours.TurnCompletedEvent, upstream.TurnCompletedEvent>,
  true satisfies Same<ours.TurnFailedEvent, upstream.TurnFailedEvent>,
  true satisfies Same<ours.ItemStartedEvent, upstream.ItemStartedEvent>,
  true satisfies Same<ours.ItemUpdatedEvent, upstream.ItemUpdatedEvent>,
  true satisfies Same<ours.ItemCompletedEvent, upstream.ItemCompletedEvent>,
  true satisfies Same<ours.ThreadError, upstream.ThreadError>,
  true satisfies Same<ours.ThreadErrorEvent, upstream.ThreadErrorEvent>,
  true satisfies Same<ours.Usage, upstream.Usage>,
  true satisfies Same<ours.Input, upstream.Input>,
  true satisfies Same<ours.UserInput, upstream.UserInput>,
  true satisfies Same<ours.RunResult, upstream.RunResult>,
  true satisfies Same<ours.RunStreamedResult, upstream.RunStreamedResult>,
  true satisfies Same<ours.TurnOptions, upstream.TurnOptions>,
  true satisfies Same<ours.ThreadOptions, upstream.ThreadOptions>,
  true satisfies Same<ours.CodexOptions, upstream.CodexOptions>,
  true satisfies Same<ours.ApprovalMode, upstream.ApprovalMode>,
  true satisfies Same<ours.SandboxMode, upstream.SandboxMode>,
  true satisfies Same<ours.ModelReasoningEffort, upstream.ModelReasoningEffort>,
  true satisfies Same<ours.WebSearchMode, upstream.WebSearchMode>,
  true satisfies Same<ours.CyberAccessProgram, upstream.CyberAccessProgram>,
  true satisfies Same<Pick<ours.Thread, keyof upstream.Thread>, Public<upstream.Thread>>,
  // Codex by its methods' parameters: the threads they return are each package's own class.
  true satisfies Same<
    keyof upstream.Codex,
    Exclude<keyof ours.Codex, "sdk" | "close" | typeof Symbol.asyncDispose>
  >,
  true satisfies Same<Parameters<ours.Codex["startThread"]>, Parameters<upstream.Codex["startThread"]>>,
  true satisfies Same<Parameters<ours.Codex["resumeThread"]>, Parameters<upstream.Codex["resumeThread"]>>,
  true satisfies Same<ConstructorParameters<typeof ours.Codex>, ConstructorParameters<typeof upstream.Codex>>,
];
