// Packages: the space as each party values it, the agreeable set, the Pareto frontier, the bargaining solutions
// and "what it would take" (docs/models.md §2). Two parties: one scatter; more: each pair of the first four,
// and parallel coordinates over every party.
import * as Plot from "@observablehq/plot";
import {el, figure, fmt, section, skippedNote, table} from "./dom.js";
import {actorOf} from "./issues.js";

const solutionNames = {nash: "Nash", kalai_smorodinsky: "Kalai-Smorodinsky", egalitarian: "egalitarian",
  utilitarian: "utilitarian", leximin: "leximin"};
const solutionSymbols = {nash: "star", kalai_smorodinsky: "diamond", egalitarian: "triangle", utilitarian: "square",
  leximin: "cross"};
const solutionColors = {nash: "#e9a03b", kalai_smorodinsky: "#d62828", egalitarian: "#4f9d69", utilitarian: "#8e44ad",
  leximin: "#1f77b4"};
// What each solution optimises (docs/models.md §2.7): d_i a party's disagreement value, U_i its best on the frontier.
const solutionAims = {
  nash: "the largest product of gains over the disagreement values",
  kalai_smorodinsky: "the largest smallest share of each party's best possible gain",
  egalitarian: "the largest smallest gain over the disagreement value",
  utilitarian: "the largest sum of utilities",
  leximin: "the worst-off party's share of its best possible gain as large as can be, then the next worst-off's, ...",
};

// Whether the scenario's decision rule asks fewer than every party (docs/models.md §2.3).
export function ruled(pk) {
  return Boolean(pk.decision && pk.decision.unanimity === false);
}

function valuesText(values) {
  return Object.entries(values).map(([k, v]) => `${k} ${typeof v === "number" ? fmt(v) : v}`).join(", ");
}

function pairChart(d, pk, cloud, a, b) {
  const an = actorOf(d, a).name;
  const bn = actorOf(d, b).name;
  const title = (p) => `${valuesText(p.values)}\n${an} ${fmt(p.utilities[a], 3)}, ${bn} ${fmt(p.utilities[b], 3)}` +
    (p.agreeable === undefined ? "" : p.agreeable ? (ruled(pk) ? "\npasses the rule" : "\nagreeable")
      : ruled(pk) ? "\ndoes not pass the rule" : "\nnot acceptable to every party");
  const frontier = [...pk.pareto].sort((p, q) => p.utilities[a] - q.utilities[a]);
  const solutions = Object.entries(pk.solutions).filter(([, s]) => s).map(([name, s]) => ({name, ...s}));
  const take = pk.what_it_would_take && pk.what_it_would_take.needed && pk.what_it_would_take.found !== false
    ? [pk.what_it_would_take.package] : [];
  const dis = pk.disagreement && a in pk.disagreement && b in pk.disagreement ? [pk.disagreement] : [];
  // One label per point the solutions take: those that coincide are named together.
  const labels = [];
  for (const s of solutions) {
    const x = s.utilities[a], y = s.utilities[b];
    const at = labels.find((l) => l.x === x && l.y === y);
    if (at) at.text += ", " + solutionNames[s.name];
    else labels.push({x, y, text: solutionNames[s.name]});
  }
  const marks = [
    Plot.dot(cloud.filter((p) => !p.agreeable), {x: (p) => p.utilities[a], y: (p) => p.utilities[b], r: 2.5,
      fill: "#bbb", className: "packages", title}),
    Plot.dot(cloud.filter((p) => p.agreeable), {x: (p) => p.utilities[a], y: (p) => p.utilities[b], r: 3,
      fill: "#2a9d8f", className: "agreeable", title}),
    // With two parties the frontier is a curve; with more, its shadow on two of them is a cloud, not a line.
    pk.parties.length === 2 ? Plot.line(frontier, {x: (p) => p.utilities[a], y: (p) => p.utilities[b], stroke: "#1d4e89",
      strokeWidth: 2, className: "frontier-line"}) : null,
    Plot.dot(frontier, {x: (p) => p.utilities[a], y: (p) => p.utilities[b], r: 4, stroke: "#1d4e89", fill: "white",
      className: "frontier", title}),
    Plot.dot(dis, {x: (p) => p[a], y: (p) => p[b], symbol: "cross", r: 6, stroke: "#d62828", className: "disagreement",
      title: (p) => `no deal: ${an} ${fmt(p[a], 3)}, ${bn} ${fmt(p[b], 3)}`}),
    // Each solution its own symbol and colour, named in the legend and beside its point (solutions that coincide
    // share the point and list their names one under the other).
    Plot.dot(solutions, {x: (p) => p.utilities[a], y: (p) => p.utilities[b], symbol: (s) => solutionNames[s.name],
      r: 7, stroke: "#111", fill: (s) => solutionColors[s.name], className: "solutions",
      title: (s) => `${solutionNames[s.name]}: ${title(s)}`}),
    // Labels stay inside the chart: left of points near the right edge, below points near the top, above points
    // near the bottom.
    ...[false, true].flatMap((left) => ["top", "middle", "bottom"].map((line) => Plot.text(
      labels.filter((l) => (l.x > 0.6) === left && (line === "top" ? l.y > 0.9 : line === "bottom" ? l.y < 0.1 :
        l.y >= 0.1 && l.y <= 0.9)),
      {x: "x", y: "y", text: "text", dx: left ? -12 : 12, textAnchor: left ? "end" : "start", lineAnchor: line,
        dy: line === "top" ? 8 : line === "bottom" ? -8 : 0, fontSize: 10, lineWidth: 12, className: "solution-labels"}))),
    Plot.dot(take, {x: (p) => p.utilities[a], y: (p) => p.utilities[b], symbol: "asterisk", r: 8, stroke: "#d62828",
      strokeWidth: 2, className: "what-it-would-take", title: (p) => `what it would take: ${title(p)}`}),
  ];
  const chart = Plot.plot({
    width: 560, height: 480, grid: true,
    symbol: {legend: solutions.length > 0, domain: Object.values(solutionNames), range: Object.values(solutionSymbols)},
    x: {domain: [0, 1], label: `utility of ${an}`}, y: {domain: [0, 1], label: `utility of ${bn}`},
    marks,
  });
  return figure("packages", {parties: `${a},${b}`}, chart,
    `Every package (${cloud.length} drawn) by what ${an} and ${bn} get. Green: agreeable; blue: the Pareto frontier; ` +
    `named symbols: the bargaining solutions (legend); red cross: no deal; red asterisk: the package concessions ` +
    `would open.`);
}

function parallelChart(d, pk, cloud) {
  const parties = pk.parties;
  const rows = [];
  const add = (set, kind, p, k) => {
    for (const id of parties) rows.push({set, kind, package: `${kind}-${k}`, party: actorOf(d, id).name, u: p.utilities[id]});
  };
  cloud.filter((p) => p.agreeable).forEach((p, k) => add("agreeable", "agreeable", p, k));
  pk.pareto.forEach((p, k) => add("frontier", "frontier", p, k));
  Object.entries(pk.solutions).filter(([, s]) => s).forEach(([name, s]) => add(solutionNames[name], "solution", s, name));
  const chart = Plot.plot({
    width: 860, height: 360,
    color: {legend: true, domain: ["agreeable", "frontier", ...Object.values(solutionNames)],
      range: ["#cfcfcf", "#1d4e89", "#e9a03b", "#d62828", "#4f9d69", "#8e44ad"]},
    x: {type: "point", domain: parties.map((id) => actorOf(d, id).name), label: null},
    y: {domain: [0, 1], label: "utility", grid: true},
    marks: [Plot.line(rows, {x: "party", y: "u", z: "package", stroke: "set", strokeOpacity: (r) => (r.kind === "agreeable" ? 0.4 : r.kind === "frontier" ? 0.5 : 1),
      strokeWidth: (r) => (r.kind === "solution" ? 3 : 1), className: "package-lines"})],
  });
  return figure("parallel", {parties: parties.join(",")}, chart,
    "Each line is a package: what each party gets. Agreeable packages, the frontier and the solutions.");
}

// An option of a discrete issue by name (JSON gives its index).
function optionOf(d, issueId, k) {
  const issue = d.scenario.issues.find((i) => i.id === issueId) || {};
  return (issue.options || [])[Math.round(k)] ?? fmt(k);
}

// The concessions that move a limit on an issue, and the word that says which side.
const LIMITS = {reservation: "", at_least: "lower ", at_most: "upper "};

function takeTable(d, take) {
  const rows = [];
  for (const party of take.parties) {
    for (const c of party.concessions) {
      const what = LIMITS[c.kind] !== undefined ? `${LIMITS[c.kind]}limit on ${c.issue} from ${fmt(c.from)} to ${fmt(c.to)}`
        : c.kind === "acceptable" ? `accepts ${c.issue} ${optionOf(d, c.issue, c.to)}`
        : c.kind === "no_deal" ? `no-deal level from ${fmt(c.from, 3)} to ${fmt(c.to, 3)}`
        : `${c.drop ? "drop" : "relax"} red line ${c.constraint}`;
      rows.push([actorOf(d, party.actor).name, what, fmt(c.cost, 3)]);
    }
  }
  return el("div", {"class": "take"},
    el("h3", {}, "What it would take"),
    el("p", {}, `${take.ruled ? "No package passes the rule" : "No package is acceptable to every party"}. ` +
      `Concessions costing ${fmt(take.cost, 3)} in all` +
      `${take.exact ? "" : " (the best found)"} would make ${valuesText(take.package.values)} acceptable ` +
      `(ratification probability ${fmt(take.package.ratification, 3)}); ${actorOf(d, take.most).name} gives most.`),
    table(["Party", "Concession", "Cost (utility)"], rows, {"class": "numbers"}));
}

export function packagesSection(d, point) {
  const pk = point.analysis.packages;
  const skipped = skippedNote(point.analysis);
  if (skipped) return section("packages", "Packages", skipped);
  const parties = pk.parties;
  const count = pk.agreeable === null ? "an estimated number" : fmt(pk.agreeable, 0);
  const who = parties.map((id) => actorOf(d, id).name).join(", ");
  const passing = ruled(pk)
    ? `${count} ${pk.agreeable === 1 ? "passes" : "pass"} the decision rule (${pk.decision.description}), ` +
      `${fmt(pk.unanimous, 0)} of them acceptable to ` +
      `every party (${who})`
    : `${count} acceptable to every party (${who})`;
  const summary = el("p", {}, `${fmt(pk.total, 0)} packages; ${passing}; ${fmt(pk.pareto_packages, 0)} on the ` +
    `Pareto frontier${pk.pareto_listed < pk.pareto_packages ? ` (${pk.pareto_listed} drawn)` : ""}.`);
  const pivotal = (name) => (pk.decision && pk.decision.pivotal && pk.decision.pivotal[name] || [])
    .map((id) => actorOf(d, id).name).join(", ") || "none";
  const solutions = Object.entries(pk.solutions).filter(([, s]) => s).map(([name, s]) =>
    [solutionNames[name], solutionAims[name] || "", valuesText(s.values),
      parties.map((id) => `${id} ${fmt(s.utilities[id], 3)}`).join(", "), fmt(s.ratification, 3),
      ...(ruled(pk) ? [pivotal(name)] : [])]);
  const header = ["Solution", "Optimises", "Package", "Utilities", "Ratification", ...(ruled(pk) ? ["Pivotal"] : [])];
  const charts = [];
  if (parties.length >= 2) {
    const shown = parties.slice(0, 4);
    for (let i = 0; i < shown.length; ++i) {
      for (let j = i + 1; j < shown.length; ++j) charts.push(pairChart(d, pk, d.cloud, shown[i], shown[j]));
    }
    if (parties.length > 2) charts.push(parallelChart(d, pk, d.cloud));
  }
  const aw = pk.adjusted_winner;
  const awPart = aw && aw.applies
    ? el("div", {"class": "adjusted-winner"},
      el("h3", {}, "Adjusted Winner"),
      el("p", {}, "Brams and Taylor's procedure for two parties: each spreads 100 points over the issues, each issue " +
        "goes to the party giving it more, and issues pass to the party behind until both hold equal points " +
        "(envy-free, equitable, efficient; at most one issue split)." +
        ` ${parties.map((id) => `${actorOf(d, id).name} ${fmt(aw.total[id], 1)} points, utility ` +
          `${fmt(aw.utilities[id], 3)}${aw.accepts[id] ? "" : " (outside its limits)"}`).join("; ")}.`),
      table(["Issue", "To", "Value", ...parties.map((id) => `${actorOf(d, id).name} AW points`)],
        Object.keys(aw.values).map((issue) => [issue,
          aw.to[issue] === "split" && aw.split
            ? `split: ${parties.map((id) => `${actorOf(d, id).name} ${fmt(100 * aw.split[id], 1)}%`).join(", ")}`
            : aw.to[issue] === "both" ? "both (the same value)"
              : aw.to[issue] === "neither" ? "neither cares" : actorOf(d, aw.to[issue]).name,
          typeof aw.values[issue] === "number" ? fmt(aw.values[issue], 2) : aw.values[issue],
          ...parties.map((id) => fmt(aw.points[id][issue], 1))]), {"class": "numbers"}))
    : null;
  return section("packages", "Packages", summary,
    solutions.length ? table(header, solutions, {"class": "numbers"})
      : el("p", {}, ruled(pk) ? "No bargaining solution: no package passes the rule."
        : "No bargaining solution: no package is acceptable to every party."),
    el("div", {"class": "grid"}, charts),
    awPart,
    pk.what_it_would_take && pk.what_it_would_take.needed && pk.what_it_would_take.found !== false
      ? takeTable(d, {...pk.what_it_would_take, ruled: ruled(pk)}) : null);
}
