// The mediator page: whose seats are taken, who has set preferences and responded, the round's suggestions, improvements and agreement,
// the public proposals, the button that opens the next round, and the audit log with its download.
import {el, message, redraw, section, table} from "./dom.js";
import {api} from "./api.js";
import {agreementBox, header, packageTable, proposalList} from "./common.js";

function partiesTable(state) {
  const yes = (b, testid) => el("td", {"data-testid": testid, "class": b ? "yes" : "no"}, b ? "yes" : "no");
  return table(["Party", "Seat taken", "Preferences set", "Responded this round"], state.parties.map((p) =>
    el("tr", {"data-testid": "party-row", "data-party": p.id},
      el("td", {}, p.name), yes(p.seated, "seated"), yes(p.preferences_set, "preferences-set"),
      yes(p.responded, "responded"))),
  {"data-testid": "parties"});
}

function shortHash(h) {
  return typeof h === "string" ? h.slice(0, 12) : "";
}

function auditTable(log) {
  return table(["#", "Time", "Actor", "Action", "Hash"], log.entries.map((e) =>
    el("tr", {"data-testid": "audit-row", "data-action": e.action, "data-actor": e.actor},
      el("td", {}, String(e.seq)), el("td", {}, e.time), el("td", {}, e.actor), el("td", {}, e.action),
      el("td", {"class": "hash", title: e.hash}, el("code", {}, shortHash(e.hash))))),
  {"data-testid": "audit", "class": "audit"});
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], {type: "application/json"}));
  const a = el("a", {href: url, download: name});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function mediatorPage(ctx) {
  const top = el("div");
  const agreement = el("div");
  const parties = el("div");
  const packages = el("div");
  const proposals = el("div");
  const audit = el("div");
  const roundNote = message("round-message");
  const open = el("button", {type: "button", "data-testid": "open-round"}, "Open next round");
  const auditNote = message("audit-message");
  const save = el("button", {type: "button", "data-testid": "download-audit"}, "Download audit log");
  let log = null;
  let round = null;

  open.addEventListener("click", async () => {
    open.disabled = true;
    roundNote.clear();
    try {
      const {data} = await api.openRound(ctx.id, ctx.token);
      roundNote.show(`Round ${data.round} is open.`);
      ctx.apply(data);
    } catch (e) {
      roundNote.show((e.status === 409 ? "The next round cannot open now: " : "Failed: ") + e.message, "error");
    } finally {
      open.disabled = false;
    }
  });
  save.addEventListener("click", async () => {
    auditNote.clear();
    try {
      log = (await api.audit(ctx.id, ctx.token)).data;
      download(`audit-${ctx.id}.json`, JSON.stringify(log, null, 2) + "\n");
    } catch (e) {
      auditNote.show("Could not fetch the audit log: " + e.message, "error");
    }
  });

  ctx.root.replaceChildren(top, agreement,
    section("parties-section", "Parties", parties),
    section("packages", "Packages", packages, el("div", {"class": "actions"}, open, roundNote)),
    section("proposals-section", "Proposals", proposals),
    section("audit-section", "Audit log",
      el("p", {"class": "note"}, "Every action, chained by SHA-256; confidential actions show only that a party acted. " +
        "parley audit verify FILE checks a downloaded log."),
      el("div", {"class": "actions"}, save, auditNote), audit));

  async function refreshAudit() {
    try {
      log = (await api.audit(ctx.id, ctx.token)).data;
      const head = log.entries.length ? log.entries[log.entries.length - 1].hash : "";
      redraw(audit, log.entries.length + ":" + head, () => auditTable(log));
    } catch (e) {
      auditNote.show("Could not fetch the audit log: " + e.message, "error");
    }
  }

  return {
    async update(s) {
      if (round !== null && s.round !== round && roundNote.classList.contains("error")) roundNote.clear();
      round = s.round;
      redraw(top, JSON.stringify([s.title, s.status, s.round, s.zopa_exists]), () => header(s, "Mediator"));
      redraw(agreement, JSON.stringify(s.agreement), () => agreementBox(s));
      redraw(parties, JSON.stringify(s.parties.map((p) => [p.name, p.seated, p.preferences_set, p.responded])), () => partiesTable(s));
      redraw(packages, JSON.stringify([s.round, s.status, s.suggestions, s.improvements]), () => [
        s.improvements.length ? el("h3", {}, "Improvements on the agreement") : null,
        s.improvements.length ? packageTable(s, s.improvements, "improvement") : null,
        el("h3", {}, s.round === 0 ? "Suggestions" : `Round ${s.round} suggestions`),
        s.suggestions.length ? packageTable(s, s.suggestions, "suggestion")
          : el("p", {"class": "note", "data-testid": "no-suggestions"},
            s.round === 0 ? "Suggestions appear when every party has set its preferences."
              : "No package is acceptable to every party this round."),
      ]);
      redraw(proposals, JSON.stringify(s.proposals), () => proposalList(s));
      await refreshAudit();
    },
  };
}
