/**
 * The viewer page's script, as text (it runs in the browser, not in Node). It reads the embedded
 * trace view, flattens it into rows (threads, turns, and the items of the open turns) and renders
 * only the rows in view, re-rendering on scroll in an animation frame.
 *
 * @module
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var ROW = 26;
  var view = JSON.parse(document.getElementById("trace-data").textContent);
  var list = document.getElementById("list");
  var spacer = document.getElementById("spacer");
  var detail = document.getElementById("detail");
  var open = new Set();
  var selected = null;
  var rows = [];
  var span = Math.max(1, view.end - view.start);
  var pool = [];

  function fmtMs(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return "";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + " s";
    return Math.floor(ms / 60000) + " m " + Math.round((ms % 60000) / 1000) + " s";
  }
  function fmtInt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function turnEnd(t) {
    if (t.end !== null) return t.end;
    var e = t.start;
    for (var i = 0; i < t.items.length; i++) e = Math.max(e, t.items[i].end === null ? t.items[i].start : t.items[i].end);
    return e;
  }
  function isBad(status) { return status === "failed" || status === "error" || status === "declined" || status === "decline" || status === "cancel"; }

  var totals = { turns: 0, items: 0, input: 0, output: 0, errors: 0 };
  view.threads.forEach(function (th) {
    th.turns.forEach(function (t) {
      totals.turns++;
      totals.items += t.items.length;
      if (t.usage) { totals.input += t.usage.input; totals.output += t.usage.output; }
      if (t.status === "failed") totals.errors++;
      t.items.forEach(function (it) { if (it.error) totals.errors++; });
    });
  });
  document.getElementById("stat-threads").textContent = fmtInt(view.threads.length);
  document.getElementById("stat-turns").textContent = fmtInt(totals.turns);
  document.getElementById("stat-items").textContent = fmtInt(totals.items);
  document.getElementById("stat-messages").textContent = fmtInt(view.messages);
  document.getElementById("stat-tokens").textContent = fmtInt(totals.input) + " / " + fmtInt(totals.output);
  document.getElementById("stat-errors").textContent = fmtInt(totals.errors);
  if (totals.errors > 0) document.getElementById("stat-errors-box").classList.add("bad");
  document.getElementById("stat-duration").textContent = fmtMs(view.end - view.start);

  function flatten() {
    rows = [];
    view.threads.forEach(function (th) {
      rows.push({ kind: "thread", thread: th });
      th.turns.forEach(function (t) {
        rows.push({ kind: "turn", turn: t });
        if (open.has(t)) t.items.forEach(function (it) { rows.push({ kind: "item", item: it, turn: t }); });
      });
    });
    spacer.style.height = rows.length * ROW + "px";
  }

  function cell(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }
  function track(left, width, cls) {
    var tr = document.createElement("span");
    tr.className = "track";
    var bar = document.createElement("span");
    bar.className = "bar " + cls;
    bar.style.left = Math.max(0, Math.min(100, left * 100)) + "%";
    bar.style.width = Math.max(0, Math.min(100 - left * 100, width * 100)) + "%";
    tr.appendChild(bar);
    return tr;
  }

  function fill(el, r) {
    el.textContent = "";
    el.className = "row " + r.kind;
    el.dataset.kind = r.kind;
    if (r.kind === "thread") {
      var th = r.thread;
      el.appendChild(cell("title", "Thread " + th.id + (th.model ? " · " + th.model : "") + " · " + th.turns.length + " turn" + (th.turns.length === 1 ? "" : "s")));
      return;
    }
    if (r.kind === "turn") {
      var t = r.turn;
      var end = turnEnd(t);
      var bad = t.status === "failed";
      if (bad) el.classList.add("error");
      if (selected === t) el.classList.add("selected");
      el.dataset.turn = t.id;
      el.appendChild(cell("caret", open.has(t) ? "▾" : "▸"));
      el.appendChild(cell("kind", "turn"));
      var prompt = t.items.find(function (it) { return it.kind === "userMessage"; });
      el.appendChild(cell("title", (prompt ? prompt.title : t.id) + " · " + t.items.length + " items" + (t.error ? " · " + t.error : "")));
      el.appendChild(cell("status" + (bad ? " bad" : ""), t.status));
      el.appendChild(cell("tokens", t.usage ? fmtInt(t.usage.input) + " / " + fmtInt(t.usage.output) : ""));
      el.appendChild(cell("dur", fmtMs(end - t.start)));
      el.appendChild(track((t.start - view.start) / span, (end - t.start) / span, bad ? "bad" : ""));
      return;
    }
    var it = r.item;
    var tStart = r.turn.start;
    var tSpan = Math.max(1, turnEnd(r.turn) - tStart);
    var iEnd = it.end === null ? it.start : it.end;
    if (it.error) el.classList.add("error");
    if (selected === it) el.classList.add("selected");
    el.appendChild(cell("kind", it.kind));
    el.appendChild(cell("title", it.title + (it.deltas ? "  (" + it.deltas + " deltas)" : "")));
    el.appendChild(cell("status" + (it.error || isBad(it.status) ? " bad" : ""), it.status));
    el.appendChild(cell("dur", fmtMs(iEnd - it.start)));
    el.appendChild(track((it.start - tStart) / tSpan, (iEnd - it.start) / tSpan, it.error ? "bad" : "item"));
  }

  var scheduled = false;
  function render() {
    scheduled = false;
    var first = Math.max(0, Math.floor(list.scrollTop / ROW) - 10);
    var last = Math.min(rows.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW) + 10);
    var needed = last - first;
    while (pool.length < needed) {
      var el = document.createElement("div");
      spacer.appendChild(el);
      pool.push(el);
    }
    for (var i = 0; i < pool.length; i++) {
      var node = pool[i];
      if (i < needed) {
        var r = rows[first + i];
        node.style.display = "";
        node.style.top = (first + i) * ROW + "px";
        node.dataset.index = String(first + i);
        fill(node, r);
      } else {
        node.style.display = "none";
        node.className = "pool";
        node.textContent = "";
        node.dataset.index = "";
      }
    }
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  }

  function show(title, body, meta) {
    detail.textContent = "";
    var h = document.createElement("h2");
    h.textContent = title;
    detail.appendChild(h);
    if (meta) { var p = document.createElement("p"); p.className = "muted"; p.textContent = meta; detail.appendChild(p); }
    var pre = document.createElement("pre");
    pre.textContent = body || "(no details)";
    detail.appendChild(pre);
  }

  spacer.addEventListener("click", function (event) {
    var el = event.target.closest(".row");
    if (!el || el.dataset.index === "") return;
    var r = rows[Number(el.dataset.index)];
    if (!r) return;
    if (r.kind === "turn") {
      if (open.has(r.turn)) open.delete(r.turn); else open.add(r.turn);
      selected = r.turn;
      var u = r.turn.usage;
      show("Turn " + r.turn.id, r.turn.error || "", r.turn.status + " · " + fmtMs(turnEnd(r.turn) - r.turn.start) + (u ? " · tokens in " + u.input + " (cached " + u.cached + "), out " + u.output + " (reasoning " + u.reasoning + ")" : ""));
      flatten();
    } else if (r.kind === "item") {
      selected = r.item;
      var e = r.item.end === null ? null : r.item.end - r.item.start;
      show(r.item.kind + ": " + r.item.title, r.item.detail, r.item.status + (e === null ? "" : " · " + fmtMs(e)) + (r.item.deltas ? " · " + r.item.deltas + " deltas" : ""));
    }
    render();
  });
  list.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  document.getElementById("expand-all").addEventListener("click", function () {
    view.threads.forEach(function (th) { th.turns.forEach(function (t) { open.add(t); }); });
    flatten(); render();
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    open.clear(); flatten(); render();
  });
  document.getElementById("next-error").addEventListener("click", function () {
    var from = Math.floor(list.scrollTop / ROW) + 1;
    view.threads.forEach(function (th) { th.turns.forEach(function (t) { if (t.items.some(function (it) { return it.error; })) open.add(t); }); });
    flatten();
    for (var i = 0; i < rows.length; i++) {
      var k = (from + i) % rows.length, r = rows[k];
      if ((r.kind === "item" && r.item.error) || (r.kind === "turn" && r.turn.status === "failed")) { list.scrollTop = k * ROW; break; }
    }
    render();
  });

  flatten();
  render();
  document.body.dataset.ready = "true";
})();
`;
