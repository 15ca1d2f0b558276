// The neutral site's domain (src/host): preferences read with located errors, the offers computed from them
// checked against the utility and acceptance rules of docs/models.md §2.2-2.3, the stored state's round trip,
// and the audit chain's verification against each way of tampering with it.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <random>
#include <utility>

#include "analysis/space.hpp"
#include "host/audit.hpp"
#include "host/offers.hpp"
#include "host/preferences.hpp"
#include "host/state.hpp"
#include "parley/error.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace parley::host {
namespace {

const char* kScenario = R"(parley: 1
title: Two issues, three parties
issues:
  - {id: land, scale: [0, 10], step: 1}
  - {id: order, options: [first, second, third]}
actors:
  - {id: a, role: party, capability: 10, stances: {land: {position: 10, salience: 50}}}
  - {id: b, role: party, capability: 10, stances: {land: {position: 0, salience: 50}}}
  - {id: c, role: party, capability: 10, stances: {land: {position: 5, salience: 50}}}
  - {id: m, role: mediator, capability: 10, stances: {land: {position: 5, salience: 10}}}
)";

Scenario scenario() {
  Diagnostics d;
  auto s = scenario::load_text(kScenario, "t.yaml", {}, d);
  if (!s) throw std::runtime_error("the test scenario does not load");
  return *s;
}

std::string refusal(const Scenario& s, const std::string& body) {
  try {
    (void)read_preferences(s, body);
  } catch (const Refused& e) {
    EXPECT_EQ(e.kind(), Refused::Kind::bad_request);
    return e.what();
  }
  return "accepted";
}

TEST(HostPreferences, ErrorsAreLocatedInTheRequest) {
  const Scenario s = scenario();
  EXPECT_EQ(refusal(s, "{\"stances\": {\"land\": {\"position\": 11, \"salience\": 5}}}"),
            "request:1:35: error: position on 'land' must lie in [0, 10]");
  EXPECT_EQ(refusal(s, "{\"stances\": {\"lnad\": {}}}"),
            "request:1:14: error: no issue 'lnad'; expected 'land' or 'order'");
  EXPECT_EQ(refusal(s, "{\"stances\": {\"order\": {\"position\": \"fourth\", \"salience\": 5}}}"),
            "request:1:36: error: position on 'order': no option 'fourth'; expected 'first', 'second' or 'third'");
  EXPECT_EQ(refusal(s, "{\"stances\": {}, \"no_deal\": 2}"), "request:1:28: error: no_deal must lie in [0, 1]");
  EXPECT_EQ(refusal(s, "{\"stances\": {\"land\": {\"position\": 1}}}"),
            "request:1:22: error: the stance on 'land' has no salience");
  EXPECT_EQ(refusal(s, "{\"stances\": "), "request:1:13: error: expected a value, found the end of the file");
  EXPECT_EQ(refusal(s, "[]"), "request:1:1: error: preferences must be a mapping, found a list");
}

TEST(HostPreferences, NormalisedFormNamesOptionsAndReadsBack) {
  const Scenario s = scenario();
  const auto p = read_preferences(
      s,
      R"({"no_deal": 0.25, "stances": {"order": {"salience": 40, "position": 2}, "land": {"position": 3, "salience": 60, "reservation": 7}}})");
  const auto node = preferences_node(s, p);
  EXPECT_EQ(
      doc::to_json_line(node),
      R"({"stances": {"land": {"position": 3, "salience": 60, "reservation": 7}, "order": {"position": "third", "salience": 40}}, "no_deal": 0.25})");
  const auto back = preferences_of(s, node);
  ASSERT_TRUE(back.stances[1]);
  EXPECT_EQ(back.stances[1]->position, 2);
  EXPECT_EQ(back.no_deal, 0.25);
}

std::map<std::string, Preferences> preferences(const Scenario& s, const std::map<std::string, std::string>& bodies) {
  std::map<std::string, Preferences> out;
  for (const auto& [party, body] : bodies) out[party] = read_preferences(s, body);
  return out;
}

// Utility per docs/models.md §2.2, computed here independently of the analysis.
double utility(const Scenario& s, const Preferences& p, const std::vector<double>& x) {
  double total = 0, weights = 0;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    if (!p.stances[k]) continue;
    const double range =
        s.issues[k].discrete ? static_cast<double>(s.issues[k].options.size() - 1) : s.issues[k].range();
    total += p.stances[k]->salience * (1 - std::abs(x[k] - p.stances[k]->position) / range);
    weights += p.stances[k]->salience;
  }
  return weights == 0 ? 1 : total / weights;
}

bool accepts(const Scenario& s, const Preferences& p, const std::vector<double>& x) {
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const auto& st = p.stances[k];
    if (st && st->reservation && std::abs(x[k] - st->position) > std::abs(*st->reservation - st->position) + 1e-12)
      return false;
  }
  return !p.no_deal || utility(s, p, x) >= *p.no_deal - 1e-12;
}

TEST(HostOffers, SuggestionsAreAgreeableSortedAndFew) {
  const Scenario s = scenario::at_point(scenario(), 0);
  const auto prefs = preferences(
      s,
      {
          {"a",
           R"({"stances": {"land": {"position": 10, "salience": 80, "reservation": 3}, "order": {"position": 0, "salience": 20}}})"},
          {"b",
           R"({"stances": {"land": {"position": 0, "salience": 70, "reservation": 7}, "order": {"position": 2, "salience": 30}}})"},
          {"c",
           R"({"stances": {"land": {"position": 5, "salience": 50}, "order": {"position": 1, "salience": 50}}, "no_deal": 0.5})"},
      });
  const Evaluation ev(with_preferences(s, prefs));
  ASSERT_TRUE(ev.zopa());
  const auto offers = ev.suggestions(kMaxOffers);
  ASSERT_FALSE(offers.empty());
  EXPECT_LE(offers.size(), kMaxOffers);
  EXPECT_TRUE(std::is_sorted(offers.begin(), offers.end()));
  for (const auto& x : offers) {
    for (const auto& [party, p] : prefs) {
      EXPECT_TRUE(accepts(s, p, x)) << party << " land=" << x[0] << " order=" << x[1];
      const auto [u, ok] = ev.view(party, x);
      EXPECT_NEAR(u, utility(s, p, x), 1e-12);
      EXPECT_TRUE(ok);
    }
  }
  // No suggestion is dominated by another package of the grid that everyone accepts.
  for (const auto& x : offers) {
    for (double land = 0; land <= 10; ++land) {
      for (double order = 0; order <= 2; ++order) {
        const std::vector<double> y{land, order};
        bool all = true, better = true, strictly = false;
        for (const auto& [party, p] : prefs) {
          all = all && accepts(s, p, y);
          const double uy = utility(s, p, y), ux = utility(s, p, x);
          better = better && uy >= ux - 1e-12;
          strictly = strictly || uy > ux + 1e-12;
        }
        EXPECT_FALSE(all && better && strictly) << "dominated by land=" << land << " order=" << order;
      }
    }
  }
}

TEST(HostOffers, NoZopaMeansNoSuggestions) {
  const Scenario s = scenario::at_point(scenario(), 0);
  const auto prefs =
      preferences(s, {
                         {"a", R"({"stances": {"land": {"position": 10, "salience": 80, "reservation": 7}}})"},
                         {"b", R"({"stances": {"land": {"position": 0, "salience": 70, "reservation": 3}}})"},
                         {"c", R"({"stances": {"land": {"position": 5, "salience": 50}}})"},
                     });
  const Evaluation ev(with_preferences(s, prefs));
  EXPECT_FALSE(ev.zopa());
  EXPECT_TRUE(ev.suggestions(kMaxOffers).empty());
}

TEST(HostOffers, ImprovementsAreStrictlyBetterForEveryone) {
  const Scenario s = scenario::at_point(scenario(), 0);
  const auto prefs = preferences(
      s,
      {
          {"a", R"({"stances": {"land": {"position": 10, "salience": 50}, "order": {"position": 0, "salience": 50}}})"},
          {"b", R"({"stances": {"land": {"position": 0, "salience": 50}, "order": {"position": 0, "salience": 50}}})"},
          {"c", R"({"stances": {"land": {"position": 5, "salience": 50}, "order": {"position": 0, "salience": 50}}})"},
      });
  const Evaluation ev(with_preferences(s, prefs));
  // Everyone wants `order` first: an agreement on "third" leaves room that every party prefers.
  const std::vector<double> agreed{5, 2};
  const auto better = ev.improvements(agreed, kMaxOffers);
  ASSERT_FALSE(better.empty());
  EXPECT_LE(better.size(), kMaxOffers);
  for (const auto& x : better)
    for (const auto& [party, p] : prefs) EXPECT_GT(utility(s, p, x), utility(s, p, agreed) + 1e-12) << party;
  // From a Pareto-optimal agreement there is nothing to improve.
  EXPECT_TRUE(ev.improvements({5, 0}, kMaxOffers).empty());
}

// docs/serve.md, "What the site reveals": the offers read a limit only through its cell of the public lattice.
// Inward, a reservation moves to the farthest lattice value on its side no farther from the position than it
// (never wider than the party's own limit); outward, to the nearest at or beyond it; no_deal to a tenth.
TEST(HostOffers, LimitsAreReadAtThePublicResolution) {
  const Scenario s = scenario::at_point(scenario(), 0);
  auto limits_of = [&](const std::string& body, Limits limits) {
    const auto prefs = preferences(s, {{"a", body}, {"b", R"({"stances": {}})"}, {"c", R"({"stances": {}})"}});
    const Scenario out = with_preferences(s, prefs, limits);
    const Actor& a = out.actors[0];
    return std::make_pair(a.stances.at(0).reservation->central(), a.no_deal ? a.no_deal->central() : -1.0);
  };
  const std::string body =
      R"({"stances": {"land": {"position": 7.5, "salience": 50, "reservation": 3.4}}, "no_deal": 0.33})";
  EXPECT_EQ(limits_of(body, Limits::exact), std::make_pair(3.4, 0.33));
  EXPECT_EQ(limits_of(body, Limits::inward), std::make_pair(4.0, 0.4));
  EXPECT_EQ(limits_of(body, Limits::outward), std::make_pair(3.0, 0.3));
  // On the other side of the position, and at the scale's end: the end when nothing lies beyond.
  const std::string up =
      R"({"stances": {"land": {"position": 2.5, "salience": 50, "reservation": 9.7}}, "no_deal": 0.3})";
  EXPECT_EQ(limits_of(up, Limits::inward), std::make_pair(9.0, 0.3));
  EXPECT_EQ(limits_of(up, Limits::outward), std::make_pair(10.0, 0.3));
  // Between the position and the nearest lattice value: inward, nothing but the position itself.
  const std::string tight = R"({"stances": {"land": {"position": 2.5, "salience": 50, "reservation": 2.8}}})";
  EXPECT_EQ(limits_of(tight, Limits::inward).first, 2.5);
  EXPECT_EQ(limits_of(tight, Limits::outward).first, 3.0);
}

// Whatever a party's limits are within one cell of the lattice (and of no_deal's resolution), the offers are the
// same: nobody can tell the limits apart at a finer resolution than the public one.
TEST(HostOffers, OffersDependOnLimitsOnlyThroughTheirCells) {
  const Scenario s = scenario::at_point(scenario(), 0);
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> in_cell(0.0, 1.0);
  for (int trial = 0; trial < 40; ++trial) {
    const int cell = static_cast<int>(rng() % 5);  // the victim's reservation lies in (cell, cell + 1)
    const int nd_cell = static_cast<int>(rng() % 4);
    std::vector<std::vector<std::vector<double>>> seen;
    for (int victim = 0; victim < 2; ++victim) {
      const double r = cell + 0.01 + 0.98 * in_cell(rng);
      const double nd = 0.1 * nd_cell + 0.001 + 0.098 * in_cell(rng);
      const auto prefs = preferences(
          s, {{"a", R"({"stances": {"land": {"position": 10, "salience": 70, "reservation": )" + std::to_string(r) +
                        R"(}, "order": {"position": 0, "salience": 30}}, "no_deal": )" + std::to_string(nd) + "}"},
              {"b", R"({"stances": {"land": {"position": 0, "salience": 100}}})"},
              {"c", R"({"stances": {"order": {"position": 2, "salience": 100}}})"}});
      std::vector<std::vector<double>> offers;
      for (const Limits limits : {Limits::inward, Limits::outward}) {
        const Evaluation ev(with_preferences(s, prefs, limits));
        for (auto& x : ev.suggestions(kMaxOffers)) offers.push_back(std::move(x));
        offers.push_back({ev.zopa() ? 1.0 : 0.0});
      }
      seen.push_back(std::move(offers));
    }
    EXPECT_EQ(seen[0], seen[1]) << "trial " << trial;
  }
}

TEST(HostOffers, AnEvaluationToldToStopThrowsCancelledAndViewsNeedNoStop) {
  const Scenario s = scenario::at_point(scenario(), 0);
  std::atomic<bool> stop{true};
  core::Work work(&stop, {});
  EXPECT_THROW(Evaluation(s, Evaluation::Scope::offers, &work), Cancelled);
  // The same flag down: the same offers as with no stop flag at all.
  stop = false;
  const Evaluation with(s, Evaluation::Scope::offers, &work), without(s);
  EXPECT_EQ(with.suggestions(kMaxOffers), without.suggestions(kMaxOffers));
  // Views compute no frontier: nothing to stop.
  stop = true;
  EXPECT_NO_THROW(Evaluation(s, Evaluation::Scope::views, &work));
}

TEST(HostState, RoundTripsThroughItsStoredForm) {
  State s;
  s.id = "abc";
  s.title = "T \"quoted\"";
  s.created = "2026-12-02T00:00:00Z";
  s.salt = "00ff";
  s.issues = doc::Node::make_sequence();
  s.parties.push_back({"a", "Aland", doc::Node::make_mapping(), "", true});
  s.status = Status::agreed;
  s.round = 3;
  s.zopa = true;
  s.next_offer = 9;
  s.suggestions = {{1, {1, 2}}, {2, {3, 0.5}}};
  s.improvements = {{8, {4, 1}}};
  s.agreement = Offer{2, {3, 0.5}};
  s.proposals = {{"a", 1, {7, 0}}};
  Confidential c;
  c.preferences = doc::Node::make_mapping();
  c.acceptances = {8};
  c.responded = true;
  c.view[8] = {0.75, true};
  s.confidential["a"] = c;
  s.audit_seq = 4;
  s.audit_head = std::string(64, 'e');
  const std::string text = state_json(s);
  EXPECT_EQ(state_json(parse_state(text)), text);
  EXPECT_THROW((void)parse_state("{}"), Error);
}

// A damaged store can hold any number where the site wrote a count or an id: each is refused as damage, never
// cast past its range (the site_state fuzz target found next_offer = 2.4e43).
TEST(HostState, RefusesCountsAndIdsOutOfRange) {
  State s;
  s.issues = doc::Node::make_sequence();
  s.parties.push_back({"a", "Aland", doc::Node::make_mapping(), "", true});
  s.suggestions = {{1, {1, 2}}};
  Confidential c;
  c.acceptances = {1};
  c.view[1] = {0.5, true};
  s.confidential["a"] = c;
  const std::string good = state_json(s);
  ASSERT_NO_THROW((void)parse_state(good));
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"\"next_offer\": 1", "\"next_offer\": 24444444444444444444444444444444444444444444"},
      {"\"round\": 0", "\"round\": 1e10"},
      {"\"round\": 0", "\"round\": 0.5"},
      {"\"audit_seq\": 0", "\"audit_seq\": -1e300"},
      {"\"acceptances\": [1]", "\"acceptances\": [1e19]"},
      {"\"acceptances\": [1]", "\"acceptances\": [\"1\"]"},
      {"\"id\": 1,", "\"id\": 1e300,"},
  };
  for (const auto& [from, to] : damage) {
    SCOPED_TRACE(to);
    std::string text = good;
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << good;
    text.replace(at, from.size(), to);
    try {
      (void)parse_state(text);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("is not a whole number in range"), std::string::npos) << e.what();
    }
  }
}

doc::Node log_of(const std::vector<Entry>& entries) {
  auto list = doc::Node::make_sequence();
  for (const auto& e : entries) list.push(entry_node(e));
  auto log = doc::Node::make_mapping();
  log.set("entries", std::move(list));
  return log;
}

// The exported log parsed back, so that errors carry locations.
std::string verify_text(const std::string& text) {
  Diagnostics d;
  const auto tree = doc::parse_json(text, std::make_shared<const std::string>("log.json"), d);
  EXPECT_TRUE(tree);
  try {
    return verify(*tree).head;
  } catch (const DataError& e) {
    return e.where() + ": " + e.what();
  }
}

TEST(HostAudit, ChainVerifiesAndEachTamperingIsFound) {
  State s;
  s.salt = "11";
  std::vector<Entry> entries;
  for (int i = 0; i < 4; ++i) {
    auto detail = doc::Node::make_mapping();
    detail.set("n", doc::Node::make_number(i));
    detail.set("text", doc::Node::make_string("caf\xc3\xa9 \"x\""));
    entries.push_back(append(s, "party:a", "proposal", detail));
  }
  EXPECT_EQ(entries[0].prev, genesis());
  EXPECT_EQ(entries[1].prev, entries[0].hash);
  const std::string good = doc::to_json(log_of(entries));
  EXPECT_EQ(verify_text(good), s.audit_head);

  auto edited = entries;
  edited[2].detail.entries[0].second = doc::Node::make_number(7);
  EXPECT_EQ(verify_text(doc::to_json(log_of(edited))),
            "log.json:37:15: entry 3: the hash does not match the entry's contents");
  auto removed = entries;
  removed.erase(removed.begin() + 1);
  EXPECT_EQ(verify_text(doc::to_json(log_of(removed))),
            "log.json:16:14: entry 2 has seq 3: an entry is missing or out of order");
  auto rehashed = entries;  // an edit with its own hash recomputed: the next entry's link breaks
  rehashed[1].actor = "mediator";
  rehashed[1].hash = entry_hash(rehashed[1]);
  EXPECT_EQ(verify_text(doc::to_json(log_of(rehashed))),
            "log.json:36:15: entry 3: 'prev' is not the hash of the entry before");
  EXPECT_EQ(verify_text("{\"entries\": [1]}"), "log.json:1:14: entry 1 must be a mapping");
}

TEST(HostAudit, DigestsDependOnTheSecretSaltAndTheEntry) {
  State a, b;
  a.salt = random_hex(32);
  b.salt = random_hex(32);
  EXPECT_EQ(a.salt.size(), 64U);
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(digest(a, "party:x", "[1]"), digest(b, "party:x", "[1]"));
  EXPECT_EQ(digest(a, "party:x", "[1]"), digest(a, "party:x", "[1]"));
  // Equal texts from two parties, or from one party at two entries, differ.
  EXPECT_NE(digest(a, "party:x", "[]"), digest(a, "party:y", "[]"));
  const std::string before = digest(a, "party:x", "[]");
  (void)append(a, "party:x", "acceptances", doc::Node::make_mapping());
  EXPECT_NE(digest(a, "party:x", "[]"), before);
}

}  // namespace
}  // namespace parley::host
