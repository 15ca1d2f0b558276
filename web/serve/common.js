// What the party and mediator pages share: the header (title, status, round, whether a deal exists), package
// tables, the agreement and the public proposals.
import {el, fmt, table} from "./dom.js";
import {showValue} from "./issues.js";

export function zopaText(zopa) {
  return zopa === true ? "yes" : zopa === false ? "no" : "not yet known";
}

// A package's values in the issues' order, as one string: the tests compare packages across pages with it.
export function packageKey(state, values) {
  return JSON.stringify(state.issues.map((i) => [i.id, values ? values[i.id] : null]));
}

export function header(state, roleText) {
  return el("header", {"class": "negotiation"},
    el("p", {"class": "role", "data-testid": "role"}, roleText),
    el("h1", {"data-testid": "title"}, state.title),
    el("dl", {"class": "facts"},
      el("div", {}, el("dt", {}, "Status"),
        el("dd", {"data-testid": "status", "class": "status " + state.status}, state.status)),
      el("div", {}, el("dt", {}, "Round"), el("dd", {"data-testid": "round"}, String(state.round))),
      el("div", {}, el("dt", {}, "A deal exists"),
        el("dd", {"data-testid": "zopa", "data-zopa": String(state.zopa_exists)}, zopaText(state.zopa_exists))),
      // Who must accept a package for it to be agreed (the scenario's decision rule; public).
      el("div", {}, el("dt", {}, "Agreed when accepted by"),
        el("dd", {"data-testid": "decision"}, state.decision || "every party"))),
    state.round === 0
      ? el("p", {"class": "note"}, "Round 1 opens by itself once every party has set its preferences.")
      : null);
}

// A table of packages: one row per package, one column per issue, then whatever `extra` adds per package
// (a checkbox and the party's own utility on the party page). `kind` is "suggestion" or "improvement".
export function packageTable(state, packages, kind, extra = null) {
  const heads = extra ? extra.heads : {before: [], after: []};
  const rows = packages.map((p) => {
    const cells = state.issues.map((i) => el("td", {"data-issue": i.id}, showValue(i, p.values[i.id])));
    const before = extra ? extra.before(p) : [];
    const after = extra ? extra.after(p) : [];
    return el("tr", {"data-testid": kind, "data-id": p.id, "data-values": packageKey(state, p.values)},
      before, el("td", {"class": "id"}, "#" + p.id), cells, after);
  });
  return table([...heads.before, "", ...state.issues.map((i) => i.name), ...heads.after], rows,
    {"class": "packages", "data-testid": kind + "s"});
}

export function agreementBox(state) {
  if (!state.agreement) return null;
  const a = state.agreement;
  return el("section", {"class": "agreement", "data-testid": "agreement", "data-id": a.id,
    "data-values": packageKey(state, a.values)},
  el("h2", {}, "Agreement reached"),
  el("p", {}, `Every party accepted package #${a.id}:`),
  el("ul", {}, state.issues.map((i) => el("li", {"data-issue": i.id},
    el("strong", {}, i.name + ": "), showValue(i, a.values[i.id])))));
}

function partyName(state, id) {
  const p = state.parties.find((x) => x.id === id);
  return p ? p.name : id;
}

export function proposalList(state) {
  if (!state.proposals.length) return el("p", {"class": "note", "data-testid": "no-proposals"}, "No proposals yet.");
  const rows = state.proposals.map((p) => el("tr", {"data-testid": "proposal", "data-party": p.party,
    "data-values": packageKey(state, p.values)},
  el("td", {}, partyName(state, p.party)), el("td", {}, String(p.round)),
  state.issues.map((i) => el("td", {}, showValue(i, p.values[i.id])))));
  return table(["Party", "Round", ...state.issues.map((i) => i.name)], rows, {"class": "proposals", "data-testid": "proposals"});
}

export function percent(x) {
  return typeof x === "number" ? fmt(100 * x, 1) + "%" : "-";
}
