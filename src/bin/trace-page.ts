/**
 * The trace viewer page: one self-contained HTML file (inline style, script and data; no network)
 * that lists threads, their turns on a timeline, and each turn's items with durations. Only the
 * rows in view are in the DOM (fixed-height rows in a scrolled spacer), so a long session scrolls
 * smoothly however many rows it has.
 *
 * @module
 */
import type { TraceView } from "./trace-model.js";
import { PAGE_SCRIPT } from "./trace-page-script.js";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.4 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d2330;background:#f6f7f9;height:100vh;display:flex;flex-direction:column}
header{padding:10px 16px;background:#1d2330;color:#fff;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:15px;margin:0 12px 0 0;font-weight:600}
header .stat b{font-weight:600}
header .stat.bad b{color:#ff8a80}
.toolbar{padding:6px 16px;display:flex;gap:8px;border-bottom:1px solid #dde1e7;background:#fff}
.toolbar button{font:inherit;padding:2px 10px;border:1px solid #c5ccd6;background:#fff;border-radius:4px;cursor:pointer}
main{flex:1;display:flex;min-height:0}
#list{flex:1;overflow-y:auto;position:relative;background:#fff}
#spacer{position:relative}
.row{position:absolute;left:0;right:0;height:26px;display:flex;align-items:center;gap:8px;padding:0 10px;border-bottom:1px solid #f0f2f5;white-space:nowrap;cursor:default}
.row.thread{background:#eef1f6;font-weight:600}
.row.turn{cursor:pointer}
.row.turn:hover,.row.item:hover{background:#f3f6fb}
.row.item{padding-left:34px;cursor:pointer}
.row.error{background:#fdecea}
.row.selected{outline:2px solid #4c7bd9;outline-offset:-2px}
.caret{width:12px;color:#667}
.kind{width:130px;overflow:hidden;text-overflow:ellipsis;color:#556;font-family:ui-monospace,monospace;font-size:12px}
.title{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis}
.status{width:90px;color:#556}
.status.bad{color:#c62828;font-weight:600}
.dur{width:70px;text-align:right;font-variant-numeric:tabular-nums;color:#334}
.tokens{width:120px;text-align:right;color:#556;font-variant-numeric:tabular-nums}
.track{width:240px;height:10px;background:#eef1f6;border-radius:3px;position:relative;flex:none}
.bar{position:absolute;top:0;bottom:0;min-width:2px;border-radius:3px;background:#4c7bd9}
.bar.bad{background:#e53935}
.bar.item{background:#7ea6e8}
aside{width:38%;max-width:640px;border-left:1px solid #dde1e7;background:#fbfcfd;overflow:auto;padding:12px 16px}
aside h2{font-size:14px;margin:0 0 8px}
aside pre{white-space:pre-wrap;word-break:break-word;font:12px/1.45 ui-monospace,monospace;background:#fff;border:1px solid #e3e7ed;padding:8px;border-radius:4px}
aside .muted{color:#778}
`;

/** Escapes JSON for a `<script>` element (no `</script>`, no `<!--`). */
function embed(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

/** The complete HTML page for `view`. */
export function tracePage(view: TraceView): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Codex trace: ${escapeHtml(view.source)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Codex trace · ${escapeHtml(view.source)}</h1>
<span class="stat">threads <b id="stat-threads"></b></span>
<span class="stat">turns <b id="stat-turns"></b></span>
<span class="stat">items <b id="stat-items"></b></span>
<span class="stat">messages <b id="stat-messages"></b></span>
<span class="stat">tokens in/out <b id="stat-tokens"></b></span>
<span class="stat" id="stat-errors-box">errors <b id="stat-errors"></b></span>
<span class="stat">duration <b id="stat-duration"></b></span>
</header>
<div class="toolbar"><button id="expand-all" type="button">Expand all</button><button id="collapse-all" type="button">Collapse all</button><button id="next-error" type="button">Next error</button></div>
<main>
<div id="list" tabindex="0"><div id="spacer"></div></div>
<aside id="detail"><p class="muted">Click a turn to open it, an item to see its details.</p></aside>
</main>
<script type="application/json" id="trace-data">${embed(view)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
