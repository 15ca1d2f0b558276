// Forecasts: the expected-utility model's rounds (Bueno de Mesquita, as replicated by Scholz et al. 2011) and
// KTAB's spatial model, as trajectories per issue, with the moves listed.
import * as Plot from "@observablehq/plot";
import {el, figure, fmt, section, skippedNote, table} from "./dom.js";
import {actorColors, actorOf, onScale, scaleMargin, scaleOf, valueText} from "./issues.js";

function trajectory(d, issue, rows, medians, model, caption) {
  const sc = scaleOf(issue);
  const chart = Plot.plot({
    width: 860, height: 280, marginLeft: scaleMargin(issue, 60), marginRight: 70, color: actorColors(d),
    // Rounds and turns are whole numbers.
    x: {label: model === "eum" ? "round" : "turn", grid: true,
      ticks: Math.max(1, Math.min(10, Math.max(...rows.map((r) => r.round)))), tickFormat: (v) => (Number.isInteger(v) ? String(v) : "")},
    y: {domain: sc.domain, ticks: sc.ticks, tickFormat: sc.format, label: issue.name, grid: true},
    marks: [
      // The forecast under the actors, wide and pale, so that an actor who moves with it stays visible.
      Plot.line(medians, {x: "round", y: "value", stroke: "#777", strokeWidth: 7, strokeOpacity: 0.35,
        className: "forecast-line"}),
      Plot.line(rows, {x: "round", y: "position", stroke: "actor", className: "trajectories"}),
      Plot.dot(rows.filter((r) => r.last), {x: "round", y: "position", fill: "actor", r: 4, className: "final-positions",
        title: (r) => `${r.actor} ends at ${valueText(r.named ?? r.position)}`}),
    ],
  });
  return figure("forecast", {model, issue: issue.id}, chart, caption);
}

// A run's forecast as people should read it: one value when it settled, else the range it did not leave.
function forecastText(issue, run) {
  const value = (v) => (typeof v === "string" ? v : issue.options ? issue.options[Math.round(v)] ?? fmt(v) : fmt(v));
  if (!run.end || run.end.settled) return value(run.forecast);
  return `not settled: ${value(run.end.low)} to ${value(run.end.high)}`;
}

// Nominal issues: no model runs on options with no order; each option's share of the weight, the plurality option
// as the forecast (docs/models.md §3.8).
function nominalParts(d, f, parts, summary) {
  for (const n of f.nominal || []) {
    const issue = d.scenario.issues.find((i) => i.id === n.issue);
    const shares = Object.entries(n.shares).map(([o, p]) => `${o} ${fmt(100 * p, 1)} %`).join(", ");
    if (summary) summary.push([issue.name, "-", `${n.forecast} (plurality)`, "0", "nominal"]);
    parts.push(el("p", {"class": "nominal-forecast", "data-issue": n.issue},
      `${issue.name} has options with no order, so no model runs on it. The forecast is its plurality option, ` +
      `${n.forecast}: the share of the weight (capability x salience) of the actors whose best option each is: ${shares}.`));
  }
}

function eum(d, f) {
  const skipped = skippedNote(f);
  if (skipped) return el("div", {}, el("h3", {}, "Expected-utility model"), skipped);
  const parts = [el("h3", {}, `Expected-utility model (${f.variant}, q = ${fmt(f.q)})`)];
  const summary = [];
  // One issue: the run is the document itself (parley forecast's JSON for a single issue).
  for (const run of f.issues || [f]) {
    const issue = d.scenario.issues.find((i) => i.id === run.issue);
    const rows = [];
    const last = run.rounds.length - 1;
    run.rounds.forEach((r, k) => {
      for (const [id, x] of Object.entries(r.positions)) {
        // A discrete issue's positions are option names, drawn at their options' places.
        rows.push({round: r.round, actor: actorOf(d, id).name, position: onScale(issue, x), named: x, last: k === last});
      }
    });
    const medians = run.rounds.map((r) => ({round: r.round, value: onScale(issue, r.median)}));
    const start = valueText(run.rounds[0].median);
    summary.push([issue.name, start, forecastText(issue, run), String(last), run.end ? run.end.state : run.stop.reason]);
    parts.push(trajectory(d, issue, rows, medians, "eum",
      `${issue.name}: each actor's position round by round; wide grey: the weighted median, the model's forecast ` +
      `(${forecastText(issue, run)} after ${last} round${last === 1 ? "" : "s"}, ${run.end ? run.end.state : run.stop.reason}).`));
    const moves = [];
    for (const r of run.rounds) {
      for (const m of r.moves) {
        moves.push([String(r.round), actorOf(d, m.actor).name, actorOf(d, m.towards).name, m.kind, valueText(m.to)]);
      }
    }
    if (moves.length) {
      parts.push(el("details", {}, el("summary", {}, `${moves.length} moves on ${issue.name}`),
        table(["Round", "Actor", "Moved by", "Kind", "To"], moves, {"class": "numbers"})));
    }
  }
  nominalParts(d, f, parts, summary);
  parts.splice(1, 0, table(["Issue", "Start (median)", "Forecast", "Rounds", "End"], summary, {"class": "numbers"}));
  return el("div", {}, parts);
}

// KTAB's parameters in words: those set by the scenario or an option (docs/models.md §6.9), and the seed of
// stochastic transitions.
function smpParameters(f) {
  const all = Object.entries(f.parameters_from || {}).filter(([k]) => k !== "seed");
  const set = all.filter(([, from]) => from !== "KTAB default")
    .map(([k, from]) => `${k.replace("_", " ")} ${f.parameters[k]} (${from})`);
  let out = !set.length ? "KTAB's default parameters"
    : `Parameters: ${set.join(", ")}` + (set.length < all.length ? "; the rest KTAB's defaults" : "");
  if (f.parameters && f.parameters.transitions === "stochastic") {
    out += `; stochastic transitions, seed ${f.parameters.seed}: one drawn path`;
  }
  return out;
}

function smp(d, f) {
  const skipped = skippedNote(f);
  if (skipped) return el("div", {}, el("h3", {}, "Spatial model (KTAB)"), skipped);
  const last = f.rounds.length - 1;
  const parts = [el("h3", {}, "Spatial model (KTAB)"),
    el("p", {}, `${smpParameters(f)}; ${last} turns, ${f.stop.reason}.`)];
  for (const issue of d.scenario.issues) {
    if (!(issue.id in f.forecast) || issue.ordered === false) continue;
    const rows = [];
    f.rounds.forEach((r, k) => {
      for (const [id, point] of Object.entries(r.positions)) {
        if (issue.id in point) {
          rows.push({round: r.round, actor: actorOf(d, id).name, position: onScale(issue, point[issue.id]),
            named: point[issue.id], last: k === last});
        }
      }
    });
    parts.push(trajectory(d, issue, rows, [], "smp",
      `${issue.name}: each actor's position turn by turn in the spatial model; forecast ` +
      (f.option_shares && f.option_shares[issue.id]
        ? Object.entries(f.option_shares[issue.id]).filter(([, p]) => p > 0).map(([o, p]) => `${o} (${fmt(p)})`).join(", ")
        : fmt(f.forecast[issue.id])) + "."));
  }
  nominalParts(d, f, parts, null);
  const point = (p) => Object.entries(p).map(([k, v]) => `${k} ${fmt(v)}`).join(", ");
  const moves = [];
  for (const r of f.rounds) {
    for (const m of r.moves) {
      moves.push([String(r.round), actorOf(d, m.actor).name, actorOf(d, m.towards).name, fmt(m.probability, 3),
        fmt(m.gain, 4), point(m.actor_to), point(m.towards_to)]);
    }
  }
  if (moves.length) {
    parts.push(el("details", {}, el("summary", {}, `${moves.length} bargains`),
      table(["Turn", "Proposer", "With", "Probability", "Gain", "Proposer to", "Other to"], moves, {"class": "numbers"})));
  }
  return el("div", {}, parts);
}

// Every model side by side (docs/models.md §11): per issue, each model's forecast as a dot on the issue's scale,
// the range behind an unsettled one as a pale bar, the compromise model's as a dashed line, and the reading in words.
function models(d, f) {
  if (!f) return null;
  const skipped = skippedNote(f);
  if (skipped) return el("div", {}, el("h3", {}, "Every model side by side"), skipped);
  const labels = Object.fromEntries(f.models.map((m) => [m.id, m.label]));
  const parts = [el("h3", {}, "Every model side by side"),
    el("p", {}, "The forecasting families the EU decision-making studies compare (compromise, exchange, challenge), " +
      "each on the same scenario. Where they agree, the outcome does not hang on how the talks are run; where they " +
      "part, it does.")];
  const summary = [];
  for (const entry of f.issues) {
    const issue = d.scenario.issues.find((i) => i.id === entry.issue);
    const sc = scaleOf(issue);
    const rows = Object.entries(entry.forecasts).map(([id, m]) => ({
      model: labels[id] ?? id, value: m.value, low: m.low, high: m.high, settled: m.settled, state: m.state,
      shown: valueText(m.forecast)}));
    const compromise = entry.forecasts.compromise ? [entry.forecasts.compromise.value] : [];
    const chart = Plot.plot({
      // A discrete issue's last option is centred on the right edge: room for half its name.
      width: 860, height: 50 + 34 * rows.length, marginLeft: 230,
      marginRight: Math.max(40, issue.kind === "discrete" ? Math.ceil(3.5 * Math.max(...issue.options.map((o) => o.length))) + 12 : 40),
      x: {domain: sc.domain, ticks: sc.ticks, tickFormat: sc.format, label: issue.name, grid: true},
      y: {label: null, domain: rows.map((r) => r.model)},
      marks: [
        Plot.ruleX(compromise, {stroke: "#999", strokeDasharray: "4 3"}),
        Plot.ruleY(rows.filter((r) => !r.settled), {y: "model", x1: "low", x2: "high", stroke: "#c44", strokeWidth: 8,
          strokeOpacity: 0.25}),
        Plot.dot(rows, {x: "value", y: "model", r: 6, fill: (r) => (r.settled ? "#2a6fb0" : "#c44"),
          className: "model-forecasts", title: (r) => `${r.model}: ${r.shown} (${r.state})`}),
      ],
    });
    parts.push(figure("models", {issue: issue.id}, chart,
      `${issue.name}: each model's forecast (red: not settled, with the range behind it; dashed: the compromise ` +
      `model). Spread ${fmt(entry.spread)}.`));
    parts.push(el("ul", {"class": "model-reading", "data-issue": issue.id}, entry.note.map((s) => el("li", {}, s))));
    summary.push([issue.name, ...f.models.map((m) => (entry.forecasts[m.id] ? valueText(entry.forecasts[m.id].forecast) +
      (entry.forecasts[m.id].settled ? "" : " *") : "-")), fmt(entry.spread)]);
  }
  parts.splice(2, 0, table(["Issue", ...f.models.map((m) => m.label), "Spread"], summary, {"class": "numbers"}),
    el("p", {}, "* not settled: the number stands for a range (see the chart)."));
  nominalParts(d, f, parts, null);
  return el("div", {}, parts);
}

export function forecastSection(d) {
  return section("forecast", "Forecasts: where bargaining will end", eum(d, d.forecast.eum), smp(d, d.forecast.smp),
    models(d, d.forecast.all));
}
