// The neutral site's services (docs/serve.md). Every request is: authorise the token against the negotiation
// and role; read (or, for a change, lock) the negotiation's state; act; write the state and the audit entries
// in one transaction. What a party told the site in confidence is read here and only ever leaves through that
// party's own answers (its preferences, its utilities, its acceptances).
#include "parley/site.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "core/file.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "host/audit.hpp"
#include "host/offer_pool.hpp"
#include "host/offers.hpp"
#include "host/preferences.hpp"
#include "host/requests.hpp"
#include "host/state.hpp"
#include "host/store.hpp"
#include "parley/services.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace parley::services {

namespace {

using host::State;
using Kind = Refused::Kind;

/// The most proposals one negotiation keeps: each is public, and the state is read on every request.
constexpr std::size_t kMaxProposals = 1000;
/// The length of every token this site gives (32 random bytes in hex); no other string is looked up.
constexpr std::size_t kTokenLength = 64;
/// Client addresses whose recent creations are remembered before the idle ones are swept.
constexpr std::size_t kRecentAddresses = 10000;
/// Offer computations that may wait for a thread; past them a round is refused as busy.
constexpr std::size_t kMaxPendingOffers = 64;
/// The length of an invitation code (16 random bytes in hex).
constexpr std::size_t kInvitationLength = 32;

[[noreturn]] void unauthorized() {
  throw Refused(Kind::unauthorized, "unauthorized");
}

doc::Node str(std::string s) {
  return doc::Node::make_string(std::move(s));
}
doc::Node num(double x) {
  return doc::Node::make_number(x);
}

doc::Node issue_node(const Issue& i) {
  auto n = doc::Node::make_mapping();
  n.set("id", str(i.id));
  n.set("name", str(i.name.empty() ? i.id : i.name));
  if (!i.description.empty()) n.set("description", str(i.description));
  if (i.discrete) {
    auto options = doc::Node::make_sequence();
    for (const auto& o : i.options) options.push(str(o));
    n.set("options", std::move(options));
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

doc::Node values_node(const Scenario& sc, const std::vector<double>& values) {
  auto n = doc::Node::make_mapping();
  for (std::size_t k = 0; k < sc.issues.size() && k < values.size(); ++k)
    n.set(sc.issues[k].id, host::value_node(sc.issues[k], values[k]));
  return n;
}

doc::Node offer_node(const Scenario& sc, const host::Offer& o) {
  auto n = doc::Node::make_mapping();
  n.set("id", num(static_cast<double>(o.id)));
  n.set("values", values_node(sc, o.values));
  return n;
}

doc::Node offers_node(const Scenario& sc, const std::vector<host::Offer>& os) {
  auto n = doc::Node::make_sequence();
  for (const auto& o : os) n.push(offer_node(sc, o));
  return n;
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

// The offers a party may accept now: the round's suggestions while open, the improvements once agreed.
const std::vector<host::Offer>& open_offers(const State& s) {
  return s.status == host::Status::agreed ? s.improvements : s.suggestions;
}

std::map<std::string, host::Preferences> preferences_of(const State& s, const Scenario& sc) {
  std::map<std::string, host::Preferences> out;
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
void refresh_views(State& s, const host::Evaluation& ev, const std::string& only = {}) {
  for (auto& entry : s.confidential) {
    const std::string& party = entry.first;
    auto& c = entry.second;
    if (!only.empty() && party != only) continue;
    c.view.clear();
    if (!c.preferences) continue;
    // Named, not structured bindings: clang 14 cannot capture those in a lambda.
    auto see = [&](const host::Offer& o) { c.view[o.id] = ev.view(party, o.values); };
    for (const auto& o : s.suggestions) see(o);
    for (const auto& o : s.improvements) see(o);
    if (s.agreement) see(*s.agreement);
  }
}

std::vector<host::Offer> number(State& s, const std::vector<std::vector<double>>& packages) {
  std::vector<host::Offer> out;
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
host::Evaluation offers_evaluation(host::OfferPool& pool, const State& s, const Scenario& sc) {
  const auto prefs = preferences_of(s, sc);
  return pool.offers(host::with_preferences(sc, prefs, host::Limits::inward),
                     host::with_preferences(sc, prefs, host::Limits::outward));
}

// Each party's own view of the offers, from its exact preferences (no frontier: cheap on every revision).
host::Evaluation views_evaluation(const State& s, const Scenario& sc) {
  try {
    return host::Evaluation(host::with_preferences(sc, preferences_of(s, sc)), host::Evaluation::Scope::views);
  } catch (const LimitError&) {
    throw Refused(Kind::conflict, "the offers could not be computed within the site's limits");
  }
}

// Opens the next round from the preferences as they are: suggestions while open, improvements once agreed.
void next_round(host::OfferPool& pool, State& s, const Scenario& sc, const std::string& actor,
                std::vector<host::Entry>& entries) {
  const host::Evaluation ev = offers_evaluation(pool, s, sc);
  ++s.round;
  clear_acceptances(s);
  auto detail = doc::Node::make_mapping();
  detail.set("round", num(s.round));
  if (s.status == host::Status::open) {
    s.zopa = ev.zopa();
    s.suggestions = number(s, ev.suggestions(host::kMaxOffers));
    detail.set("zopa_exists", doc::Node::make_bool(*s.zopa));
    detail.set("suggestions", offers_node(sc, s.suggestions));
  } else {
    s.improvements = number(s, ev.improvements(s.agreement->values, host::kMaxOffers));
    detail.set("improvements", offers_node(sc, s.improvements));
  }
  refresh_views(s, views_evaluation(s, sc));
  entries.push_back(host::append(s, actor, "round", std::move(detail)));
}

// When one open offer is accepted by every party, the negotiation is agreed on it (the lowest id when several
// are) and the site looks for packages every party prefers.
void settle(host::OfferPool& pool, State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
  for (const auto& o : open_offers(s)) {
    const bool all = std::all_of(s.parties.begin(), s.parties.end(), [&](const host::PartyInfo& p) {
      const auto& acc = s.confidential[p.id].acceptances;
      return std::find(acc.begin(), acc.end(), o.id) != acc.end();
    });
    if (!all) continue;
    s.status = host::Status::agreed;
    s.agreement = o;
    entries.push_back(host::append(s, "site", "agreement", offer_node(sc, o)));
    const host::Evaluation ev = offers_evaluation(pool, s, sc);
    // `o` may be one of the improvements about to be replaced: read the agreement's own copy.
    s.improvements = number(s, ev.improvements(s.agreement->values, host::kMaxOffers));
    clear_acceptances(s);
    refresh_views(s, views_evaluation(s, sc));
    auto detail = doc::Node::make_mapping();
    detail.set("improvements", offers_node(sc, s.improvements));
    entries.push_back(host::append(s, "site", "improvements", std::move(detail)));
    return;
  }
}

// The public resolution per issue (docs/serve.md, "What the site reveals"): the step of the issue's lattice, one
// option on a discrete issue.
doc::Node resolution_node(const Scenario& sc) {
  auto n = doc::Node::make_mapping();
  for (const auto& i : sc.issues) n.set(i.id, num(i.discrete ? 1.0 : i.step));
  return n;
}

std::string party_actor(const std::string& party) {
  return "party:" + party;
}

}  // namespace

struct Site::Impl {
  std::unique_ptr<host::Store> store;
  SiteLimits limits;
  std::unique_ptr<host::OfferPool> offers;
  std::mutex mutex;
  // Parsed scenarios by negotiation (posted once, never changed), with the tick of their last use: at most
  // limits.cached_scenarios are kept, the least recently used evicted first.
  std::map<std::string, std::pair<std::shared_ptr<const Scenario>, std::uint64_t>> scenarios;
  std::uint64_t tick = 0;
  std::size_t negotiations = 0;                   // in the store (counted at start, then by this process's creations)
  std::map<std::string, std::size_t> created_by;  // negotiations created, by client address
  std::map<std::string, std::vector<std::int64_t>> recent_by;  // creation times (s) in the last minute, by client

  // The caller's token row, when it belongs to negotiation `id` (and has `role`, when one is asked for).
  host::TokenRow authorize(const std::string& id, const std::string& token, std::string_view role = {}) {
    if (token.size() != kTokenLength) unauthorized();
    const auto row = store->token(core::sha256_hex(token));
    if (!row || row->negotiation != id) unauthorized();
    if (!role.empty() && row->role != role)
      throw Refused(Kind::forbidden, role == "mediator" ? "forbidden: this needs the mediator's token"
                                                        : "forbidden: this needs a party's token");
    return *row;
  }

  // The negotiation's scenario at its last timeline point, parsed once per process. Changes load it before they
  // take the store's lock: a PostgreSQL change holds a pooled connection, and this would need another.
  std::shared_ptr<const Scenario> scenario(const std::string& id) {
    {
      std::lock_guard lock(mutex);
      if (const auto it = scenarios.find(id); it != scenarios.end()) {
        it->second.second = ++tick;
        return it->second.first;
      }
    }
    const auto text = store->scenario(id);
    if (!text) throw Error(ExitCode::internal, "a negotiation without its scenario");
    Diagnostics diags;
    auto parsed = scenario::load_text(*text, "request", load_options(*text), diags);
    if (!parsed) throw Error(ExitCode::internal, "a stored scenario no longer loads");
    auto shared = std::make_shared<const Scenario>(scenario::at_point(*parsed, parsed->timeline.size()));
    std::lock_guard lock(mutex);
    if (scenarios.size() >= limits.cached_scenarios) {
      const auto oldest = std::min_element(scenarios.begin(), scenarios.end(), [](const auto& a, const auto& b) {
        return a.second.second < b.second.second;
      });
      scenarios.erase(oldest);
    }
    return scenarios.emplace(id, std::make_pair(std::move(shared), ++tick)).first->second.first;
  }

  // A posted scenario is JSON when it starts with '{', else YAML; its diagnostics name it "request".
  static scenario::LoadOptions load_options(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    scenario::LoadOptions options;
    options.format = first != std::string_view::npos && text[first] == '{' ? "json" : "yaml";
    return options;
  }

  // Runs `act` on the locked state; `act` returns the answer and appends the entries to write.
  std::string change(const std::string& id,
                     const std::function<std::string(State&, const Scenario&, std::vector<host::Entry>&)>& act) {
    // Every caller has authorised a token of this negotiation, so it exists.
    std::string answer;
    const auto sc = scenario(id);
    const bool found = store->update(id, [&](const std::string& text) {
      State s = host::parse_state(text);
      host::Change c;
      answer = act(s, *sc, c.entries);
      if (!c.entries.empty()) c.state = host::state_json(s);
      return c;
    });
    if (!found) unauthorized();
    return answer;
  }

  State read(const std::string& id) {
    const auto text = store->state(id);
    if (!text) unauthorized();
    return host::parse_state(*text);
  }

  void admit(const std::string& client);
  void count_created(const std::string& client);

  std::string public_state(const State& s, const Scenario& sc, const host::TokenRow& caller) {
    auto n = doc::Node::make_mapping();
    n.set("id", str(s.id));
    n.set("title", str(s.title));
    n.set("created", str(s.created));
    n.set("status", str(s.status == host::Status::agreed ? "agreed" : "open"));
    n.set("round", num(s.round));
    n.set("round_budget", num(s.round_budget));
    n.set("zopa_exists", s.zopa ? doc::Node::make_bool(*s.zopa) : doc::Node::make_null());
    n.set("issues", s.issues);
    n.set("resolution", resolution_node(sc));
    n.set("no_deal_resolution", num(host::kNoDealResolution));
    auto parties = doc::Node::make_sequence();
    for (const auto& p : s.parties) {
      const auto it = s.confidential.find(p.id);
      auto m = doc::Node::make_mapping();
      m.set("id", str(p.id));
      m.set("name", str(p.name));
      m.set("seated", doc::Node::make_bool(p.seated));
      m.set("preferences_set", doc::Node::make_bool(it != s.confidential.end() && it->second.preferences));
      m.set("responded", doc::Node::make_bool(it != s.confidential.end() && it->second.responded));
      m.set("stance", p.stance);
      parties.push(std::move(m));
    }
    n.set("parties", std::move(parties));
    n.set("suggestions", offers_node(sc, s.suggestions));
    n.set("improvements", offers_node(sc, s.improvements));
    n.set("agreement", s.agreement ? offer_node(sc, *s.agreement) : doc::Node::make_null());
    auto proposals = doc::Node::make_sequence();
    for (const auto& p : s.proposals) {
      auto m = doc::Node::make_mapping();
      m.set("party", str(p.party));
      m.set("round", num(p.round));
      m.set("values", values_node(sc, p.values));
      proposals.push(std::move(m));
    }
    n.set("proposals", std::move(proposals));
    auto you = doc::Node::make_mapping();
    you.set("role", str(caller.role));
    if (caller.role == "party") {
      you.set("party", str(caller.party));
      const auto it = s.confidential.find(caller.party);
      auto acc = doc::Node::make_sequence();
      auto utilities = doc::Node::make_mapping();
      auto acceptable = doc::Node::make_mapping();
      if (it != s.confidential.end()) {
        for (const auto id : it->second.acceptances) acc.push(num(static_cast<double>(id)));
        for (const auto& [id, v] : it->second.view) {
          utilities.set(std::to_string(id), num(v.first));
          acceptable.set(std::to_string(id), doc::Node::make_bool(v.second));
        }
      }
      you.set("acceptances", std::move(acc));
      you.set("utilities", std::move(utilities));
      you.set("acceptable", std::move(acceptable));
    }
    n.set("you", std::move(you));
    return doc::to_json_line(n);
  }
};

Site::Site(const std::string& db, const SiteLimits& limits) : impl_(std::make_unique<Impl>()) {
  impl_->store = host::open_store(db);
  impl_->limits = limits;
  impl_->negotiations = impl_->store->negotiations().size();
  impl_->offers = std::make_unique<host::OfferPool>(
      limits.offer_threads != 0 ? limits.offer_threads : std::max(1U, std::thread::hardware_concurrency()),
      std::chrono::milliseconds(limits.offers_deadline_ms), kMaxPendingOffers);
}
Site::~Site() = default;

std::string Site::store_name() const {
  return impl_->store->name();
}

// A new negotiation by `client` is within the site's bounds: the total, the client's own count, and its rate.
// Checked and counted under the lock, before the scenario is even parsed, so a flood costs little.
void Site::Impl::admit(const std::string& client) {
  std::lock_guard lock(mutex);
  if (negotiations >= limits.max_negotiations)
    throw Refused(Kind::too_many, "this site holds " + std::to_string(negotiations) +
                                      " negotiations, the most it takes; try another site or ask its operator");
  if (client.empty()) return;
  if (created_by[client] >= limits.negotiations_per_client)
    throw Refused(Kind::too_many, "this address has created " + std::to_string(created_by[client]) +
                                      " negotiations, the most one address may create");
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  // Addresses with no creation in the last minute are forgotten once many are known, so that a flood from many
  // addresses leaves no more than a minute's worth of them in memory.
  if (recent_by.size() > kRecentAddresses)
    std::erase_if(recent_by,
                  [&](const auto& entry) { return entry.second.empty() || entry.second.back() <= now - 60; });
  auto& recent = recent_by[client];
  std::erase_if(recent, [&](std::int64_t t) { return t <= now - 60; });
  if (recent.size() >= limits.creations_per_minute)
    throw Refused(Kind::too_many, "this address created " + std::to_string(recent.size()) +
                                      " negotiations in the last minute, the most it may; wait a minute");
  recent.push_back(now);
}

void Site::Impl::count_created(const std::string& client) {
  std::lock_guard lock(mutex);
  ++negotiations;
  if (!client.empty()) ++created_by[client];
}

Site::Created Site::create(std::string_view text, const std::string& client) {
  impl_->admit(client);
  Diagnostics diags;
  const std::string name = "request";
  auto parsed = scenario::load_text(text, name, Impl::load_options(text), diags);
  if (!parsed) {
    const auto sorted = diags.sorted();
    const auto first =
        std::find_if(sorted.begin(), sorted.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
    throw Refused(Kind::bad_request,
                  first == sorted.end() ? name + ": error: not a scenario" : format_diagnostic(*first));
  }
  const Scenario now = scenario::at_point(*parsed, parsed->timeline.size());
  if (now.issues.empty()) throw Refused(Kind::bad_request, name + ": error: a hosted negotiation needs issues");
  State s;
  s.id = host::random_hex(12);
  s.title = now.title;
  s.created = host::now_utc();
  s.salt = host::random_hex(32);
  s.round_budget = impl_->limits.round_budget;
  s.issues = doc::Node::make_sequence();
  for (const auto& i : now.issues) s.issues.push(issue_node(i));
  Created out;
  out.id = s.id;
  for (const auto& a : now.actors) {
    if (a.role != Role::party) continue;
    auto stance = doc::Node::make_mapping();
    for (const auto& st : a.stances)
      stance.set(now.issues[st.issue].id, host::value_node(now.issues[st.issue], st.position.central()));
    host::PartyInfo info;
    info.id = a.id;
    info.name = a.name.empty() ? a.id : a.name;
    info.stance = std::move(stance);
    const auto code = host::random_hex(kInvitationLength / 2);
    info.invitation = core::sha256_hex(code);
    out.invitations[a.id] = code;
    s.parties.push_back(std::move(info));
    s.confidential[a.id] = {};
  }
  if (s.parties.size() < 2)
    throw Refused(Kind::bad_request, name + ": error: a hosted negotiation needs at least two actors with role party");
  // Every round evaluates every package for every party, twice (docs/serve.md, "Abuse"): refused now, with the
  // estimate, rather than after the parties have spent their time on preferences.
  const double packages = host::package_count(now);
  const double work = 2 * packages * static_cast<double>(s.parties.size());
  if (work > impl_->limits.work_budget)
    throw Refused(Kind::bad_request, name + ": error: each round would evaluate " + core::format_number(packages) +
                                         " packages for " + std::to_string(s.parties.size()) + " parties twice (" +
                                         core::format_number(work) + " evaluations), past this site's work budget of " +
                                         core::format_number(impl_->limits.work_budget) +
                                         " per round; coarsen the issues' steps or drop an issue");
  out.mediator_token = host::random_hex(32);
  std::vector<std::pair<std::string, host::TokenRow>> tokens{
      {core::sha256_hex(out.mediator_token), {s.id, "mediator", ""}}};
  auto parties = doc::Node::make_sequence();
  for (const auto& p : s.parties) parties.push(str(p.id));
  auto detail = doc::Node::make_mapping();
  detail.set("title", str(s.title));
  detail.set("parties", std::move(parties));
  detail.set("scenario_sha256", str(scenario_sha256(*parsed)));
  detail.set("round_budget", num(s.round_budget));
  detail.set("resolution", resolution_node(now));
  std::vector<host::Entry> entries{host::append(s, "mediator", "create", std::move(detail))};
  impl_->store->create(s.id, std::string(text), host::state_json(s), tokens, entries);
  impl_->count_created(client);
  return out;
}

std::string Site::created_json(const Created& c) {
  auto n = doc::Node::make_mapping();
  n.set("id", str(c.id));
  n.set("mediator_token", str(c.mediator_token));
  auto invitations = doc::Node::make_mapping();
  for (const auto& [party, code] : c.invitations) invitations.set(party, str(code));
  n.set("invitations", std::move(invitations));
  return doc::to_json_line(n);
}

Site::Seat Site::take_seat(const std::string& id, std::string_view body) {
  const std::string code = host::read_invitation(body);
  if (code.size() != kInvitationLength) unauthorized();
  const std::string hash = core::sha256_hex(code);
  Seat seat;
  const bool found = impl_->store->update(id, [&](const std::string& text) {
    State s = host::parse_state(text);
    host::Change c;
    const auto p = std::find_if(s.parties.begin(), s.parties.end(),
                                [&](const host::PartyInfo& info) { return info.invitation == hash; });
    if (p == s.parties.end()) unauthorized();
    if (p->seated)
      throw Refused(Kind::conflict,
                    "this invitation has been used: the seat of '" + p->id +
                        "' is taken. If you did not take it, someone else holds your seat: tell the mediator");
    p->seated = true;
    seat.party = p->id;
    seat.token = host::random_hex(32);
    c.tokens.push_back({core::sha256_hex(seat.token), {s.id, "party", p->id}});
    auto detail = doc::Node::make_mapping();
    detail.set("party", str(p->id));
    c.entries.push_back(host::append(s, party_actor(p->id), "seat", std::move(detail)));
    c.state = host::state_json(s);
    return c;
  });
  if (!found) unauthorized();
  return seat;
}

std::string Site::seat_json(const Seat& s) {
  auto n = doc::Node::make_mapping();
  n.set("party", str(s.party));
  n.set("token", str(s.token));
  return doc::to_json_line(n);
}

std::string Site::state(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token);
  const State s = impl_->read(id);
  return impl_->public_state(s, *impl_->scenario(id), caller);
}

void Site::set_preferences(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  (void)impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    const auto normal = host::preferences_node(sc, host::read_preferences(sc, body));
    auto& mine = s.confidential[caller.party];
    mine.preferences = normal;
    auto detail = doc::Node::make_mapping();
    detail.set("party", str(caller.party));
    detail.set("digest", str(host::digest(s, party_actor(caller.party), doc::to_json_line(normal))));
    entries.push_back(host::append(s, party_actor(caller.party), "preferences", std::move(detail)));
    if (s.round == 0 && s.all_preferences_set()) {
      // The preferences are kept even when the offers cannot be computed (the round stays unopened, and the
      // mediator's attempt to open it says why): what a party said is never lost to the site's limits.
      try {
        next_round(*impl_->offers, s, sc, "site", entries);
      } catch (const Refused&) {}
    } else if (s.round > 0) {
      // Only the party's own view changes: no frontier, so a revision costs little whatever the space.
      refresh_views(s, views_evaluation(s, sc), caller.party);
    }
    return std::string();
  });
}

std::string Site::preferences(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token, "party");
  const State s = impl_->read(id);
  const auto it = s.confidential.find(caller.party);
  if (it == s.confidential.end() || !it->second.preferences)
    throw Refused(Kind::conflict, "no preferences yet: PUT them first");
  return doc::to_json_line(*it->second.preferences);
}

std::string Site::accept(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    const doc::Node list = host::read_acceptances(body);
    if (s.round == 0) throw Refused(Kind::conflict, "no round is open yet: every party must set its preferences first");
    std::vector<std::int64_t> open;
    for (const auto& o : open_offers(s)) open.push_back(o.id);
    const auto ids = host::accepted_ids(list, open,
                                        std::string(s.status == host::Status::agreed ? "improvement" : "suggestion") +
                                            " of round " + std::to_string(s.round));
    auto& mine = s.confidential[caller.party];
    mine.acceptances.assign(ids.begin(), ids.end());
    mine.responded = true;
    auto detail = doc::Node::make_mapping();
    detail.set("party", str(caller.party));
    detail.set("round", num(s.round));
    detail.set("digest", str(host::digest(s, party_actor(caller.party), ids_text(mine.acceptances))));
    entries.push_back(host::append(s, party_actor(caller.party), "acceptances", std::move(detail)));
    settle(*impl_->offers, s, sc, entries);
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::propose(const std::string& id, const std::string& token, std::string_view body) {
  const auto caller = impl_->authorize(id, token, "party");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    host::Proposal p{caller.party, s.round, host::read_proposal(sc, body)};
    if (s.proposals.size() >= kMaxProposals)
      throw Refused(Kind::conflict,
                    "this negotiation holds " + std::to_string(kMaxProposals) + " proposals, the most it keeps");
    // Each party's share of the list, so that no party can fill it and lock the others out.
    const std::size_t quota = kMaxProposals / s.parties.size();
    const auto mine = std::count_if(s.proposals.begin(), s.proposals.end(),
                                    [&](const host::Proposal& q) { return q.party == caller.party; });
    if (static_cast<std::size_t>(mine) >= quota)
      throw Refused(Kind::conflict, "you have made " + std::to_string(mine) +
                                        " proposals in this negotiation, the most one party may make");
    auto detail = doc::Node::make_mapping();
    detail.set("party", str(caller.party));
    detail.set("round", num(s.round));
    detail.set("values", values_node(sc, p.values));
    s.proposals.push_back(std::move(p));
    entries.push_back(host::append(s, party_actor(caller.party), "proposal", std::move(detail)));
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::open_round(const std::string& id, const std::string& token) {
  const auto caller = impl_->authorize(id, token, "mediator");
  return impl_->change(id, [&](State& s, const Scenario& sc, std::vector<host::Entry>& entries) {
    if (!s.all_preferences_set()) {
      std::vector<std::string> waiting;
      for (const auto& p : s.parties)
        if (!s.confidential[p.id].preferences) waiting.push_back(p.id);
      throw Refused(Kind::conflict, "waiting for the preferences of " + core::quoted_list(waiting, "and"));
    }
    if (s.round >= s.round_budget)
      throw Refused(Kind::conflict, "round " + std::to_string(s.round) +
                                        " is the last of this negotiation's budget of " +
                                        std::to_string(s.round_budget) + " rounds, declared when it was created");
    next_round(*impl_->offers, s, sc, "mediator", entries);
    return impl_->public_state(s, sc, caller);
  });
}

std::string Site::audit(const std::string& id, const std::string& token) {
  (void)impl_->authorize(id, token, "mediator");
  auto entries = doc::Node::make_sequence();
  for (const auto& e : impl_->store->audit(id)) entries.push(host::entry_node(e));
  auto n = doc::Node::make_mapping();
  n.set("negotiation", str(id));
  n.set("entries", std::move(entries));
  return doc::to_json(n);
}

std::string verify_audit_file(const std::string& path) {
  const std::string text = core::read_file(path, "an audit log (JSON)");
  Diagnostics diags;
  const auto tree = doc::parse_json(text, std::make_shared<const std::string>(path), diags);
  if (!tree) {
    const auto sorted = diags.sorted();
    throw DataError(sorted.empty() ? "not JSON" : sorted.front().message,
                    sorted.empty() ? path : where_text(sorted.front().where));
  }
  const auto v = host::verify(*tree);
  return std::to_string(v.entries) + " entries, chain intact, head " + v.head + "\n";
}

std::string verify_audit_store(const std::string& db) {
  const auto store = host::open_store_for_reading(db);
  std::string out;
  for (const auto& id : store->negotiations()) {
    // The state first: a server may be appending meanwhile, so the log read after it holds at least the entries
    // the state knows of, and the state's head must be among them.
    const auto state = host::parse_state(*store->state(id));
    auto entries = doc::Node::make_sequence();
    for (const auto& e : store->audit(id)) entries.push(host::entry_node(e));
    const std::vector<doc::Node> hashes = [&] {
      std::vector<doc::Node> h;
      for (const auto& e : entries.items) h.push_back(*e.find("hash"));
      return h;
    }();
    auto log = doc::Node::make_mapping();
    log.set("entries", std::move(entries));
    host::Verified v;
    try {
      v = host::verify(log);
    } catch (const DataError& e) {
      throw DataError("negotiation " + id + ": " + e.what(), store->name());
    }
    // A log cut short after the state's last change shows here, which the chain alone cannot show.
    const auto known = static_cast<std::size_t>(state.audit_seq);
    if (v.entries < known || (known > 0 && hashes[known - 1].text != state.audit_head))
      throw DataError("negotiation " + id + ": the log ends at entry " + std::to_string(v.entries) +
                          " but the negotiation's last change wrote entry " + std::to_string(state.audit_seq),
                      store->name());
    out += id + ": " + std::to_string(v.entries) + " entries, chain intact, head " + v.head + "\n";
  }
  if (out.empty()) out = "no negotiations\n";
  return out;
}

}  // namespace parley::services
