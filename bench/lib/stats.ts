/** Summary statistics of repeated measurements. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
  samples: number[];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    n: finite.length,
    min: finite.length ? Math.min(...finite) : NaN,
    median: median(finite),
    max: finite.length ? Math.max(...finite) : NaN,
    samples: finite.map((v) => round(v)),
  };
}

/** Rounds to 4 significant digits (enough for timings; keeps the JSON readable). */
export function round(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(v))));
  return Number(v.toFixed(Math.min(digits, 6)));
}

/** `12.3 (11.9–13.0)`. */
export function fmt(s: Summary | undefined, digits = 1): string {
  if (!s || s.n === 0) return "n/a";
  const f = (v: number): string => v.toFixed(digits);
  return s.n === 1 ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
