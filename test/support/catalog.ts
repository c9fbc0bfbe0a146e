/**
 * The model catalog of the runtime under test, read through the SDK, so tests follow the catalog
 * a runtime upgrade brings instead of naming its models.
 */
import { Codex } from "../../src/index.js";
import type { Model } from "../../src/types.js";
import type { AppServerHarness } from "../../src/testing/index.js";

/**
 * The models `codex.models()` lists in the harness's CODEX_HOME, from the pinned runtime: the
 * catalog an example sees (examples always run the pinned runtime, see run-example.ts).
 */
export async function runtimeCatalog(harness: AppServerHarness): Promise<Model[]> {
  await using codex = new Codex(harness.codexOptions({ env: { CODEX_PATH: undefined } }));
  const { data } = await codex.models();
  if (data.length < 2) throw new Error(`the runtime lists ${data.length} model(s); the tests need two`);
  return data;
}

/** The catalog's default model (the first one when none is marked). */
export function defaultModel(models: Model[]): Model {
  const model = models.find((m) => m.isDefault) ?? models[0];
  if (model === undefined) throw new Error("empty catalog");
  return model;
}

/** The catalog's efforts of a model, lightest first, and the strongest one. */
export function efforts(model: Model): { all: string[]; strongest: string } {
  const all = model.supportedReasoningEfforts.map((option) => option.reasoningEffort);
  return { all, strongest: all.at(-1) ?? model.defaultReasoningEffort };
}

/**
 * The effort the runtime sends to the Responses API for a Codex-level effort: the API's own
 * efforts as they are, the Codex-only levels above them as the API's strongest, `xhigh`.
 */
export function wireEffort(effort: string): string {
  return ["none", "minimal", "low", "medium", "high", "xhigh"].includes(effort) ? effort : "xhigh";
}
