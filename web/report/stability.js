// Stability (the graph model for conflict resolution; Fang, Hipel & Kilgour 1993): which states each decision
// maker would not leave under each concept, the equilibria, and the state graph of improvements with the
// status quo's shortest route to each equilibrium.
import * as Plot from "@observablehq/plot";
import {el, figure, fmt, section, skippedNote, table} from "./dom.js";
import {actorColors, actorOf} from "./issues.js";

// States on a grid: the decision makers split into two groups with about as many options each (in input order,
// each to the group with fewer options so far); a state's row is the pattern of the first group's options, its
// column that of the second's. A move by a decision maker changes only its own options, so every arrow runs
// along a row or along a column, and the graph stays legible up to 64 states (an 8 x 8 grid).
function gridLayout(st) {
  const options = st.conflict.options;
  const groups = [[], []];
  for (const dm of st.conflict.decision_makers) {
    const own = options.map((o, k) => (o.actor === dm.id ? k : -1)).filter((k) => k >= 0);
    const count = (g) => g.reduce((n, x) => n + x.options.length, 0);
    groups[count(groups[0]) <= count(groups[1]) ? 0 : 1].push({id: dm.id, options: own});
  }
  const keys = groups.map((g) => g.flatMap((x) => x.options));
  const sub = (pattern, ks) => ks.map((k) => pattern[k]).join("");
  // Rows and columns in the order of their patterns read as binary numbers, "N" first (as state codes are).
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const rows = [...new Set(st.states.map((x) => sub(x.pattern, keys[0])))].sort(order);
  const cols = [...new Set(st.states.map((x) => sub(x.pattern, keys[1])))].sort(order);
  const place = new Map(st.states.map((x) => [x.number,
    {x: cols.indexOf(sub(x.pattern, keys[1])), y: rows.indexOf(sub(x.pattern, keys[0]))}]));
  const label = (g, ks) => `${g.map((x) => x.id).join(", ")}: ${ks.map((k) => options[k].id).join(", ")}`;
  return {place, rows, cols, rowLabel: label(groups[0], keys[0]), colLabel: label(groups[1], keys[1])};
}

function stateGraph(d, st) {
  const states = st.states;
  const n = states.length;
  const {place, rows, cols, rowLabel, colLabel} = gridLayout(st);
  const equilibrium = new Set(Object.values(st.equilibria).flat());
  const improvements = st.moves.filter((m) => m.improvement)
    .map((m) => ({...m, name: actorOf(d, m.dm).name, a: place.get(m.from), b: place.get(m.to)}));
  const dms = [...new Set(st.moves.map((m) => m.dm))];
  // The status quo's shortest route by legal moves to an equilibrium (the first listed among the shortest);
  // none when the status quo is one itself.
  const route = [];
  const sq = st.status_quo;
  if (sq && !equilibrium.has(sq.state)) {
    const reachable = sq.equilibria.filter((e) => e.by_moves && e.by_moves.steps > 0);
    const shortest = reachable.reduce((best, e) => (!best || e.by_moves.steps < best.by_moves.steps ? e : best), null);
    if (shortest) for (const step of shortest.by_moves.path) route.push({...step, a: place.get(step.from), b: place.get(step.to)});
  }
  const nodes = states.map((s) => ({...s, ...place.get(s.number), eq: equilibrium.has(s.number),
    sq: st.status_quo && st.status_quo.state === s.number}));
  // Cells wide enough for a state, its pattern and the arrows between; at most 860 px wide.
  const cell = Math.max(70, Math.min(130, Math.floor(700 / Math.max(1, cols.length))));
  const chart = Plot.plot({
    width: 160 + cell * cols.length, height: 110 + cell * rows.length, marginLeft: 110, marginTop: 60, marginBottom: 50,
    x: {domain: [-0.5, cols.length - 0.5], ticks: cols.map((c, k) => k), tickFormat: (k) => cols[k] ?? "",
      label: `${colLabel} (Y/N)`, labelAnchor: "center", axis: "top"},
    y: {domain: [rows.length - 0.5, -0.5], ticks: rows.map((r, k) => k), tickFormat: (k) => rows[k] ?? "",
      label: `${rowLabel} (Y/N)`, labelAnchor: "center"},
    color: actorColors(d, dms),
    marks: [
      Plot.arrow(improvements, {x1: (m) => m.a.x, y1: (m) => m.a.y, x2: (m) => m.b.x, y2: (m) => m.b.y, bend: true,
        stroke: "name", strokeOpacity: 0.6, insetEnd: 14, insetStart: 12, className: "improvements",
        title: (m) => `${m.name} improves from state ${m.from} to ${m.to}`}),
      Plot.arrow(route, {x1: (m) => m.a.x, y1: (m) => m.a.y, x2: (m) => m.b.x, y2: (m) => m.b.y, bend: true,
        stroke: "#111", strokeWidth: 3, insetEnd: 14, insetStart: 12, className: "status-quo-route",
        title: (m) => `status quo route: ${m.mover} moves ${m.from} -> ${m.to}`}),
      Plot.dot(nodes, {x: "x", y: "y", r: 11, fill: (s) => (s.eq ? "#e9a03b" : "white"), stroke: (s) => (s.sq ? "#d62828" : "#333"),
        strokeWidth: (s) => (s.sq ? 3 : 1), className: "states",
        title: (s) => `state ${s.number} ${s.pattern}${s.eq ? ", an equilibrium" : ""}${s.sq ? ", the status quo" : ""}\n` +
          Object.entries(s.stable).map(([c, dms]) => `${c}: stable for ${dms.length ? dms.join(", ") : "nobody"}`).join("\n")}),
      Plot.text(nodes, {x: "x", y: "y", text: (s) => String(s.number), fontSize: 11, className: "state-numbers"}),
      Plot.text(nodes, {x: "x", y: "y", text: "pattern", dy: 19, fontSize: 10, fill: "#555", className: "state-patterns"}),
    ],
  });
  return figure("state-graph", {states: n}, chart,
    `States on a grid, numbered, with their Y/N pattern: the row gives ${rowLabel}, the column ${colLabel}, so each ` +
    "decision maker's moves run along a row or a column. Arrows: unilateral improvements, coloured by decision " +
    "maker. Filled: an equilibrium under some concept. Red ring: the status quo; black: its shortest route by legal " +
    "moves to an equilibrium" + (route.length ? "." : " (none drawn: " + (sq ? "the status quo is one itself)." : "no status quo).")));
}

// A concept's title (Nash, GMR, ..., L_2) and what it asks of a state, as the analysis describes them.
const conceptInfo = (st, c) => (st.concepts || []).find((x) => x.id === c) || {title: c.toUpperCase(), description: ""};

export function stabilitySection(d) {
  const st = d.stability;
  const skipped = skippedNote(st);
  if (skipped) return section("stability", "Stability (graph model)", skipped);
  const options = st.conflict.options.map((o) => [o.id, actorOf(d, o.actor).name, o.label || "", o.direction]);
  const concepts = Object.keys(st.equilibria).filter((c) => c !== "limited_decided_by_ties");
  const byNumber = new Map(st.states.map((s) => [s.number, s]));
  const eqRows = concepts.map((c) => [conceptInfo(st, c).title,
    st.equilibria[c].length ? st.equilibria[c].map((k) => `${k} ${byNumber.has(k) ? byNumber.get(k).pattern : ""}`).join(", ") : "none",
    conceptInfo(st, c).description]);
  const dms = st.conflict.decision_makers.map((m) => m.id);
  const stateRows = st.states.map((s) => [String(s.number), s.pattern,
    ...concepts.map((c) => (s.stable[c].length === dms.length ? "equilibrium" : s.stable[c].join(", ") || "-"))]);
  const parts = [
    table(["Option", "Controlled by", "Label", "Direction"], options),
    table(["Concept", "Equilibria (state, pattern)", "A state is stable when"], eqRows, {"class": "equilibria"}),
    el("details", {open: st.states.length <= 32}, el("summary", {}, `Stable for whom, state by state (${st.states_listed} states listed)`),
      table(["State", "Pattern", ...concepts.map((c) => conceptInfo(st, c).title)], stateRows, {"class": "states"})),
  ];
  if (st.status_quo) {
    const q = st.status_quo;
    parts.push(el("p", {}, `Status quo: state ${q.state} (${q.pattern}). ${q.reachable} states are reachable from it by legal ` +
      `moves, ${q.reachable_by_improvements} by improvements only.`));
    parts.push(table(["Equilibrium", "Concepts", "Steps by legal moves", "Route", "By improvements only"],
      q.equilibria.map((e) => [`${e.state} ${e.pattern}`, e.concepts.map((c) => conceptInfo(st, c).title).join(", "),
        e.by_moves ? String(e.by_moves.steps) : "unreachable",
        e.by_moves ? e.by_moves.path.map((s) => `${s.mover}: ${Object.entries(s.changes).map(([k, v]) => `${k} ${v}`).join(", ")}`).join("; ") : "-",
        e.by_improvements ? String(e.by_improvements.steps) : "unreachable"])));
  }
  if (st.moves) {
    parts.push(stateGraph(d, st));
  } else {
    parts.push(el("p", {}, `The state graph is drawn for conflicts of up to 64 states; this one has ${fmt(st.conflict.feasible_states, 0)}.`));
  }
  return section("stability", "Stability (graph model)", parts);
}
