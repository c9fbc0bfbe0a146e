// The baseline: the least code that can drive `codex app-server` over stdio. Spawn the native
// binary, split stdout on "\n", JSON.parse each line, resolve requests from a Map of pending ids,
// hand notifications to one callback. No validation, no routing layer, no abstractions: the
// physical limit of any SDK in this process model.
import { spawn } from "node:child_process";

export class RawClient {
  #child;
  #pending = new Map();
  #nextId = 1;
  #rest = "";
  #exited;
  /**
   * Receives every notification object as parsed.
   * @type {(msg: any) => void}
   */
  onNotification = () => {};

  constructor(bin, args, options) {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "ignore"],
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once("exit", resolve));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => this.#data(chunk));
  }

  get pid() {
    return this.#child.pid;
  }

  #data(chunk) {
    let text = this.#rest + chunk;
    let start = 0;
    let nl;
    while ((nl = text.indexOf("\n", start)) !== -1) {
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line.length === 0) continue;
      const msg = JSON.parse(line);
      if (msg.method !== undefined) {
        if (msg.id === undefined) this.onNotification(msg);
        else if (this.onRequest) this.onRequest(msg);
        else this.#write({ id: msg.id, result: {} }); // server request: accept (only W7 has any)
      } else {
        const p = this.#pending.get(msg.id);
        if (p) {
          this.#pending.delete(msg.id);
          if (msg.error) p.reject(new Error(msg.error.message));
          else p.resolve(msg.result);
        }
      }
    }
    this.#rest = start === text.length ? "" : text.slice(start);
  }

  /** Answers a server request: `respond(id, result)`. */
  respond(id, result) {
    this.#write({ id, result });
  }

  #write(msg) {
    this.#child.stdin.write(JSON.stringify(msg) + "\n");
  }

  request(method, params) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#write({ id, method, params });
    });
  }

  notify(method, params) {
    this.#write(params === undefined ? { method } : { method, params });
  }

  /**
   * `experimentalApi` defaults to true, as codex-app-sdk's `initialize` does: the app-server then
   * sends both clients the same notifications (with it, one more per turn: thread/readState/changed),
   * so the bench compares the client layers on the same work.
   */
  async initialize(experimentalApi = true) {
    const result = await this.request("initialize", {
      clientInfo: { name: "raw_bench", title: null, version: "0.0.0" },
      capabilities: { experimentalApi, requestAttestation: false },
    });
    this.notify("initialized");
    return result;
  }

  /** Closes stdin (the app-server exits on EOF) and waits for the process to exit. */
  async close() {
    this.#child.stdin.end();
    await this.#exited;
  }
}

/**
 * Turn bookkeeping on top of RawClient, as an application using it would write: a Map from turn
 * id to a per-turn callback, fed from the single notification callback.
 */
export class RawTurns {
  #client;
  #turns = new Map();
  #early = new Map();

  constructor(client) {
    this.#client = client;
    client.onNotification = (msg) => {
      const p = msg.params;
      const turnId = p.turnId ?? p.turn?.id;
      if (turnId === undefined) return;
      const t = this.#turns.get(turnId);
      if (t) {
        if (msg.method === "turn/completed") this.#turns.delete(turnId);
        t(msg);
      } else {
        // A turn's first events can precede the caller's registration only in principle (the
        // turn/start response is written first); keep them so nothing is lost.
        let list = this.#early.get(turnId);
        if (!list) this.#early.set(turnId, (list = []));
        list.push(msg);
      }
    };
  }

  async threadStart(extra = {}) {
    // The same params codex-app-sdk's threadStart() sends by default (ApprovalMode.auto_review), so
    // that both clients ask the app-server for the same work and only the client layer differs.
    const r = await this.#client.request("thread/start", {
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
      ...extra,
    });
    return r.thread.id;
  }

  /** Starts a turn; `onEvent` receives each of its notifications until (and with) turn/completed. */
  async turn(threadId, text, onEvent) {
    const r = await this.#client.request("turn/start", {
      threadId,
      input: [{ type: "text", text, text_elements: [] }],
    });
    const id = r.turn.id;
    return new Promise((resolve) => {
      const handler = (msg) => {
        onEvent(msg);
        if (msg.method === "turn/completed") resolve(msg.params.turn);
      };
      const early = this.#early.get(id);
      this.#early.delete(id);
      let done = false;
      for (const msg of early ?? []) {
        handler(msg);
        if (msg.method === "turn/completed") done = true;
      }
      if (!done) this.#turns.set(id, handler);
    });
  }

  /** Runs a turn and returns its final agent message, as `thread.run()` would. */
  async run(threadId, text) {
    let finalResponse = "";
    const turn = await this.turn(threadId, text, (msg) => {
      if (msg.method === "item/completed" && msg.params.item.type === "agentMessage") {
        finalResponse = msg.params.item.text;
      }
    });
    if (turn.status === "failed") throw new Error(`turn failed: ${JSON.stringify(turn.error)}`);
    return finalResponse;
  }
}
