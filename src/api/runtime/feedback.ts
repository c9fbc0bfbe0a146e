/**
 * `codex.feedback`: sends a feedback report, optionally with the runtime's logs of a thread, to
 * OpenAI (`feedback/upload`; needs the network, the runtime uploads it itself), or saves the same
 * report as a ZIP file on the app-server's host (`feedback/save`; offline).
 *
 * @module
 */
import type { FeedbackUploadParams } from "../../generated/v2/FeedbackUploadParams.js";
import type { FeedbackUploadResponse } from "../../generated/v2/FeedbackUploadResponse.js";
import type { FeedbackSaveParams } from "../../generated/v2/FeedbackSaveParams.js";
import type { FeedbackSaveResponse } from "../../generated/v2/FeedbackSaveResponse.js";
import { describeValue, InvalidArgumentError, nonEmptyString, optionalBoolean } from "../validation.js";
import { absolutePath, stringList, wellFormedString } from "./checks.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

/** Options of `codex.feedback.upload()`: the fields of `FeedbackUploadParams` but the classification. */
export type FeedbackUploadOptions = RequestFields<Omit<FeedbackUploadParams, "classification">> & CallOptions;

/** Options of `codex.feedback.save()`: the fields of `FeedbackSaveParams` but the path and the classification. */
export type FeedbackSaveOptions = RequestFields<Omit<FeedbackSaveParams, "savePath" | "classification">> &
  CallOptions;

/**
 * Feedback to OpenAI, reached as `codex.feedback`.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * const { threadId } = await codex.feedback.upload("bug", { reason: "wrong file edited", includeLogs: true });
 * ```
 */
export class CodexFeedback {
  readonly #host: RuntimeHost;

  /** @internal Created by `Codex`; reach it as `codex.feedback`. */
  constructor(host: RuntimeHost) {
    this.#host = host;
  }

  /**
   * Uploads a feedback report (`feedback/upload`) with a `classification` such as `"bug"`,
   * `"bad_result"` or `"good_result"`; with `threadId` and `includeLogs` the report carries that
   * thread's logs. Without network access the runtime answers `InternalRpcError` (-32603).
   *
   * @example
   * ```ts
   * await codex.feedback.upload("good_result", { threadId: thread.id, tags: { team: "infra" } });
   * ```
   */
  async upload(classification: string, options: FeedbackUploadOptions = {}): Promise<FeedbackUploadResponse> {
    const { signal, params } = splitOptions<Omit<FeedbackUploadParams, "classification">>("options", options);
    checkReport(params);
    return this.#host.request(
      "feedback/upload",
      { ...params, classification: nonEmptyString("classification", classification) },
      { signal },
    );
  }

  /**
   * Saves the feedback report as a ZIP file at `savePath` on the app-server's host
   * (`feedback/save`), offline: the same report `upload()` would send (with `threadId` and
   * `includeLogs`, that thread's logs). `savePath` must be absolute, its directory must exist, and
   * no file may be there yet (the runtime refuses to overwrite: an `InternalRpcError`). Resolves with
   * the `savedPath`, the `threadId` the report belongs to, and its `promptHash`.
   *
   * @example
   * ```ts
   * const { savedPath } = await codex.feedback.save("/tmp/report.zip", "bug", { threadId: thread.id, includeLogs: true });
   * ```
   */
  async save(
    savePath: string,
    classification: string,
    options: FeedbackSaveOptions = {},
  ): Promise<FeedbackSaveResponse> {
    const { signal, params } = splitOptions<Omit<FeedbackSaveParams, "savePath" | "classification">>(
      "options",
      options,
    );
    checkReport(params);
    return this.#host.request(
      "feedback/save",
      {
        ...params,
        savePath: absolutePath("savePath", savePath),
        classification: nonEmptyString("classification", classification),
      },
      { signal },
    );
  }
}

/** Checks the report fields `upload()` and `save()` share (normalising `extraLogFiles`). */
function checkReport(params: Omit<FeedbackUploadParams, "classification">): void {
  if (params.reason !== null && params.reason !== undefined) wellFormedString("reason", params.reason);
  if (params.threadId !== null && params.threadId !== undefined) nonEmptyString("threadId", params.threadId);
  optionalBoolean("includeLogs", params.includeLogs);
  if (params.extraLogFiles !== null && params.extraLogFiles !== undefined) {
    params.extraLogFiles = stringList("extraLogFiles", params.extraLogFiles, { allowEmpty: true });
  }
  if (params.tags !== null && params.tags !== undefined) checkTags(params.tags);
}

function checkTags(tags: unknown): void {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw new InvalidArgumentError(`tags must be an object of strings; got ${describeValue(tags)}`, {
      argument: "tags",
    });
  }
  for (const [key, value] of Object.entries(tags)) {
    wellFormedString("tags key", key);
    wellFormedString(`tags.${key}`, value);
  }
}
