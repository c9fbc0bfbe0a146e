/**
 * `Codex`: the client. Starts (or connects to) one app-server lazily, and exposes threads, models,
 * notifications and the typed escape hatch `request()`.
 */
import type { ClientRequestArgs, ClientRequestResult, RequestMethod, CodexMetadata } from "../../client/client.js";
import type { GetAccountResponse } from "../../generated/v2/GetAccountResponse.js";
import type { Thread as ProtocolThread } from "../../generated/v2/Thread.js";
import type { ThreadArchiveResponse } from "../../generated/v2/ThreadArchiveResponse.js";
import type { ThreadListResponse } from "../../generated/v2/ThreadListResponse.js";
import { CodexError } from "../../errors.js";
import { checkStdioOptions } from "../../transport/stdio-options.js";
import { CodexConnection } from "./connection.js";
import { CodexHub } from "./hub.js";
import { localServer, type CodexOptions } from "./codex-options.js";
import type { AnyNotification, AnyNotificationMethod, ExperimentalNotificationMethod, ExperimentalNotificationOf, ListenedNotificationOf, Notification, NotificationMethod, NotificationOf } from "../events.js";
import type { NotificationIterator, NotificationIteratorOptions } from "./notifications.js";
import type { AccountOptions, ChatgptLoginHandle, DeviceCodeLoginHandle } from "../login/login.js";
import type { Thread } from "../threads/thread.js";
import type { ThreadForkOptions, ThreadListOptions, ThreadResumeOptions, ThreadStartOptions } from "../threads/thread-params.js";
import type { ThreadFactory } from "../threads/thread-factory.js";
import { deferredNow, loadDeferred, type Deferred } from "../load-deferred.js";
import { threadHost } from "./thread-host.js";
import type { ThreadDeleteResponse } from "../../generated/v2/ThreadDeleteResponse.js";
import { nonEmptyString } from "../validation.js";
import type { McpServerStatus } from "../../generated/v2/McpServerStatus.js";
import { McpHost } from "../mcp/host.js";
import type { McpOauthLoginHandle } from "../mcp/oauth.js";
import type { McpOauthLoginOptions } from "../mcp/oauth.js";
import type { McpServerStatusOptions } from "../mcp/status.js";
import { optionalDuration } from "../../internal/limits.js";
import { CodexConfig } from "../runtime/config.js";
import { CodexSkills } from "../runtime/skills.js";
import { CodexUsage } from "../runtime/usage.js";
import { CodexFeedback } from "../runtime/feedback.js";
import { ModelsPage, type ModelsOptions } from "../runtime/models.js";
import type { FuzzyFileSearchOptions } from "../runtime/file-search.js";
import type { FuzzyFileSearchResult } from "../../generated/FuzzyFileSearchResult.js";
import type { FileSearchSession, FileSearchSessionOptions } from "../runtime/file-search-session.js";
import type { CommandExecHandle } from "../runtime/command-exec.js";
import type { CommandExecOptions } from "../runtime/exec-params.js";
import type { CallOptions, RuntimeHost } from "../runtime/host.js";
import { observabilityFor, type Observability } from "../observability/observability.js";

/**
 * The Codex client. Nothing starts until the first call (or `await codex.start()`); then one
 * app-server is spawned and initialized, also when many calls race.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * const thread = await codex.threadStart();
 * console.log((await thread.run("Say hello")).finalResponse);
 * ```
 */
export class Codex implements AsyncDisposable {
  readonly #hub: CodexHub;
  readonly #connection: CodexConnection;
  #closing: Promise<void> | undefined;
  readonly #mcp: McpHost;
  /** Built on first use: the thread code is deferred (see load-deferred.ts). */
  #threadFactory: ThreadFactory | undefined;
  readonly #options: CodexOptions;
  readonly #observability: Observability;
  readonly #runtime: RuntimeHost = { request: this.request.bind(this), client: () => this.#connection.ensureStarted() };
  /** The runtime's configuration: `read()` (with layers), `write()`, `batchWrite()`. */
  readonly config = new CodexConfig(this.#runtime);
  /** The runtime's skills: `list()`. */
  readonly skills = new CodexSkills(this.#runtime);
  /** The account's rate limits and token usage: `rateLimits()`, `read()` (a ChatGPT login needed). */
  readonly usage = new CodexUsage(this.#runtime);
  /** Feedback reports to OpenAI: `upload()`, or `save()` as a ZIP file. */
  readonly feedback = new CodexFeedback(this.#runtime);

  constructor(options: CodexOptions = {}) {
    optionalDuration("startTimeoutMs", options.startTimeoutMs, { allowZero: false });
    checkStdioOptions(options);
    this.#hub = new CodexHub(options);
    this.#observability = observabilityFor(options, (message) =>
      this.#hub.bus.emit({ method: "warning", params: { threadId: null, message }, emittedAtMs: Date.now() }),
    );
    this.#mcp = new McpHost(options.mcpServers, localServer(options) !== undefined);
    this.#connection = new CodexConnection(options, this.#mcp, {
      onNotification: (n) => this.#hub.onNotification(n),
      onRequest: (r) => this.#hub.dispatch(r),
      onProblem: (notification) => this.#hub.bus.emit(notification),
      onClose: (error) => this.#hub.onConnectionClosed(error),
      onConnected: (client) => this.#hub.onConnected(client),
      // While the app-server boots: the routing tables and the thread factory are built then, not
      // when the first notification or call needs them (bench W1).
      // #threadFactoryOf builds the routing tables first.
      onDeferredLoaded: (deferred) => {
        try {
          this.#threadFactoryOf(deferred);
        } catch {
          // Whatever fails here fails again, where it can be reported: on the first thread call.
        }
      },
    }, this.#observability);
    this.#options = options;
  }

  /** The thread factory, once the deferred modules are loaded (no await when they are). */
  async #threads(): Promise<ThreadFactory> {
    return this.#threadFactory ?? this.#threadFactoryOf(deferredNow() ?? (await loadDeferred()));
  }

  #threadFactoryOf(deferred: Deferred): ThreadFactory {
    const options = this.#options;
    const routes = this.#hub.routes(deferred);
    this.#threadFactory ??= new deferred.ThreadFactory({
      thread: threadHost(options, routes, this.#connection, this.#runtime, (id, o) => this.threadFork(id, o)),
      mcp: this.#mcp,
      tools: routes.tools,
      experimentalApi: options.experimentalApi ?? true,
      request: this.request.bind(this),
    });
    return this.#threadFactory;
  }

  /**
   * The validated `initialize` result.
   * @throws CodexError before the client has started
   */
  get metadata(): CodexMetadata {
    const metadata = this.#connection.client?.metadata;
    if (!metadata) {
      throw new CodexError(
        "Codex is not started yet: await codex.start() (or any call) before reading metadata",
      );
    }
    return metadata;
  }

  /** Starts the app-server and performs the handshake, if not done yet. Resolves with the metadata. */
  async start(): Promise<CodexMetadata> {
    const client = await this.#connection.ensureStarted();
    return client.metadata as CodexMetadata;
  }

  /**
   * Opens a new connection after the previous one was lost (the app-server died, the socket or the
   * network dropped), built from the same options, and performs the `initialize` handshake again.
   * Resolves with the new metadata. Concurrent calls share one attempt; calls made meanwhile wait
   * for it; a failed attempt rejects (the connection stays lost) and can be retried.
   *
   * What was bound to the lost connection stays failed (its turns, pending requests, login waits:
   * `TransportClosedError`; its `notifications()` iterators end). Options, handlers and `codex.on()`
   * listeners carry over, and a `Thread` from before resumes its thread on the new connection by
   * itself before its next turn. On a remote app-server a turn runs on while its client is away;
   * over stdio it died with the old process. The whole recovery, with an example:
   * docs/transports.md, "Connection loss and recovery", and examples/reconnect/.
   *
   * @throws CodexError when the client was closed with `close()` (that is final), when it has not
   *   connected yet (`start()` connects) or its connection is still open, or when `transport` is a
   *   `Transport` object, which can be started only once (pass a description such as
   *   `{ type: "websocket", url, token }`, or create a new `Codex` with a new transport)
   * @throws TransportClosedError or AuthenticationError when the new connection cannot be made
   *
   * @example
   * ```ts
   * try {
   *   console.log((await turn.run()).finalResponse);
   * } catch (error) {
   *   if (!(error instanceof TransportClosedError)) throw error;
   *   await codex.reconnect(); // retry with a backoff while the server is unreachable
   *   const { thread } = await (await codex.threadResume(threadId)).read({ includeTurns: true });
   * }
   * ```
   */
  reconnect(): Promise<CodexMetadata> {
    return this.#connection.reconnect();
  }

  /**
   * Closes the client: active turns reject with `TransportClosedError`, the app-server process is
   * ended (stdin closed, then SIGTERM, then SIGKILL) and awaited. Idempotent. Afterwards every call
   * rejects with a `CodexError` saying the client is closed.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** `await using codex = new Codex()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Starts a new thread (`thread/start`). The approval mode defaults to `ApprovalMode.auto_review`. */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    return (this.#threadFactory ?? (await this.#threads())).start(options);
  }

  /** Lists threads, one page (`thread/list`). See {@link Codex.threads} for all pages. */
  async threadList(options: ThreadListOptions = {}): Promise<ThreadListResponse> {
    return (this.#threadFactory ?? (await this.#threads())).list(options);
  }

  /**
   * Iterates every thread matching the options, fetching pages as needed.
   *
   * @example
   * ```ts
   * for await (const t of codex.threads({ archived: false })) console.log(t.id, t.preview);
   * ```
   */
  async *threads(options: ThreadListOptions & { signal?: AbortSignal | undefined } = {}): AsyncGenerator<ProtocolThread> {
    const { threadsPage } = deferredNow() ?? (await loadDeferred());
    yield* threadsPage(this.#runtime, options);
  }

  /** Resumes a stored thread (`thread/resume`). Omitted options keep the thread's stored settings. */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}): Promise<Thread> {
    return (this.#threadFactory ?? (await this.#threads())).resume(threadId, options);
  }

  /** Forks a thread into a new one with a new id (`thread/fork`). */
  async threadFork(threadId: string, options: ThreadForkOptions = {}): Promise<Thread> {
    return (this.#threadFactory ?? (await this.#threads())).fork(threadId, options);
  }

  /** Deletes a stored thread (`thread/delete`); see {@link Thread.delete}. */
  async threadDelete(threadId: string, options: CallOptions = {}): Promise<ThreadDeleteResponse> {
    const { deleteThread } = deferredNow() ?? (await loadDeferred());
    return deleteThread(this.#runtime, threadId, options);
  }

  /** Archives a thread (`thread/archive`): it leaves the default list and is unloaded. */
  async threadArchive(threadId: string): Promise<ThreadArchiveResponse> {
    return this.request("thread/archive", { threadId: nonEmptyString("threadId", threadId) });
  }

  /** Restores an archived thread (`thread/unarchive`). */
  async threadUnarchive(threadId: string): Promise<Thread> {
    return (this.#threadFactory ?? (await this.#threads())).unarchive(threadId);
  }

  /**
   * The models the runtime offers (`model/list`, of `modelProvider` when given): awaited, one
   * page; iterated with `for await`, every model of every page. See {@link ModelsPage}.
   *
   * @example
   * ```ts
   * const { data } = await codex.models();
   * for await (const model of codex.models({ includeHidden: true, limit: 20 })) console.log(model.id);
   * ```
   */
  models(options: ModelsOptions = {}): ModelsPage {
    return new ModelsPage(this.#runtime, options);
  }

  /**
   * Fuzzy-searches file names under `roots` (absolute paths) for `query` (`fuzzyFileSearch`);
   * the matches, best first, with `indices` of the matched characters.
   *
   * @example
   * ```ts
   * const files = await codex.fuzzyFileSearch("turnhandle", { roots: [process.cwd()] });
   * console.log(files.map((f) => f.path));
   * ```
   */
  async fuzzyFileSearch(query: string, options: FuzzyFileSearchOptions): Promise<FuzzyFileSearchResult[]> {
    const { fuzzyFileSearch } = deferredNow() ?? (await loadDeferred());
    return fuzzyFileSearch(this.#runtime, query, options);
  }

  /**
   * Starts a fuzzy file search session over `roots` (`fuzzyFileSearch/sessionStart`,
   * `@experimental`): `update(query)` searches, iterating the {@link FileSearchSession} yields
   * the matches as they come, `stop()` ends it.
   */
  async fuzzyFileSearchSession(options: FileSearchSessionOptions): Promise<FileSearchSession> {
    const { startFileSearchSession } = deferredNow() ?? (await loadDeferred());
    return startFileSearchSession(this.#runtime, this.#hub.bus, options);
  }

  /**
   * Runs a command on the app-server's host, outside any thread (`command/exec`), in the sandbox
   * of the runtime's config (or `sandboxPolicy`); resolves with its {@link CommandExecHandle} once
   * the request is sent. Aborting `signal` terminates the process.
   *
   * @example
   * ```ts
   * const proc = await codex.exec(["git", "status", "--short"], { cwd: "/work/repo" });
   * const { exitCode, stdout } = await proc.wait();
   * ```
   */
  async exec(command: readonly string[], options: CommandExecOptions = {}): Promise<CommandExecHandle> {
    const deferred = deferredNow() ?? (await loadDeferred());
    return deferred.startCommandExec(this.#runtime, this.#hub.routes(deferred).execs, command, options);
  }

  /**
   * Logs in with an OpenAI API key (`account/login/start`); resolves once the server confirms.
   * Later model requests carry `Authorization: Bearer <key>`. The key never appears in an error.
   *
   * @example
   * ```ts
   * await codex.loginApiKey(process.env.OPENAI_API_KEY ?? "");
   * ```
   */
  async loginApiKey(apiKey: string): Promise<void> {
    const { loginWithApiKey } = deferredNow() ?? (await loadDeferred());
    return loginWithApiKey(this, apiKey);
  }

  /**
   * Starts a ChatGPT browser login. Open `authUrl`, then `wait()` for the completion. Starting
   * another login cancels this one (its `wait()` resolves with `success: false`).
   *
   * @example
   * ```ts
   * const login = await codex.loginChatgpt();
   * console.log("Open", login.authUrl);
   * const { success, error } = await login.wait({ timeoutMs: 10 * 60_000 });
   * ```
   */
  async loginChatgpt(): Promise<ChatgptLoginHandle> {
    const deferred = deferredNow() ?? (await loadDeferred());
    await this.#connection.ensureStarted();
    // The handle must wait on the router of the connection that started the login.
    return deferred.startChatgptLogin(this, this.#hub.routes(deferred).logins);
  }

  /**
   * Starts a ChatGPT device-code login: show `verificationUrl` and `userCode`, then `wait()`.
   * Needs the auth server: without network it rejects with an `InternalRpcError` (-32603).
   *
   * @example
   * ```ts
   * const login = await codex.loginChatgptDeviceCode();
   * console.log(`Open ${login.verificationUrl} and enter ${login.userCode}`);
   * await login.wait();
   * ```
   */
  async loginChatgptDeviceCode(): Promise<DeviceCodeLoginHandle> {
    const deferred = deferredNow() ?? (await loadDeferred());
    await this.#connection.ensureStarted();
    return deferred.startDeviceCodeLogin(this, this.#hub.routes(deferred).logins);
  }

  /**
   * The current account (`account/read`): `account` is `null` when logged out.
   *
   * @example
   * ```ts
   * const { account, requiresOpenaiAuth } = await codex.account();
   * if (account?.type === "chatgpt") console.log(account.email, account.planType);
   * ```
   */
  async account(options: AccountOptions = {}): Promise<GetAccountResponse> {
    const { readAccount } = deferredNow() ?? (await loadDeferred());
    return readAccount(this, options);
  }

  /**
   * Logs out (`account/logout`): stored credentials are removed.
   *
   * @example
   * ```ts
   * await codex.logout();
   * ```
   */
  async logout(): Promise<void> {
    const { logoutAccount } = deferredNow() ?? (await loadDeferred());
    return logoutAccount(this);
  }

  /**
   * The MCP servers the runtime knows and their state, every page of `mcpServerStatus/list`. With
   * `threadId`, as that thread sees them (servers given in its `mcpServers` are listed only so).
   * A server whose process failed to start is listed with no tools and a `toolsError` or a
   * `runtimeStatus` of `"failed"`.
   *
   * @example
   * ```ts
   * for (const s of await codex.mcpServerStatus({ threadId: thread.id })) {
   *   console.log(s.name, s.runtimeStatus, Object.keys(s.tools));
   * }
   * ```
   */
  async mcpServerStatus(options: McpServerStatusOptions = {}): Promise<McpServerStatus[]> {
    const { listMcpServerStatus } = deferredNow() ?? (await loadDeferred());
    return listMcpServerStatus(this, options);
  }

  /**
   * Reloads the MCP server configuration from disk (`config/mcpServer/reload`): threads pick up
   * the change on their next turn.
   *
   * @example
   * ```ts
   * await codex.reloadMcpServers();
   * ```
   */
  async reloadMcpServers(): Promise<void> {
    await this.request("config/mcpServer/reload", undefined);
  }

  /**
   * Starts the OAuth login of an MCP server (`mcpServer/oauth/login`): open `authorizationUrl`,
   * then `wait()` for the completion. Fails for a server that does not use OAuth.
   *
   * @example
   * ```ts
   * const login = await codex.mcpServerOauthLogin("linear");
   * console.log("Open", login.authorizationUrl);
   * const { success } = await login.wait({ timeoutMs: 10 * 60_000 });
   * ```
   */
  async mcpServerOauthLogin(name: string, options: McpOauthLoginOptions = {}): Promise<McpOauthLoginHandle> {
    const deferred = deferredNow() ?? (await loadDeferred());
    await this.#connection.ensureStarted();
    return deferred.startMcpOauthLogin(this, this.#hub.routes(deferred).mcpLogins, name, options);
  }

  /**
   * Sends any request of the protocol, typed by the generated `ClientRequest` unions: `params` and
   * the result are checked against the method. Stable methods are typed by the stable protocol;
   * methods only the experimental protocol has (see {@link isExperimentalMethod}) by the
   * experimental one, marked `@experimental`: they need `experimentalApi` (the default) and may
   * change in any runtime release. Experimental fields of a stable method's params are typed by
   * `ExperimentalClientRequestMap` (from `codex-app-sdk/types`); the high-level calls accept them.
   *
   * @example
   * ```ts
   * const { config } = await codex.request("config/read", {});
   * const file = await codex.request("fs/readFile", { path: "/etc/hostname" }, { timeoutMs: 5000 });
   * const { data } = await codex.request("thread/backgroundTerminals/list", { threadId }); // experimental
   * ```
   */
  async request<M extends RequestMethod>(
    method: M,
    ...args: ClientRequestArgs<M>
  ): Promise<ClientRequestResult<M>> {
    const client = await this.#connection.ensureStarted();
    return client.request(method, ...args);
  }

  /**
   * Listens to a server notification method (or `"*"` for all). Turn events are also delivered to
   * their turn's stream. Returns the function that removes the listener.
   *
   * Listeners are called asynchronously, in arrival order, off the transport's read path (after the
   * turns got the notification), so a slow or throwing listener does not delay any turn; a
   * listener may run after the turn's `run()` resolved. A throwing listener becomes a
   * `CodexListenerError` process warning.
   *
   * @example
   * ```ts
   * const off = codex.on("thread/started", (n) => console.log("new thread", n.params.thread.id));
   * ```
   */
  on<M extends NotificationMethod>(
    method: M,
    listener: (notification: NotificationOf<M>) => void,
  ): () => void;
  /** @experimental Listens to a method only the experimental protocol has, typed by its experimental form. */
  on<M extends ExperimentalNotificationMethod>(
    method: M,
    listener: (notification: ExperimentalNotificationOf<M>) => void,
  ): () => void;
  on(method: "*", listener: (notification: AnyNotification) => void): () => void;
  on(method: string, listener: (notification: never) => void): () => void {
    return this.#hub.bus.on(method, listener as (n: Notification) => void);
  }

  /**
   * Iterates server notifications as they arrive (all, or `methods` only), with a bounded buffer.
   * Ends when the client closes.
   */
  notifications<M extends AnyNotificationMethod = AnyNotificationMethod>(
    options: NotificationIteratorOptions<M> = {},
  ): NotificationIterator<ListenedNotificationOf<M>> {
    return this.#hub.bus.iterate(options) as NotificationIterator<ListenedNotificationOf<M>>;
  }

  async #shutdown(): Promise<void> {
    await this.#connection.close();
    await this.#mcp.close();
    await this.#observability.close();
    this.#hub.bus.endAll();
  }
}

