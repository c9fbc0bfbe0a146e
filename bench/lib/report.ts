/** Renders bench results as a Markdown report and an SVG chart of the ratios (no chart library). */
import { CLIENT_LABEL, type BenchResults, type Ratio } from "./model.js";
import { fmt } from "./stats.js";

function num(v: number, digits = 2): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

function verdict(pass: boolean | undefined): string {
  return pass === undefined ? "" : pass ? "✅ met" : "❌ missed";
}

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const e = r.env;
  out.push("# codex-app-sdk benchmarks", "");
  out.push(
    `Run ${String(e["date"])} on ${String(e["cpus"])} × ${String(e["cpuModel"])}, ${String(e["memGiB"])} GiB, ` +
      `Node ${String(e["node"])}, codex ${String(e["codex"])} (native binary), @openai/codex-sdk ${String(e["codexSdk"])}. ` +
      `${r.config.rounds} interleaved rounds per workload${r.config.quick ? " (**BENCH_QUICK: reduced sizes, not comparable**)" : ""}; ` +
      `load average at start ${String(e["loadStart"])}, at end ${String(e["loadEnd"])}; total ${String(e["totalSec"])} s.`,
    "",
    "Values are `median (min–max)` over the rounds. Each client runs in its own Node process per round, " +
      "against the same binary and the same mock Responses API; clients take turns within each round (A B C, B C A, …).",
    "",
  );
  out.push("## Ratios against the baselines", "");
  out.push("| ratio | value (median of rounds) | per-round range | target | |");
  out.push("|---|---|---|---|---|");
  for (const q of r.ratios) {
    out.push(
      `| ${q.label} | **${num(q.value)}** | ${num(q.perRound.min)}–${num(q.perRound.max)} | ${q.target?.text ?? "(info)"} | ${verdict(q.pass)} |`,
    );
  }
  for (const c of r.checks) {
    out.push(`| ${c.label} | **${num(c.value, 1)} ${c.unit}** | | ${c.target.text} | ${verdict(c.pass)} |`);
  }
  out.push("");
  for (const w of r.workloads) {
    out.push(`## ${w.id} ${w.title}`, "", w.what, "");
    const params = Object.entries(w.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    out.push(`Parameters: ${params}. Took ${w.durationSec.toFixed(0)} s.`, "");
    if (w.error) out.push(`**Failed:** \`${w.error.split("\n")[0] ?? ""}\``, "");
    const clients = w.clients.filter((c) => w.summary[c] !== undefined);
    if (clients.length === 0) continue;
    out.push(`| metric | ${clients.map((c) => CLIENT_LABEL[c]).join(" | ")} |`);
    out.push(`|---|${clients.map(() => "---").join("|")}|`);
    for (const m of w.metrics) {
      const cells = clients.map((c) => fmt(w.summary[c]?.[m.key], m.digits));
      if (cells.every((cell) => cell === "n/a")) continue;
      const hint = m.better === "higher" ? " ↑" : m.better === "lower" ? " ↓" : "";
      out.push(`| ${m.label} (${m.unit})${hint} | ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  out.push("↑ higher is better, ↓ lower is better. Chart: `latest.svg`. Raw data: `latest.json`.", "");
  return out.join("\n");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

interface Bar {
  label: string;
  value: number;
  lo: number;
  hi: number;
  target?: number;
  pass?: boolean;
  suffix: string;
}

/** Ratios vs @openai/codex-sdk are drawn as "times better", so that every bar there reads the same way. */
function advantage(q: Ratio): Bar {
  const flip = q.better === "lower";
  const v = (x: number): number => (flip ? 1 / x : x);
  const lo = v(flip ? q.perRound.max : q.perRound.min);
  const hi = v(flip ? q.perRound.min : q.perRound.max);
  const target = q.target ? v(q.target.value) : undefined;
  const bar: Bar = {
    label: q.label,
    value: v(q.value),
    lo,
    hi,
    suffix: flip ? "× less" : "× more",
  };
  if (target !== undefined) bar.target = target;
  if (q.pass !== undefined) bar.pass = q.pass;
  return bar;
}

function asIs(q: Ratio): Bar {
  const hint = q.better === "higher" ? " ↑" : " ↓";
  const bar: Bar = {
    label: q.label + hint,
    value: q.value,
    lo: q.perRound.min,
    hi: q.perRound.max,
    suffix: "×",
  };
  if (q.target) bar.target = q.target.value;
  if (q.pass !== undefined) bar.pass = q.pass;
  return bar;
}

function panel(
  title: string,
  subtitle: string,
  bars: Bar[],
  y0: number,
  reference?: number,
  cap = Infinity,
): string[] {
  const left = 330;
  const width = 470;
  const rowH = 26;
  const parts: string[] = [];
  parts.push(`<text x="16" y="${y0 + 18}" class="h">${esc(title)}</text>`);
  parts.push(`<text x="16" y="${y0 + 36}" class="s">${esc(subtitle)}</text>`);
  const top = y0 + 48;
  const max = Math.max(
    reference ?? 0,
    ...bars.flatMap((b) => [b.value, b.hi, b.target ?? 0].filter((v) => Number.isFinite(v))),
  );
  // Ratios far off the scale (cap) are drawn clipped, so they do not squash every other bar.
  const scaleMax = Math.min(niceCeil(max * 1.08), cap);
  const x = (v: number): number => left + (Math.max(0, Math.min(v, scaleMax)) / scaleMax) * width;
  const bottom = top + bars.length * rowH;
  // grid
  const step = niceStep(scaleMax);
  for (let t = 0; t <= scaleMax + 1e-9; t += step) {
    parts.push(`<line x1="${x(t)}" y1="${top - 4}" x2="${x(t)}" y2="${bottom}" class="grid"/>`);
    parts.push(`<text x="${x(t)}" y="${bottom + 14}" class="tick">${+t.toFixed(2)}</text>`);
  }
  if (reference !== undefined) {
    parts.push(
      `<line x1="${x(reference)}" y1="${top - 6}" x2="${x(reference)}" y2="${bottom}" class="ref"/>`,
    );
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const cls = b.pass === undefined ? "info" : b.pass ? "ok" : "bad";
    parts.push(`<text x="${left - 8}" y="${y + 16}" class="lbl">${esc(b.label)}</text>`);
    if (Number.isFinite(b.value)) {
      parts.push(`<rect x="${left}" y="${y + 5}" width="${x(b.value) - left}" height="14" class="${cls}"/>`);
      if (Number.isFinite(b.lo) && Number.isFinite(b.hi)) {
        parts.push(
          `<line x1="${x(b.lo)}" y1="${y + 12}" x2="${x(b.hi)}" y2="${y + 12}" class="wh"/>`,
          `<line x1="${x(b.lo)}" y1="${y + 8}" x2="${x(b.lo)}" y2="${y + 16}" class="wh"/>`,
          `<line x1="${x(b.hi)}" y1="${y + 8}" x2="${x(b.hi)}" y2="${y + 16}" class="wh"/>`,
        );
      }
      const tx = Math.min(x(Math.max(b.value, Number.isFinite(b.hi) ? b.hi : b.value)) + 6, left + width + 4);
      const clipped = b.value > scaleMax ? " (off scale)" : "";
      parts.push(
        `<text x="${tx}" y="${y + 16}" class="val">${b.value.toFixed(2)}${esc(b.suffix)}${clipped}</text>`,
      );
    }
    if (b.target !== undefined) {
      parts.push(`<line x1="${x(b.target)}" y1="${y + 1}" x2="${x(b.target)}" y2="${y + 23}" class="tgt"/>`);
    }
  });
  return parts;
}

function niceStep(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function niceCeil(v: number): number {
  const s = niceStep(v);
  return Math.ceil(v / s) * s;
}

export function renderSvg(r: BenchResults): string {
  const vsRaw = r.ratios.filter((q) => q.denominator === "raw").map(asIs);
  const vsSdk = r.ratios.filter((q) => q.denominator === "codex-sdk").map(advantage);
  const parts: string[] = [];
  let y = 10;
  parts.push(
    ...panel(
      "codex-app-sdk ÷ raw JSON-RPC client (1.0 = identical)",
      "bar: ratio of medians · whisker: per-round range · dashed: target · green met, red missed, grey info · ↑/↓: higher/lower is better",
      vsRaw,
      y,
      1,
      2,
    ),
  );
  y += 48 + vsRaw.length * 26 + 34;
  if (vsSdk.length > 0) {
    parts.push(
      ...panel(
        "codex-app-sdk vs @openai/codex-sdk (times better)",
        "turns/s: × more throughput · memory: × less total memory of the process tree (PSS, and RSS as info)",
        vsSdk,
        y,
        1,
      ),
    );
    y += 48 + vsSdk.length * 26 + 34;
  }
  const height = y;
  const style = `
  text { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: #222; }
  .h { font-size: 15px; font-weight: 600; } .s { font-size: 11px; fill: #666; }
  .lbl { font-size: 12px; text-anchor: end; } .val { font-size: 11px; } .tick { font-size: 10px; fill: #777; text-anchor: middle; }
  .grid { stroke: #eee; } .ref { stroke: #999; stroke-width: 1; }
  .ok { fill: #3a9d5d; } .bad { fill: #d9534f; } .info { fill: #9aa5b1; }
  .wh { stroke: #222; stroke-width: 1; } .tgt { stroke: #222; stroke-width: 2; stroke-dasharray: 3 2; }`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" viewBox="0 0 900 ${height}">`,
    `<style>${style}\n</style>`,
    `<rect width="900" height="${height}" fill="#fff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
