// The neutral site's services (parley/site.hpp) over an SQLite store: a negotiation from creation to an
// improved agreement, the refusals (401 and 403 alike for every way of being the wrong caller), that no
// answer to anyone but the owner holds a confidential number, concurrent parties, and the audit log's
// protections: the store refuses edits, and a log cut short or edited no longer verifies.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "../site_scenarios.hpp"
#include "../test_support.hpp"
#include "doc/node.hpp"
#include "parley/site.hpp"

namespace parley::services {
namespace {

const char* const kScenario = test::kThreeParties;

// Confidential numbers no public field can hold: saliences and a no_deal off the public grid.
const std::map<std::string, std::string> kPreferences = {
    {"a",
     R"({"stances": {"land": {"position": 80, "salience": 73.25, "reservation": 30}, "order": {"position": "first", "salience": 41.5}}, "no_deal": 0.4137})"},
    {"b",
     R"({"stances": {"land": {"position": 20, "salience": 61.75, "reservation": 70}, "order": {"position": "first", "salience": 33.5}}})"},
    {"c",
     R"({"stances": {"land": {"position": 50, "salience": 57.125}, "order": {"position": "second", "salience": 19.75}}})"},
};
const std::vector<std::string> kSecrets = {"73.25", "41.5", "0.4137", "61.75", "33.5", "57.125", "19.75"};

using test::refusal;

std::string refusal_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Refused& e) {
    return e.what();
  }
  return "not refused";
}

doc::Node json(const std::string& text) {
  Diagnostics d;
  auto tree = doc::parse_json(text, test::file("answer"), d);
  if (!tree) throw std::runtime_error("not JSON: " + text);
  return *tree;
}

std::string fresh_db() {
  static int n = 0;
  return (test::scratch_dir("site") / ("site" + std::to_string(++n) + ".db")).string();
}

// Every party's seat taken with its invitation: party -> token.
std::map<std::string, std::string> seat_all(Site& site, const Site::Created& created) {
  std::map<std::string, std::string> out;
  for (const auto& [party, code] : created.invitations)
    out[party] = site.take_seat(created.id, R"({"invitation": ")" + code + "\"}").token;
  return out;
}

// The two parties of a bare scenario seated, and their preferences set.
std::map<std::string, std::string> seat_and_set(Site& site, const Site::Created& created, const std::string& p_body,
                                                const std::string& q_body) {
  auto tokens = seat_all(site, created);
  site.set_preferences(created.id, tokens.at("p"), p_body);
  site.set_preferences(created.id, tokens.at("q"), q_body);
  return tokens;
}

struct Talks {
  Talks() = default;
  explicit Talks(std::string file) : db(std::move(file)) {}
  std::string db = fresh_db();
  Site site{db};
  Site::Created created = site.create(kScenario);
  std::map<std::string, std::string> tokens = seat_all(site, created);
  const std::string& id() const { return created.id; }
  const std::string& token(const std::string& party) const { return tokens.at(party); }
  void set_all() {
    for (const auto& [party, body] : kPreferences) site.set_preferences(id(), token(party), body);
  }
};

// A decision rule other than unanimity (docs/serve.md, "Decision rules"): the offers come from the packages that
// pass it, and an offer is agreed once the parties that accepted it pass it. Here "at least 2 of the 3, a among
// them": c's limit (10 and below) leaves no package every party accepts, nor one a and c accept; a and b overlap.
TEST(Site, HostsANegotiationUnderADecisionRule) {
  Site site(fresh_db());
  const auto created = site.create(std::string(kScenario) + "decision: {parties: 2, vetoes: [a]}\n");
  auto tokens = seat_all(site, created);
  site.set_preferences(created.id, tokens.at("a"), kPreferences.at("a"));
  site.set_preferences(created.id, tokens.at("b"), kPreferences.at("b"));
  site.set_preferences(created.id, tokens.at("c"),
                       R"({"stances": {"land": {"position": 0, "salience": 50, "at_most": 10}}})");
  auto state = json(site.state(created.id, created.mediator_token));
  EXPECT_EQ(state.find("decision")->text, "at least 2 of the 3 parties, a among them");
  EXPECT_TRUE(state.find("zopa_exists")->boolean);
  const auto& suggestions = state.find("suggestions")->items;
  ASSERT_FALSE(suggestions.empty());
  for (const auto& o : suggestions) {
    const double land = o.find("values")->find("land")->number;
    EXPECT_TRUE(land >= 30 && land <= 70) << land;  // within a's and b's limits: the coalition that can pass
  }
  const double first = suggestions.front().find("id")->number;
  const std::string accept_first = "{\"suggestions\": [" + doc::to_json_line(doc::Node::make_number(first)) + "]}";
  // b and c are two parties, but not a, whose acceptance the rule requires.
  (void)site.accept(created.id, tokens.at("b"), accept_first);
  (void)site.accept(created.id, tokens.at("c"), accept_first);
  EXPECT_EQ(json(site.state(created.id, created.mediator_token)).find("status")->text, "open");
  state = json(site.accept(created.id, tokens.at("a"), accept_first));
  EXPECT_EQ(state.find("status")->text, "agreed");
  EXPECT_EQ(state.find("agreement")->find("id")->number, first);
}

TEST(Site, ThePublicStateSaysWhoMustAccept) {
  Site site(fresh_db());
  const auto created = site.create(kScenario);
  EXPECT_EQ(json(site.state(created.id, created.mediator_token)).find("decision")->text, "every party (unanimity)");
}

TEST(Site, ReachesAgreementThenOffersImprovements) {
  Talks t;
  EXPECT_EQ(t.created.invitations.size(), 3U);  // the mediator actor gets no seat
  auto state = json(t.site.state(t.id(), t.created.mediator_token));
  EXPECT_EQ(state.find("round")->number, 0);
  EXPECT_EQ(state.find("zopa_exists")->kind, doc::Kind::null);
  EXPECT_EQ(refusal([&] { (void)t.site.accept(t.id(), t.token("a"), R"({"suggestions": []})"); }),
            Refused::Kind::conflict);
  EXPECT_EQ(refusal_text([&] { (void)t.site.open_round(t.id(), t.created.mediator_token); }),
            "waiting for the preferences of 'a', 'b' and 'c'");
  t.set_all();
  state = json(t.site.state(t.id(), t.token("a")));
  EXPECT_EQ(state.find("round")->number, 1);
  EXPECT_TRUE(state.find("zopa_exists")->boolean);
  const auto& suggestions = state.find("suggestions")->items;
  ASSERT_FALSE(suggestions.empty());
  const doc::Node* you = state.find("you");
  EXPECT_EQ(you->find("utilities")->entries.size(), suggestions.size());
  for (const auto& [id, ok] : you->find("acceptable")->entries) EXPECT_TRUE(ok.boolean) << id.text;

  // Everyone accepts the first suggestion; the agreement comes with the last acceptance.
  const double first = suggestions.front().find("id")->number;
  const std::string accept_first = "{\"suggestions\": [" + doc::to_json_line(doc::Node::make_number(first)) + "]}";
  (void)t.site.accept(t.id(), t.token("a"), accept_first);
  (void)t.site.accept(t.id(), t.token("b"), accept_first);
  state = json(t.site.state(t.id(), t.created.mediator_token));
  EXPECT_EQ(state.find("status")->text, "open");
  state = json(t.site.accept(t.id(), t.token("c"), accept_first));
  EXPECT_EQ(state.find("status")->text, "agreed");
  EXPECT_EQ(state.find("agreement")->find("id")->number, first);
  // Suggestions are frontier points: nothing is better for all three.
  EXPECT_TRUE(state.find("improvements")->items.empty());
  // After agreement a suggestion can no longer be accepted, only an improvement.
  EXPECT_EQ(refusal([&] { (void)t.site.accept(t.id(), t.token("a"), accept_first); }), Refused::Kind::bad_request);

  // Every party comes to prefer `order` third (the agreement has it first): the mediator's next round finds
  // packages all three prefer to the agreement, and accepting one moves the agreement there.
  for (const auto& [party, body] : kPreferences) {
    std::string revised = body;
    for (const auto* from : {"\"first\"", "\"second\""})
      if (const auto at = revised.find(from); at != std::string::npos)
        revised.replace(at, std::string(from).size(), "\"third\"");
    t.site.set_preferences(t.id(), t.token(party), revised);
  }
  state = json(t.site.open_round(t.id(), t.created.mediator_token));
  EXPECT_EQ(state.find("round")->number, 2);
  const auto improvements = state.find("improvements")->items;
  ASSERT_FALSE(improvements.empty());
  const std::string better = doc::to_json_line(*improvements.front().find("id"));
  const std::string agreed = doc::to_json_line(doc::Node::make_number(first));
  for (const auto& p : {"a", "b", "c"}) {
    const auto view = json(t.site.state(t.id(), t.token(p)));
    const auto* utilities = view.find("you")->find("utilities");
    EXPECT_GT(utilities->find(better)->number, utilities->find(agreed)->number) << p;
  }
  for (const auto& p : {"a", "b", "c"})
    state = json(t.site.accept(t.id(), t.token(p), "{\"suggestions\": [" + better + "]}"));
  EXPECT_EQ(doc::to_json_line(*state.find("agreement")->find("id")), better);
  EXPECT_EQ(state.find("agreement")->find("values")->find("order")->text, "third");
  EXPECT_EQ(verify_audit_store(t.db).find("chain intact") != std::string::npos, true);
}

TEST(Site, WrongCallersAllGetTheSameRefusal) {
  Talks t;
  Talks other;
  const std::string unknown(64, 'f');
  const auto unauthorized = [&](const std::string& id, const std::string& token) {
    EXPECT_EQ(refusal_text([&] { (void)t.site.state(id, token); }), "unauthorized");
    EXPECT_EQ(refusal_text([&] { (void)t.site.audit(id, token); }), "unauthorized");
    EXPECT_EQ(refusal_text([&] { t.site.set_preferences(id, token, "{"); }), "unauthorized");
  };
  unauthorized(t.id(), "");
  unauthorized(t.id(), unknown);
  unauthorized(t.id(), other.token("a"));  // a token replayed from another negotiation
  unauthorized(t.id(), other.created.mediator_token);
  unauthorized(std::string(24, '0'), t.token("a"));  // a guessed id
  unauthorized(t.id(), t.token("a") + "0");
  EXPECT_EQ(refusal([&] { (void)t.site.audit(t.id(), t.token("a")); }), Refused::Kind::forbidden);
  EXPECT_EQ(refusal([&] { (void)t.site.preferences(t.id(), t.created.mediator_token); }), Refused::Kind::forbidden);
  EXPECT_EQ(refusal([&] { (void)t.site.open_round(t.id(), t.token("b")); }), Refused::Kind::forbidden);
  EXPECT_EQ(refusal_text([&] {
              t.site.set_preferences(t.id(), t.token("a"),
                                     R"({"stances": {"land": {"position": 101, "salience": 1}}})");
            }),
            "request:1:35: error: position on 'land' must lie in [0, 100]");
  EXPECT_EQ(refusal_text([&] { (void)t.site.create("parley: 1\ntitle: x\n"); }),
            "request:1:1: error: missing key 'issues' in the scenario");
}

TEST(Site, NoAnswerButTheOwnersHoldsAConfidentialNumber) {
  Talks t;
  t.set_all();
  const auto first = json(t.site.state(t.id(), t.token("a"))).find("suggestions")->items.front();
  (void)t.site.accept(t.id(), t.token("b"), "{\"suggestions\": [" + doc::to_json_line(*first.find("id")) + "]}");
  (void)t.site.propose(t.id(), t.token("c"), R"({"values": {"land": 40, "order": "second"}})");
  std::vector<std::string> seen{t.site.state(t.id(), t.created.mediator_token),
                                t.site.audit(t.id(), t.created.mediator_token)};
  for (const auto& p : {"a", "b", "c"}) seen.push_back(t.site.state(t.id(), t.token(p)));
  for (const auto& text : seen)
    for (const auto& secret : kSecrets) EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  // Each party reads back its own preferences, normalised.
  EXPECT_NE(t.site.preferences(t.id(), t.token("a")).find("0.4137"), std::string::npos);
  EXPECT_EQ(t.site.preferences(t.id(), t.token("b")).find("0.4137"), std::string::npos);
}

TEST(Site, ConcurrentPartiesLoseNoWrite) {
  Talks t;
  t.set_all();
  std::vector<std::thread> threads;
  for (const auto& p : {"a", "b", "c"})
    for (int k = 0; k < 2; ++k)
      threads.emplace_back([&, party = std::string(p)] {
        for (int i = 0; i < 10; ++i)
          (void)t.site.propose(t.id(), t.token(party), R"({"values": {"land": 10, "order": 0}})");
      });
  for (auto& th : threads) th.join();
  EXPECT_EQ(json(t.site.state(t.id(), t.created.mediator_token)).find("proposals")->items.size(), 60U);
  // 1 create + 3 seats + 3 preferences + 1 round + 60 proposals, chained.
  EXPECT_EQ(verify_audit_store(t.db).find(": 68 entries, chain intact"), 24U);
}

TEST(Site, TheStoreRefusesEditsAndACutLogNoLongerVerifies) {
  Talks t;
  t.set_all();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(t.db.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit SET actor = 'x' WHERE seq = 2", nullptr, nullptr, &error), SQLITE_OK);
  EXPECT_STREQ(error, "the audit log is append-only");
  sqlite3_free(error);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr), SQLITE_OK);
  // Someone with the file drops the guard and cuts the last entry: the state's head gives it away.
  ASSERT_EQ(
      sqlite3_exec(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 8", nullptr, nullptr, nullptr),
      SQLITE_OK);
  try {
    (void)verify_audit_store(t.db);
    ADD_FAILURE() << "verified";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              "negotiation " + t.id() + ": the log ends at entry 7 but the negotiation's last change wrote entry 8");
  }
  // ... and an edited entry breaks the chain.
  ASSERT_EQ(sqlite3_exec(db, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mediator' WHERE seq = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  try {
    (void)verify_audit_store(t.db);
    ADD_FAILURE() << "verified";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              "negotiation " + t.id() + ": entry 2: the hash does not match the entry's contents");
  }
  sqlite3_close(db);
}

}  // namespace
// docs/serve.md, "Seats": an invitation works once; a code that is not this negotiation's is 401; the mediator's
// token does nothing a party's does; the public state shows whose seats are taken.
TEST(Site, SeatsAreTakenOnceWithTheirInvitation) {
  const std::string db = fresh_db();
  Site site{db};
  const auto created = site.create(kScenario);
  const std::string code = created.invitations.at("a");
  auto state = json(site.state(created.id, created.mediator_token));
  for (const auto& p : state.find("parties")->items) EXPECT_FALSE(p.find("seated")->boolean);
  const auto seat = site.take_seat(created.id, R"({"invitation": ")" + code + "\"}");
  EXPECT_EQ(seat.party, "a");
  EXPECT_EQ(seat.token.size(), 64U);
  EXPECT_EQ(refusal([&] { (void)site.take_seat(created.id, R"({"invitation": ")" + code + "\"}"); }),
            Refused::Kind::conflict);
  EXPECT_EQ(refusal([&] { (void)site.take_seat(created.id, R"({"invitation": "00000000000000000000000000000000"})"); }),
            Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)site.take_seat("nosuchnegotiation", R"({"invitation": ")" + code + "\"}"); }),
            Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)site.take_seat(created.id, R"({"code": 1})"); }), Refused::Kind::bad_request);
  state = json(site.state(created.id, seat.token));
  for (const auto& p : state.find("parties")->items) EXPECT_EQ(p.find("seated")->boolean, p.find("id")->text == "a");
  EXPECT_EQ(refusal([&] { site.set_preferences(created.id, created.mediator_token, R"({"stances": {}})"); }),
            Refused::Kind::forbidden);
}

TEST(Site, TheMediatorOpensRoundsWithinTheDeclaredBudget) {
  SiteLimits limits;
  limits.round_budget = 3;
  const std::string db = fresh_db();
  Site site{db, limits};
  const auto created = site.create(kScenario);
  const auto tokens = seat_all(site, created);
  for (const auto& [party, body] : kPreferences) site.set_preferences(created.id, tokens.at(party), body);
  const auto state = json(site.state(created.id, created.mediator_token));
  EXPECT_EQ(state.find("round_budget")->number, 3);
  (void)site.open_round(created.id, created.mediator_token);
  (void)site.open_round(created.id, created.mediator_token);
  EXPECT_EQ(refusal_text([&] { (void)site.open_round(created.id, created.mediator_token); }),
            "round 3 is the last of this negotiation's budget of 3 rounds, declared when it was created");
}

TEST(Site, CreationIsBoundedInAllAndPerClient) {
  SiteLimits limits;
  limits.negotiations_per_client = 2;
  limits.max_negotiations = 3;
  const std::string db = fresh_db();
  Site site{db, limits};
  (void)site.create(kScenario, "10.0.0.1");
  (void)site.create(kScenario, "10.0.0.1");
  EXPECT_EQ(refusal([&] { (void)site.create(kScenario, "10.0.0.1"); }), Refused::Kind::too_many);
  (void)site.create(kScenario, "10.0.0.2");
  EXPECT_EQ(refusal([&] { (void)site.create(kScenario, "10.0.0.3"); }), Refused::Kind::too_many);
  // A bad scenario is not counted against its client (it is refused before it is stored).
  limits.work_budget = 10;
  Site small{fresh_db(), limits};
  EXPECT_EQ(refusal([&] { (void)small.create(kScenario, "10.0.0.4"); }), Refused::Kind::bad_request);
}

// docs/serve.md, "Stores": a store with damaged pages, or cut short, is named as a damaged parley store, with
// the way to recover, and is not served from.
TEST(Site, ADamagedStoreIsRefusedAsDamaged) {
  for (const bool truncate : {false, true}) {
    const std::string db = fresh_db();
    {
      Talks t{db};
      t.set_all();
    }
    const auto size = std::filesystem::file_size(db);
    ASSERT_GT(size, 4 * 4096U);
    if (truncate) {
      std::filesystem::resize_file(db, size / 2 + 100);
    } else {
      std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(2 * 4096 + 8);
      const std::string junk(3000, '\x5a');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    try {
      Site site{db};
      ADD_FAILURE() << "a damaged store opened (truncated: " << truncate << ")";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("a damaged parley negotiation store"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("Restore it from a backup"), std::string::npos) << e.what();
    }
  }
}

// A party's preferences are saved even when the offers cannot be computed (here: a space past what the site
// evaluates at all, let through by a work budget raised past it); the round stays unopened and says why.
TEST(Site, PreferencesAreKeptWhenTheOffersFail) {
  SiteLimits limits;
  limits.work_budget = 1e13;
  Site site{fresh_db(), limits};
  const auto created = site.create(R"(parley: 1
title: Too many packages
issues:
  - {id: a, scale: [0, 100], step: 1}
  - {id: b, scale: [0, 100], step: 1}
  - {id: c, scale: [0, 100], step: 1}
  - {id: d, scale: [0, 100], step: 1}
  - {id: e, scale: [0, 100], step: 1}
actors:
  - {id: p, role: party, capability: 10, stances: {a: {position: 0, salience: 50}}}
  - {id: q, role: party, capability: 10, stances: {a: {position: 100, salience: 50}}}
)");
  const auto tokens = seat_and_set(site, created, R"({"stances": {"a": {"position": 10, "salience": 50}}})",
                                   R"({"stances": {"a": {"position": 90, "salience": 50}}})");
  const auto state = json(site.state(created.id, created.mediator_token));
  EXPECT_EQ(state.find("round")->number, 0);
  for (const auto& p : state.find("parties")->items) EXPECT_TRUE(p.find("preferences_set")->boolean);
  EXPECT_NE(site.preferences(created.id, tokens.at("q")).find("90"), std::string::npos);
  EXPECT_EQ(refusal_text([&] { (void)site.open_round(created.id, created.mediator_token); }),
            "the offers could not be computed within the site's limits");
}

// docs/serve.md, "Abuse": offers are computed on threads of their own; a request waits for them until the deadline,
// then the round stays unopened (the preferences kept) and opening it is refused with the reason.
TEST(Site, OffersPastTheirDeadlineLeaveTheRoundUnopened) {
  SiteLimits limits;
  // A red line couples three issues: their million packages are enumerated, far longer than a millisecond.
  limits.offers_deadline_ms = 1;
  Site site{fresh_db(), limits};
  const auto created = site.create(R"(parley: 1
title: A million packages
issues:
  - {id: a, scale: [0, 100], step: 1}
  - {id: b, scale: [0, 100], step: 1}
  - {id: c, scale: [0, 100], step: 1}
actors:
  - {id: p, role: party, capability: 10, stances: {a: {position: 0, salience: 50}}}
  - {id: q, role: party, capability: 10, stances: {a: {position: 100, salience: 50}}}
constraints:
  - {id: cap, actor: p, kind: red_line, require: a + b + c <= 250}
)");
  (void)seat_and_set(site, created, R"({"stances": {"a": {"position": 10, "salience": 50}}})",
                     R"({"stances": {"b": {"position": 90, "salience": 50}}})");
  EXPECT_EQ(json(site.state(created.id, created.mediator_token)).find("round")->number, 0);
  EXPECT_EQ(refusal_text([&] { (void)site.open_round(created.id, created.mediator_token); }),
            "the offers were not ready within the site's deadline of 1 ms; try again later");
}

}  // namespace parley::services
