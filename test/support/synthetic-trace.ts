/**
 * A large synthetic protocol trace in the shape the SDK's `traceFile` writes: `turns` turns on one
 * thread, each with a user message, a command with output deltas, a streamed answer and a token
 * usage update, about 50 messages per turn.
 */
export function syntheticTrace(turns: number): { lines: string[]; items: number } {
  const lines: string[] = [];
  let ts = 1_760_000_000_000;
  let id = 1;
  const threadId = "thread-synthetic";
  const push = (dir: "in" | "out", msg: unknown): void => {
    ts += 3;
    lines.push(JSON.stringify({ ts, dir, msg }));
  };
  push("out", { id: id, method: "thread/start", params: {} });
  push("in", {
    id: id++,
    result: { thread: { id: threadId }, model: "synthetic-model", modelProvider: "openai" },
  });
  for (let t = 0; t < turns; t++) {
    const turnId = `turn-${t}`;
    const base = { threadId, turnId };
    const item = (type: string, n: number, extra: object = {}) => ({ type, id: `${turnId}-${n}`, ...extra });
    push("out", {
      id,
      method: "turn/start",
      params: { threadId, input: [{ type: "text", text: `prompt ${t}` }] },
    });
    push("in", { id: id++, result: { turn: { id: turnId, status: "inProgress" } } });
    push("in", { method: "turn/started", params: { threadId, turn: { id: turnId } } });
    const user = item("userMessage", 0, { content: [{ type: "text", text: `prompt ${t}` }] });
    push("in", { method: "item/started", params: { ...base, item: user } });
    push("in", { method: "item/completed", params: { ...base, item: user } });
    const cmd = item("commandExecution", 1, { command: `echo ${t}`, status: "inProgress" });
    push("in", { method: "item/started", params: { ...base, item: cmd } });
    for (let d = 0; d < 10; d++) {
      push("in", {
        method: "item/commandExecution/outputDelta",
        params: { ...base, itemId: cmd.id, delta: `line ${d}\n` },
      });
    }
    push("in", {
      method: "item/completed",
      params: { ...base, item: { ...cmd, status: "completed", exitCode: 0 } },
    });
    const answer = item("agentMessage", 2, { text: "" });
    push("in", { method: "item/started", params: { ...base, item: answer } });
    for (let d = 0; d < 30; d++) {
      push("in", {
        method: "item/agentMessage/delta",
        params: { ...base, itemId: answer.id, delta: `w${d} ` },
      });
    }
    push("in", { method: "item/completed", params: { ...base, item: { ...answer, text: `answer ${t}` } } });
    const last = {
      inputTokens: 100,
      cachedInputTokens: 0,
      outputTokens: 20,
      reasoningOutputTokens: 0,
      totalTokens: 120,
    };
    push("in", {
      method: "thread/tokenUsage/updated",
      params: { ...base, tokenUsage: { last, total: last } },
    });
    push("in", {
      method: "turn/completed",
      params: { threadId, turn: { id: turnId, status: "completed", error: null } },
    });
  }
  return { lines, items: turns * 3 };
}
