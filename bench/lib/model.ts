/** The shapes of bench/results/latest.json. */
import type { Summary } from "./stats.js";

export const CLIENTS = ["sdk", "sdk-before", "raw", "codex-sdk", "compat"] as const;
export type ClientId = (typeof CLIENTS)[number];

export const CLIENT_LABEL: Readonly<Record<ClientId, string>> = {
  sdk: "codex-app-sdk",
  "sdk-before": "codex-app-sdk (BENCH_BEFORE_DIST)",
  raw: "raw JSON-RPC client",
  "codex-sdk": "@openai/codex-sdk",
  compat: "codex-app-sdk/codex-sdk (drop-in)",
};

export type WorkloadId = "W1" | "W2" | "W3" | "W4" | "W5" | "W6" | "W7";

/** One measured quantity of a workload. */
export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  digits: number;
  better: "higher" | "lower" | "none";
}

export interface WorkloadResult {
  id: WorkloadId;
  title: string;
  what: string;
  params: Record<string, number>;
  clients: ClientId[];
  metrics: MetricDef[];
  /** Per client, the metrics of every round, in round order. */
  rounds: Partial<Record<ClientId, Record<string, number>[]>>;
  summary: Partial<Record<ClientId, Record<string, Summary>>>;
  /** Client order of each round (interleaved, rotated). */
  order: ClientId[][];
  durationSec: number;
  error?: string;
}

/** A ratio of medians of two clients in the same run. */
export interface Ratio {
  id: string;
  label: string;
  workload: WorkloadId;
  metric: string;
  numerator: ClientId;
  denominator: ClientId;
  better: "higher" | "lower";
  /** median(numerator) / median(denominator). */
  value: number;
  /** Range of the per-round ratios (round r of one client against round r of the other). */
  perRound: { min: number; max: number };
  target?: { op: ">=" | "<="; value: number; text: string };
  pass?: boolean;
}

/** A target on an absolute quantity. */
export interface Check {
  id: string;
  label: string;
  value: number;
  unit: string;
  target: { op: ">=" | "<="; value: number; text: string };
  pass: boolean;
}

export interface BenchResults {
  env: Record<string, string | number | number[]>;
  config: { rounds: number; quick: boolean; only: string[]; beforeDist?: string };
  workloads: WorkloadResult[];
  ratios: Ratio[];
  checks: Check[];
}
