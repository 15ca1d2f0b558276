// The rules of a hosted negotiation (src/host/negotiation.hpp), apart from the site that orchestrates them:
// founding keeps no code or token in the clear, each act refuses out of turn or past its bound, and only a
// matching token of the right role is authorised.
#include "host/negotiation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>

#include "../site_scenarios.hpp"
#include "../test_support.hpp"
#include "core/sha256.hpp"
#include "parley/error.hpp"
#include "scenario/load.hpp"
#include "scenario/timeline.hpp"

namespace parley::host {
namespace {

const char* const kScenario = test::kThreeParties;

Scenario scenario(const std::string& text = kScenario) {
  Diagnostics d;
  auto s = scenario::load_text(text, "t.yaml", {}, d);
  if (!s) throw std::runtime_error("the test scenario does not load");
  return scenario::at_point(*s, s->timeline.size());
}

using test::refusal;

TEST(Negotiation, FoundingKeepsOnlyHashesOfCodesAndTokens) {
  const Scenario sc = scenario();
  const Founded f = found(sc, "sha", "request", 5, 2e7);
  ASSERT_EQ(f.state.parties.size(), 3U);  // the mediator's actor is no party
  EXPECT_EQ(f.state.round_budget, 5);
  const std::string stored = state_json(f.state);
  for (const auto& [party, code] : f.invitations) {
    EXPECT_EQ(code.size(), kInvitationLength);
    EXPECT_EQ(stored.find(code), std::string::npos) << party;
    EXPECT_NE(stored.find(core::sha256_hex(code)), std::string::npos) << party;
  }
  EXPECT_EQ(f.mediator_token.size(), kTokenLength);
  EXPECT_EQ(stored.find(f.mediator_token), std::string::npos);
  ASSERT_EQ(f.tokens.size(), 1U);
  EXPECT_EQ(f.tokens[0].first, core::sha256_hex(f.mediator_token));
  EXPECT_EQ(f.tokens[0].second.role, "mediator");
  EXPECT_EQ(f.entry.action, "create");
  EXPECT_EQ(f.state.audit_seq, 1);
  // Refused: a round past the work budget, and a negotiation of one party.
  EXPECT_EQ(refusal([&] { (void)found(sc, "sha", "request", 5, 10); }), Refused::Kind::bad_request);
  const std::string one_party =
      "parley: 1\ntitle: t\nissues: [{id: x, scale: [0, 1]}]\nactors:\n"
      "  - {id: a, role: party, capability: 1, stances: {x: {position: 0, salience: 1}}}\n"
      "  - {id: m, role: mediator, capability: 1, stances: {x: {position: 1, salience: 1}}}\n";
  EXPECT_EQ(refusal([&] { (void)found(scenario(one_party), "sha", "request", 5, 2e7); }), Refused::Kind::bad_request);
}

TEST(Negotiation, AnInvitationSeatsItsPartyOnce) {
  const Scenario sc = scenario();
  Founded f = found(sc, "sha", "request", 5, 2e7);
  const std::string body = R"({"invitation": ")" + f.invitations.at("b") + "\"}";
  Change c;
  const Seated seated = seat(f.state, invitation_hash(body), c);
  EXPECT_EQ(seated.party, "b");
  EXPECT_EQ(seated.token.size(), kTokenLength);
  ASSERT_EQ(c.tokens.size(), 1U);
  EXPECT_EQ(c.tokens[0].first, core::sha256_hex(seated.token));
  EXPECT_EQ(c.tokens[0].second.party, "b");
  EXPECT_TRUE(c.state.has_value());
  Change again;
  EXPECT_EQ(refusal([&] { (void)seat(f.state, invitation_hash(body), again); }), Refused::Kind::conflict);
  EXPECT_TRUE(again.tokens.empty());
  // A code of the right length that is no one's, and one of another length, get the same refusal.
  EXPECT_EQ(refusal([&] {
              (void)seat(f.state, invitation_hash(R"({"invitation": ")" + std::string(32, '0') + "\"}"), again);
            }),
            Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)invitation_hash(R"({"invitation": "short"})"); }), Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)invitation_hash("not json"); }), Refused::Kind::bad_request);
}

TEST(Negotiation, ActsOutOfTurnOrPastTheirBoundsAreRefused) {
  const Scenario sc = scenario();
  Founded f = found(sc, "sha", "request", 1, 2e7);
  State& s = f.state;
  OfferPool pool(1, std::chrono::milliseconds(10000), 4);
  std::vector<Entry> entries;
  EXPECT_EQ(refusal([&] { open_round(pool, s, sc, entries); }), Refused::Kind::conflict);  // no preferences yet
  EXPECT_EQ(refusal([&] { accept(pool, s, sc, "a", R"({"suggestions": []})", entries); }), Refused::Kind::conflict);
  // Each party may fill its share of the proposals, and no more: the others keep theirs.
  const std::string proposal = R"({"values": {"land": 50, "order": "second"}})";
  const std::size_t quota = kMaxProposals / s.parties.size();
  for (std::size_t i = 0; i < quota; ++i) propose(s, sc, "a", proposal, entries);
  EXPECT_EQ(refusal([&] { propose(s, sc, "a", proposal, entries); }), Refused::Kind::conflict);
  propose(s, sc, "b", proposal, entries);
  EXPECT_EQ(s.proposals.size(), quota + 1);
  EXPECT_EQ(entries.size(), quota + 1);  // one audit entry per proposal kept, none for a refusal
  // Every party's preferences open round 1; the budget of one round refuses a second.
  for (const std::string party : {"a", "b", "c"}) {
    set_preferences(
        pool, s, sc, party,
        R"({"stances": {"land": {"position": 50, "salience": 50}, "order": {"position": "first", "salience": 10}}})",
        entries);
  }
  EXPECT_EQ(s.round, 1);
  EXPECT_FALSE(s.suggestions.empty());
  EXPECT_EQ(refusal([&] { open_round(pool, s, sc, entries); }), Refused::Kind::conflict);
}

TEST(Negotiation, OnlyAMatchingTokenOfTheRightRoleIsAuthorised) {
  const std::string db = (test::scratch_dir("negotiation") / "authorize.db").string();
  std::filesystem::remove(db);
  const auto store = open_store(db);
  const Scenario sc = scenario();
  Founded one = found(sc, "sha", "request", 5, 2e7), two = found(sc, "sha", "request", 5, 2e7);
  for (Founded* f : {&one, &two}) store->create(f->state.id, kScenario, state_json(f->state), f->tokens, {f->entry});
  EXPECT_EQ(authorize(*store, one.state.id, one.mediator_token).role, "mediator");
  EXPECT_EQ(authorize(*store, one.state.id, one.mediator_token, "mediator").role, "mediator");
  EXPECT_EQ(refusal([&] { (void)authorize(*store, one.state.id, one.mediator_token, "party"); }),
            Refused::Kind::forbidden);
  // Another negotiation's token, a token of another length and a made-up one: the same refusal.
  EXPECT_EQ(refusal([&] { (void)authorize(*store, one.state.id, two.mediator_token); }), Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)authorize(*store, one.state.id, "short"); }), Refused::Kind::unauthorized);
  EXPECT_EQ(refusal([&] { (void)authorize(*store, one.state.id, std::string(kTokenLength, 'f')); }),
            Refused::Kind::unauthorized);
}

}  // namespace
}  // namespace parley::host
