// The report's first screen (id "summary"): the answers a reader came for, each read off the sections below it
// (docs/report.md): is there a deal and how likely, the best package, what blocks a deal and what it would
// take, the forecasts with how they ended, and the stable outcomes.
import {el, fmt} from "./dom.js";
import {actorOf} from "./issues.js";

function name(d, id) {
  return actorOf(d, id).name;
}

// A value of an issue as people read it: an option's name on a discrete issue.
function valueOf(d, issueId, v) {
  if (typeof v === "string") return v;  // already an option's name
  const issue = d.scenario.issues.find((i) => i.id === issueId);
  return issue && issue.options ? issue.options[Math.round(v)] ?? fmt(v) : fmt(v);
}

function valuesText(d, values) {
  return Object.entries(values).map(([k, v]) => `${k} ${typeof v === "number" ? valueOf(d, k, v) : v}`).join(", ");
}

// Share of draws, with its standard error and the draw count.
function share(out, category, draws) {
  if (!out || !out.p) return null;
  const p = out.p[category] ?? 0;
  const se = out.p_se ? out.p_se[category] ?? 0 : 0;
  return `${fmt(100 * p, 1)} % (± ${fmt(100 * se, 1)}, ${draws} draws)`;
}

function deal(d, pk) {
  const u = d.uncertainty && d.uncertainty.analyze && d.uncertainty.analyze.outputs;
  const likely = u ? share(u["packages.agreeable_exists"], "true", d.uncertainty.draws) : null;
  const count = pk.agreeable === null ? "an uncertain number" : fmt(pk.agreeable, 0);
  const rule = pk.decision && pk.decision.unanimity === false ? pk.decision.description : null;
  const now = rule
    ? (pk.agreeable_exists
      ? `Yes: ${count} of ${fmt(pk.total, 0)} packages ${pk.agreeable === 1 ? "passes" : "pass"} the decision rule ` +
        `(${rule}).`
      : `No: none of the ${fmt(pk.total, 0)} packages passes the decision rule (${rule}).`)
    : pk.agreeable_exists
      ? `Yes: ${count} of ${fmt(pk.total, 0)} packages are acceptable to every party.`
      : `No: none of the ${fmt(pk.total, 0)} packages is acceptable to every party.`;
  return [now, likely ? ` Over the uncertain numbers, a deal exists in ${likely}.` : ""].join("");
}

function best(d, pk) {
  const nash = pk.solutions && pk.solutions.nash;
  if (!nash) return null;
  const gains = Object.entries(nash.utilities).map(([id, x]) => `${name(d, id)} ${fmt(x, 3)}`).join(", ");
  const ratified = nash.ratification !== undefined && nash.ratification < 1
    ? `; ratified with probability ${fmt(nash.ratification, 3)}` : "";
  return `The Nash bargaining solution: ${valuesText(d, nash.values)} (utilities: ${gains}${ratified}).`;
}

function blocks(d, issues, ruled) {
  const parts = [];
  for (const s of issues) {
    const z = s.zopa;
    const w = z.with_red_lines;
    if (ruled) {
      // Under a decision rule the gap between all parties blocks nothing: only an issue no value of which enough
      // parties allow does.
      if (w && w.computed && !w.exists) {
        parts.push(`${s.name}: no value of it is allowed by parties enough to pass the decision rule`);
      }
    } else if (!z.exists && z.between) {
      const discrete = (d.scenario.issues.find((i) => i.id === s.id) || {}).kind === "discrete";
      const gap = discrete ? `${fmt(z.gap, 0)} option${z.gap === 1 ? "" : "s"}` : fmt(z.gap);
      parts.push(`${s.name}: a gap of ${gap} (${name(d, z.between.above)} will not go below ` +
        `${valueOf(d, s.id, z.between.low)}, ${name(d, z.between.below)} not above ${valueOf(d, s.id, z.between.high)})`);
    } else if (z.exists && w && w.computed && !w.exists) {
      parts.push(`${s.name}: the limits meet on ${valueOf(d, s.id, z.low)} to ${valueOf(d, s.id, z.high)}, but ` +
        `red line${w.red_lines.length > 1 ? "s" : ""} ${w.red_lines.join(", ")} leave${w.red_lines.length > 1 ? "" : "s"} nothing`);
    }
  }
  return parts;
}

function take(d, pk) {
  const t = pk.what_it_would_take;
  if (!t || !t.needed) return null;
  if (t.found === false) return `No package is ratified with probability at least ${fmt(t.min_ratification, 3)}.`;
  const who = [];
  for (const party of t.parties) {
    for (const c of party.concessions) {
      const side = {reservation: "", at_least: "lower ", at_most: "upper "}[c.kind];
      const what = side !== undefined ? `moves its ${side}limit on ${c.issue} from ${valueOf(d, c.issue, c.from)} ` +
          `to ${valueOf(d, c.issue, c.to)}`
        : c.kind === "acceptable" ? `accepts ${valueOf(d, c.issue, c.to)} on ${c.issue}`
        : c.kind === "no_deal" ? `lowers its no-deal level from ${fmt(c.from, 3)} to ${fmt(c.to, 3)}`
        : `${c.drop ? "drops" : "relaxes"} its red line ${c.constraint}`;
      who.push(`${name(d, party.actor)} ${what} (${fmt(c.cost, 3)})`);
    }
  }
  return `Concessions costing ${fmt(t.cost, 3)} in all${t.exact ? "" : " (the best found)"}: ${who.join("; ")}. ` +
    `They open ${valuesText(d, t.package.values)}, ratified with probability ${fmt(t.ratification ?? 1, 3)}.`;
}

function forecasts(d) {
  const f = d.forecast;
  if (!f) return null;
  const parts = [];
  const eum = f.eum;
  if (eum && !eum.skipped) {
    const runs = (eum.issues || [eum]).map((run) => {
      const issue = d.scenario.issues.find((i) => i.id === run.issue);
      const text = run.end && !run.end.settled
        ? `not settled (${valueOf(d, run.issue, run.end.low)} to ${valueOf(d, run.issue, run.end.high)}, ${run.end.state})`
        : `${valueOf(d, run.issue, run.forecast)} (${run.end ? run.end.state : run.stop.reason})`;
      return `${issue ? issue.name : run.issue} ${text}`;
    });
    // A nominal issue: its plurality option (no model runs on options with no order).
    for (const n of eum.nominal || []) {
      const issue = d.scenario.issues.find((i) => i.id === n.issue);
      runs.push(`${issue ? issue.name : n.issue} ${n.forecast} (plurality)`);
    }
    parts.push(`expected-utility model: ${runs.join("; ")}`);
  }
  const smp = f.smp;
  if (smp && !smp.skipped) {
    const values = Object.entries(smp.forecast).map(([k, v]) => {
      const issue = d.scenario.issues.find((i) => i.id === k);
      return `${issue ? issue.name : k} ${typeof v === "number" ? fmt(v) : v}`;
    });
    parts.push(`spatial model: ${values.join("; ")}${smp.end && !smp.end.settled ? " (not settled)" : ""}`);
  }
  return parts.length ? parts.join(". ") + "." : null;
}

function stable(d) {
  const s = d.stability;
  if (!s || s.skipped) return null;
  const options = s.conflict.options;
  const describe = (number) => {
    const state = s.states.find((x) => x.number === number);
    if (!state) return `state ${number}`;
    const taken = options.filter((o, k) => state.pattern[k] === "Y").map((o) => o.id);
    return `state ${number} (${taken.length ? taken.join(", ") : "no option taken"})`;
  };
  const concepts = Object.entries(s.equilibria).filter(([, list]) => list.length);
  if (!concepts.length) return "No state is stable for every decision maker under any concept.";
  const nash = s.equilibria.nash || [];
  const all = nash.filter((n) => concepts.every(([, list]) => list.includes(n)));
  const text = all.length
    ? `Stable for every decision maker under every concept: ${all.map(describe).join("; ")}.`
    : `Equilibria: ${concepts.map(([c, list]) => `${c} ${list.join(", ")}`).join("; ")}.`;
  const sq = s.status_quo ? ` The status quo is ${describe(s.status_quo.state)}.` : "";
  return text + sq;
}

function item(title, text) {
  return text ? el("li", {}, el("b", {}, title + " "), text) : null;
}

export function summarySection(d) {
  const final = d.points.length ? d.points[d.points.length - 1] : null;
  const a = final && !final.analysis.skipped ? final.analysis : null;
  const pk = a ? a.packages : null;
  const blocking = a ? blocks(d, a.issues, Boolean(pk.decision && pk.decision.unanimity === false)) : [];
  const items = [
    pk ? item("Is there a deal?", deal(d, pk)) : null,
    pk ? item("Best package:", best(d, pk)) : null,
    blocking.length ? item("What blocks it:", blocking.join("; ") + ".") : null,
    pk ? item("What it would take:", take(d, pk)) : null,
    item("Forecasts:", forecasts(d)),
    item("Stable outcomes:", stable(d)),
  ].filter(Boolean);
  return el("section", {id: "summary"},
    el("h2", {}, `In brief${final ? " (at " + final.at + ")" : ""}`),
    el("ul", {}, items));
}
