/**
 * The `codex-app-sdk` program's commands without a browser: arguments, failures, and the view model
 * built from a trace (deltas folded into their item, server requests with their answers, errors).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { main } from "../../src/bin/cli.js";
import { buildTraceView } from "../../src/bin/trace-model.js";
import { syntheticTrace } from "../support/synthetic-trace.js";

const dir = mkdtempSync(join(tmpdir(), "codex-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

describe("codex-app-sdk trace view", () => {
  it("writes the page next to the trace and prints its path", () => {
    const trace = join(dir, "t.jsonl");
    writeFileSync(trace, `${syntheticTrace(3).lines.join("\n")}\n`);
    const r = run("trace", "view", trace);
    expect(r).toEqual({ code: 0, out: `${join(dir, "t.html")}\n`, err: "" });
    const html = readFileSync(join(dir, "t.html"), "utf8");
    expect(html).toContain('<script type="application/json" id="trace-data">');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
  });

  it("refuses bad arguments, a missing file and a file with no trace records", () => {
    expect(run().code).toBe(2);
    expect(run("--help")).toMatchObject({
      code: 0,
      out: expect.stringContaining("trace view FILE") as string,
    });
    expect(run("trace", "show", "x")).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown command") as string,
    });
    expect(run("trace", "view")).toMatchObject({
      code: 2,
      err: expect.stringContaining("needs a trace FILE") as string,
    });
    expect(run("trace", "view", join(dir, "none.jsonl"))).toMatchObject({
      code: 1,
      err: expect.stringContaining("ENOENT") as string,
    });
    const empty = join(dir, "empty.jsonl");
    writeFileSync(empty, "not json\n");
    expect(run("trace", "view", empty)).toMatchObject({
      code: 1,
      err: expect.stringContaining("no trace records") as string,
    });
  });

  it("a page holds no `</script>` from the trace's text", () => {
    const trace = join(dir, "inject.jsonl");
    const lines = syntheticTrace(1).lines.map((l) =>
      l.replace("answer 0", "</script><script>alert(1)</script>"),
    );
    writeFileSync(trace, lines.join("\n"));
    expect(run("trace", "view", trace, "--out", join(dir, "inject.html")).code).toBe(0);
    const html = readFileSync(join(dir, "inject.html"), "utf8");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });
});

describe("trace view model", () => {
  it("folds deltas into their items and counts turns, items, usage", () => {
    const view = buildTraceView(syntheticTrace(4).lines, "x");
    expect(view.threads).toHaveLength(1);
    expect(view.threads[0]?.model).toBe("synthetic-model");
    const turns = view.threads[0]?.turns ?? [];
    expect(turns).toHaveLength(4);
    expect(turns[0]?.items.map((i) => [i.kind, i.deltas])).toEqual([
      ["userMessage", 0],
      ["commandExecution", 10],
      ["agentMessage", 30],
    ]);
    expect(turns[0]?.items[2]?.title).toBe("answer 0");
    expect(turns[0]?.usage).toEqual({ input: 100, output: 20, cached: 0, reasoning: 0 });
  });

  it("shows server requests with their answer, failed requests and error events as error rows", () => {
    const at = (ts: number, dir: string, msg: unknown) => JSON.stringify({ ts, dir, msg });
    const lines = [
      at(1, "out", { id: 1, method: "turn/start", params: { threadId: "t" } }),
      at(2, "in", { method: "turn/started", params: { threadId: "t", turn: { id: "u" } } }),
      at(3, "in", {
        id: 0,
        method: "item/commandExecution/requestApproval",
        params: { threadId: "t", turnId: "u", command: "rm -rf x" },
      }),
      at(4, "out", { id: 0, result: { decision: "decline" } }),
      at(5, "in", {
        method: "error",
        params: { threadId: "t", turnId: "u", error: { message: "boom" }, willRetry: false },
      }),
      at(6, "out", { id: 2, method: "thread/read", params: { threadId: "t" } }),
      at(7, "in", { id: 2, error: { code: -32600, message: "no such thread" } }),
      at(8, "in", {
        method: "turn/completed",
        params: { threadId: "t", turn: { id: "u", status: "failed", error: { message: "boom" } } },
      }),
    ];
    const turn = buildTraceView(lines, "x").threads[0]?.turns[0];
    expect(turn).toMatchObject({ id: "u", status: "failed", error: "boom", start: 2, end: 8 });
    expect(turn?.items.map((i) => [i.kind, i.status, i.error])).toEqual([
      ["approval", "decline", true],
      ["error", "error", true],
      ["error", "error", true],
    ]);
  });
});
