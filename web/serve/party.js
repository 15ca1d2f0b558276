// The party page: the party's confidential preferences (sliders on each issue's scale), the round's suggestions
// with the party's own utility and limits, its acceptances, the agreement, and public proposals.
import {el, fmt, message, redraw, section} from "./dom.js";
import {api} from "./api.js";
import {isDiscrete, scaleSlider, gridSelect} from "./issues.js";
import {agreementBox, header, packageTable, percent, proposalList} from "./common.js";

function plainSlider(testid, min, max, step, value, show, label) {
  const input = el("input", {type: "range", min, max, step, "data-testid": testid, "aria-label": label});
  input.value = String(value);
  const readout = el("output", {"class": "readout", "data-testid": testid + "-value"});
  const update = () => { readout.textContent = show(Number(input.value)); };
  input.addEventListener("input", update);
  update();
  return {node: el("div", {"class": "scale-line"}, input, readout), input,
    get value() { return Number(input.value); },
    set value(v) { input.value = String(v); update(); },
    set disabled(d) { input.disabled = d; }};
}

function checkbox(testid, text, checked, onChange) {
  const box = el("input", {type: "checkbox", "data-testid": testid});
  box.checked = checked;
  box.addEventListener("change", () => onChange(box.checked));
  return {box, node: el("label", {"class": "check"}, box, " " + text)};
}

// The starting point of the sliders: the party's saved preferences, else its public stance (position only).
function startingPoint(state, saved) {
  if (saved && saved.stances && typeof saved.stances === "object") return {stances: saved.stances, no_deal: saved.no_deal};
  const me = state.parties.find((p) => p.id === state.you.party) || {};
  const stances = {};
  for (const [issue, position] of Object.entries(me.stance || {})) stances[issue] = {position, salience: 50};
  return {stances, no_deal: undefined};
}

// A nominal issue (options with no order): the preferred option, and the options the party accepts as boxes.
function nominalFields(issue, stance) {
  const position = scaleSlider(issue, "position-" + issue.id, stance.position);
  const salience = plainSlider("salience-" + issue.id, 0, 100, 1, stance.salience ?? 50,
    (x) => String(x), "How much " + issue.name + " matters to you");
  const listed = Array.isArray(stance.acceptable) ? stance.acceptable : issue.options;
  const boxes = issue.options.map((o, k) => checkbox(`accept-${issue.id}-${k}`, o, listed.includes(o), () => {}));
  const node = el("fieldset", {"class": "issue", "data-testid": "issue-" + issue.id},
    el("legend", {}, issue.name),
    el("div", {"class": "field"}, el("span", {"class": "field-name"}, "Your preferred option"), position.node),
    el("div", {"class": "field"}, el("span", {"class": "field-name"}, "How much it matters (0-100)"), salience.node),
    el("div", {"class": "field"}, el("span", {"class": "field-name"}, "Options you accept (no order among them)"),
      boxes.map((b) => b.node)));
  return {
    node,
    read() {
      const s = {position: position.value, salience: salience.value};
      const accepted = issue.options.filter((o, k) => boxes[k].box.checked);
      if (accepted.length < issue.options.length) s.acceptable = accepted;
      return s;
    },
  };
}

function issueFields(issue, stance) {
  if (issue.ordered === false) return nominalFields(issue, stance);
  const position = scaleSlider(issue, "position-" + issue.id, stance.position);
  const salience = plainSlider("salience-" + issue.id, 0, 100, 1, stance.salience ?? 50,
    (x) => String(x), "How much " + issue.name + " matters to you");
  // A limit is a reservation (as far on either side of the ideal point) or one-sided ("at least", "at most").
  const given = ["reservation", "at_least", "at_most"].find((k) => stance[k] !== undefined && stance[k] !== null);
  const hasLimit = given !== undefined;
  const reservation = scaleSlider(issue, "reservation-" + issue.id, hasLimit ? stance[given] : stance.position);
  reservation.disabled = !hasLimit;
  const kind = el("select", {"data-testid": "limit-kind-" + issue.id, "aria-label": "Which side your limit bounds"},
    el("option", {value: "reservation"}, "as far on either side"),
    el("option", {value: "at_least"}, "at least"),
    el("option", {value: "at_most"}, "at most"));
  kind.value = given || "reservation";
  kind.disabled = !hasLimit;
  const limit = checkbox("has-limit-" + issue.id, "I have a limit", hasLimit, (on) => {
    reservation.disabled = !on;
    kind.disabled = !on;
  });
  const node = el("fieldset", {"class": "issue", "data-testid": "issue-" + issue.id},
    el("legend", {}, issue.name),
    el("div", {"class": "field"},
      el("span", {"class": "field-name"}, isDiscrete(issue) ? "Your preferred option" : "Your ideal point"), position.node),
    el("div", {"class": "field"}, el("span", {"class": "field-name"}, "How much it matters (0-100)"), salience.node),
    el("div", {"class": "field"}, limit.node,
      el("span", {"class": "hint"}, " the worst value you would still accept: "), kind, reservation.node));
  return {
    node,
    read() {
      const s = {position: position.value, salience: salience.value};
      if (limit.box.checked) s[kind.value] = reservation.value;
      return s;
    },
  };
}

// The public resolution, as the party reads it before it sets any limit (docs/serve.md, "What the site reveals").
function resolutionText(state) {
  const r = state.resolution || {};
  const issues = state.issues.map((i) => i.name + " " + (isDiscrete(i) ? "one option" : "steps of " + fmt(r[i.id])));
  return issues.join(", ") + "; walking away, steps of " + fmt(state.no_deal_resolution ?? 0.1);
}

function preferencesForm(ctx, state, start) {
  const fields = state.issues.map((issue) => ({issue, f: issueFields(issue, start.stances[issue.id] || {})}));
  const hasNoDeal = typeof start.no_deal === "number";
  const noDeal = plainSlider("no-deal", 0, 1, 0.01, hasNoDeal ? start.no_deal : 0, (x) => fmt(x),
    "What walking away is worth to you");
  noDeal.disabled = !hasNoDeal;
  const noDealBox = checkbox("has-no-deal", "Walking away is worth something to me", hasNoDeal,
    (on) => { noDeal.disabled = !on; });
  const saved = message("prefs-message");
  const save = el("button", {type: "submit", "data-testid": "save-prefs"}, "Save preferences");
  const form = el("form", {"class": "preferences", "data-testid": "prefs-form"},
    el("p", {"class": "note", "data-testid": "privacy-note"},
      "Only the site sees these. Others learn only whether a deal exists and which packages it suggests, and " +
      "never your limits more finely than this negotiation's public resolution: " + resolutionText(state) + "."),
    fields.map((x) => x.f.node),
    el("fieldset", {"class": "issue"}, el("legend", {}, "No deal"),
      el("div", {"class": "field"}, noDealBox.node,
        el("span", {"class": "hint"}, " (0: anything beats no deal; 1: only your ideal package does)"), noDeal.node)),
    el("div", {"class": "actions"}, save, saved));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const prefs = {stances: {}};
    for (const {issue, f} of fields) prefs.stances[issue.id] = f.read();
    if (noDealBox.box.checked) prefs.no_deal = noDeal.value;
    save.disabled = true;
    saved.clear();
    try {
      await api.savePreferences(ctx.id, ctx.token, prefs);
      saved.show("Saved");
      ctx.refresh();
    } catch (e) {
      saved.show("Not saved: " + e.message, "error");
    } finally {
      save.disabled = false;
    }
  });
  return section("preferences", "Your preferences (confidential)", form);
}

function proposalForm(ctx, state) {
  const selects = state.issues.map((issue) => ({issue, s: gridSelect(issue, "propose-" + issue.id)}));
  const note = message("propose-message");
  const button = el("button", {type: "submit", "data-testid": "propose-button"}, "Propose this package");
  const form = el("form", {"class": "propose", "data-testid": "propose-form"},
    selects.map(({issue, s}) => el("label", {"class": "select"}, issue.name + " ", s.node)), button, note);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const {issue, s} of selects) values[issue.id] = s.value;
    button.disabled = true;
    note.clear();
    try {
      const {data} = await api.propose(ctx.id, ctx.token, values);
      note.show("Proposed");
      ctx.apply(data);
    } catch (e) {
      note.show("Not proposed: " + e.message, "error");
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function partyPage(ctx, state) {
  let saved = null;
  try {
    saved = (await api.preferences(ctx.id, ctx.token)).data;
  } catch {
    saved = null;  // none saved yet: start from the public stance
  }
  const top = el("div");
  const agreement = el("div");
  const packages = el("div", {"class": "package-lists"});
  const sent = message("acceptances-message");
  const send = el("button", {type: "button", "data-testid": "send-acceptances"}, "Send my acceptances");
  const proposals = el("div");
  let choice = null;  // the ids the party has ticked since the page last drew the server's acceptances
  let round = null;
  let status = null;

  const ticked = () => [...packages.querySelectorAll("input[data-accept]")].filter((b) => b.checked).map((b) => Number(b.dataset.accept));
  const accepted = (s, id) => (choice ? choice.has(id) : (s.you.acceptances || []).includes(id));
  const acceptBox = (s, p) => {
    const box = el("input", {type: "checkbox", "data-testid": "accept-" + p.id, "data-accept": p.id,
      "aria-label": "Accept package #" + p.id});
    box.checked = accepted(s, p.id);
    box.addEventListener("change", () => { choice = new Set(ticked()); });
    return box;
  };
  // The party's own columns; `open` packages (the round's suggestions, or the improvements once agreed) get a
  // checkbox, the others (the suggestions after agreement) are listed for the record only.
  const extra = (s, open) => ({
    heads: {before: open ? ["Accept"] : [], after: ["Your utility", "Within your limits"]},
    before: (p) => (open ? [el("td", {}, acceptBox(s, p))] : []),
    after: (p) => {
      const ok = (s.you.acceptable || {})[p.id];
      return [el("td", {"data-testid": "utility-" + p.id}, percent((s.you.utilities || {})[p.id])),
        el("td", {"data-testid": "acceptable-" + p.id, "class": ok ? "yes" : "no"}, ok === undefined ? "-" : ok ? "yes" : "no")];
    },
  });

  send.addEventListener("click", async () => {
    send.disabled = true;
    sent.clear();
    try {
      const {data} = await api.accept(ctx.id, ctx.token, ticked());
      choice = null;
      sent.show("Sent");
      ctx.apply(data);
    } catch (e) {
      sent.show("Not sent: " + e.message, "error");
    } finally {
      send.disabled = false;
    }
  });

  const me = state.parties.find((p) => p.id === state.you.party);
  ctx.root.replaceChildren(top, agreement,
    preferencesForm(ctx, state, startingPoint(state, saved)),
    section("packages", "Suggested packages", packages, el("div", {"class": "actions"}, send, sent)),
    section("proposals-section", "Proposals",
      el("p", {"class": "note"}, "Propose a package openly: every party and the mediator see it."),
      proposalForm(ctx, state), proposals));

  return {
    update(s) {
      if (s.round !== round || s.status !== status) {
        // A new round, or the agreement: the earlier ticks were of offers no longer open.
        if (round !== null && s.round !== round) sent.clear();
        choice = null;
        round = s.round;
        status = s.status;
      }
      redraw(top, JSON.stringify([s.title, s.status, s.round, s.zopa_exists]),
        () => header(s, "Party: " + (me ? me.name : s.you.party)));
      redraw(agreement, JSON.stringify(s.agreement), () => agreementBox(s));
      const agreed = s.status === "agreed";
      const open = agreed ? s.improvements : s.suggestions;
      send.hidden = open.length === 0;
      redraw(packages, JSON.stringify([s.round, s.status, s.suggestions, s.improvements, s.you]), () => agreed ? [
        el("h3", {}, "Improvements on the agreement"),
        s.improvements.length
          ? [el("p", {"class": "note"}, "Every party prefers each of these to the agreement; accepting one unanimously " +
            "moves the agreement there."), packageTable(s, s.improvements, "improvement", extra(s, true))]
          : el("p", {"class": "note", "data-testid": "no-improvements"},
            "No package that every party prefers to the agreement."),
        s.suggestions.length
          ? [el("h3", {}, `Round ${s.round} suggestions`), packageTable(s, s.suggestions, "suggestion", extra(s, false))]
          : null,
      ] : [
        s.suggestions.length ? packageTable(s, s.suggestions, "suggestion", extra(s, true))
          : el("p", {"class": "note", "data-testid": "no-suggestions"},
            s.round === 0 ? "Suggestions appear when round 1 opens." : "No package is acceptable to every party this round."),
        s.suggestions.length ? el("p", {"class": "note"}, "Tick every package you accept; your acceptances replace your " +
          "earlier ones of this round.") : null,
      ]);
      redraw(proposals, JSON.stringify(s.proposals), () => proposalList(s));
    },
  };
}
