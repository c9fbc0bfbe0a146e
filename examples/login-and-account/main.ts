/**
 * Accounts and login: read the account, log in with an API key, start a ChatGPT browser login and a
 * device-code login, cancel them, and log out.
 *
 *   CODEX_EXAMPLE_API_KEY=sk-... npx tsx examples/login-and-account/main.ts
 *
 * Without CODEX_EXAMPLE_API_KEY the API-key part is skipped. With it, the key REPLACES the
 * credentials stored in your CODEX_HOME, and the example logs out at the end: run it against a
 * throwaway CODEX_HOME. The browser and device-code logins are started and cancelled, which leaves
 * stored credentials alone (but a browser login cancels any other browser login pending on this
 * machine: the runtime's callback server always uses port 1455).
 */
import { Codex, JsonRpcError, type ChatgptLoginHandle } from "codex-app-sdk";

await using codex = new Codex();

// 1. Who is logged in? `account` is null when nobody is.
const before = await codex.account();
console.log(`[account] ${before.account?.type ?? "none"} (requiresOpenaiAuth: ${before.requiresOpenaiAuth})`);

// 2. API key login: resolves once the server has stored the key; model requests then carry it.
const apiKey = process.env.CODEX_EXAMPLE_API_KEY;
if (apiKey) {
  await codex.loginApiKey(apiKey);
  const { account } = await codex.account();
  console.log(`[api key] logged in: account type ${account?.type ?? "none"}`);
  const thread = await codex.threadStart();
  const result = await thread.run("Say hello in one sentence.");
  console.log(`[api key] model answered: ${result.finalResponse ?? "(no answer)"}`);
} else {
  console.log("[api key] skipped (set CODEX_EXAMPLE_API_KEY to try it)");
}

// 3. ChatGPT browser login: open `authUrl`; the runtime's local server receives the redirect.
//    Here it is cancelled at once; wait() then reports this login's own completion.
const browser: ChatgptLoginHandle = await codex.loginChatgpt();
const redirect = new URL(browser.authUrl).searchParams.get("redirect_uri");
console.log(`[browser] login ${browser.loginId} started; redirect_uri ${redirect ?? "(none)"}`);
const { status } = await browser.cancel();
console.log(`[browser] cancel: ${status}`);
const browserDone = await browser.wait({ timeoutMs: 30_000 });
console.log(`[browser] completed: success=${browserDone.success} error=${browserDone.error ?? "none"}`);

// 4. Device-code login: needs the auth server. Offline, the server's -32603 error surfaces as a
//    typed JsonRpcError (InternalRpcError) with the server's message.
try {
  const device = await codex.loginChatgptDeviceCode();
  console.log(`[device code] open ${device.verificationUrl} and enter ${device.userCode}`);
  await device.cancel();
  const deviceDone = await device.wait({ timeoutMs: 30_000 });
  console.log(`[device code] cancelled: success=${deviceDone.success}`);
} catch (error) {
  if (!(error instanceof JsonRpcError)) throw error;
  console.log(`[device code] unavailable: ${error.name} ${error.code}: ${error.rpcMessage}`);
}

// 5. Log out (only when this example logged in) and read the account again.
if (apiKey) {
  await codex.logout();
  const after = await codex.account();
  console.log(`[logout] account ${after.account?.type ?? "none"}`);
}
