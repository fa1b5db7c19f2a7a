// dotterel dashboard: filters live in the URL; every panel asks the server for an aggregate or a page.
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const QUADS = [
  ["verbal_coop", "1 verbal cooperation", "#9fd89a"], ["material_coop", "2 material cooperation", "#2e9a3a"],
  ["verbal_conflict", "3 verbal conflict", "#f2a541"], ["material_conflict", "4 material conflict", "#c8312b"]];
const FILTERS = ["since", "until", "source", "source_actor", "target", "target_actor", "country", "type", "quad",
  "min_confidence", "modality", "historical", "bbox"];
const PAGE = 50;
const CONFIG = { displaylogo: false, responsive: true };
const state = { offset: 0, sort: "-date", selected: null, world: null, busy: 0 };
const $ = (sel) => document.querySelector(sel);
const form = $("#filters");

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function showError(msg) {
  const b = $("#banner");
  b.textContent = msg || "";
  b.hidden = !msg;
}

async function api(path, params) {
  const url = path + (params && [...params].length ? "?" + params.toString() : "");
  const resp = await fetch(url);
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) throw new Error((body && body.error) || `${resp.status} ${resp.statusText}`);
  return body;
}

// --- filters <-> URL ---------------------------------------------------------------------------
function readUrl() {
  const q = new URLSearchParams(location.search);
  for (const name of FILTERS.concat(["every"])) {
    const el = form.elements[name];
    if (el && q.has(name)) el.value = q.get(name);
  }
  state.offset = Math.max(0, parseInt(q.get("offset") || "0", 10) || 0);
  state.sort = q.get("sort") || "-date";
  $("#sort").value = state.sort;
  state.selected = q.get("event");
}

function filterParams() {
  const p = new URLSearchParams();
  for (const name of FILTERS) {
    let v = (form.elements[name].value || "").trim();
    if (!v) continue;
    if (name === "source" || name === "target" || name === "country") v = v.toUpperCase();
    p.set(name, v);
  }
  return p;
}

function writeUrl() {
  const p = filterParams();
  const every = form.elements.every.value;
  if (every !== "month") p.set("every", every);
  if (state.offset) p.set("offset", state.offset);
  if (state.sort !== "-date") p.set("sort", state.sort);
  if (state.selected) p.set("event", state.selected);
  history.replaceState(null, "", location.pathname + ([...p].length ? "?" + p : ""));
  const box = form.elements.bbox.value;
  $("#bbox-chip").hidden = !box;
  $("#bbox-chip span").textContent = box;
}

// --- panels ------------------------------------------------------------------------------------
async function drawStats() {
  const s = await api("/api/stats");
  const c = s.counts;
  $("#stats").textContent = `${s.database}: ${c.events.toLocaleString()} events from ${c.articles.toLocaleString()} articles` +
    (s.first_date ? `, ${s.first_date} to ${s.last_date}` : "") +
    (s.last_run ? `; last run ${String(s.last_run.finished_at || s.last_run.started_at).slice(0, 16)}` : "");
}

async function drawTimeline() {
  const p = filterParams();
  p.set("every", form.elements.every.value);
  const rows = await api("/api/timeline", p);
  const every = form.elements.every.value;
  // Bars as wide as their period (centred on it), so one lone period does not shrink to a sliver.
  const width = 0.8 * 86400000 * { day: 1, week: 7, month: 30.4, quarter: 91.3, year: 365.2 }[every];
  const x = rows.map((r) => new Date(Date.parse(r.period) + width / 1.6).toISOString().slice(0, 10));
  const traces = QUADS.map(([key, name, color]) => ({
    type: "bar", name, x, width, y: rows.map((r) => r[key]), marker: { color },
    customdata: rows.map((r) => r.period), hovertemplate: `%{customdata}: %{y} (${name})<extra></extra>` }));
  traces.push({ type: "scatter", mode: "lines+markers", name: "mean Goldstein", x, yaxis: "y2",
    y: rows.map((r) => r.goldstein), line: { color: "#1f3a5f" } });
  await Plotly.react("timeline", traces, {
    barmode: "stack", margin: { t: 10, r: 50, b: 40, l: 45 }, legend: { orientation: "h", y: -0.2 },
    xaxis: { type: "date" },
    yaxis: { title: { text: "events" } },
    yaxis2: { title: { text: "Goldstein" }, overlaying: "y", side: "right", range: [-10.5, 10.5], tickvals: [-10, -5, 0, 5, 10], zeroline: false, showgrid: false },
  }, CONFIG);
}

function cellFor(range) {
  const width = range ? Math.abs(range[1] - range[0]) : 360;
  return Math.min(20, Math.max(0.05, +(width / 60).toFixed(2)));
}

async function drawMap(view) {
  if (!state.world) state.world = await api("/static/world.json");
  const p = filterParams();
  p.set("cell", cellFor(view && view.x));
  if (view && view.x && view.y) {
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    p.set("view", [clamp(view.x[0], -180, 180), clamp(view.y[0], -90, 90), clamp(view.x[1], -180, 180),
      clamp(view.y[1], -90, 90)].map((v) => v.toFixed(4)).join(","));
  }
  const cells = await api("/api/map", p);
  const max = Math.max(1, ...cells.map((c) => c.events));
  const outline = { type: "scatter", mode: "lines", x: state.world.lon, y: state.world.lat, hoverinfo: "skip",
    line: { color: "#9aa5b1", width: 0.6 }, showlegend: false };
  const clusters = { type: "scatter", mode: "markers", x: cells.map((c) => c.lon), y: cells.map((c) => c.lat),
    customdata: cells.map((c) => c.bbox), showlegend: false,
    text: cells.map((c) => `${esc(c.place)}${c.places > 1 ? ` and ${c.places - 1} more places` : ""}<br>${c.events} events, Goldstein ${c.goldstein}`),
    hovertemplate: "%{text}<extra></extra>",
    marker: { size: cells.map((c) => 6 + 30 * Math.sqrt(c.events / max)), color: cells.map((c) => c.goldstein),
      cmin: -10, cmax: 10, colorscale: "RdBu", reversescale: true, line: { color: "#333", width: 0.5 }, opacity: 0.85 } };
  const el = $("#map");
  const layout = { margin: { t: 5, r: 5, b: 20, l: 30 }, hovermode: "closest", dragmode: "pan",
    xaxis: { range: (view && view.x) || [-180, 180], showgrid: false, zeroline: false, constrain: "domain" },
    yaxis: { range: (view && view.y) || [-60, 85], scaleanchor: "x", showgrid: false, zeroline: false,
      constrain: "domain" } };
  await Plotly.react(el, [outline, clusters], layout, { ...CONFIG, scrollZoom: true });
  if (!el.dataset.bound) {
    el.dataset.bound = "1";
    el.on("plotly_click", (ev) => {
      const pt = ev.points.find((q) => q.curveNumber === 1);
      if (!pt) return;
      form.elements.bbox.value = pt.customdata.join(",");
      state.offset = 0;
      refresh({ keepMap: true });
    });
    el.on("plotly_relayout", (ev) => {
      if (el.dataset.redrawing) return;
      const x = ev["xaxis.range[0]"] !== undefined ? [ev["xaxis.range[0]"], ev["xaxis.range[1]"]] : null;
      const y = ev["yaxis.range[0]"] !== undefined ? [ev["yaxis.range[0]"], ev["yaxis.range[1]"]] : null;
      if (!x && !ev["xaxis.autorange"]) return;
      el.dataset.redrawing = "1";
      drawMap(x ? { x, y: y || el.layout.yaxis.range } : null).catch((e) => showError(e.message))
        .finally(() => { delete el.dataset.redrawing; });
    });
  }
}

function goldsteinColor(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const mix = (a, b) => Math.round(a + (b - a) * Math.abs(t));
  return t < 0 ? `rgb(${mix(170, 200)},${mix(170, 40)},${mix(170, 40)})` : `rgb(${mix(170, 40)},${mix(170, 110)},${mix(170, 200)})`;
}

async function drawNetwork() {
  const edges = await api("/api/network", filterParams());
  const weight = {};
  for (const e of edges) {
    weight[e.source] = (weight[e.source] || 0) + e.events;
    weight[e.target] = (weight[e.target] || 0) + e.events;
  }
  const nodes = Object.keys(weight).sort((a, b) => weight[b] - weight[a]);
  const pos = {};
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
    pos[n] = [Math.cos(a), Math.sin(a)];
  });
  const max = Math.max(1, ...edges.map((e) => e.events));
  const arrows = edges.map((e) => ({ x: pos[e.target][0] * 0.93, y: pos[e.target][1] * 0.93, ax: pos[e.source][0],
    ay: pos[e.source][1], xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 2,
    arrowsize: 0.8, arrowwidth: 1 + 7 * Math.sqrt(e.events / max), arrowcolor: goldsteinColor(e.goldstein),
    opacity: 0.8, text: "" }));
  const mids = { type: "scatter", mode: "markers", marker: { size: 10, opacity: 0 }, showlegend: false,
    x: edges.map((e) => (pos[e.source][0] + pos[e.target][0]) / 2),
    y: edges.map((e) => (pos[e.source][1] + pos[e.target][1]) / 2),
    text: edges.map((e) => `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${e.goldstein}`),
    hovertemplate: "%{text}<extra></extra>" };
  const dots = { type: "scatter", mode: "markers+text", x: nodes.map((n) => pos[n][0]), y: nodes.map((n) => pos[n][1]),
    text: nodes, textposition: "top center", showlegend: false, hovertemplate: "%{text}<extra></extra>",
    marker: { size: nodes.map((n) => 8 + 20 * Math.sqrt(weight[n] / Math.max(...Object.values(weight)))), color: "#1f3a5f" } };
  const axis = { visible: false, range: [-1.3, 1.3] };
  await Plotly.react("network", [mids, dots], { margin: { t: 5, r: 5, b: 5, l: 5 }, annotations: arrows,
    xaxis: axis, yaxis: { ...axis, scaleanchor: "x" }, hovermode: "closest" }, CONFIG);
}

function parties(list) {
  return (list || []).map((a) => esc(a.name || a.text) + (a.country ? ` <small>${esc(a.country)}</small>` : "")).join("; ");
}

async function drawTable() {
  const p = filterParams();
  p.set("limit", PAGE);
  p.set("offset", state.offset);
  p.set("sort", state.sort);
  const page = await api("/api/events", p);
  const body = $("#events tbody");
  body.innerHTML = page.events.map((e) => `<tr tabindex="0" data-event="${esc(e.event_id)}" data-article="${esc(e.article_id)}">
    <td>${esc(e.date)}</td><td>${parties(e.source)}</td><td>${esc(e.plover.type)}</td><td>${parties(e.target)}</td>
    <td>${esc(e.location ? e.location.name : "")}</td><td>${esc(e.evidence.trigger)}</td>
    <td>${e.confidence == null ? "" : e.confidence.toFixed(2)}</td></tr>`).join("");
  const last = Math.min(page.total, state.offset + page.events.length);
  $("#count").textContent = `${page.total.toLocaleString()} matching`;
  $("#page").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total.toLocaleString()}` : "no events";
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = last >= page.total;
  markSelected();
}

function markSelected() {
  for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.event === state.selected);
}

// --- article with its evidence -------------------------------------------------------------------
function renderArticle(article, event) {
  const spans = [];
  if (event && event.sentence_start != null) spans.push([event.sentence_start, event.sentence_end, "evidence"]);
  if (event) {
    spans.push([event.evidence.start, event.evidence.end, "trigger"]);
    for (const p of event.parties) spans.push([p.start, p.end, p.side === "source" ? "src" : "tgt"]);
  }
  const text = article.text || "";
  const cuts = new Set([0, text.length]);
  for (const [a, b] of spans) if (a != null && b != null && a < b) { cuts.add(a); cuts.add(b); }
  const bounds = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    const cls = spans.filter(([s, e]) => s <= a && b <= e).map((s) => s[2]);
    const piece = esc(text.slice(a, b));
    html += cls.length ? `<span class="${cls.join(" ")}">${piece}</span>` : piece;
  }
  $("#article").innerHTML = html;
  const first = $("#article .evidence") || $("#article .trigger");
  if (first) first.scrollIntoView({ block: "center", behavior: "instant" });
}

async function openEvent(eventId, articleId) {
  state.selected = eventId;
  writeUrl();
  markSelected();
  if (!articleId) articleId = (await api(`/api/events/${encodeURIComponent(eventId)}`)).article_id;
  const article = await api(`/api/articles/${encodeURIComponent(articleId)}`);
  const card = $("#article-card");
  card.hidden = false;
  $("#article-title").textContent = article.title || article.article_id;
  $("#article-meta").textContent = [article.published, article.source, article.url].filter(Boolean).join(" · ");
  const list = $("#article-events");
  list.innerHTML = article.events.map((e) => `<li data-event="${esc(e.event_id)}">${esc(e.plover.type)}:
    ${parties(e.source)} → ${parties(e.target)} (“${esc(e.evidence.trigger)}”)</li>`).join("");
  const show = (id) => {
    const ev = article.events.find((e) => e.event_id === id) || article.events[0];
    for (const li of list.children) li.classList.toggle("selected", li.dataset.event === (ev && ev.event_id));
    renderArticle(article, ev);
  };
  list.onclick = (e) => {
    const li = e.target.closest("li");
    if (li) { state.selected = li.dataset.event; writeUrl(); markSelected(); show(li.dataset.event); }
  };
  show(eventId);
  card.scrollIntoView({ block: "start" });
}

// --- wiring ------------------------------------------------------------------------------------
async function refresh(opts = {}) {
  writeUrl();
  showError("");
  state.busy += 1;
  document.body.dataset.loading = "1";
  const jobs = [drawTimeline(), drawNetwork(), drawTable()];
  if (!opts.keepMap) jobs.push(drawMap());
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason.message);
  state.busy -= 1;
  if (!state.busy) delete document.body.dataset.loading;
  document.body.dataset.ready = "1";
}

async function loadActors() {
  const q = (form.elements.source_actor.value || form.elements.target_actor.value || "").trim();
  if (q.length < 2) return;
  const rows = await api("/api/actors", new URLSearchParams({ q, limit: 15 }));
  $("#actor-list").innerHTML = rows.map((r) => `<option value="${esc(r.name || r.text)}">`).join("");
}

function init() {
  const sel = form.elements.type;
  sel.insertAdjacentHTML("beforeend", PLOVER.map((t) => `<option>${t}</option>`).join(""));
  readUrl();
  form.addEventListener("submit", (e) => { e.preventDefault(); state.offset = 0; refresh(); });
  form.addEventListener("change", (e) => {
    if (e.target.tagName === "SELECT") { state.offset = 0; refresh(); }
  });
  let typing = null;  // ask for actor names once typing pauses, not on every key
  const suggest = () => { clearTimeout(typing); typing = setTimeout(() => loadActors().catch(() => {}), 300); };
  form.elements.source_actor.addEventListener("input", suggest);
  form.elements.target_actor.addEventListener("input", suggest);
  $("#reset").onclick = () => { history.replaceState(null, "", location.pathname); form.reset(); state.offset = 0;
    state.selected = null; form.elements.bbox.value = ""; refresh(); };
  $("#clear-bbox").onclick = () => { form.elements.bbox.value = ""; state.offset = 0; refresh(); };
  $("#prev").onclick = () => { state.offset = Math.max(0, state.offset - PAGE); writeUrl(); drawTable().catch((e) => showError(e.message)); };
  $("#next").onclick = () => { state.offset += PAGE; writeUrl(); drawTable().catch((e) => showError(e.message)); };
  $("#sort").onchange = (e) => { e.stopPropagation(); state.sort = e.target.value; state.offset = 0; writeUrl();
    drawTable().catch((err) => showError(err.message)); };
  const open = (e) => {
    const tr = e.target.closest("tr");
    if (tr) openEvent(tr.dataset.event, tr.dataset.article).catch((err) => showError(err.message));
  };
  $("#events tbody").addEventListener("click", open);
  $("#events tbody").addEventListener("keydown", (e) => { if (e.key === "Enter") open(e); });
  drawStats().catch((e) => showError(e.message));
  refresh().then(() => { if (state.selected) openEvent(state.selected).catch((e) => showError(e.message)); });
}

init();
