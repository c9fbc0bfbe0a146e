/**
 * `codex.skills`: the skills the runtime finds for one or more working directories (`skills/list`).
 *
 * @module
 */
import type { SkillsListParams } from "../../generated/v2/SkillsListParams.js";
import type { SkillsListResponse } from "../../generated/v2/SkillsListResponse.js";
import { optionalBoolean } from "../validation.js";
import { stringList } from "./checks.js";
import { splitOptions, type CallOptions, type RequestFields, type RuntimeHost } from "./host.js";

/** Options of `codex.skills.list()`: the fields of `SkillsListParams`, and a `signal`. */
export type SkillsListOptions = RequestFields<SkillsListParams> & CallOptions;

/**
 * The runtime's skills, reached as `codex.skills`: those of CODEX_HOME (`user`, `system`) and of
 * each working directory's repository (`repo`). A `SKILL.md` that fails to load is listed in the
 * entry's `errors` instead.
 *
 * @example
 * ```ts
 * import { Codex } from "codex-app-sdk";
 * await using codex = new Codex();
 * const { data } = await codex.skills.list({ cwds: [process.cwd()], forceReload: true });
 * for (const skill of data[0]?.skills ?? []) console.log(skill.name, skill.scope, skill.enabled);
 * ```
 */
export class CodexSkills {
  readonly #host: RuntimeHost;

  /** @internal Created by `Codex`; reach it as `codex.skills`. */
  constructor(host: RuntimeHost) {
    this.#host = host;
  }

  /**
   * Lists the skills for each of `cwds` (the app-server's working directory when omitted), one
   * entry per directory (`skills/list`). `forceReload: true` reads the files again instead of
   * the runtime's cache, e.g. after writing a new `SKILL.md`.
   *
   * @example
   * ```ts
   * const { data } = await codex.skills.list();
   * console.log(data.flatMap((entry) => entry.skills.map((s) => s.name)));
   * ```
   */
  async list(options: SkillsListOptions = {}): Promise<SkillsListResponse> {
    const { signal, params } = splitOptions<SkillsListParams>("options", options);
    if (params.cwds !== undefined) params.cwds = stringList("cwds", params.cwds, { allowEmpty: true });
    optionalBoolean("forceReload", params.forceReload);
    return this.#host.request("skills/list", params, { signal });
  }
}
