// The home page: paste or load a scenario, create a negotiation, and hand out its links: the mediator's (with its
// token) and one invitation per party. An invitation works once: the party that opens it takes its seat and gets a
// token nobody else ever sees. The server keeps only hashes of both.
import {el, message, section} from "./dom.js";
import {api} from "./api.js";

export function link(id, token) {
  return `${location.origin}/#n=${encodeURIComponent(id)}&t=${encodeURIComponent(token)}`;
}

export function invitationLink(id, code) {
  return `${location.origin}/#n=${encodeURIComponent(id)}&i=${encodeURIComponent(code)}`;
}

function linkRow(testid, who, url, party) {
  const copy = el("button", {type: "button", "class": "small"}, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = "Copied";
    } catch {
      copy.textContent = "Select and copy the link";
    }
  });
  return el("li", {},
    el("span", {"class": "who"}, who), " ",
    el("a", {href: url, target: "_blank", rel: "noopener noreferrer", "data-testid": testid, "data-party": party}, url), " ", copy);
}

// The parties' names, from the new negotiation's public state (the page does not parse YAML itself).
async function partyNames(id, token) {
  try {
    const {data} = await api.state(id, token);
    return new Map(data.parties.map((p) => [p.id, p.name]));
  } catch {
    return new Map();
  }
}

export function homePage(root) {
  const input = el("textarea", {"data-testid": "scenario-input", rows: 18, spellcheck: "false",
    placeholder: "parley: 1\ntitle: ...\nissues: ...\nactors: ..."});
  const file = el("input", {type: "file", accept: ".yaml,.yml,.json,text/yaml,application/json", "data-testid": "scenario-file"});
  const create = el("button", {type: "submit", "data-testid": "create-button"}, "Create negotiation");
  const error = message("create-error");
  const result = el("div", {"data-testid": "created"});
  file.addEventListener("change", async () => {
    if (file.files.length) input.value = await file.files[0].text();
  });
  const form = el("form", {"class": "create"},
    el("p", {}, "Paste a scenario in parley's format (YAML or JSON) or load one from a file. Each party then gets its own " +
      "link, to tell the site its preferences in confidence; the site tells everyone only whether a deal exists " +
      "and which packages it suggests."),
    input, el("div", {"class": "actions"}, el("label", {"class": "file"}, "Load a file: ", file)),
    el("div", {"class": "actions"}, create, error));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    result.replaceChildren();
    create.disabled = true;
    try {
      const {data} = await api.create(input.value);
      const names = await partyNames(data.id, data.mediator_token);
      result.append(section("links", "Links",
        el("p", {"class": "warning"}, "These links are shown once: the site keeps only a hash of each. Keep the " +
          "mediator's link. Send each party its own invitation only: it works once, and the party that opens it " +
          "takes its seat; everyone sees which seats are taken. Each opens in a new tab."),
        el("ul", {"class": "links"},
          linkRow("mediator-link", "Mediator", link(data.id, data.mediator_token), null),
          Object.entries(data.invitations).map(([party, code]) =>
            linkRow("party-link", "Party " + (names.get(party) || party), invitationLink(data.id, code),
              party)))));
    } catch (e) {
      error.show(e.message, "error");
    } finally {
      create.disabled = false;
    }
  });
  root.replaceChildren(el("header", {}, el("h1", {}, "parley: a neutral site for negotiations")),
    section("create", "Create a negotiation", form), result);
}
