/**
 * Error handling and retry: every error the SDK throws is a `CodexError`, and the subclass tells
 * you what happened. Retry only what can succeed later (an overloaded server), with
 * `retryOnOverload`; fix the call for everything else.
 *
 *   npx tsx examples/error-handling-and-retry/main.ts
 */
import {
  AbortError,
  Codex,
  CodexError,
  InvalidInputError,
  InvalidRequestError,
  JsonRpcError,
  TransportClosedError,
  TurnFailedError,
  isRetryableError,
  retryOnOverload,
} from "codex-app-sdk";

await using codex = new Codex();
const thread = await codex.threadStart();

// 1. Bad input is rejected before anything is sent.
try {
  await thread.run("");
} catch (error) {
  if (!(error instanceof InvalidInputError)) throw error;
  console.log(`[invalid input] ${error.name}: ${error.message}`);
}

// 2. The server's JSON-RPC errors are typed by their code (and, for -32600, by their message).
try {
  await codex.threadResume("not-a-thread-id");
} catch (error) {
  if (!(error instanceof InvalidRequestError)) throw error;
  console.log(`[server error] ${error.name} ${error.code} from ${error.method ?? "?"}: ${error.rpcMessage}`);
}

// 3. An already aborted signal rejects at once with an AbortError (name "AbortError").
try {
  await thread.run("never sent", { signal: AbortSignal.abort() });
} catch (error) {
  if (!(error instanceof AbortError)) throw error;
  console.log(`[aborted] ${error.name}: ${error.message}`);
}

// 4. Overloaded? Retry with exponential backoff and jitter. `isRetryableError` (the default test)
//    accepts ServerBusyError and turns that failed with `codexErrorInfo: "serverOverloaded"`.
const result = await retryOnOverload(() => thread.run("Say hello in five words."), {
  maxAttempts: 4,
  initialDelayMs: 200,
  onRetry: ({ attempt, delayMs, error }) =>
    console.log(`[retry] attempt ${attempt} failed (${describe(error)}); next attempt in ${delayMs} ms`),
});
console.log(`[retried] ${result.status}: ${result.finalResponse ?? "(no answer)"}`);

// 5. A turn that fails for good rejects with TurnFailedError, which carries the failed result.
try {
  const answer = await thread.run("Summarise our conversation in one line.");
  console.log(`[turn ok] ${answer.finalResponse ?? "(no answer)"}`);
} catch (error) {
  if (error instanceof TurnFailedError) {
    console.log(
      `[turn failed] ${error.message} (codexErrorInfo ${JSON.stringify(error.codexErrorInfo)}, ` +
        `status ${error.result.status}, retryable ${isRetryableError(error)})`,
    );
  } else if (error instanceof TransportClosedError) {
    // The app-server is gone (it crashed, or was closed); its stderr tail is in the message.
    console.log(`[transport closed] exit code ${error.exitCode}: ${error.message}`);
  } else {
    throw error;
  }
}

// The thread stays usable after a failed turn.
const after = await thread.run("Are you still there?");
console.log(`[still usable] ${after.finalResponse ?? "(no answer)"}`);

function describe(error: unknown): string {
  if (error instanceof TurnFailedError) return `turn failed: ${JSON.stringify(error.codexErrorInfo)}`;
  if (error instanceof JsonRpcError) return `${error.name} ${error.code}`;
  if (error instanceof CodexError) return error.name;
  return String(error);
}
