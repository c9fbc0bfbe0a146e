/**
 * Errors across the queue: a worker writes the error of a failed job as JSON, the producer turns it
 * back into the same SDK error class with the same message (and the fields that class carries).
 *
 * @module
 */
import type { CodexError } from "../errors.js";
import {
  AbortError,
  InvalidArgumentError,
  InvalidInputError,
  JobFailedError,
  JsonRpcError,
  OutputValidationError,
  TimeoutError,
  TurnFailedError,
  UnsupportedSchemaError,
  type BaseRunResult,
  type OutputIssues,
  type SchemaProblem,
} from "../errors.js";

/** The JSON form of an error of a failed job. */
export interface SerializedError {
  name: string;
  message: string;
  argument?: string;
  timeoutMs?: number;
  result?: BaseRunResult;
  rawText?: string | null;
  issues?: OutputIssues;
  problems?: readonly SchemaProblem[];
  code?: number;
  data?: unknown;
  method?: string;
  rpcMessage?: string;
}

/** The JSON form of `error` (what the producer needs to rebuild it). */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  if (error instanceof InvalidArgumentError) out.argument = error.argument;
  if (error instanceof UnsupportedSchemaError) out.problems = error.problems;
  if (error instanceof TimeoutError) out.timeoutMs = error.timeoutMs;
  if (error instanceof TurnFailedError) out.result = error.result;
  if (error instanceof OutputValidationError) {
    out.result = error.result;
    out.rawText = error.rawText;
    out.issues = error.issues.map((i) => ({
      message: i.message,
      ...(i.path === undefined ? {} : { path: i.path.map((p) => (typeof p === "object" ? p.key : p)) }),
    }));
  }
  if (error instanceof JsonRpcError) {
    out.code = error.code;
    out.data = error.data;
    if (error.method !== undefined) out.method = error.method;
    out.rpcMessage = error.rpcMessage;
  }
  return JSON.parse(JSON.stringify(out)) as SerializedError;
}

/** Rebuilds the error a worker reported for job `jobId`, as the same SDK class where it has one. */
export function deserializeError(e: SerializedError, jobId: string): CodexError {
  const base = (): BaseRunResult =>
    e.result ?? {
      id: "",
      status: "failed",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
      finalResponse: null,
      items: [],
      usage: null,
    };
  switch (e.name) {
    case "TurnFailedError": {
      const error = new TurnFailedError(base());
      if (error.message !== e.message) Object.defineProperty(error, "message", { value: e.message });
      return error;
    }
    case "OutputValidationError":
      return new OutputValidationError(e.message, e.rawText ?? null, e.issues ?? [], base());
    case "UnsupportedSchemaError":
      return new UnsupportedSchemaError(e.problems ?? [], e.argument);
    case "InvalidInputError":
      return new InvalidInputError(e.message);
    case "InvalidArgumentError":
      return new InvalidArgumentError(e.message, e.argument === undefined ? {} : { argument: e.argument });
    case "AbortError":
      return new AbortError(e.message);
    case "TimeoutError":
      return new TimeoutError(e.message, e.timeoutMs ?? 0);
    default:
      if (e.code !== undefined) {
        return JsonRpcError.fromResponse(e.method, {
          code: e.code,
          message: e.rpcMessage ?? e.message,
          data: e.data,
        });
      }
      return new JobFailedError(e.message, e.name, jobId);
  }
}
