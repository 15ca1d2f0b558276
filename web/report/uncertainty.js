// How sure are we (docs/models.md §7): the forecast's distribution over Monte Carlo draws, the probability that
// each issue has a ZOPA, and the tornado of the inputs that move the weighted medians most.
import * as Plot from "@observablehq/plot";
import {el, figure, fmt, section, skippedNote, table} from "./dom.js";
import {scaleOf} from "./issues.js";

// One chart per issue, each on its issue's scale.
function forecastDistributions(d, sweep) {
  const figures = [];
  const shares = [];  // discrete issues: [issue, each option's share of the draws]
  for (const issue of d.scenario.issues) {
    // A forecast of one issue names its output "forecast"; of several, "forecast.ISSUE".
    // (one issue when only one has stances): that issue is the category output "issue".
    const single = sweep.outputs.issue && sweep.outputs.issue.p && Object.keys(sweep.outputs.issue.p).length === 1
      ? Object.keys(sweep.outputs.issue.p)[0] : null;
    const s = sweep.outputs["forecast." + issue.id] ?? (single === issue.id ? sweep.outputs.forecast : undefined);
    if (!s) continue;
    if (s.p && typeof s.mean !== "number") {
      // A discrete issue: the forecast is an option in each draw, so its distribution is each option's share of
      // the draws (a mean of option positions would name nothing).
      shares.push([issue.name, Object.entries(s.p).sort((x, y) => y[1] - x[1])
        .map(([option, p]) => `${option} ${fmt(100 * p, 3)} %`).join(", ")]);
      continue;
    }
    if (typeof s.mean !== "number") continue;
    const rows = [{issue: issue.name, ...s}];
    const sc = scaleOf(issue);
    const chart = Plot.plot({
      width: 860, height: 110, marginLeft: 70, marginRight: 70,
      x: {domain: sc.domain, ticks: sc.ticks, tickFormat: sc.format, label: issue.name, grid: true, inset: 8},
      y: {axis: null, domain: [-1, 1]},
      marks: [
        // The whiskers: a line from q05 to q95 through the box's middle, with end caps.
        Plot.ruleY(rows, {y: () => 0, x1: "q05", x2: "q95", stroke: "#555", strokeWidth: 1.5, className: "whiskers"}),
        Plot.tickX(rows, {x: "q05", stroke: "#555", strokeWidth: 1.5, insetTop: 30, insetBottom: 30, className: "whiskers"}),
        Plot.tickX(rows, {x: "q95", stroke: "#555", strokeWidth: 1.5, insetTop: 30, insetBottom: 30, className: "whiskers"}),
        Plot.barX(rows, {x1: "q25", x2: "q75", fill: "#1d4e89", fillOpacity: 0.35, insetTop: 18, insetBottom: 18,
          className: "boxes",
          title: (r) => `${r.issue}: mean ${fmt(r.mean)}, sd ${fmt(r.sd)}; q05 ${fmt(r.q05)}, q25 ${fmt(r.q25)}, ` +
            `median ${fmt(r.q50)}, q75 ${fmt(r.q75)}, q95 ${fmt(r.q95)}`}),
        Plot.tickX(rows, {x: "q50", strokeWidth: 3, insetTop: 14, insetBottom: 14, className: "medians"}),
        Plot.dot(rows, {x: "mean", fill: "#d62828", className: "means"}),
      ],
    });
    figures.push(figure("forecast-distribution", {issue: issue.id}, chart,
      `${issue.name}: the expected-utility forecast over ${sweep.parley.draws} draws: 90 % of draws within the ` +
      `whiskers (${fmt(s.q05)} to ${fmt(s.q95)}), half within the box (${fmt(s.q25)} to ${fmt(s.q75)}); ` +
      `median ${fmt(s.q50)} (bar), mean ${fmt(s.mean)} (red).`));
  }
  if (shares.length > 0) {
    figures.push(el("p", {}, `The forecast on a discrete issue, as each option's share of the ${sweep.parley.draws} draws:`));
    figures.push(table(["Issue", "Forecast option (share of draws)"], shares, {class: "forecast-shares"}));
  }
  return el("div", {}, figures);
}

function zopaChances(d, sweep) {
  const rows = d.scenario.issues.map((issue) => {
    // Once red lines apply where they were computed (a red line can empty the limits' overlap), else the overlap.
    const applied = sweep.outputs[`issues.${issue.id}.zopa.with_red_lines.exists`];
    const s = applied && applied.p && ("true" in applied.p || "false" in applied.p)
      ? applied : sweep.outputs[`issues.${issue.id}.zopa.exists`];
    const p = s && s.p ? (s.p.true ?? 0) : 0;
    const se = s && s.p_se ? (s.p_se.true ?? 0) : 0;
    return {issue: issue.name, p, se};
  });
  const none = sweep.outputs["packages.best"];
  const chart = Plot.plot({
    width: 860, height: 70 + 40 * rows.length, marginLeft: 340, marginRight: 30,
    x: {domain: [0, 1], label: "probability of a ZOPA (the parties' limits overlap where their red lines allow)",
      grid: true, percent: false},
    y: {domain: rows.map((r) => r.issue), label: null},
    marks: [
      Plot.barX(rows, {y: "issue", x: "p", fill: "#2a9d8f", className: "zopa-probability",
        title: (r) => `${r.issue}: P(ZOPA) = ${fmt(r.p, 3)} (standard error ${fmt(r.se, 3)})`}),
      Plot.ruleX([0]),
    ],
  });
  const agree = none && none.p && "null" in none.p
    ? el("p", {}, `Share of draws in which no package is agreeable (acceptable to every party, or passing the scenario's decision ` +
      `rule): ${fmt(none.p.null, 3)}.`) : null;
  return el("div", {}, figure("zopa-probability", {issues: rows.length}, chart,
    "The share of draws in which each issue has a ZOPA."), agree);
}

function tornado(d, s) {
  // Inputs and outputs by their labels (names of actors, issues and fields); the raw paths are in the JSON.
  const rows = s.tornado.filter((t) => t.swing !== 0).slice(0, 10).map((t) => ({input: t.input_label ?? t.input,
    low: t.low, high: t.high, swing: t.swing, base: s.base}));
  const output = s.output_label ?? s.output;
  const chart = Plot.plot({
    // Labels name actors, fields and issues in full: wrapped over two lines within the left margin.
    width: 860, height: 60 + 34 * rows.length, marginLeft: 300,
    x: {label: `${output} when each input is at its 5 % (left end) and 95 % (right end) value`, grid: true},
    y: {domain: rows.map((r) => r.input), label: null},
    marks: [
      Plot.axisY({lineWidth: 27, label: null, tickSize: 0, className: "input-labels"}),
      Plot.barX(rows, {y: "input", x1: (r) => Math.min(r.low, r.high), x2: (r) => Math.max(r.low, r.high),
        fill: (r) => (r.swing >= 0 ? "#1d4e89" : "#d62828"), className: "swings",
        title: (r) => `${r.input}: ${fmt(r.low)} at 5 %, ${fmt(r.high)} at 95 % (swing ${fmt(r.swing)})`}),
      Plot.ruleX([s.base], {stroke: "#111", className: "base"}),
    ],
  });
  return figure("tornado", {output: s.output}, chart,
    `The inputs that move ${output} most, one at a time (blue: it rises with the input; red: it falls). ` +
    `Line: the value at central inputs, ${fmt(s.base)}.`);
}

export function uncertaintySection(d) {
  const u = d.uncertainty;
  const parts = [el("p", {}, `${u.draws} Monte Carlo draws of every number the scenario gives as a distribution, seed ${u.seed}.`)];
  // Past 10^8 values a sweep keeps no draw and reads its quantiles from counts (docs/models.md §7.4): say so.
  for (const [name, s] of [["forecast", u.forecast], ["analysis", u.analyze]]) {
    if (s && s.quantiles) {
      parts.push(el("p", {class: "sketched"}, `The ${name}'s quantiles come from counts that keep no draw: ` +
        `each within ${fmt(100 * s.quantiles.relative_error, 3)} % of its value; shares are exact, means and ` +
        `standard deviations come from exact sums.`));
    }
  }
  const f = u.forecast;
  parts.push(skippedNote(f) || forecastDistributions(d, f));
  const a = u.analyze;
  const skipped = skippedNote(a);
  if (skipped) {
    parts.push(skipped);
  } else {
    parts.push(zopaChances(d, a));
    // The headline results: each issue's gap and weighted mean (a discrete issue has no mean), the agreeable
    // set, the cost of opening a deal.
    const headline = [...d.scenario.issues.map((i) => `issues.${i.id}.zopa.gap`),
      ...d.scenario.issues.map((i) => `issues.${i.id}.weighted_mean`), "packages.agreeable", "packages.what_it_would_take.cost"];
    for (const name of headline) {
      const s = (a.sensitivity || []).find((x) => x.output === name);
      if (s && s.tornado.some((t) => t.swing !== 0)) parts.push(tornado(d, s));
    }
    const inputs = a.inputs.map((i) => [i.label ?? i.path, Object.entries(i.distribution).map(([k, v]) => `${k} ${v.join(", ")}`).join("")]);
    parts.push(el("details", {}, el("summary", {}, `${inputs.length} uncertain inputs`), table(["Input", "Distribution"], inputs)));
  }
  return section("uncertainty", "How sure are we", parts);
}
