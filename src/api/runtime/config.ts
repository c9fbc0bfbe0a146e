/**
 * `codex.config`: the runtime's effective configuration with the layers it comes from
 * (`config/read`), and writes to its `config.toml` (`config/value/write`, `config/batchWrite`).
 *
 * @module
 */
import type { ConfigBatchWriteParams } from "../../generated/v2/ConfigBatchWriteParams.js";
import type { ConfigEdit } from "../../generated/v2/ConfigEdit.js";
import type { ConfigReadParams } from "../../generated/v2/ConfigReadParams.js";
import type { ConfigReadResponse } from "../../generated/v2/ConfigReadResponse.js";
import type { ConfigValueWriteParams } from "../../generated/v2/ConfigValueWriteParams.js";
import type { ConfigWriteResponse } from "../../generated/v2/ConfigWriteResponse.js";
import type { JsonValue } from "../../generated/serde_json/JsonValue.js";
import {
  describeValue,
  InvalidArgumentError,
  nonEmptyString,
  optionalBoolean,
  optionalNonEmptyString,
  optionalOneOf,
} from "../validation.js";
import { jsonValue } from "./checks.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

const MERGE_STRATEGIES = ["replace", "upsert"] as const;

/** Options of `codex.config.read()`: the fields of `ConfigReadParams`, and a `signal`. */
export type ConfigReadOptions = RequestFields<ConfigReadParams> & CallOptions;

/**
 * Options of `codex.config.write()`: the fields of `ConfigValueWriteParams` other than the key and
 * value, and a `signal`. `mergeStrategy` defaults to `"replace"`; `"upsert"` merges a table into
 * the existing one.
 */
export type ConfigWriteOptions = RequestFields<Omit<ConfigValueWriteParams, "keyPath" | "value">> &
  CallOptions;

/** Options of `codex.config.batchWrite()`: the fields of `ConfigBatchWriteParams` other than the edits. */
export type ConfigBatchWriteOptions = RequestFields<Omit<ConfigBatchWriteParams, "edits">> & CallOptions;

/** One edit of `codex.config.batchWrite()`: a `ConfigEdit` whose `mergeStrategy` defaults to `"replace"`. */
export type ConfigEditInput = Omit<ConfigEdit, "mergeStrategy"> &
  RequestFields<Pick<ConfigEdit, "mergeStrategy">>;

/**
 * The runtime's configuration, reached as `codex.config`. Writes go to the user's `config.toml`
 * in CODEX_HOME (or `filePath`); pass the file's last known `version` (from a write's answer, or
 * the user layer of `read({ includeLayers: true })`) as `expectedVersion` to refuse a write over a
 * change made in between (the runtime answers `InvalidRequestError`).
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * await codex.config.write("model_verbosity", "low");
 * const { config, origins } = await codex.config.read();
 * console.log(config.model_verbosity, origins["model_verbosity"]?.name.type); // "low" "user"
 * ```
 */
export class CodexConfig {
  readonly #host: RuntimeHost;

  /** @internal Created by `Codex`; reach it as `codex.config`. */
  constructor(host: RuntimeHost) {
    this.#host = host;
  }

  /**
   * The effective configuration (`config/read`), where each key comes from (`origins`), and with
   * `includeLayers: true` every layer (system, user, project, session flags, …) in `layers`.
   *
   * @example
   * ```ts
   * const { layers } = await codex.config.read({ includeLayers: true, cwd: "/work/repo" });
   * for (const layer of layers ?? []) console.log(layer.name.type, layer.version);
   * ```
   */
  async read(options: ConfigReadOptions = {}): Promise<ConfigReadResponse> {
    const { signal, params } = splitOptions<ConfigReadParams>("options", options);
    optionalBoolean("includeLayers", params.includeLayers);
    if (params.cwd !== null) optionalNonEmptyString("cwd", params.cwd);
    return this.#host.request("config/read", params, { signal });
  }

  /**
   * Writes one value at a dotted key path (`config/value/write`), e.g. `"model"` or
   * `"features.web_search"`. The runtime checks the value against its config schema and answers
   * `InvalidRequestError` for a bad one; a value a higher layer overrides gives `status:
   * "okOverridden"` with `overriddenMetadata`.
   *
   * @example
   * ```ts
   * const { layers } = await codex.config.read({ includeLayers: true });
   * const user = layers?.find((layer) => layer.name.type === "user");
   * await codex.config.write("model_reasoning_effort", "high", { expectedVersion: user?.version });
   * ```
   */
  async write(
    keyPath: string,
    value: JsonValue,
    options: ConfigWriteOptions = {},
  ): Promise<ConfigWriteResponse> {
    const { signal, params } = splitOptions<Omit<ConfigValueWriteParams, "keyPath" | "value">>(
      "options",
      options,
    );
    checkFileOptions(params);
    const mergeStrategy = optionalOneOf("mergeStrategy", params.mergeStrategy, MERGE_STRATEGIES) ?? "replace";
    return this.#host.request(
      "config/value/write",
      {
        ...params,
        keyPath: nonEmptyString("keyPath", keyPath),
        value: jsonValue("value", value),
        mergeStrategy,
      },
      { signal },
    );
  }

  /**
   * Applies several edits in one write (`config/batchWrite`): all or none. `reloadUserConfig:
   * true` also reloads the settings of loaded threads that can change at run time.
   *
   * @example
   * ```ts
   * await codex.config.batchWrite([
   *   { keyPath: "model_verbosity", value: "low" },
   *   { keyPath: "tools", value: { view_image: true }, mergeStrategy: "upsert" },
   * ]);
   * ```
   */
  async batchWrite(
    edits: readonly ConfigEditInput[],
    options: ConfigBatchWriteOptions = {},
  ): Promise<ConfigWriteResponse> {
    const { signal, params } = splitOptions<Omit<ConfigBatchWriteParams, "edits">>("options", options);
    checkFileOptions(params);
    optionalBoolean("reloadUserConfig", params.reloadUserConfig);
    return this.#host.request("config/batchWrite", { ...params, edits: configEdits(edits) }, { signal });
  }
}

function checkFileOptions(params: { filePath?: string | null; expectedVersion?: string | null }): void {
  if (params.filePath !== null) optionalNonEmptyString("filePath", params.filePath);
  if (params.expectedVersion !== null) optionalNonEmptyString("expectedVersion", params.expectedVersion);
}

function configEdits(edits: unknown): ConfigEdit[] {
  if (!Array.isArray(edits) || edits.length === 0) {
    throw new InvalidArgumentError(
      `edits must be a non-empty array of { keyPath, value }; got ${describeValue(edits)}`,
      {
        argument: "edits",
      },
    );
  }
  return edits.map((edit: unknown, i): ConfigEdit => {
    if (typeof edit !== "object" || edit === null) {
      throw new InvalidArgumentError(`edits[${i}] must be { keyPath, value }; got ${describeValue(edit)}`, {
        argument: "edits",
      });
    }
    const e = edit as Partial<ConfigEditInput>;
    return {
      keyPath: nonEmptyString(`edits[${i}].keyPath`, e.keyPath),
      value: jsonValue(`edits[${i}].value`, e.value),
      mergeStrategy:
        optionalOneOf(`edits[${i}].mergeStrategy`, e.mergeStrategy, MERGE_STRATEGIES) ?? "replace",
    };
  });
}
