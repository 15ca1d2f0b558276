// The single-page app of `parley serve` (docs/serve.md, "The web pages"). location.hash picks the page: none is
// the home page (create a negotiation); `#n=ID&t=TOKEN` is the party or mediator page of that token, which polls
// the public state every 1.5 s and after each action; `#n=ID&i=CODE` is a party's invitation: the page takes the
// seat and replaces the address with the party's own `#n=ID&t=TOKEN`, the link to keep. Everything is inline and
// nothing is fetched but the API.
import {el} from "./dom.js";
import {api} from "./api.js";
import {homePage} from "./home.js";
import {partyPage} from "./party.js";
import {mediatorPage} from "./mediator.js";

const pollMs = 1500;
let generation = 0;

function showFatal(root, text) {
  root.replaceChildren(el("p", {"class": "message error", "data-testid": "fatal"}, text),
    el("p", {}, el("a", {href: "/"}, "Create a new negotiation")));
}

async function negotiationPage(root, id, token, mine) {
  const banner = el("p", {"class": "message error", "data-testid": "connection", hidden: true});
  const body = el("main", {"class": "page"});
  root.replaceChildren(banner, body);
  let view = null;
  let timer = null;
  let busy = false;
  let again = false;  // an action asked for a fresh state while a poll was in flight
  const live = () => mine === generation;

  const ctx = {
    id, token, root: body,
    apply(state) {
      if (!live() || !view) return;
      document.body.dataset.status = state.status;
      document.body.dataset.round = String(state.round);
      Promise.resolve(view.update(state)).catch(reportError);
    },
    refresh: () => poll(),
  };
  function reportError(e) {
    banner.hidden = false;
    banner.textContent = "The page could not be updated: " + e.message;
  }
  async function poll() {
    if (!live()) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    clearTimeout(timer);
    try {
      const {data} = await api.state(id, token);
      banner.hidden = true;
      ctx.apply(data);
    } catch (e) {
      reportError(e);
    } finally {
      busy = false;
      if (live()) timer = setTimeout(poll, again ? 0 : pollMs);
    }
  }

  let state;
  try {
    state = (await api.state(id, token)).data;
  } catch (e) {
    if (live()) {
      showFatal(root, e.status === 401 ? "This link is not valid (unauthorized)."
        : "The negotiation cannot be opened: " + e.message);
    }
    return;
  }
  if (!live()) return;
  document.body.dataset.role = state.you.role;
  view = state.you.role === "mediator" ? await mediatorPage(ctx) : await partyPage(ctx, state);
  if (!live()) return;
  ctx.apply(state);
  document.body.dataset.loaded = "true";
  timer = setTimeout(poll, pollMs);
}

// Takes the seat of an invitation and moves to the party's own page (its token stays in this tab's address only).
async function takeSeat(root, id, code, mine) {
  try {
    const {data} = await api.takeSeat(id, code);
    if (mine !== generation) return;
    history.replaceState(null, "", `#n=${encodeURIComponent(id)}&t=${encodeURIComponent(data.token)}`);
    route();
  } catch (e) {
    if (mine !== generation) return;
    showFatal(root, e.status === 409 ? e.message
      : e.status === 401 ? "This invitation is not valid (unauthorized)."
      : "The seat could not be taken: " + e.message);
  }
}

function route() {
  const mine = ++generation;
  const root = document.getElementById("app");
  for (const key of ["loaded", "role", "status", "round"]) delete document.body.dataset[key];
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const id = params.get("n");
  const token = params.get("t");
  const invitation = params.get("i");
  if (id && invitation && !token) {
    takeSeat(root, id, invitation, mine);
  } else if (id && token) {
    negotiationPage(root, id, token, mine).catch((e) => showFatal(root, "This page failed: " + e.message));
  } else {
    homePage(root);
    document.body.dataset.role = "home";
    document.body.dataset.loaded = "true";
  }
}

window.addEventListener("hashchange", route);
route();
