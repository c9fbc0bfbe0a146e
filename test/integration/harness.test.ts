/**
 * Proves `codex-app-sdk/testing` against the real pinned binary. The test drives the app-server with
 * a deliberately tiny raw JSON-RPC client written here, so the kit is verified independently of
 * the SDK it exists to test.
 */
import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

import { afterEach, describe, expect, it } from "vitest";

import {
  AppServerHarness,
  failedResponse,
  shellCommandResponse,
  textResponse,
} from "../../src/testing/index.js";
import type { HarnessCodexOptions } from "../../src/testing/index.js";
import { RUNTIME_BINARY, RUNTIME_VERSION } from "../support/runtime.js";

const BIN = RUNTIME_BINARY;
const WAIT_MS = 20_000;

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
};

/** Rejects after `ms` with a message naming what was awaited; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pids of live processes in process group `pgid` (Linux /proc), to prove nothing was left behind. */
function processGroupMembers(pgid: number): number[] {
  if (!existsSync("/proc/self/stat")) return [];
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") members.push(Number(entry));
    } catch {
      // The process exited while we were looking.
    }
  }
  return members;
}

/** A throwaway JSON-RPC client over the app-server's stdio. */
class RawClient {
  readonly notifications: Message[] = [];
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  stderr = "";
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (m: Message) => void }>();
  readonly #listeners = new Set<() => void>();
  readonly #exited: Promise<void>;

  constructor(options: HarnessCodexOptions) {
    // Its own process group, so cleanup can reach any grandchild (shells, sandboxes) it started.
    this.child = spawn(BIN, ["app-server", "--listen", "stdio://"], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.#exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.#onLine(line));
  }

  #onLine(line: string): void {
    const message = JSON.parse(line) as Message;
    if (message.id !== undefined && message.method === undefined) {
      this.#pending.get(message.id)?.resolve(message);
      this.#pending.delete(message.id);
      return;
    }
    if (message.id !== undefined) {
      // No server request is expected under approval_policy "never"; answer anyway so nothing hangs.
      this.#send({ id: message.id, error: { code: -32601, message: "raw test client: unsupported" } });
    }
    this.notifications.push(message);
    for (const listener of this.#listeners) listener();
  }

  #send(message: object): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  async request(method: string, params: object): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const reply = new Promise<Message>((resolve) => this.#pending.set(id, { resolve }));
    this.#send({ id, method, params });
    const message = await within(reply, WAIT_MS, `the ${method} response`);
    if (message.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(message.error)}`);
    return message.result as Record<string, unknown>;
  }

  /** The first notification (already received or future) matching `predicate`. */
  waitFor(what: string, predicate: (m: Message) => boolean): Promise<Message> {
    const found = new Promise<Message>((resolve) => {
      const check = (): void => {
        const match = this.notifications.find(predicate);
        if (match === undefined) return;
        this.#listeners.delete(check);
        resolve(match);
      };
      this.#listeners.add(check);
      check();
    });
    return within(found, WAIT_MS, what);
  }

  async start(): Promise<void> {
    await this.request("initialize", { clientInfo: { name: "harness_test", version: "0.0.0" } });
  }

  async startThread(params: object = {}): Promise<string> {
    const result = await this.request("thread/start", params);
    return (result["thread"] as { id: string }).id;
  }

  /** Starts a turn with one text input and resolves with its `turn/completed` notification params. */
  async runTurn(threadId: string, text: string): Promise<Record<string, unknown>> {
    const result = await this.request("turn/start", {
      threadId,
      input: [{ type: "text", text, text_elements: [] }],
    });
    const turnId = (result["turn"] as { id: string }).id;
    const completed = await this.waitFor(
      "turn/completed",
      (m) => m.method === "turn/completed" && (m.params?.["turn"] as { id: string }).id === turnId,
    );
    return completed.params ?? {};
  }

  /** Closes stdin (the app-server exits on EOF), then kills the whole group if it lingers. */
  async close(): Promise<void> {
    const pid = this.child.pid;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      await within(this.#exited, 5000, "the app-server to exit on stdin EOF").catch(() => {
        if (pid !== undefined) process.kill(-pid, "SIGKILL");
        return this.#exited;
      });
    }
    if (pid !== undefined && processGroupMembers(pid).length > 0) process.kill(-pid, "SIGKILL");
  }
}

function methodCount(client: RawClient, method: string): number {
  return client.notifications.filter((m) => m.method === method).length;
}

describe("AppServerHarness with the real app-server", () => {
  let harness: AppServerHarness | undefined;
  let client: RawClient | undefined;

  async function setUp(): Promise<{ harness: AppServerHarness; client: RawClient }> {
    harness = await AppServerHarness.create();
    client = new RawClient(harness.codexOptions());
    await client.start();
    return { harness, client };
  }

  afterEach(async () => {
    const pid = client?.child.pid;
    await client?.close();
    if (pid !== undefined) expect(processGroupMembers(pid)).toEqual([]);
    const root = harness?.root;
    await harness?.dispose();
    if (root !== undefined) expect(existsSync(root)).toBe(false);
    client = undefined;
    harness = undefined;
  });

  it("streams a text reply in 3 deltas and completes the turn with the final text", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(textResponse("Hello from the mock", { deltas: ["Hello", " from", " the mock"] }));
    const threadId = await client.startThread();
    const completed = await client.runTurn(threadId, "hi");

    const deltas = client.notifications.filter((m) => m.method === "item/agentMessage/delta");
    expect(deltas.map((m) => m.params?.["delta"])).toEqual(["Hello", " from", " the mock"]);
    const message = client.notifications.find(
      (m) =>
        m.method === "item/completed" && (m.params?.["item"] as { type: string }).type === "agentMessage",
    );
    expect(message?.params?.["item"]).toMatchObject({ text: "Hello from the mock" });
    expect(completed["turn"]).toMatchObject({ status: "completed", error: null });
  });

  it("keeps the mock model's catalog warning out of the runtime's stderr (a turn costs no stderr reads)", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(textResponse("ok"));
    harness.mock.enqueue(textResponse("ok again"));
    const threadId = await client.startThread();
    await client.runTurn(threadId, "hi");
    await client.runTurn(threadId, "hi again");
    await client.close();
    // Without the harness's log filter the runtime logs this 5-7 times per turn.
    expect(client.stderr).not.toContain("Unknown model");
    expect(harness.env["RUST_LOG"]).toMatch(/^warn,/);
  });

  it("records the model request: model, stream, the user's text and client headers", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(textResponse("ok"));
    await client.runTurn(await client.startThread(), "hi");

    const [request] = await harness.mock.waitForRequests(1);
    expect(request?.bodyJson).toMatchObject({ model: "mock-model", stream: true });
    expect(request?.lastUserText()).toBe("hi");
    expect(request?.header("originator")).toBe("harness_test");
    expect(request?.header("content-encoding")).toBeUndefined();
    expect(harness.mock.requests).toHaveLength(1);
    expect(harness.mock.unqueuedRequests).toEqual([]);
  });

  it("runs an exec_command tool call in the workspace, then finishes with the next response", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(shellCommandResponse("call_echo", "echo hi > out.txt"));
    harness.mock.enqueue(textResponse("Wrote out.txt"));
    const threadId = await client.startThread({ sandbox: "workspace-write" });
    const completed = await client.runTurn(threadId, "write a file");

    expect(completed["turn"]).toMatchObject({ status: "completed" });
    expect(readFileSync(`${harness.workspace}/out.txt`, "utf8")).toBe("hi\n");
    const command = client.notifications.find(
      (m) =>
        m.method === "item/completed" && (m.params?.["item"] as { type: string }).type === "commandExecution",
    );
    expect(command?.params?.["item"]).toMatchObject({ id: "call_echo", status: "completed", exitCode: 0 });
    const [, followUp] = await harness.mock.waitForRequests(2);
    expect(followUp?.lastInputItem()?.type).toBe("function_call_output");
    expect(followUp?.functionCallOutputs()[0]).toMatchObject({ callId: "call_echo" });
    expect(followUp?.functionCallOutputs()[0]?.output).toMatch(/exited with code 0/);
  });

  it("fails the turn when the response fails", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(failedResponse("mock failure requested"));
    const completed = await client.runTurn(await client.startThread(), "hi");
    expect(completed["turn"]).toMatchObject({ status: "failed" });
    expect(JSON.stringify((completed["turn"] as { error: unknown }).error)).toContain(
      "mock failure requested",
    );
  });

  it("fails the turn when the stream drops mid-way or nothing is queued", async () => {
    const { harness, client } = await setUp();
    harness.mock.enqueue(textResponse("cut short", { deltas: 2 }), { disconnectAfter: 3 });
    const threadId = await client.startThread();
    const dropped = await client.runTurn(threadId, "first");
    expect(dropped["turn"]).toMatchObject({ status: "failed" });
    const unqueued = await client.runTurn(threadId, "second");
    expect(unqueued["turn"]).toMatchObject({ status: "failed" });
    expect(harness.mock.unqueuedRequests).toHaveLength(1);
  });

  it("holds a stream at a gate until it is released", async () => {
    const { harness, client } = await setUp();
    const gate = harness.mock.gate();
    // created, item added and the first delta go out; the second delta waits for the gate.
    harness.mock.enqueue(textResponse("held reply", { deltas: ["held", " reply"] }), { gate, gateAfter: 3 });
    const threadId = await client.startThread();
    const turn = client.runTurn(threadId, "hi");

    await gate.waitUntilReached({ timeoutMs: WAIT_MS });
    await client.waitFor("the first delta", (m) => m.method === "item/agentMessage/delta");
    expect(methodCount(client, "item/agentMessage/delta")).toBe(1);
    expect(methodCount(client, "turn/completed")).toBe(0);
    const seenBeforeRelease = client.notifications.length;
    gate.release();

    const completed = await turn;
    expect(completed["turn"]).toMatchObject({ status: "completed" });
    const secondDelta = client.notifications.findIndex(
      (m) => m.method === "item/agentMessage/delta" && m.params?.["delta"] === " reply",
    );
    expect(secondDelta).toBeGreaterThanOrEqual(seenBeforeRelease);
  });

  it("writes a config.toml the binary accepts under --strict-config", async () => {
    harness = await AppServerHarness.create({ requiresOpenaiAuth: true });
    const options = harness.codexOptions();
    const child = spawn(BIN, ["app-server", "--strict-config", "--print-startup-config"], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const code = await within(
      new Promise<number | null>((resolve) => child.once("exit", resolve)),
      WAIT_MS,
      "--print-startup-config",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ appServerVersion: RUNTIME_VERSION });
  });
});
