// The rules of a hosted negotiation: authorisation, founding, seats, and the acts of the parties and the mediator.
#include "host/negotiation.hpp"

#include <algorithm>

#include "analysis/space.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "host/offers.hpp"
#include "host/preferences.hpp"
#include "host/requests.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

using Kind = Refused::Kind;

doc::Node str(std::string s) {
  return doc::Node::make_string(std::move(s));
}
doc::Node num(double x) {
  return doc::Node::make_number(x);
}

// The public description of an issue, kept in the state at founding (docs/serve.md, "The public state").
doc::Node issue_node(const Issue& i) {
  auto n = doc::Node::make_mapping();
  n.set("id", str(i.id));
  n.set("name", str(i.name.empty() ? i.id : i.name));
  if (!i.description.empty()) n.set("description", str(i.description));
  if (i.discrete) {
    auto options = doc::Node::make_sequence();
    for (const auto& o : i.options) options.push(str(o));
    n.set("options", std::move(options));
    if (!i.ordered) n.set("ordered", doc::Node::make_bool(false));  // nominal: options with no order
    return n;
  }
  n.set("min", num(i.min));
  n.set("max", num(i.max));
  n.set("step", num(i.step));
  auto labels = doc::Node::make_sequence();
  for (const auto& l : i.labels) {
    auto m = doc::Node::make_mapping();
    m.set("value", num(l.value));
    m.set("text", str(l.text));
    labels.push(std::move(m));
  }
  n.set("labels", std::move(labels));
  return n;
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

// The offers a party may accept now: the round's suggestions while open, the improvements once agreed.
const std::vector<Offer>& open_offers(const State& s) {
  return s.status == Status::agreed ? s.improvements : s.suggestions;
}

std::map<std::string, Preferences> preferences_of(const State& s, const Scenario& sc) {
  std::map<std::string, Preferences> out;
  for (const auto& [party, c] : s.confidential) {
    if (!c.preferences) continue;
    try {
      out[party] = host::preferences_of(sc, *c.preferences);
    } catch (const Refused&) {
      // Checked when put: a stored document that no longer reads is a fault of the site, and its message
      // (about someone's confidential document) must not reach the caller.
      throw Error(ExitCode::internal, "stored preferences no longer read");
    }
  }
  return out;
}

// Each party's own utility and acceptance of every offer listed (suggestions, improvements, agreement), from
// its exact preferences (`views`: only the party itself sees its view).
void refresh_views(State& s, const Evaluation& ev, const std::string& only = {}) {
  for (auto& entry : s.confidential) {
    const std::string& party = entry.first;
    auto& c = entry.second;
    if (!only.empty() && party != only) continue;
    c.view.clear();
    if (!c.preferences) continue;
    // Named, not structured bindings: clang 14 cannot capture those in a lambda.
    auto see = [&](const Offer& o) { c.view[o.id] = ev.view(party, o.values); };
    for (const auto& o : s.suggestions) see(o);
    for (const auto& o : s.improvements) see(o);
    if (s.agreement) see(*s.agreement);
  }
}

std::vector<Offer> numbered(State& s, const std::vector<std::vector<double>>& packages) {
  std::vector<Offer> out;
  out.reserve(packages.size());
  for (const auto& p : packages) out.push_back({s.next_offer++, p});
  return out;
}

void clear_acceptances(State& s) {
  for (auto& [party, c] : s.confidential) {
    c.acceptances.clear();
    c.responded = false;
  }
}

// The offers (docs/serve.md, "What the site reveals"), computed on the site's offer threads with its deadline
// (host/offer_pool.hpp): from every party's limits read inward at the public resolution when some package
// passes them all, else outward. Either way they depend on a limit only through its cell of the public lattice.
Evaluation offers_evaluation(OfferPool& pool, const State& s, const Scenario& sc) {
  const auto prefs = preferences_of(s, sc);
  return pool.offers(with_preferences(sc, prefs, Limits::inward), with_preferences(sc, prefs, Limits::outward));
}

// Each party's own view of the offers, from its exact preferences (no frontier: cheap on every revision).
Evaluation views_evaluation(const State& s, const Scenario& sc) {
  try {
    return Evaluation(with_preferences(sc, preferences_of(s, sc)), Evaluation::Scope::views);
  } catch (const LimitError&) {
    throw Refused(Kind::conflict, "the offers could not be computed within the site's limits");
  }
}

// Opens the next round from the preferences as they are: suggestions while open, improvements once agreed.
void next_round(OfferPool& pool, State& s, const Scenario& sc, const std::string& actor, std::vector<Entry>& entries) {
  const Evaluation ev = offers_evaluation(pool, s, sc);
  ++s.round;
  clear_acceptances(s);
  auto detail = doc::Node::make_mapping();
  detail.set("round", num(s.round));
  if (s.status == Status::open) {
    s.zopa = ev.zopa();
    s.suggestions = numbered(s, ev.suggestions(kMaxOffers));
    detail.set("zopa_exists", doc::Node::make_bool(*s.zopa));
    detail.set("suggestions", offers_node(sc, s.suggestions));
  } else {
    s.improvements = numbered(s, ev.improvements(s.agreement->values, kMaxOffers));
    detail.set("improvements", offers_node(sc, s.improvements));
  }
  refresh_views(s, views_evaluation(s, sc));
  entries.push_back(append(s, actor, "round", std::move(detail)));
}

// The scenario's decision rule over its parties (every party, unless the scenario states one), in the order of
// State::parties, which is the scenario's order of its parties.
analysis::Decision decision_of(const Scenario& sc) {
  std::vector<std::size_t> parties;
  for (std::size_t a = 0; a < sc.actors.size(); ++a) {
    if (sc.actors[a].role == Role::party) parties.push_back(a);
  }
  return analysis::decision_of(sc, parties);
}

// When the parties that accepted one open offer pass the decision rule (by default: every party accepted it), the
// negotiation is agreed on it (the lowest id when several are) and the site looks for packages every party prefers.
void settle(OfferPool& pool, State& s, const Scenario& sc, std::vector<Entry>& entries) {
  const analysis::Decision rule = decision_of(sc);
  for (const auto& o : open_offers(s)) {
    std::vector<std::uint8_t> accepted;
    for (const PartyInfo& p : s.parties) {
      const auto& acc = s.confidential[p.id].acceptances;
      accepted.push_back(std::find(acc.begin(), acc.end(), o.id) != acc.end() ? 1 : 0);
    }
    if (!rule.passes(accepted)) continue;
    s.status = Status::agreed;
    s.agreement = o;
    entries.push_back(append(s, "site", "agreement", offer_node(sc, o)));
    const Evaluation ev = offers_evaluation(pool, s, sc);
    // `o` may be one of the improvements about to be replaced: read the agreement's own copy.
    s.improvements = numbered(s, ev.improvements(s.agreement->values, kMaxOffers));
    clear_acceptances(s);
    refresh_views(s, views_evaluation(s, sc));
    auto detail = doc::Node::make_mapping();
    detail.set("improvements", offers_node(sc, s.improvements));
    entries.push_back(append(s, "site", "improvements", std::move(detail)));
    return;
  }
}

}  // namespace

void unauthorized() {
  throw Refused(Kind::unauthorized, "unauthorized");
}

TokenRow authorize(Store& store, const std::string& id, const std::string& token, std::string_view role) {
  if (token.size() != kTokenLength) unauthorized();
  const auto row = store.token(core::sha256_hex(token));
  if (!row || row->negotiation != id) unauthorized();
  if (!role.empty() && row->role != role)
    throw Refused(Kind::forbidden, role == "mediator" ? "forbidden: this needs the mediator's token"
                                                      : "forbidden: this needs a party's token");
  return *row;
}

std::string party_actor(const std::string& party) {
  return "party:" + party;
}

Founded found(const Scenario& now, const std::string& sha256, const std::string& name, int round_budget,
              double work_budget) {
  if (now.issues.empty()) throw Refused(Kind::bad_request, name + ": error: a hosted negotiation needs issues");
  Founded out;
  State& s = out.state;
  s.id = random_hex(12);
  s.title = now.title;
  s.created = now_utc();
  s.salt = random_hex(32);
  s.round_budget = round_budget;
  s.issues = doc::Node::make_sequence();
  for (const auto& i : now.issues) s.issues.push(issue_node(i));
  for (const auto& a : now.actors) {
    if (a.role != Role::party) continue;
    auto stance = doc::Node::make_mapping();
    for (const auto& st : a.stances)
      stance.set(now.issues[st.issue].id, value_node(now.issues[st.issue], st.position.central()));
    PartyInfo info;
    info.id = a.id;
    info.name = a.name.empty() ? a.id : a.name;
    info.stance = std::move(stance);
    const auto code = random_hex(kInvitationLength / 2);
    info.invitation = core::sha256_hex(code);
    out.invitations[a.id] = code;
    s.parties.push_back(std::move(info));
    s.confidential[a.id] = {};
  }
  if (s.parties.size() < 2)
    throw Refused(Kind::bad_request, name + ": error: a hosted negotiation needs at least two actors with role party");
  // Every round evaluates every package for every party, twice (docs/serve.md, "Abuse"): refused now, with the
  // estimate, rather than after the parties have spent their time on preferences.
  const double packages = package_count(now);
  const double work = 2 * packages * static_cast<double>(s.parties.size());
  if (work > work_budget)
    throw Refused(Kind::bad_request, name + ": error: each round would evaluate " + core::format_number(packages) +
                                         " packages for " + std::to_string(s.parties.size()) + " parties twice (" +
                                         core::format_number(work) + " evaluations), past this site's work budget of " +
                                         core::format_number(work_budget) +
                                         " per round; coarsen the issues' steps or drop an issue");
  out.mediator_token = random_hex(32);
  out.tokens.push_back({core::sha256_hex(out.mediator_token), {s.id, "mediator", ""}});
  auto parties = doc::Node::make_sequence();
  for (const auto& p : s.parties) parties.push(str(p.id));
  auto detail = doc::Node::make_mapping();
  detail.set("title", str(s.title));
  detail.set("parties", std::move(parties));
  detail.set("scenario_sha256", str(sha256));
  detail.set("round_budget", num(s.round_budget));
  detail.set("resolution", resolution_node(now));
  out.entry = append(s, "mediator", "create", std::move(detail));
  return out;
}

std::string invitation_hash(std::string_view body) {
  const std::string code = read_invitation(body);
  if (code.size() != kInvitationLength) unauthorized();
  return core::sha256_hex(code);
}

Seated seat(State& s, const std::string& hash, Change& c) {
  const auto p =
      std::find_if(s.parties.begin(), s.parties.end(), [&](const PartyInfo& info) { return info.invitation == hash; });
  if (p == s.parties.end()) unauthorized();
  if (p->seated)
    throw Refused(Kind::conflict,
                  "this invitation has been used: the seat of '" + p->id +
                      "' is taken. If you did not take it, someone else holds your seat: tell the mediator");
  p->seated = true;
  Seated out{p->id, random_hex(32)};
  c.tokens.push_back({core::sha256_hex(out.token), {s.id, "party", p->id}});
  auto detail = doc::Node::make_mapping();
  detail.set("party", str(p->id));
  c.entries.push_back(append(s, party_actor(p->id), "seat", std::move(detail)));
  c.state = state_json(s);
  return out;
}

void set_preferences(OfferPool& pool, State& s, const Scenario& sc, const std::string& party, std::string_view body,
                     std::vector<Entry>& entries) {
  const auto normal = preferences_node(sc, read_preferences(sc, body));
  auto& mine = s.confidential[party];
  mine.preferences = normal;
  auto detail = doc::Node::make_mapping();
  detail.set("party", str(party));
  detail.set("digest", str(digest(s, party_actor(party), doc::to_json_line(normal))));
  entries.push_back(append(s, party_actor(party), "preferences", std::move(detail)));
  if (s.round == 0 && s.all_preferences_set()) {
    // The preferences are kept even when the offers cannot be computed (the round stays unopened, and the
    // mediator's attempt to open it says why): what a party said is never lost to the site's limits.
    try {
      next_round(pool, s, sc, "site", entries);
    } catch (const Refused&) {}
  } else if (s.round > 0) {
    // Only the party's own view changes: no frontier, so a revision costs little whatever the space.
    refresh_views(s, views_evaluation(s, sc), party);
  }
}

void accept(OfferPool& pool, State& s, const Scenario& sc, const std::string& party, std::string_view body,
            std::vector<Entry>& entries) {
  const doc::Node list = read_acceptances(body);
  if (s.round == 0) throw Refused(Kind::conflict, "no round is open yet: every party must set its preferences first");
  std::vector<std::int64_t> open;
  for (const auto& o : open_offers(s)) open.push_back(o.id);
  const auto ids = accepted_ids(
      list, open,
      std::string(s.status == Status::agreed ? "improvement" : "suggestion") + " of round " + std::to_string(s.round));
  auto& mine = s.confidential[party];
  mine.acceptances.assign(ids.begin(), ids.end());
  mine.responded = true;
  auto detail = doc::Node::make_mapping();
  detail.set("party", str(party));
  detail.set("round", num(s.round));
  detail.set("digest", str(digest(s, party_actor(party), ids_text(mine.acceptances))));
  entries.push_back(append(s, party_actor(party), "acceptances", std::move(detail)));
  settle(pool, s, sc, entries);
}

void propose(State& s, const Scenario& sc, const std::string& party, std::string_view body,
             std::vector<Entry>& entries) {
  Proposal p{party, s.round, read_proposal(sc, body)};
  if (s.proposals.size() >= kMaxProposals)
    throw Refused(Kind::conflict,
                  "this negotiation holds " + std::to_string(kMaxProposals) + " proposals, the most it keeps");
  // Each party's share of the list, so that no party can fill it and lock the others out.
  const std::size_t quota = kMaxProposals / s.parties.size();
  const auto mine =
      std::count_if(s.proposals.begin(), s.proposals.end(), [&](const Proposal& q) { return q.party == party; });
  if (static_cast<std::size_t>(mine) >= quota)
    throw Refused(Kind::conflict, "you have made " + std::to_string(mine) +
                                      " proposals in this negotiation, the most one party may make");
  auto detail = doc::Node::make_mapping();
  detail.set("party", str(party));
  detail.set("round", num(s.round));
  detail.set("values", values_node(sc, p.values));
  s.proposals.push_back(std::move(p));
  entries.push_back(append(s, party_actor(party), "proposal", std::move(detail)));
}

void open_round(OfferPool& pool, State& s, const Scenario& sc, std::vector<Entry>& entries) {
  if (!s.all_preferences_set()) {
    std::vector<std::string> waiting;
    for (const auto& p : s.parties)
      if (!s.confidential[p.id].preferences) waiting.push_back(p.id);
    throw Refused(Kind::conflict, "waiting for the preferences of " + core::quoted_list(waiting, "and"));
  }
  if (s.round >= s.round_budget)
    throw Refused(Kind::conflict, "round " + std::to_string(s.round) + " is the last of this negotiation's budget of " +
                                      std::to_string(s.round_budget) + " rounds, declared when it was created");
  next_round(pool, s, sc, "mediator", entries);
}

doc::Node values_node(const Scenario& sc, const std::vector<double>& values) {
  auto n = doc::Node::make_mapping();
  for (std::size_t k = 0; k < sc.issues.size() && k < values.size(); ++k)
    n.set(sc.issues[k].id, value_node(sc.issues[k], values[k]));
  return n;
}

doc::Node offer_node(const Scenario& sc, const Offer& o) {
  auto n = doc::Node::make_mapping();
  n.set("id", num(static_cast<double>(o.id)));
  n.set("values", values_node(sc, o.values));
  return n;
}

doc::Node offers_node(const Scenario& sc, const std::vector<Offer>& os) {
  auto n = doc::Node::make_sequence();
  for (const auto& o : os) n.push(offer_node(sc, o));
  return n;
}

doc::Node resolution_node(const Scenario& sc) {
  auto n = doc::Node::make_mapping();
  for (const auto& i : sc.issues) n.set(i.id, num(i.discrete ? 1.0 : i.step));
  return n;
}

}  // namespace parley::host
