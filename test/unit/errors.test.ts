import { describe, expect, it } from "vitest";

import {
  AbortError,
  AuthenticationError,
  CodexError,
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MethodNotFoundError,
  ParseError,
  RetryLimitExceededError,
  ServerBusyError,
  ThreadNotFoundError,
  TimeoutError,
  TransportClosedError,
  abortErrorFrom,
  isOverloadedData,
  JsonRpcCode,
} from "../../src/errors.js";

type JsonRpcErrorClass = abstract new (...args: never[]) => JsonRpcError;

const JSON_RPC_SUBCLASSES: JsonRpcErrorClass[] = [
  ParseError,
  InvalidRequestError,
  MethodNotFoundError,
  InvalidParamsError,
  InternalRpcError,
  ServerBusyError,
  RetryLimitExceededError,
];

/** Asserts the exact class: an instance of `cls` and of no more specific JSON-RPC error class. */
function expectExactClass(error: JsonRpcError, cls: JsonRpcErrorClass): void {
  expect(error).toBeInstanceOf(cls);
  expect(Object.getPrototypeOf(error)).toBe(cls.prototype);
  for (const other of JSON_RPC_SUBCLASSES) {
    if (other !== cls && other.prototype instanceof cls) expect(error).not.toBeInstanceOf(other);
  }
}

const fromResponse = (error: unknown, method: string | undefined = "thread/start"): JsonRpcError =>
  JsonRpcError.fromResponse(method, error);

describe("ThreadNotFoundError", () => {
  it("is the -32600 answer for a thread id without a stored rollout, with the id, still an InvalidRequestError", () => {
    const id = "01a24431-1502-72d3-9128-596585156af9";
    const error = fromResponse(
      { code: -32600, message: `no rollout found for thread id ${id}` },
      "thread/resume",
    );
    expect(error).toBeInstanceOf(ThreadNotFoundError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.name).toBe("ThreadNotFoundError");
    expect((error as ThreadNotFoundError).threadId).toBe(id);
  });

  it("is not used for other thread errors (a thread that is only not loaded, an archive miss)", () => {
    for (const message of [
      "thread not found: x",
      "thread not loaded: x",
      "no archived rollout found for thread id x",
    ]) {
      const error = fromResponse({ code: -32600, message });
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).not.toBeInstanceOf(ThreadNotFoundError);
    }
  });
});

describe("JsonRpcError.fromResponse: code -> class", () => {
  it.each<[string, number, string, unknown, JsonRpcErrorClass]>([
    ["-32700 parse error", -32700, "Parse error", undefined, ParseError],
    ["-32600 invalid request", -32600, "Invalid Request", undefined, InvalidRequestError],
    ["-32601 method not found", -32601, "Method not found", undefined, MethodNotFoundError],
    ["-32602 invalid params", -32602, "Invalid params", undefined, InvalidParamsError],
    ["-32603 internal error", -32603, "Internal error", undefined, InternalRpcError],
    ["-32603 keeps its class with overloaded data", -32603, "boom", "serverOverloaded", InternalRpcError],
    ["-32000 overloaded (camelCase)", -32000, "busy", "serverOverloaded", ServerBusyError],
    ["-32000 overloaded (snake_case)", -32000, "busy", "server_overloaded", ServerBusyError],
    ["-32099 overloaded (upper case)", -32099, "busy", "SERVER_OVERLOADED", ServerBusyError],
    ["-32050 codexErrorInfo", -32050, "busy", { codexErrorInfo: "serverOverloaded" }, ServerBusyError],
    ["-32001 codex_error_info", -32001, "busy", { codex_error_info: "server_overloaded" }, ServerBusyError],
    [
      "-32000 nested in an object",
      -32000,
      "busy",
      { error: { info: { kind: "serverOverloaded" } } },
      ServerBusyError,
    ],
    [
      "-32000 nested in an array",
      -32000,
      "busy",
      { errors: [{ x: 1 }, ["server_overloaded"]] },
      ServerBusyError,
    ],
    [
      "-32000 overloaded as a key",
      -32000,
      "busy",
      { codexErrorInfo: { serverOverloaded: {} } },
      ServerBusyError,
    ],
    [
      "-32000 retry limit + overloaded",
      -32000,
      "Retry limit exceeded",
      "serverOverloaded",
      RetryLimitExceededError,
    ],
    [
      "-32000 retry limit, no data",
      -32000,
      "request failed: retry limit reached",
      undefined,
      RetryLimitExceededError,
    ],
    [
      "-32099 too many failed attempts",
      -32099,
      "Too Many Failed Attempts",
      undefined,
      RetryLimitExceededError,
    ],
    ["-32000 without overloaded data", -32000, "server error", { codexErrorInfo: "other" }, JsonRpcError],
    ["-32000 with no data", -32000, "server error", undefined, JsonRpcError],
    ["-32100 just outside the server range", -32100, "busy", "serverOverloaded", JsonRpcError],
    ["-31999 just outside the server range", -31999, "retry limit", "serverOverloaded", JsonRpcError],
    ["positive application code", 42, "nope", undefined, JsonRpcError],
    ["-1", -1, "nope", "server_overloaded", JsonRpcError],
  ])("%s", (_label, code, message, data, cls) => {
    const wire = data === undefined ? { code, message } : { code, message, data };
    const error = fromResponse(wire);
    expectExactClass(error, cls);
    expect(error.code).toBe(code);
    expect(error.rpcMessage).toBe(message);
    expect(error.data).toEqual(data);
  });

  it("does not treat a false overload flag as overloaded", () => {
    expectExactClass(
      fromResponse({ code: -32000, message: "x", data: { serverOverloaded: false } }),
      JsonRpcError,
    );
  });
});

describe("JsonRpcError.fromResponse: the real app-server's -32600 messages (protocol spec §11)", () => {
  const allMethods = "`initialize`, `server/diagnostics`, `thread/start`, `thread/resume`, `turn/start`";

  it.each<[string, JsonRpcErrorClass]>([
    [
      `Invalid request: unknown variant \`no/such/method\`, expected one of ${allMethods}`,
      MethodNotFoundError,
    ],
    ["Invalid request: missing field `threadId`", InvalidParamsError],
    ["Invalid request: invalid type: integer `42`, expected a string", InvalidParamsError],
    [
      "Invalid request: unknown variant `sometimes`, expected one of `untrusted`, `on-request`, `granular`, `never`",
      InvalidParamsError,
    ],
    [
      "Invalid request: invalid length 2, expected struct ThreadListParams with 19 elements",
      InvalidParamsError,
    ],
    ['Invalid request: invalid type: string "str", expected struct ThreadListParams', InvalidParamsError],
    ["Invalid request: missing field `params`", InvalidParamsError],
    ["Invalid request: missing field `apiKey`", InvalidParamsError],
    ["Not initialized", InvalidRequestError],
    ["Already initialized", InvalidRequestError],
    ["collaborationMode/list requires experimentalApi capability", InvalidRequestError],
    ["thread not loaded: x", InvalidRequestError],
    ["thread not found: 0199a213-81c0-7800-8aa1-bbab2a035a53", InvalidRequestError],
    ["invalid thread id: nope", InvalidRequestError],
    ["no active turn to interrupt", InvalidRequestError],
    ["no active turn to steer", InvalidRequestError],
    ["expected active turn id `X` but found `Y`", InvalidRequestError],
    ["ephemeral threads do not support includeTurns", InvalidRequestError],
    ["chatgpt authentication required to read rate limits", InvalidRequestError],
  ])("%s", (message, cls) => {
    const error = fromResponse({ code: -32600, message });
    expectExactClass(error, cls);
    expect(error.code).toBe(-32600);
    expect(error.rpcMessage).toBe(message);
  });

  it("shortens the unknown-method message but keeps rpcMessage verbatim", () => {
    const message = `Invalid request: unknown variant \`no/such/method\`, expected one of ${allMethods}`;
    const error = fromResponse({ code: -32600, message }, "no/such/method");
    expect(error.rpcMessage).toBe(message);
    expect(error.message).toBe(
      "no/such/method: JSON-RPC error -32600: Invalid request: unknown variant `no/such/method` " +
        "(not a method this app-server knows)",
    );
  });

  it("truncates a very long message but keeps rpcMessage whole", () => {
    const message = "x".repeat(5000);
    const error = JsonRpcError.fromResponse(undefined, { code: -32603, message });
    expect(error.rpcMessage).toBe(message);
    expect(error.message).toBe(`JSON-RPC error -32603: ${"x".repeat(2000)}…`);
  });

  it("keeps the -32603 network failure an InternalRpcError", () => {
    const message =
      "failed to request device code: error sending request for url (https://auth.example/device)";
    expectExactClass(fromResponse({ code: -32603, message }, "account/login/start"), InternalRpcError);
  });
});

describe("JsonRpcError.fromResponse: malformed error objects", () => {
  it.each<[string, unknown]>([
    ["null", null],
    ["undefined", undefined],
    ["a string", "boom"],
    ["a number", 7],
    ["an array", [{ code: -32600, message: "x" }]],
  ])("%s -> JsonRpcError -32603 'Malformed JSON-RPC error response'", (_label, wire) => {
    const error = fromResponse(wire, "thread/read");
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error.code).toBe(-32603);
    expect(error.rpcMessage).toBe("Malformed JSON-RPC error response");
    expect(error.method).toBe("thread/read");
    expect(error.data).toBeUndefined();
  });

  it("defaults a missing code to -32000 and a missing message to 'unknown'", () => {
    const error = fromResponse({});
    expectExactClass(error, JsonRpcError);
    expect(error.code).toBe(-32000);
    expect(error.rpcMessage).toBe("unknown");
    expect(error.data).toBeUndefined();
  });

  it("defaults a non-integer or non-number code to -32000", () => {
    expect(fromResponse({ code: "-32600", message: "Not initialized" }).code).toBe(-32000);
    expect(fromResponse({ code: -32600.5, message: "x" }).code).toBe(-32000);
    expect(fromResponse({ code: null, message: "x" }).code).toBe(-32000);
  });

  it("maps a missing code with overloaded data to ServerBusyError (-32000 is in the server range)", () => {
    expectExactClass(fromResponse({ message: "busy", data: "serverOverloaded" }), ServerBusyError);
  });

  it("defaults a non-string or empty message to 'unknown'", () => {
    expect(fromResponse({ code: -32600, message: 5 }).rpcMessage).toBe("unknown");
    expect(fromResponse({ code: -32600, message: "" }).rpcMessage).toBe("unknown");
    expect(fromResponse({ code: -32600 }).rpcMessage).toBe("unknown");
  });

  it("keeps data that is present but null or falsy", () => {
    expect(fromResponse({ code: -32000, message: "x", data: null }).data).toBeNull();
    expect(fromResponse({ code: -32000, message: "x", data: 0 }).data).toBe(0);
  });
});

describe("JsonRpcError fields", () => {
  it("preserves code, rpcMessage, data and method, and formats message", () => {
    const data = { codexErrorInfo: "serverOverloaded", details: [1, 2] };
    const error = fromResponse({ code: -32001, message: "slow down", data }, "turn/start");
    expect(error.code).toBe(-32001);
    expect(error.rpcMessage).toBe("slow down");
    expect(error.data).toBe(data);
    expect(error.method).toBe("turn/start");
    expect(error.message).toBe("turn/start: JSON-RPC error -32001: slow down");
  });

  it("omits the method prefix when the method is unknown", () => {
    const error = JsonRpcError.fromResponse(undefined, { code: -32600, message: "Not initialized" });
    expect(error.method).toBeUndefined();
    expect(error.message).toBe("JSON-RPC error -32600: Not initialized");
  });

  it("keeps the cause given to the constructor", () => {
    const cause = new Error("underlying");
    const error = new InvalidParamsError({ code: -32602, message: "bad" }, "thread/start", { cause });
    expect(error.cause).toBe(cause);
    expect(new JsonRpcError({ code: 1, message: "m" })).not.toHaveProperty("cause");
  });
});

describe("instanceof chains and names", () => {
  it.each<[string, () => Error, (abstract new (...args: never[]) => Error)[]]>([
    ["CodexError", () => new CodexError("x"), [Error, CodexError]],
    ["JsonRpcError", () => new JsonRpcError({ code: 1, message: "x" }), [Error, CodexError, JsonRpcError]],
    [
      "ParseError",
      () => new ParseError({ code: -32700, message: "x" }),
      [CodexError, JsonRpcError, ParseError],
    ],
    [
      "InvalidRequestError",
      () => new InvalidRequestError({ code: -32600, message: "x" }),
      [CodexError, JsonRpcError, InvalidRequestError],
    ],
    [
      "MethodNotFoundError",
      () => new MethodNotFoundError({ code: -32601, message: "x" }),
      [CodexError, JsonRpcError, MethodNotFoundError],
    ],
    [
      "InvalidParamsError",
      () => new InvalidParamsError({ code: -32602, message: "x" }),
      [CodexError, JsonRpcError, InvalidParamsError],
    ],
    [
      "InternalRpcError",
      () => new InternalRpcError({ code: -32603, message: "x" }),
      [CodexError, JsonRpcError, InternalRpcError],
    ],
    [
      "ServerBusyError",
      () => new ServerBusyError({ code: -32000, message: "x" }),
      [CodexError, JsonRpcError, ServerBusyError],
    ],
    [
      "RetryLimitExceededError",
      () => new RetryLimitExceededError({ code: -32000, message: "x" }),
      [CodexError, JsonRpcError, ServerBusyError, RetryLimitExceededError],
    ],
    ["TransportClosedError", () => new TransportClosedError("x"), [Error, CodexError, TransportClosedError]],
    ["AuthenticationError", () => new AuthenticationError("x", 401), [CodexError, AuthenticationError]],
    ["AbortError", () => new AbortError(), [Error, CodexError, AbortError]],
    ["TimeoutError", () => new TimeoutError("x", 5), [Error, CodexError, TimeoutError]],
  ])("%s", (name, make, chain) => {
    const error = make();
    expect(error.name).toBe(name);
    for (const cls of chain) expect(error).toBeInstanceOf(cls);
    expect(String(error).startsWith(`${name}: `)).toBe(true);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
  });

  it("does not put unrelated classes in a chain", () => {
    const busy = new ServerBusyError({ code: -32000, message: "x" });
    expect(busy).not.toBeInstanceOf(RetryLimitExceededError);
    expect(busy).not.toBeInstanceOf(InternalRpcError);
    expect(new TransportClosedError("x")).not.toBeInstanceOf(JsonRpcError);
    expect(new AbortError()).not.toBeInstanceOf(JsonRpcError);
  });

  it("keeps the cause on every CodexError and omits it when none was given", () => {
    const cause = new Error("root");
    expect(new CodexError("x", { cause }).cause).toBe(cause);
    expect(new TransportClosedError("x", {}, { cause }).cause).toBe(cause);
    expect(new AuthenticationError("x", 403, { cause }).cause).toBe(cause);
    expect(new AbortError("y", { cause }).cause).toBe(cause);
    expect(Object.hasOwn(new CodexError("x"), "cause")).toBe(false);
    expect(Object.hasOwn(new CodexError("x", {}), "cause")).toBe(false);
  });
});

describe("TransportClosedError", () => {
  it("carries exitCode, signal and stderrTail and appends the tail to the message", () => {
    const error = new TransportClosedError("app-server exited", {
      exitCode: 1,
      signal: null,
      stderrTail: "thread 'main' panicked at src/main.rs:1\nnote: run with RUST_BACKTRACE=1\n",
    });
    expect(error.exitCode).toBe(1);
    expect(error.signal).toBeNull();
    expect(error.stderrTail).toBe(
      "thread 'main' panicked at src/main.rs:1\nnote: run with RUST_BACKTRACE=1\n",
    );
    expect(error.message).toBe(
      "app-server exited\n--- app-server stderr (last lines) ---\n" +
        "thread 'main' panicked at src/main.rs:1\nnote: run with RUST_BACKTRACE=1",
    );
  });

  it("carries the signal that killed the process", () => {
    const error = new TransportClosedError("app-server killed", { exitCode: null, signal: "SIGKILL" });
    expect(error.exitCode).toBeNull();
    expect(error.signal).toBe("SIGKILL");
    expect(error.stderrTail).toBe("");
    expect(error.message).toBe("app-server killed");
  });

  it("defaults to null/null/'' and leaves the message alone for a blank tail", () => {
    const error = new TransportClosedError("closed");
    expect(error.exitCode).toBeNull();
    expect(error.signal).toBeNull();
    expect(error.stderrTail).toBe("");
    expect(new TransportClosedError("closed", { stderrTail: " \n " }).message).toBe("closed");
  });
});

describe("other errors", () => {
  it("AuthenticationError keeps the HTTP status", () => {
    expect(new AuthenticationError("unauthorized", 401).status).toBe(401);
  });

  it("TimeoutError keeps timeoutMs", () => {
    const error = new TimeoutError("thread/start timed out after 50 ms", 50);
    expect(error.timeoutMs).toBe(50);
    expect(error.message).toBe("thread/start timed out after 50 ms");
    expect("cause" in error).toBe(false);
  });

  it("TimeoutError keeps the cause it is given, as ES2022 errors do", () => {
    const cause = new Error("the socket stalled");
    const error = new TimeoutError("login timed out", 10, { cause });
    expect(error.cause).toBe(cause);
    expect(error.timeoutMs).toBe(10);
  });

  it("JsonRpcCode names the JSON-RPC 2.0 codes, and fromResponse maps each to its class", () => {
    expect(JsonRpcCode).toEqual({
      ParseError: -32700,
      InvalidRequest: -32600,
      MethodNotFound: -32601,
      InvalidParams: -32602,
      InternalError: -32603,
      ServerError: -32000,
      ServerErrorMin: -32099,
      ServerErrorMax: -32000,
    });
    expect(JsonRpcError.fromResponse("m", { code: JsonRpcCode.ParseError, message: "x" })).toBeInstanceOf(
      ParseError,
    );
    expect(JsonRpcError.fromResponse("m", { code: "nope", message: "x" }).code).toBe(JsonRpcCode.ServerError);
  });

  it("AbortError is named AbortError and has a default message", () => {
    const error = new AbortError();
    expect(error.name).toBe("AbortError");
    expect(error.message).toBe("The operation was aborted");
  });
});

describe("abortErrorFrom", () => {
  it("wraps the default DOMException reason in an AbortError", () => {
    const controller = new AbortController();
    controller.abort();
    const error = abortErrorFrom(controller.signal);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.name).toBe("AbortError");
    expect(error.message).toBe("The operation was aborted");
    expect(error.cause).toBe(controller.signal.reason);
  });

  it("names what was aborted and keeps a custom reason as cause", () => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const error = abortErrorFrom(controller.signal, "turn/start");
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe("turn/start was aborted");
    expect(error.cause).toBe(reason);
  });

  it("returns a CodexError reason as-is", () => {
    const controller = new AbortController();
    const reason = new TimeoutError("timed out", 10);
    controller.abort(reason);
    expect(abortErrorFrom(controller.signal)).toBe(reason);
  });
});

describe("isOverloadedData", () => {
  const nest = (value: unknown, levels: number): unknown => {
    let out = value;
    for (let i = 0; i < levels; i++) out = [out];
    return out;
  };

  it.each<[string, unknown, boolean]>([
    ["camelCase string", "serverOverloaded", true],
    ["snake_case string", "server_overloaded", true],
    ["upper case", "SERVER_OVERLOADED", true],
    ["other CodexErrorInfo", "internalServerError", false],
    ["substring only", "the server_overloaded flag", false],
    ["codexErrorInfo", { codexErrorInfo: "serverOverloaded" }, true],
    ["errorInfo", { errorInfo: "server_overloaded" }, true],
    ["deeply nested", { a: { b: [{ c: [["serverOverloaded"]] }] } }, true],
    ["tagged variant key", { serverOverloaded: { httpStatusCode: 503 } }, true],
    ["false flag", { serverOverloaded: false }, false],
    ["other tagged variant", { responseTooManyFailedAttempts: { httpStatusCode: 429 } }, false],
    ["null", null, false],
    ["undefined", undefined, false],
    ["number", 503, false],
    ["empty array", [], false],
    ["16 levels deep", nest("serverOverloaded", 16), true],
    ["too deep (17 levels)", nest("serverOverloaded", 17), false],
  ])("%s", (_label, data, expected) => {
    expect(isOverloadedData(data)).toBe(expected);
  });

  it("is safe to pass to Array methods (the index is not a depth)", () => {
    const items: unknown[] = Array.from({ length: 30 }, () => "other");
    items.push("serverOverloaded");
    expect(items.some(isOverloadedData)).toBe(true);
    expect(items.filter(isOverloadedData)).toEqual(["serverOverloaded"]);
  });

  it("terminates on cyclic data", () => {
    const cyclic: Record<string, unknown> = { kind: "other" };
    cyclic.self = cyclic;
    expect(isOverloadedData(cyclic)).toBe(false);
  });
});
