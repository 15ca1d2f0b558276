// Issue maps (where each actor stands, what each party accepts, the ZOPA or the gap) and the gap over time.
import * as Plot from "@observablehq/plot";
import {el, figure, fmt, section, skippedNote, table} from "./dom.js";

export const roleColor = {party: "#1d4e89", mediator: "#e9a03b", guarantor: "#4f9d69", stakeholder: "#8a8a8a"};

export function actorOf(d, id) {
  return d.scenario.actors.find((a) => a.id === id) || {id, name: id, role: "stakeholder", stances: []};
}

// One colour per actor across every chart, legends by name: the scenario's actors in input order on Tableau 10.
const palette = ["#4e79a7", "#f28e2c", "#e15759", "#76b7b2", "#59a14f", "#edc949", "#af7aa1", "#ff9da7", "#9c755f",
  "#bab0ab"];
export function actorColors(d, ids) {
  const names = (ids || d.scenario.actors.map((a) => a.id)).map((id) => actorOf(d, id).name);
  const all = d.scenario.actors.map((a) => a.name);
  return {legend: true, domain: names,
    range: names.map((n) => palette[(all.indexOf(n) >= 0 ? all.indexOf(n) : all.length + names.indexOf(n)) % palette.length])};
}

// Ticks and tick labels of an issue's scale: a discrete issue's options, else its labelled values (the labels
// themselves are listed under the chart, where long texts fit).
export function scaleOf(issue) {
  if (issue.kind === "discrete") {
    return {domain: issue.scale, ticks: issue.grid, format: (v) => issue.options[Math.round(v)] ?? fmt(v)};
  }
  const ticks = (issue.labels || []).map((l) => l.value);
  return {domain: issue.scale, ticks: ticks.length >= 2 ? ticks : undefined, format: (v) => fmt(v)};
}

// A value of an issue's scale as the analysis gives it: a discrete issue's values are option names, placed on
// the chart at their option's index.
export function onScale(issue, v) {
  return typeof v === "string" && issue.options ? issue.options.indexOf(v) : v;
}

// A value as text: an option's name, or the number.
export function valueText(v) {
  return typeof v === "string" ? v : fmt(v);
}

// A gap in the issue's own terms: options apart on a discrete issue.
function gapText(issue, gap) {
  return issue && issue.kind === "discrete" ? `${fmt(gap, 0)} option${gap === 1 ? "" : "s"}` : fmt(gap);
}

// A left margin wide enough for the tick labels of an issue's scale on a y axis: a discrete issue's options.
export function scaleMargin(issue, least) {
  const longest = Math.max(0, ...(issue.kind === "discrete" ? issue.options : []).map((o) => o.length));
  return Math.max(least, Math.ceil(6.5 * longest) + 16);
}

function stanceTitle(d, issue, p) {
  const actor = actorOf(d, p.actor);
  const stance = (actor.stances || []).find((s) => s.issue === issue.id) || {};
  const source = (d.scenario.sources || []).find((s) => s.id === stance.source);
  const lines = [
    `${actor.name} on ${issue.name}: position ${valueText(p.named ?? p.position)}, salience ${fmt(p.salience)}, ` +
      `weight (capability x salience) ${fmt(p.weight, 0)}`,
  ];
  if (stance.reservation) lines.push(`reservation ${fmt(stance.reservation.value)}`);
  lines.push(stance.source ? `source: ${stance.source}${source ? " (" + source.title + ")" : ""}` : "source: none given");
  if (stance.note) lines.push(stance.note);
  return lines.join("\n");
}

// The regions the parties' red lines leave of an issue (zopa.with_red_lines), as text.
function agreedText(z) {
  const w = z.with_red_lines;
  if (!w) return "-";
  if (!w.computed) return "not computed (red lines couple too many values)";
  const found = w.options
    ? w.options.join(", ")
    : w.regions.map((r) => `${r.low_open ? "(" : "["}${fmt(r.low)}, ${fmt(r.high)}${r.high_open ? ")" : "]"}`).join(", ");
  return found || `none${w.red_lines.length ? " (" + w.red_lines.join(", ") + ")" : ""}`;
}

// Whether the parties' limits meet on an issue but their red lines leave nothing of it.
function emptiedByRedLines(z) {
  const w = z.with_red_lines;
  return z.exists && w && w.computed && !w.exists;
}

function issueMap(d, issue, statsGiven, positionsGiven) {
  // Discrete issues' options placed at their indices; the texts below name them.
  const at = (v) => onScale(issue, v);
  const named = (b) => b && {...b, low: at(b.low), high: at(b.high)};
  const intervalsAt = Object.fromEntries(Object.entries(statsGiven.intervals || {}).map(([k, v]) => [k, named(v)]));
  const stats = {...statsGiven, intervals: intervalsAt, weighted_median: at(statsGiven.weighted_median),
    zopa: {...named(statsGiven.zopa), between: named(statsGiven.zopa.between)}};
  const given = statsGiven.zopa;
  const positions = positionsGiven.map((p) => ({...p, named: p.position, position: at(p.position)}));
  const names = positions.map((p) => actorOf(d, p.actor).name);
  const parties = Object.keys(stats.intervals || {});
  for (const id of parties) {
    const name = actorOf(d, id).name;
    if (!names.includes(name)) names.push(name);
  }
  const sc = scaleOf(issue);
  const intervals = parties.map((id) => ({...stats.intervals[id], actor: id, name: actorOf(d, id).name}));
  const z = stats.zopa;
  const marks = [];
  const w = z.with_red_lines;
  // A nominal issue's options have no order: no ends, no gap, no median; each option accepted is a cell of its own.
  const nominal = issue.ordered === false;
  const cell = (option) => ({low: issue.options.indexOf(option) - 0.4, high: issue.options.indexOf(option) + 0.4});
  if (nominal) {
    marks.push(Plot.rectX((given.options || []).map(cell), {x1: "low", x2: "high", fill: "#2a9d8f", fillOpacity: 0.18,
      className: "zopa", title: () => `Every party accepts: ${given.options.join(", ")}`}));
    const accepted = intervals.flatMap((i) => (statsGiven.intervals[i.actor].options || []).map((o) =>
      ({...cell(o), name: i.name, option: o})));
    marks.push(Plot.barX(accepted, {x1: "low", x2: "high", y: "name", fill: "#1d4e89", fillOpacity: 0.25, inset: 6,
      className: "acceptable", title: (i) => `${i.name} accepts ${i.option}`}));
  } else if (emptiedByRedLines(z)) {
    marks.push(Plot.rectX([z], {x1: "low", x2: "high", fill: "#d62828", fillOpacity: 0.14, className: "zopa-emptied",
      title: () => `The limits meet on ${valueText(given.low)} to ${valueText(given.high)}, but red lines leave nothing: ` +
        w.red_lines.join(", ")}));
  } else if (z.exists) {
    // With red lines applied where they were computed on a continuous issue; else the limits' overlap.
    const shaded = w && w.computed && w.regions ? w.regions : [z];
    marks.push(Plot.rectX(shaded, {x1: "low", x2: "high", fill: "#2a9d8f", fillOpacity: 0.18, className: "zopa",
      title: () => `ZOPA: ${agreedText(given)}`}));
  } else if (z.between) {
    marks.push(Plot.rectX([z.between], {x1: "high", x2: "low", fill: "#d62828", fillOpacity: 0.14, className: "gap",
      title: () => `Gap ${gapText(issue, z.gap)}: ${z.between.above} will not go below ${valueText(given.between.low)}, ` +
        `${z.between.below} not above ${valueText(given.between.high)}`}));
    marks.push(Plot.text([z.between], {x: (b) => (b.low + b.high) / 2, frameAnchor: "top", dy: 4,
      text: () => `gap ${gapText(issue, z.gap)}`, fill: "#d62828", className: "gap-label"}));
  }
  if (!nominal) {
    marks.push(Plot.barX(intervals, {x1: "low", x2: "high", y: "name", fill: "#1d4e89", fillOpacity: 0.25,
      inset: 6, className: "acceptable",
      title: (i) => `${i.name} accepts ${sc.format(i.low)} to ${sc.format(i.high)}${i.reservation ? "" : " (no reservation: the whole scale)"}`}));
  }
  if (stats.weighted_median !== null && stats.weighted_median !== undefined) {
    marks.push(Plot.ruleX([stats.weighted_median], {stroke: "#222", strokeWidth: 2, className: "weighted-median",
      title: () => `weighted median ${valueText(statsGiven.weighted_median)}`}));
  }
  if (stats.weighted_mean != null) {
    marks.push(Plot.ruleX([stats.weighted_mean], {stroke: "#888", strokeDasharray: "4,3", className: "weighted-mean",
      title: () => `weighted mean ${fmt(stats.weighted_mean)}`}));
  }
  marks.push(Plot.dot(positions, {x: "position", y: (p) => actorOf(d, p.actor).name, r: "weight",
    fill: (p) => roleColor[actorOf(d, p.actor).role] || "#555", fillOpacity: 0.85, stroke: "white",
    className: "positions", title: (p) => stanceTitle(d, issue, p)}));
  const chart = Plot.plot({
    width: 860, height: 50 + 34 * names.length, marginLeft: 170, marginRight: 70, marginBottom: 40,
    // A nominal issue's options are cells side by side: half a cell of room on each side.
    x: {domain: nominal ? [-0.5, issue.options.length - 0.5] : sc.domain, ticks: sc.ticks, tickFormat: sc.format,
      label: issue.name, grid: true, inset: nominal ? 0 : 16},
    y: {domain: names, label: null},
    r: {domain: [0, Math.max(1, ...positions.map((p) => p.weight))], range: [3, 15]},
    marks,
  });
  const labels = issue.kind !== "discrete" && issue.labels && issue.labels.length
    ? el("ul", {"class": "labels"}, issue.labels.map((l) => el("li", {}, el("b", {}, fmt(l.value)), " ", l.label)))
    : null;
  // On a discrete issue the median is an option, and where the weight stands replaces the mean (a mean of option
  // indices names nothing).
  const discrete = issue.kind === "discrete";
  const weights = statsGiven.option_weights
    ? Object.entries(statsGiven.option_weights).map(([o, p]) => `${o} ${fmt(100 * p, 1)} %`).join(", ") : "";
  const caption = nominal
    ? `Dots: each actor's best option, sized by capability x salience (hover for the source). Bars: the options ` +
      `each party accepts. Options with no order have no median: the plurality option is ` +
      `${statsGiven.plurality ?? "-"}. Weight at each option: ${weights}. ` +
      (z.exists ? `Shaded: the options every party accepts, ${given.options.join(", ")}.`
        : "No option is accepted by every party.")
    : `Dots: positions, sized by capability x salience (hover for the source). Bars: what each party ` +
    `accepts. Solid line: weighted median ${valueText(statsGiven.weighted_median)}` +
    (discrete ? `. Weight at each option: ${weights}. ` : `; dashed: weighted mean ${fmt(stats.weighted_mean)}. `) +
    (emptiedByRedLines(z)
      ? `Red: the parties' limits meet on ${valueText(given.low)} to ${valueText(given.high)}, but red lines leave ` +
        `nothing (${w.red_lines.join(", ")}).`
      : z.exists ? `Shaded: the ZOPA with red lines applied, ${agreedText(z)}.`
        : `Red: the gap of ${gapText(issue, z.gap)} between the parties' limits.`);
  return figure("issue-map", {issue: issue.id}, el("div", {}, chart, labels), caption);
}

export function issueMaps(d, point) {
  const a = point.analysis;
  const skipped = skippedNote(a);
  if (skipped) return section("issues", "The gap, issue by issue", skipped);
  // The overlap with red lines applied gets its own column when some party has a red line on some issue.
  const redLines = a.issues.some((s) => s.zopa.with_red_lines && s.zopa.with_red_lines.red_lines.length);
  // A discrete issue's values by name; its mean is "-" (a mean of option indices names nothing).
  // A nominal issue: its plurality option for a median, the options every party accepts for an overlap.
  const nominal = (k) => d.scenario.issues[k].ordered === false;
  const rows = a.issues.map((s, k) => [s.name, nominal(k) ? `plurality ${s.plurality ?? "-"}` : valueText(s.weighted_median),
    s.weighted_mean === null ? "-" : fmt(s.weighted_mean),
    !s.zopa.exists ? "none" : nominal(k) ? s.zopa.options.join(", ") : `[${valueText(s.zopa.low)}, ${valueText(s.zopa.high)}]`,
    ...(redLines ? [agreedText(s.zopa)] : []), gapText(d.scenario.issues[k], s.zopa.gap),
    s.zopa.between ? `${s.zopa.between.above} at least ${valueText(s.zopa.between.low)}, ${s.zopa.between.below} ` +
      `at most ${valueText(s.zopa.between.high)}` : "-"]);
  const maps = d.scenario.issues.map((issue, k) => {
    const stats = a.issues[k];
    const positions = (point.positions[k] || {positions: []}).positions;
    return issueMap(d, issue, stats, positions);
  });
  return section("issues", `The gap, issue by issue (at ${point.at})`,
    table(["Issue", "Weighted median", "Weighted mean", "Limits' overlap", ...(redLines ? ["With red lines"] : []), "Gap",
      "Between"], rows, {"class": "numbers"}), ...maps);
}

function pointLabel(p) {
  return p.date ? `${p.at} (${p.date})` : p.at;
}

export function gapOverTime(d) {
  const points = d.points.filter((p) => !p.analysis.skipped);
  const order = points.map(pointLabel);
  const rows = [];
  for (const p of points) {
    for (const s of p.analysis.issues) rows.push({point: pointLabel(p), issue: s.id, gap: s.zopa.gap,
      zopa: s.zopa.exists && !emptiedByRedLines(s.zopa)});
  }
  // Zero is drawn as zero: the axis runs to at least 1 when every gap is 0.
  const widest = Math.max(1, ...rows.map((r) => r.gap));
  const gaps = Plot.plot({
    width: 860, height: 300, marginBottom: 60, color: {legend: true},
    x: {type: "point", domain: order, label: "timeline point", tickRotate: -12},
    y: {label: "gap between the parties' limits (0: a ZOPA)", grid: true, domain: [0, widest]},
    marks: [
      Plot.line(rows, {x: "point", y: "gap", stroke: "issue", className: "gap-lines"}),
      Plot.dot(rows, {x: "point", y: "gap", stroke: "issue", fill: (r) => (r.zopa ? "white" : "#333"), className: "gaps",
        title: (r) => `${r.issue} at ${r.point}: ${r.zopa ? "a ZOPA" : r.gap > 0 ? "gap " + fmt(r.gap) :
          "the limits meet, but red lines leave nothing"}`}),
    ],
  });
  // A count known only within bounds (agreeable null) has no bar: the caption says so.
  const agreeable = points.filter((p) => p.analysis.packages.agreeable !== null).map((p) => ({point: pointLabel(p),
    n: p.analysis.packages.agreeable, label: p.label || "before the first timeline point"}));
  // Counts are whole numbers from 0: zero bars have no height, and the axis runs to at least 1.
  const most = Math.max(1, ...agreeable.map((r) => r.n));
  const counts = Plot.plot({
    width: 860, height: 220, marginBottom: 60,
    x: {type: "band", domain: order, label: "timeline point", tickRotate: -12},
    y: {label: "agreeable packages", grid: true, domain: [0, most], ticks: Math.min(5, most),
      tickFormat: (v) => (Number.isInteger(v) ? fmt(v, 0) : "")},
    marks: [Plot.barY(agreeable, {x: "point", y: "n", fill: "#2a9d8f", className: "agreeable",
      title: (r) => `${r.point}: ${r.n} agreeable packages\n${r.label}`}), Plot.ruleY([0])],
  });
  return el("div", {},
    figure("gap-over-time", {points: points.length}, gaps, "The gap on each issue at each timeline point (hollow dot: a ZOPA)."),
    figure("agreeable-over-time", {points: points.length}, counts, "Agreeable packages (every party accepts, or they pass the decision rule), at each timeline point" +
      (agreeable.length < points.length ? " (no bar: the count is known only within bounds; see the packages section)." : ".")),
    table(["Point", "What happened"], d.points.map((p) => [pointLabel(p), p.label || "before the first timeline point"])));
}

export function positionsOverTime(d) {
  const points = d.points.filter((p) => !p.analysis.skipped);
  const order = points.map(pointLabel);
  return el("div", {}, d.scenario.issues.map((issue, k) => {
    const rows = [];
    const medians = [];
    for (const p of points) {
      for (const q of p.positions[k].positions) {
        rows.push({...q, named: q.position, position: onScale(issue, q.position), point: pointLabel(p),
          actor: actorOf(d, q.actor).name});
      }
      medians.push({point: pointLabel(p), median: onScale(issue, p.analysis.issues[k].weighted_median)});
    }
    const sc = scaleOf(issue);
    const chart = Plot.plot({
      width: 860, height: 260, marginBottom: 60, marginLeft: scaleMargin(issue, 60), marginRight: 70, color: actorColors(d),
      x: {type: "point", domain: order, label: null, tickRotate: -12},
      y: {domain: sc.domain, ticks: sc.ticks, tickFormat: sc.format, label: issue.name, grid: true},
      marks: [
        Plot.line(medians.filter((m) => m.median !== null), {x: "point", y: "median", stroke: "#222", strokeDasharray: "5,4",
          className: "weighted-median"}),
        Plot.line(rows, {x: "point", y: "position", stroke: "actor", className: "position-lines"}),
        Plot.dot(rows, {x: "point", y: "position", fill: "actor", r: 4, className: "positions",
          title: (r) => `${r.actor} at ${r.point}: ${valueText(r.named)} (salience ${fmt(r.salience)})`}),
      ],
    });
    return figure("positions-over-time", {issue: issue.id}, chart,
      `${issue.name}: each actor's position at each timeline point; dashed: the weighted median.`);
  }));
}
