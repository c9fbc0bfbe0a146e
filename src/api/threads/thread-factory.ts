/**
 * How a `Codex` makes `Thread` objects: `thread/start`, `thread/resume`, `thread/fork` (with the
 * thread's custom tools and MCP servers), `thread/unarchive`, and the paging of `thread/list`.
 * `Codex` keeps the documented one-line methods; the work is here.
 */
import type { ClientRequestArgs, ClientRequestResult, RequestMethod } from "../../client/client.js";
import type { ThreadListResponse } from "../../generated/v2/ThreadListResponse.js";
import type { McpHost } from "../mcp/host.js";
import { prepareTools, withDynamicTools, type PreparedTools } from "../tools/tool-specs.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import { nonEmptyString } from "../validation.js";
import { Thread, type ThreadHost } from "./thread.js";
import { threadForkParams, threadListParams, threadResumeParams, threadSettingsOf, threadStartParams, type ThreadForkOptions, type ThreadListOptions, type ThreadResumeOptions, type ThreadStartOptions } from "./thread-params.js";

/** What the factory needs from its `Codex`. */
export interface ThreadFactoryHost {
  readonly thread: ThreadHost;
  readonly mcp: McpHost;
  readonly tools: ToolRegistry;
  /** The `experimentalApi` option (custom tools need it). */
  readonly experimentalApi: boolean;
  request<M extends RequestMethod>(method: M, ...args: ClientRequestArgs<M>): Promise<ClientRequestResult<M>>;
}

/** The thread calls of one `Codex`. */
export class ThreadFactory {
  readonly #host: ThreadFactoryHost;

  constructor(host: ThreadFactoryHost) {
    this.#host = host;
  }

  async start(options: ThreadStartOptions): Promise<Thread> {
    const { tools, config } = await this.#prepare(options);
    const params = threadStartParams({ ...options, config, cwd: this.#host.thread.checkCwd(options.cwd) });
    const response = await this.#host.request("thread/start", withDynamicTools(params, tools));
    return this.#bind(new Thread(this.#host.thread, response.thread, threadSettingsOf(response)), tools);
  }

  async resume(threadId: string, options: ThreadResumeOptions): Promise<Thread> {
    const { tools, config } = await this.#prepare(options);
    const cwd = this.#host.thread.checkCwd(options.cwd);
    const response = await this.#host.request("thread/resume", threadResumeParams(threadId, { ...options, config, cwd }));
    return this.#bind(new Thread(this.#host.thread, response.thread, threadSettingsOf(response)), tools);
  }

  async fork(threadId: string, options: ThreadForkOptions): Promise<Thread> {
    const { tools, config } = await this.#prepare(options);
    const cwd = this.#host.thread.checkCwd(options.cwd);
    const response = await this.#host.request("thread/fork", threadForkParams(threadId, { ...options, config, cwd }));
    return this.#bind(new Thread(this.#host.thread, response.thread, threadSettingsOf(response)), tools);
  }

  async unarchive(threadId: string): Promise<Thread> {
    const response = await this.#host.request("thread/unarchive", {
      threadId: nonEmptyString("threadId", threadId),
    });
    return new Thread(this.#host.thread, response.thread);
  }

  list(options: ThreadListOptions): Promise<ThreadListResponse> {
    return this.#host.request("thread/list", threadListParams(options));
  }

  /** The thread's custom tools (checked) and its config with its MCP servers merged in. */
  async #prepare(
    options: ThreadStartOptions | ThreadResumeOptions | ThreadForkOptions,
  ): Promise<{ tools: PreparedTools | undefined; config: ThreadStartOptions["config"] }> {
    const tools = await prepareTools(options.tools, this.#host.experimentalApi);
    const config = await this.#host.mcp.threadConfig(options.mcpServers, options.config);
    return { tools, config };
  }

  #bind(thread: Thread, tools: PreparedTools | undefined): Thread {
    if (tools !== undefined) this.#host.tools.bind(thread, tools);
    return thread;
  }
}
