/**
 * The SDK's code that a client does not need to start (`new Codex()`, `start()`): imported by
 * `load-deferred.ts` on first use and while the app-server boots, never at import. Everything
 * here is reached from async methods only; what the public exports need synchronously stays in
 * the static import graph. test/unit/lazy-imports.test.ts checks the built entry does not load it.
 *
 * @module
 */
export { startCommandExec } from "./runtime/command-exec.js";
export { fuzzyFileSearch } from "./runtime/file-search.js";
export { startFileSearchSession } from "./runtime/file-search-session.js";
export { ThreadFactory } from "./threads/thread-factory.js";
export { openTurn } from "./threads/thread-turn.js";
export { checkLocalImage, localImagePolicy } from "./inputs/local-image.js";
export { deleteThread, revertThread, unsubscribeThread } from "./threads/lifecycle.js";
export { attachTurn } from "./turns/attach.js";
export { reviewTarget, startReview } from "./turns/review.js";
export { startCompaction } from "./turns/compaction.js";
export { goalObjective, goalUpdate, startGoal } from "./turns/goals.js";
export { observedTransport, openTraceFile } from "./observability/observed-transport.js";
export { HubRoutes } from "./codex/hub-routes.js";
export { loginWithApiKey, logoutAccount, readAccount, startChatgptLogin, startDeviceCodeLogin } from "./login/login.js";
export { startMcpOauthLogin } from "./mcp/oauth-login.js";
export { listMcpServerStatus } from "./mcp/status.js";
export { itemsPage, threadsPage, turnsPage } from "./threads/history.js";
