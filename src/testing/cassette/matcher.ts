/**
 * Replay matching: each live request takes the first unused recorded interaction whose fingerprint
 * equals its own (so identical requests are answered in recorded order); a request that matches
 * none is reported with a diff against the nearest recorded request.
 *
 * @module
 */
import { truncate } from "../../internal/describe.js";
import type { CassetteInteraction } from "./format.js";
import { isModelRoute } from "./fingerprint.js";
import type { RequestFingerprint } from "./fingerprint.js";

/** The outcome of matching one request. */
export type MatchResult =
  | { readonly matched: true; readonly index: number; readonly interaction: CassetteInteraction }
  | { readonly matched: false; readonly message: string };

/**
 * The differences between a recorded fingerprint and a live one, one line per field that differs
 * (empty when they are equal).
 *
 * @example
 * ```ts
 * diffFingerprints({ route: "POST /responses", userInput: "hi" }, { route: "POST /responses", userInput: "ho" });
 * // ['userInput: recorded "hi", got "ho" (first difference at character 2)']
 * ```
 */
export function diffFingerprints(recorded: RequestFingerprint, actual: RequestFingerprint): string[] {
  const lines: string[] = [];
  if (recorded.route !== actual.route) lines.push(`route: recorded ${recorded.route}, got ${actual.route}`);
  if (!same(recorded.userInput, actual.userInput)) {
    lines.push(`userInput: ${textDiff(recorded.userInput, actual.userInput)}`);
  }
  if (!same(recorded.toolOutputs, actual.toolOutputs)) {
    const was = recorded.toolOutputs ?? [];
    const now = actual.toolOutputs ?? [];
    if (was.length !== now.length || was.some((o, i) => o.callId !== now[i]?.callId)) {
      lines.push(
        `toolOutputs: recorded calls [${was.map((o) => o.callId).join(", ")}], got [${now.map((o) => o.callId).join(", ")}]`,
      );
    }
    was.forEach((output, i) => {
      const other = now[i];
      if (other !== undefined && other.callId === output.callId && other.output !== output.output) {
        lines.push(`toolOutputs[${i}] (${output.callId}): ${textDiff(output.output, other.output)}`);
      }
    });
  }
  if (!same(recorded.tools, actual.tools)) {
    const was = new Set(recorded.tools ?? []);
    const now = new Set(actual.tools ?? []);
    const missing = [...was].filter((t) => !now.has(t));
    const extra = [...now].filter((t) => !was.has(t));
    lines.push(
      `tools: ${missing.length > 0 ? `no longer offered [${missing.join(", ")}]` : ""}` +
        `${missing.length > 0 && extra.length > 0 ? "; " : ""}${extra.length > 0 ? `newly offered [${extra.join(", ")}]` : ""}`,
    );
  }
  return lines;
}

/** Stateful matcher over the interactions of one cassette. */
export class ReplayMatcher {
  readonly #interactions: readonly CassetteInteraction[];
  readonly #used: boolean[];
  readonly #source: string;

  constructor(interactions: readonly CassetteInteraction[], source: string) {
    this.#interactions = interactions;
    this.#used = interactions.map(() => false);
    this.#source = source;
  }

  /**
   * Matches `actual`, the fingerprint of live request `label`. Model requests consume the
   * interaction they match; other routes (`GET /models`) reuse their latest recording.
   */
  match(actual: RequestFingerprint, label: string): MatchResult {
    const model = isModelRoute(actual.route);
    const candidates = this.#interactions
      .map((interaction, index) => ({ interaction, index }))
      .filter(
        ({ interaction, index }) =>
          interaction.request.match.route === actual.route && !(model && this.#used[index]),
      );
    const exact = model
      ? candidates.find(({ interaction }) => same(interaction.request.match, actual))
      : candidates.at(-1);
    if (exact !== undefined) {
      if (model) this.#used[exact.index] = true;
      return { matched: true, ...exact };
    }
    return { matched: false, message: this.#describeMiss(actual, label, candidates) };
  }

  /** The recorded model requests no live request has matched yet, as `#index route` labels. */
  unused(): string[] {
    return this.#interactions.flatMap((interaction, index) =>
      isModelRoute(interaction.request.match.route) && !this.#used[index]
        ? [`#${index} (${summary(interaction.request.match)})`]
        : [],
    );
  }

  #describeMiss(
    actual: RequestFingerprint,
    label: string,
    candidates: readonly { interaction: CassetteInteraction; index: number }[],
  ): string {
    const head = `cassette replay: ${label} matches no recorded request in ${this.#source}`;
    if (candidates.length === 0) {
      const total = this.#interactions.filter((i) => i.request.match.route === actual.route).length;
      return total === 0
        ? `${head}: nothing was recorded for ${actual.route}; re-record the cassette`
        : `${head}: all ${total} recorded ${actual.route} request(s) were already used (this one is extra: ${summary(actual)})`;
    }
    // Nearest: the fewest differing fields; among equals, the earliest (the next one in order).
    let best = candidates[0]!;
    let bestDiff = diffFingerprints(best.interaction.request.match, actual);
    for (const candidate of candidates.slice(1)) {
      const diff = diffFingerprints(candidate.interaction.request.match, actual);
      if (diff.length < bestDiff.length) [best, bestDiff] = [candidate, diff];
    }
    return `${head}. Nearest recorded request: interaction #${best.index}; differences:\n${bestDiff.map((l) => `  - ${l}`).join("\n")}`;
  }
}

function summary(fingerprint: RequestFingerprint): string {
  if (fingerprint.userInput === undefined) return fingerprint.route;
  const outputs = fingerprint.toolOutputs?.length ?? 0;
  return (
    `${fingerprint.route}, user input ${JSON.stringify(truncate(fingerprint.userInput ?? "", 60))}` +
    (outputs > 0 ? `, ${outputs} tool output(s)` : "")
  );
}

/** A readable difference of two texts: both (shortened around the first difference) and where. */
function textDiff(recorded: string | null | undefined, actual: string | null | undefined): string {
  if (typeof recorded !== "string" || typeof actual !== "string") {
    return `recorded ${JSON.stringify(recorded ?? null)}, got ${JSON.stringify(actual ?? null)}`;
  }
  let at = 0;
  while (at < recorded.length && at < actual.length && recorded[at] === actual[at]) at += 1;
  const start = Math.max(0, at - 30);
  const cut = (text: string): string => (start > 0 ? "…" : "") + truncate(text.slice(start), 120);
  return `recorded ${JSON.stringify(cut(recorded))}, got ${JSON.stringify(cut(actual))} (first difference at character ${at + 1})`;
}

/** Structural equality of JSON values (key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
