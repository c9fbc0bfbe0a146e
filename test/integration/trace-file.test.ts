/**
 * The protocol trace file against the real pinned app-server: every message in and out, in order,
 * with time and direction, and no secret: a session that logs in with an API key holds neither the
 * key nor anything under a token-like field.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { Codex } from "../../src/index.js";
import { AppServerHarness, textResponse } from "../../src/testing/index.js";
import { within } from "../support/sdk.js";

const KEY = "sk-trace-SECRET-9a8b7c6d5e4f3a2b1c0d";

interface Line {
  ts: number;
  dir: string;
  msg: Record<string, unknown>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-trace-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function harness(requiresOpenaiAuth = false): Promise<AppServerHarness> {
  const h = await AppServerHarness.create({ requiresOpenaiAuth });
  cleanups.push(() => h.dispose());
  return h;
}

function readTrace(path: string): Line[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Line);
}

describe("protocol trace file", () => {
  it("records a login session in and out with times, and holds no key or token", async () => {
    const h = await harness(true);
    const path = join(tempDir(), "session.jsonl");
    const codex = new Codex({ ...h.codexOptions(), traceFile: path });
    cleanups.push(() => codex.close());
    await within(codex.loginApiKey(KEY), "the API key login");
    h.mock.enqueue(textResponse("traced"));
    const thread = await codex.threadStart();
    const result = await within(thread.run("trace me"), "the turn");
    expect(result.finalResponse).toBe("traced");
    await codex.close();

    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(3, 20));
    const lines = readTrace(path);
    expect(lines[0]).toMatchObject({ dir: "meta" });
    for (const line of lines) {
      expect(["meta", "out", "in"]).toContain(line.dir);
      expect(Number.isFinite(line.ts)).toBe(true);
    }
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.ts).toBeGreaterThanOrEqual(lines[i - 1]!.ts);
    const login = lines.find((l) => l.dir === "out" && l.msg.method === "account/login/start");
    expect(login?.msg.params).toEqual({ type: "apiKey", apiKey: "[redacted]" });
    const methods = (dir: string) => lines.filter((l) => l.dir === dir).map((l) => l.msg.method);
    expect(methods("out")).toEqual(
      expect.arrayContaining(["initialize", "initialized", "thread/start", "turn/start"]),
    );
    expect(methods("in")).toEqual(
      expect.arrayContaining(["turn/started", "item/agentMessage/delta", "turn/completed"]),
    );
    // Every request sent has its answer recorded, by id.
    const answered = new Set(
      lines.filter((l) => l.dir === "in" && l.msg.method === undefined).map((l) => l.msg.id),
    );
    for (const request of lines.filter(
      (l) => l.dir === "out" && l.msg.id !== undefined && l.msg.method !== undefined,
    )) {
      expect(answered.has(request.msg.id)).toBe(true);
    }
  });

  it("CODEX_APP_SDK_TRACE turns it on, and traceFile: false turns it off again", async () => {
    const h = await harness();
    const dir = tempDir();
    const fromEnv = join(dir, "env.jsonl");
    const previous = process.env.CODEX_APP_SDK_TRACE;
    process.env.CODEX_APP_SDK_TRACE = fromEnv;
    let traced: Codex;
    let untraced: Codex;
    try {
      traced = new Codex(h.codexOptions());
      untraced = new Codex({ ...h.codexOptions(), traceFile: false });
    } finally {
      if (previous === undefined) delete process.env.CODEX_APP_SDK_TRACE;
      else process.env.CODEX_APP_SDK_TRACE = previous;
    }
    cleanups.push(
      () => traced.close(),
      () => untraced.close(),
    );
    await within(untraced.start(), "the untraced client");
    await untraced.close();
    expect(() => readFileSync(fromEnv)).toThrow(/ENOENT/);
    await within(traced.start(), "the traced client");
    await traced.close();
    expect(readTrace(fromEnv).map((l) => l.msg.method)).toEqual(
      expect.arrayContaining(["initialize", "initialized"]),
    );
  });

  it("a trace file that cannot be written is a warning, and the client keeps working", async () => {
    const h = await harness();
    const path = join(tempDir(), "missing-dir", "trace.jsonl");
    const codex = new Codex({ ...h.codexOptions(), traceFile: path });
    cleanups.push(() => codex.close());
    const warnings: string[] = [];
    codex.on("warning", (n) => warnings.push(n.params.message));
    await within(codex.start(), "the client");
    h.mock.enqueue(textResponse("still fine"));
    const thread = await codex.threadStart();
    expect((await within(thread.run("go on"), "the turn")).finalResponse).toBe("still fine");
    expect(warnings.some((w) => w.includes("cannot be written") && w.includes(path))).toBe(true);
  });

  it("rejects a traceFile that is not a path", () => {
    expect(() => new Codex({ traceFile: "" })).toThrow(/traceFile must be a non-empty path/);
    expect(() => new Codex({ traceFile: 5 as unknown as string })).toThrow(
      /traceFile must be a non-empty path/,
    );
  });
});
