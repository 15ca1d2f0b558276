#include "host/state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "parley/error.hpp"

namespace parley::host {

namespace {

doc::Node numbers(const std::vector<double>& xs) {
  auto n = doc::Node::make_sequence();
  for (const double x : xs) n.push(doc::Node::make_number(x));
  return n;
}

doc::Node stored_offer(const Offer& o) {
  auto n = doc::Node::make_mapping();
  n.set("id", doc::Node::make_number(static_cast<double>(o.id)));
  n.set("values", numbers(o.values));
  return n;
}

doc::Node stored_offers(const std::vector<Offer>& os) {
  auto n = doc::Node::make_sequence();
  for (const auto& o : os) n.push(stored_offer(o));
  return n;
}

[[noreturn]] void corrupt(const std::string& what) {
  throw Error(ExitCode::internal, "stored negotiation state: " + what);
}

const doc::Node& field(const doc::Node& n, std::string_view key) {
  const doc::Node* v = n.find(key);
  if (!v) corrupt("no '" + std::string(key) + "'");
  return *v;
}

std::string text(const doc::Node& n, std::string_view key) {
  return field(n, key).text;
}
/// A count or id this site wrote: a whole number within what a double holds exactly. A damaged store can hold
/// anything; casting a number past the integer's range would be undefined behaviour (found by fuzzing).
template <typename Int>
Int whole(const doc::Node& v, std::string_view what) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  const double lo = std::max(-kExact, static_cast<double>(std::numeric_limits<Int>::min()));
  const double hi = std::min(kExact, static_cast<double>(std::numeric_limits<Int>::max()));
  if (v.kind != doc::Kind::number || !(v.number >= lo && v.number <= hi) || std::trunc(v.number) != v.number)
    corrupt("'" + std::string(what) + "' is not a whole number in range");
  return static_cast<Int>(v.number);
}
template <typename Int>
Int whole(const doc::Node& n, std::string_view key, std::string_view what) {
  return whole<Int>(field(n, key), what);
}

std::vector<double> read_numbers(const doc::Node& n) {
  std::vector<double> xs;
  for (const auto& x : n.items) xs.push_back(x.number);
  return xs;
}

Offer read_offer(const doc::Node& n) {
  return {whole<std::int64_t>(n, "id", "id"), read_numbers(field(n, "values"))};
}

std::vector<Offer> read_offers(const doc::Node& n) {
  std::vector<Offer> os;
  for (const auto& o : n.items) os.push_back(read_offer(o));
  return os;
}

}  // namespace

bool State::all_preferences_set() const {
  return std::all_of(parties.begin(), parties.end(), [&](const PartyInfo& p) {
    const auto it = confidential.find(p.id);
    return it != confidential.end() && it->second.preferences.has_value();
  });
}

std::string state_json(const State& s) {
  auto n = doc::Node::make_mapping();
  n.set("id", doc::Node::make_string(s.id));
  n.set("title", doc::Node::make_string(s.title));
  n.set("created", doc::Node::make_string(s.created));
  n.set("salt", doc::Node::make_string(s.salt));
  n.set("issues", s.issues);
  auto parties = doc::Node::make_sequence();
  for (const auto& p : s.parties) {
    auto m = doc::Node::make_mapping();
    m.set("id", doc::Node::make_string(p.id));
    m.set("name", doc::Node::make_string(p.name));
    m.set("stance", p.stance);
    m.set("invitation", doc::Node::make_string(p.invitation));
    m.set("seated", doc::Node::make_bool(p.seated));
    parties.push(std::move(m));
  }
  n.set("parties", std::move(parties));
  n.set("status", doc::Node::make_string(s.status == Status::agreed ? "agreed" : "open"));
  n.set("round", doc::Node::make_number(s.round));
  n.set("round_budget", doc::Node::make_number(s.round_budget));
  n.set("zopa", s.zopa ? doc::Node::make_bool(*s.zopa) : doc::Node::make_null());
  n.set("next_offer", doc::Node::make_number(static_cast<double>(s.next_offer)));
  n.set("suggestions", stored_offers(s.suggestions));
  n.set("improvements", stored_offers(s.improvements));
  n.set("agreement", s.agreement ? stored_offer(*s.agreement) : doc::Node::make_null());
  auto proposals = doc::Node::make_sequence();
  for (const auto& p : s.proposals) {
    auto m = doc::Node::make_mapping();
    m.set("party", doc::Node::make_string(p.party));
    m.set("round", doc::Node::make_number(p.round));
    m.set("values", numbers(p.values));
    proposals.push(std::move(m));
  }
  n.set("proposals", std::move(proposals));
  auto confidential = doc::Node::make_mapping();
  for (const auto& [party, c] : s.confidential) {
    auto m = doc::Node::make_mapping();
    m.set("preferences", c.preferences ? *c.preferences : doc::Node::make_null());
    auto acc = doc::Node::make_sequence();
    for (const auto id : c.acceptances) acc.push(doc::Node::make_number(static_cast<double>(id)));
    m.set("acceptances", std::move(acc));
    m.set("responded", doc::Node::make_bool(c.responded));
    auto view = doc::Node::make_sequence();
    for (const auto& [id, v] : c.view) {
      auto e = doc::Node::make_sequence();
      e.push(doc::Node::make_number(static_cast<double>(id)));
      e.push(doc::Node::make_number(v.first));
      e.push(doc::Node::make_bool(v.second));
      view.push(std::move(e));
    }
    m.set("view", std::move(view));
    confidential.set(party, std::move(m));
  }
  n.set("confidential", std::move(confidential));
  n.set("audit_seq", doc::Node::make_number(static_cast<double>(s.audit_seq)));
  n.set("audit_head", doc::Node::make_string(s.audit_head));
  return doc::to_json_line(n);
}

State parse_state(const std::string& json) {
  Diagnostics diags;
  const auto tree = doc::parse_json(json, std::make_shared<const std::string>("state"), diags);
  if (!tree) corrupt("not JSON");
  const doc::Node& n = *tree;
  State s;
  s.id = text(n, "id");
  s.title = text(n, "title");
  s.created = text(n, "created");
  s.salt = text(n, "salt");
  s.issues = field(n, "issues");
  for (const auto& p : field(n, "parties").items) {
    PartyInfo info;
    info.id = text(p, "id");
    info.name = text(p, "name");
    info.stance = field(p, "stance");
    // A negotiation created before invitations (parley 0.1) gave its parties their tokens: every seat is taken.
    info.seated = true;
    if (const doc::Node* code = p.find("invitation")) {
      info.invitation = code->text;
      const auto& seated = field(p, "seated");
      if (seated.kind != doc::Kind::boolean) corrupt("'seated' is not true or false");
      info.seated = seated.boolean;
    }
    s.parties.push_back(std::move(info));
  }
  s.status = text(n, "status") == "agreed" ? Status::agreed : Status::open;
  s.round = whole<int>(n, "round", "round");
  // Before round budgets (parley 0.1), the default budget.
  s.round_budget = n.find("round_budget") ? whole<int>(n, "round_budget", "round_budget") : kDefaultRoundBudget;
  if (const auto& z = field(n, "zopa"); z.kind == doc::Kind::boolean) s.zopa = z.boolean;
  s.next_offer = whole<std::int64_t>(n, "next_offer", "next_offer");
  s.suggestions = read_offers(field(n, "suggestions"));
  s.improvements = read_offers(field(n, "improvements"));
  if (const auto& a = field(n, "agreement"); a.kind == doc::Kind::mapping) s.agreement = read_offer(a);
  for (const auto& p : field(n, "proposals").items)
    s.proposals.push_back({text(p, "party"), whole<int>(p, "round", "round"), read_numbers(field(p, "values"))});
  for (const auto& [key, m] : field(n, "confidential").entries) {
    Confidential c;
    if (const auto& prefs = field(m, "preferences"); prefs.kind == doc::Kind::mapping) c.preferences = prefs;
    for (const auto& id : field(m, "acceptances").items)
      c.acceptances.push_back(whole<std::int64_t>(id, "acceptances"));
    c.responded = field(m, "responded").boolean;
    for (const auto& e : field(m, "view").items) {
      if (e.items.size() != 3) corrupt("a view entry is not [id, utility, accepts]");
      c.view[whole<std::int64_t>(e.items[0], "view")] = {e.items[1].number, e.items[2].boolean};
    }
    s.confidential[key.text] = std::move(c);
  }
  s.audit_seq = whole<std::int64_t>(n, "audit_seq", "audit_seq");
  s.audit_head = text(n, "audit_head");
  return s;
}

}  // namespace parley::host
