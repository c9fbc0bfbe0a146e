/**
 * From a protocol trace (the JSONL the SDK's `traceFile` writes) to what the viewer shows:
 * threads, their turns with times, status and token usage, and each turn's items with durations,
 * server requests (approvals with their decision, tool calls) and errors. Text deltas are folded
 * into their item, so a trace of 100,000 messages becomes a model of a few thousand rows.
 *
 * @module
 */

/** One row under a turn. */
export interface ViewItem {
  id: string;
  /** The item type (`commandExecution`, `agentMessage`, …), `approval`, `request` or `error`. */
  kind: string;
  title: string;
  /** Longer text shown when the row is selected (output, message text, arguments), clipped. */
  detail: string;
  start: number;
  end: number | null;
  status: string;
  error: boolean;
  /** Deltas folded into this item. */
  deltas: number;
}

export interface ViewTurn {
  id: string;
  threadId: string;
  start: number;
  end: number | null;
  status: string;
  error: string | null;
  usage: { input: number; output: number; cached: number; reasoning: number } | null;
  items: ViewItem[];
}

export interface ViewThread {
  id: string;
  model: string | null;
  turns: ViewTurn[];
}

export interface TraceView {
  source: string;
  messages: number;
  /** Lines that were not JSON. */
  skipped: number;
  start: number;
  end: number;
  threads: ViewThread[];
}

type Obj = Record<string, unknown>;
const MAX_DETAIL = 4000;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

function clip(text: string, max = MAX_DETAIL): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function json(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v, null, 1) ?? "");
}

/** The one-line title and the detail text of a thread item. */
function describeItem(item: Obj): { title: string; detail: string } {
  switch (item.type) {
    case "userMessage": {
      const text = (Array.isArray(item.content) ? item.content : [])
        .map((c) => str(obj(c).text) ?? `[${str(obj(c).type) ?? "input"}]`)
        .join(" ");
      return { title: text, detail: text };
    }
    case "agentMessage":
      return { title: str(item.text) ?? "", detail: str(item.text) ?? "" };
    case "reasoning":
      return { title: "reasoning", detail: json(item.summary ?? item.content ?? "") };
    case "commandExecution": {
      const exit = typeof item.exitCode === "number" ? ` (exit ${item.exitCode})` : "";
      return { title: `${str(item.command) ?? "command"}${exit}`, detail: str(item.aggregatedOutput) ?? "" };
    }
    case "fileChange": {
      const paths = (Array.isArray(item.changes) ? item.changes : []).map((c) => str(obj(c).path) ?? "?");
      return { title: paths.join(", "), detail: json(item.changes) };
    }
    case "mcpToolCall":
      return {
        title: `${str(item.server) ?? "mcp"}.${str(item.tool) ?? "tool"}`,
        detail: json({ arguments: item.arguments, result: item.result, error: item.error }),
      };
    case "dynamicToolCall": {
      const ns = str(item.namespace);
      return {
        title: `${ns ? `${ns}.` : ""}${str(item.tool) ?? "tool"}`,
        detail: json({ arguments: item.arguments, output: item.contentItems, success: item.success }),
      };
    }
    default:
      return { title: str(item.type) ?? "item", detail: json(item) };
  }
}

function itemFailed(item: Obj): boolean {
  return item.status === "failed" || item.status === "declined" || item.success === false;
}

/** Builds the view from the lines of a trace file. */
export function buildTraceView(lines: Iterable<string>, source: string): TraceView {
  const view: TraceView = { source, messages: 0, skipped: 0, start: Infinity, end: -Infinity, threads: [] };
  const threads = new Map<string, ViewThread>();
  const turns = new Map<string, ViewTurn>();
  const items = new Map<string, ViewItem>();
  const texts = new Map<string, string>();
  const requests = new Map<string | number, { method: string; threadId: string | undefined }>();
  const serverRequests = new Map<string | number, ViewItem>();

  const thread = (id: string): ViewThread => {
    let t = threads.get(id);
    if (!t) {
      t = { id, model: null, turns: [] };
      threads.set(id, t);
      view.threads.push(t);
    }
    return t;
  };
  const turn = (id: string, threadId: string, ts: number): ViewTurn => {
    let t = turns.get(id);
    if (!t) {
      t = { id, threadId, start: ts, end: null, status: "inProgress", error: null, usage: null, items: [] };
      turns.set(id, t);
      thread(threadId).turns.push(t);
    }
    return t;
  };
  const sessionTurn = (ts: number): ViewTurn => turn("(session)", "(no thread)", ts);

  for (const line of lines) {
    if (line.trim() === "") continue;
    let record: Obj;
    try {
      record = obj(JSON.parse(line));
    } catch {
      view.skipped++;
      continue;
    }
    const ts = typeof record.ts === "number" ? record.ts : NaN;
    const dir = record.dir;
    const msg = obj(record.msg);
    if (!Number.isFinite(ts) || (dir !== "in" && dir !== "out")) continue;
    view.messages++;
    view.start = Math.min(view.start, ts);
    view.end = Math.max(view.end, ts);
    const method = str(msg.method);
    const id = msg.id as string | number | undefined;
    const params = obj(msg.params);
    const threadId = str(params.threadId);
    const turnId = str(params.turnId);

    if (dir === "out") {
      if (method !== undefined && id !== undefined) requests.set(id, { method, threadId });
      else if (method === undefined && id !== undefined) {
        const answered = serverRequests.get(id);
        if (answered) {
          answered.end = ts;
          const result = obj(msg.result);
          const decision = result.decision;
          const d = typeof decision === "string" ? decision : Object.keys(obj(decision))[0];
          answered.status =
            msg.error !== undefined ? "error" : (d ?? (result.success === false ? "failed" : "answered"));
          answered.error =
            msg.error !== undefined || d === "decline" || d === "cancel" || result.success === false;
          answered.detail = clip(`${answered.detail}\n\nanswer: ${json(msg.error ?? msg.result)}`);
        }
      }
      continue;
    }
    if (method === undefined) {
      // A response to one of our requests.
      const request = id === undefined ? undefined : requests.get(id);
      if (id !== undefined) requests.delete(id);
      const result = obj(msg.result);
      const t = obj(result.thread);
      if (request && /^thread\/(start|resume|fork)$/.test(request.method) && str(t.id)) {
        thread(str(t.id)!).model = str(result.model) ?? null;
      }
      if (request && msg.error !== undefined) {
        const e = obj(msg.error);
        const owner = request.threadId ? turnOfThread(request.threadId) : undefined;
        (owner ?? sessionTurn(ts)).items.push({
          id: `request-${String(id)}`,
          kind: "error",
          title: `${request.method} failed: ${str(e.message) ?? "error"}`,
          detail: json(msg.error),
          start: ts,
          end: ts,
          status: "error",
          error: true,
          deltas: 0,
        });
      }
      continue;
    }
    if (id !== undefined) {
      // A request from the server: an approval, a tool call, a question.
      const owner = turnId !== undefined ? turns.get(turnId) : undefined;
      const isApproval = /approval/i.test(method);
      const row: ViewItem = {
        id: `server-request-${String(id)}`,
        kind: isApproval ? "approval" : "request",
        title: isApproval
          ? `${method}: ${str(params.command) ?? str(params.reason) ?? ""}`
          : `${method} ${str(params.tool) ?? ""}`,
        detail: clip(json(params)),
        start: ts,
        end: null,
        status: "pending",
        error: false,
        deltas: 0,
      };
      (owner ?? sessionTurn(ts)).items.push(row);
      serverRequests.set(id, row);
      continue;
    }
    switch (method) {
      case "turn/started": {
        const t = obj(params.turn);
        if (threadId && str(t.id)) turn(str(t.id)!, threadId, ts);
        break;
      }
      case "turn/completed": {
        const t = obj(params.turn);
        const existing = str(t.id) && threadId ? turn(str(t.id)!, threadId, ts) : undefined;
        if (existing) {
          existing.end = ts;
          existing.status = str(t.status) ?? "completed";
          existing.error = str(obj(t.error).message) ?? null;
          for (const item of existing.items) if (item.end === null) item.end = ts;
        }
        break;
      }
      case "item/started":
      case "item/completed": {
        const item = obj(params.item);
        const itemId = str(item.id);
        if (!itemId || !threadId || !turnId) break;
        const owner = turn(turnId, threadId, ts);
        let row = items.get(itemId);
        if (!row) {
          row = {
            id: itemId,
            kind: str(item.type) ?? "item",
            title: "",
            detail: "",
            start: ts,
            end: null,
            status: "inProgress",
            error: false,
            deltas: 0,
          };
          items.set(itemId, row);
          owner.items.push(row);
        }
        const { title, detail } = describeItem(item);
        row.title = clip(title || texts.get(itemId) || row.kind, 300);
        row.detail = clip(detail || texts.get(itemId) || "");
        if (method === "item/completed") {
          row.end = ts;
          row.status = str(item.status) ?? "completed";
          row.error = itemFailed(item);
          texts.delete(itemId);
        }
        break;
      }
      case "thread/tokenUsage/updated": {
        const owner = turnId ? turns.get(turnId) : undefined;
        const last = obj(obj(params.tokenUsage).last);
        if (!owner) break;
        const u = (owner.usage ??= { input: 0, output: 0, cached: 0, reasoning: 0 });
        u.input += Number(last.inputTokens) || 0;
        u.output += Number(last.outputTokens) || 0;
        u.cached += Number(last.cachedInputTokens) || 0;
        u.reasoning += Number(last.reasoningOutputTokens) || 0;
        break;
      }
      case "error": {
        const owner = turnId ? turns.get(turnId) : undefined;
        const e = obj(params.error);
        (owner ?? sessionTurn(ts)).items.push({
          id: `error-${view.messages}`,
          kind: "error",
          title: str(e.message) ?? "error",
          detail: clip(json(params)),
          start: ts,
          end: ts,
          status: params.willRetry === true ? "retrying" : "error",
          error: true,
          deltas: 0,
        });
        break;
      }
      case "serverRequest/resolved":
        break;
      default: {
        // Deltas (message text, command output, reasoning) fold into their item.
        const itemId = str(params.itemId);
        if (!itemId || (!method.endsWith("Delta") && !method.endsWith("/delta"))) break;
        const row = items.get(itemId);
        if (row) row.deltas++;
        const delta = str(params.delta);
        if (delta !== undefined && row && row.end === null) {
          const text = (texts.get(itemId) ?? "") + delta;
          if (text.length <= MAX_DETAIL) texts.set(itemId, text);
          if (row.kind === "agentMessage") row.title = clip(text, 300);
        }
      }
    }
  }
  if (view.messages === 0) {
    view.start = 0;
    view.end = 0;
  }
  return view;

  function turnOfThread(threadId: string): ViewTurn | undefined {
    return threads.get(threadId)?.turns.at(-1);
  }
}
