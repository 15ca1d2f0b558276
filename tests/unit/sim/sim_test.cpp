// Simulated negotiations (issue 8; docs/models.md §5): the properties the issue names, on small scenarios.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "analysis/analyze.hpp"
#include "analysis/space.hpp"
#include "core/random.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "scenario/game.hpp"
#include "sim/outcomes.hpp"
#include "sim/protocol.hpp"
#include "sim/strategy.hpp"
#include "sim/tournament.hpp"

namespace parley::sim {
namespace {

const std::string kBilateral = std::string(PARLEY_SOURCE_DIR) + "/tests/cli/sim/bilateral.yaml";
const std::string kStrikes = std::string(PARLEY_SOURCE_DIR) + "/tests/cli/sim/strikes.yaml";
const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

struct Fixture {
  Scenario scenario;
  analysis::Space space;
  analysis::PackageAnalysis packages;
  Outcomes outcomes;
};

std::unique_ptr<Fixture> fixture(const std::string& path) {
  const auto loaded = services::load(path, {});
  EXPECT_TRUE(loaded.scenario);
  auto f = std::make_unique<Fixture>();
  f->scenario = services::at(*loaded.scenario, "");
  f->space = analysis::space_of(f->scenario);
  f->packages = analysis::analyze_packages(f->space, {});
  std::optional<std::size_t> mediator;
  for (std::size_t a = 0; a < f->scenario.actors.size(); ++a) {
    if (f->scenario.actors[a].role == Role::mediator && !mediator) mediator = a;
  }
  f->outcomes = outcomes_of(f->space, f->packages, mediator);
  return f;
}

Result play(const Outcomes& o, const std::vector<std::string>& names, bool single_text, std::uint64_t seed,
            std::size_t rounds = 100) {
  std::vector<std::unique_ptr<Strategy>> owned;
  std::vector<Strategy*> agents;
  for (const auto& n : names) {
    owned.push_back(make_strategy(parse_strategy(n)));
    agents.push_back(owned.back().get());
  }
  Setup setup;
  setup.outcomes = &o;
  setup.rounds = rounds;
  core::Stream rng(seed, 0, 1);
  return single_text ? run_single_text(setup, agents, rng) : run_saop(setup, agents, rng);
}

TEST(Simulate, TwoBoulwaresAgreeLaterThanTwoConceders) {
  const auto f = fixture(kBilateral);
  for (const bool mediated : {false, true}) {
    const Result boulware = play(f->outcomes, {"boulware", "boulware"}, mediated, 1);
    const Result conceder = play(f->outcomes, {"conceder", "conceder"}, mediated, 1);
    ASSERT_TRUE(boulware.agreement) << mediated;
    ASSERT_TRUE(conceder.agreement) << mediated;
    EXPECT_GT(boulware.round, conceder.round) << mediated;
    // And linear in between, in the alternating-offers protocol.
    if (!mediated) {
      const Result linear = play(f->outcomes, {"linear", "linear"}, false, 1);
      ASSERT_TRUE(linear.agreement);
      EXPECT_GT(boulware.round, linear.round);
      EXPECT_GT(linear.round, conceder.round);
    }
  }
}

TEST(Simulate, TwoHardlinersNeverAgreeBeforeTheDeadline) {
  const auto f = fixture(kBilateral);
  for (const bool mediated : {false, true}) {
    const Result r = play(f->outcomes, {"hardliner", "hardliner"}, mediated, 3, 60);
    EXPECT_FALSE(r.agreement) << mediated;
    EXPECT_FALSE(r.ended);
    EXPECT_EQ(r.round, 59u);
  }
}

TEST(Simulate, AnAgreementIsNeverWorseForAPartyThanItsReservationValue) {
  // Every pair of strategies, both protocols, several seeds; Geneva has red lines and reservations as well.
  for (const auto& path : {kBilateral, kGeneva}) {
    const auto f = fixture(path);
    const Outcomes& o = f->outcomes;
    std::size_t agreements = 0;
    for (const auto& a : strategy_names()) {
      for (const auto& b : strategy_names()) {
        for (const bool mediated : {false, true}) {
          for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            const Result r = play(o, {a, b}, mediated, seed, 50);
            if (!r.agreement) continue;
            ++agreements;
            for (std::size_t i = 0; i < o.party_count(); ++i) {
              EXPECT_GE(o.u(*r.agreement, i), o.reservation[i] - 1e-12) << a << " v " << b << " seed " << seed;
              EXPECT_TRUE(o.can_accept(*r.agreement, i)) << a << " v " << b;
            }
          }
        }
      }
    }
    if (path == kBilateral) {
      EXPECT_GT(agreements, 100u);
    } else {
      EXPECT_EQ(agreements, 0u);  // nothing is agreeable at Geneva
    }
  }
}

TEST(Simulate, TheSingleTextMovesOnlyByUnanimousAcceptance) {
  const auto f = fixture(kBilateral);
  const Outcomes& o = f->outcomes;
  std::size_t checked = 0, moves = 0, refusals = 0;
  for (const auto& a : {"random:0.7", "conceder", "linear"}) {
    for (const auto& b : {"random:0.5", "conceder", "boulware"}) {
      for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const Result r = play(o, {a, b}, true, seed);
        // Replay the text from the trace by the rule: it takes the proposal only when both voted yes.
        Package text = o.start_text;
        std::optional<Package> proposal;
        bool unanimous = true;
        for (const auto& step : r.trace) {
          if (step.act == Act::propose) {
            if (proposal && unanimous) text = *proposal;
            proposal = step.package;
            unanimous = true;
          } else if (step.act == Act::vote_yes || step.act == Act::vote_no) {
            EXPECT_EQ(step.package, *proposal);
            unanimous = unanimous && step.act == Act::vote_yes;
          } else if (step.act == Act::accept) {
            if (proposal && unanimous) text = *proposal;
            proposal.reset();
            EXPECT_EQ(step.package, text);  // what is accepted is the text, as the votes left it
          }
          if (step.act == Act::vote_no) ++refusals;
          if (step.act == Act::vote_yes) ++moves;
        }
        if (r.agreement) {
          EXPECT_EQ(*r.agreement, text);
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 20u);
  EXPECT_GT(refusals, 0u);
  EXPECT_GT(moves, 0u);
}

// Under a decision rule an agreement needs only the rule's parties: LLM-Deliberation's base game (at least 5 of
// the 6 parties, sportco and dot among them). Replayed from the trace, the parties behind every agreement satisfy
// the rule, evaluated literally here; some agreements leave a party that would refuse them outvoted.
TEST(Simulate, UnderADecisionRuleTheRulesPartiesMakeTheAgreement) {
  Diagnostics diags;
  const auto game = game::read(std::string(PARLEY_DATA_DIR) + "/games/base", diags);
  ASSERT_TRUE(game);
  const analysis::Space space = analysis::space_of(*game);
  const auto pa = analysis::analyze_packages(space, {});
  const Outcomes o = outcomes_of(space, pa, std::nullopt);
  const auto passes = [&](const std::vector<bool>& behind) {
    std::size_t n = 0;
    for (const bool b : behind) n += b ? 1 : 0;
    return n >= 5 && behind[3] && behind[4];  // sportco and dot, in config.txt order
  };
  std::size_t agreements = 0, outvoted = 0;
  for (const auto& name : {"random:0.8", "frontier", "conceder", "linear"}) {
    for (const bool mediated : {false, true}) {
      for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const Result r = play(o, std::vector<std::string>(6, name), mediated, seed, 200);
        if (!r.agreement) continue;
        ++agreements;
        // The parties that accepted the agreement in its last round (single text), or its proposer and those
        // that accepted it after (alternating offers).
        std::vector<bool> behind(6, false);
        for (auto it = r.trace.rbegin(); it != r.trace.rend(); ++it) {
          if (it->package != *r.agreement || it->round + 1 < r.round) break;
          if (it->act == Act::accept || (!mediated && it->act == Act::offer)) behind[it->party] = true;
          if (!mediated && it->act == Act::offer) break;
        }
        EXPECT_TRUE(passes(behind)) << name << " seed " << seed << " single text " << mediated;
        for (std::size_t i = 0; i < 6; ++i) outvoted += o.can_accept(*r.agreement, i) ? 0 : 1;
      }
    }
  }
  EXPECT_GT(agreements, 10U);
  EXPECT_GT(outvoted, 0U);
}

TEST(Simulate, TheSameSeedGivesTheSameTrace) {
  const auto loaded = services::load(kBilateral, {});
  services::SimulateOptions o;
  o.format = OutputFormat::json;
  o.strategies = {"a=random:0.3", "b=tit-for-tat"};
  o.protocol = "single-text";
  o.seed = 11;
  const std::string one = services::simulate(loaded, o);
  EXPECT_EQ(one, services::simulate(loaded, o));
  o.seed = 12;
  EXPECT_NE(one, services::simulate(loaded, o));
}

TEST(Simulate, AnEventChangesTheOutcomesAtItsRound) {
  // Both fallbacks rise to 0.7 at round 10, above anything both can get: no agreement, where two linear agents
  // agree without it (in round 48).
  const auto loaded = services::load(kStrikes, {});
  services::SimulateOptions o;
  o.format = OutputFormat::json;
  o.fallback = "linear";
  o.at = "start";
  const std::string calm = services::simulate(loaded, o);
  EXPECT_EQ(calm.find("\"agreement\": null"), std::string::npos);  // without the strike, they agree
  o.events = {"strike@10"};
  const std::string struck = services::simulate(loaded, o);
  EXPECT_NE(struck.find("\"agreement\": null"), std::string::npos);
  EXPECT_NE(struck.find("\"no_deal_utility\": 0.7"), std::string::npos);
  o.events = {"strike@100"};
  EXPECT_THROW((void)services::simulate(loaded, o), UsageError);  // past the deadline
  o.at = "";
  o.events = {"strike@10"};
  EXPECT_THROW((void)services::simulate(loaded, o), UsageError);  // not after the start
}

TEST(Simulate, AcceptancesGivenBeforeAnEventDoNotCount) {
  // b offers x = 50 in round 1; at round 2 its fallback rises to 0.6, above what x = 50 gives it. An agreement
  // on x = 50 after that would leave b below its reservation value: every agreement must be agreeable under
  // the outcomes in force when it is made.
  const auto path =
      std::filesystem::temp_directory_path() / ("parley_sim_harden_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << R"(parley: 1
title: Hardening
issues:
  - {id: x, name: X, scale: [0, 100], step: 50}
actors:
  - {id: a, name: A, role: party, capability: 1, stances: {x: {position: 0, salience: 1}}}
  - {id: b, name: B, role: party, capability: 1, stances: {x: {position: 100, salience: 1}}}
timeline:
  - {id: harden, date: 2026-01-01, changes: [{actor: b, no_deal: 0.6}]}
)";
  const auto loaded = services::load(path.string(), {});
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded.scenario) << loaded.diagnostics.all().size();
  std::size_t runs = 0, after = 0;
  for (const auto& a : strategy_names()) {
    for (const auto& b : strategy_names()) {
      for (const char* event : {"harden@1", "harden@2", "harden@3"}) {
        services::SimulateOptions o;
        o.format = OutputFormat::json;
        o.at = "start";
        o.rounds = 6;
        o.events = {event};
        o.strategies = {"a=" + a, "b=" + b};
        Diagnostics diags;
        const auto d =
            doc::parse_json(services::simulate(loaded, o), std::make_shared<const std::string>("s.json"), diags);
        ASSERT_TRUE(d);
        // After the event b accepts only x = 100 (utility 1 >= 0.6); x = 50 gives it 0.5.
        const doc::Node* agreement = d->find("agreement");
        const double at_round = std::stod(std::string(event).substr(7));
        if (agreement != nullptr && agreement->kind == doc::Kind::mapping && d->find("round")->number >= at_round) {
          ++after;
          EXPECT_GE(agreement->find("utilities")->find("b")->number, 0.6) << a << " v " << b << " " << event;
        }
        ++runs;
      }
    }
  }
  EXPECT_EQ(runs, 147u);
  EXPECT_GT(after, 10u);
}

TEST(Simulate, ANegotiationNeedsTwoParties) {
  const auto path =
      std::filesystem::temp_directory_path() / ("parley_sim_alone_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << R"(parley: 1
title: Alone
issues: [{id: x, name: X}]
actors:
  - {id: a, name: A, role: party, capability: 1, stances: {x: {position: 0, salience: 1}}}
  - {id: m, name: M, role: mediator, capability: 1, stances: {x: {position: 50, salience: 1}}}
)";
  const auto loaded = services::load(path.string(), {});
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded.scenario);
  EXPECT_THROW((void)services::simulate(loaded, {}), DataError);
}

// A vote that never passes for sure (its condition holds nowhere; it passes one time in four): every agreement
// counts as a quarter of one, and each party as a quarter of its utility plus three quarters of its no-deal
// utility (docs/simulate.md).
TEST(Tournament, AnAgreementCountsByItsRatificationProbability) {
  const auto path = std::filesystem::temp_directory_path() / ("parley-sim-vote-" + std::to_string(getpid()) + ".yaml");
  {
    std::ifstream in(kBilateral);
    std::ofstream out(path);
    out << in.rdbuf()
        << "constraints:\n  - {id: vote, actor: a, kind: ratification, require: \"x > 200\", pass_probability: 0.25}\n";
  }
  const auto plain = fixture(kBilateral);
  const auto voted = fixture(path.string());
  std::filesystem::remove(path);
  const Package any = plain->outcomes.frontier.front();
  EXPECT_EQ(ratification(plain->outcomes, any), 1);
  EXPECT_EQ(ratification(voted->outcomes, any), 0.25);
  EXPECT_DOUBLE_EQ(expected_utility(voted->outcomes, any, 0),
                   0.25 * voted->outcomes.u(any, 0) + 0.75 * voted->outcomes.reservation[0]);
  TournamentOptions t;
  t.strategies = {parse_strategy("conceder")};
  t.rounds = 40;
  const std::vector<const Outcomes*> one{&plain->outcomes}, other{&voted->outcomes};
  const TournamentResult a = run_tournament(one, t), b = run_tournament(other, t);
  ASSERT_GT(a.scores[0].agreement.mean, 0);
  EXPECT_DOUBLE_EQ(b.scores[0].agreement.mean, 0.25 * a.scores[0].agreement.mean);
  EXPECT_LT(b.scores[0].utility.mean, a.scores[0].utility.mean);
}

TEST(Tournament, ScoresDoNotDependOnThreadsAndCountEveryNegotiation) {
  const auto bilateral = fixture(kBilateral);
  const auto geneva = fixture(kGeneva);
  std::vector<const Outcomes*> scenarios{&bilateral->outcomes, &geneva->outcomes};
  TournamentOptions t;
  for (const auto& n : {"boulware", "conceder", "random", "tit-for-tat", "frontier"})
    t.strategies.push_back(parse_strategy(n));
  t.repetitions = 7;  // negotiations straddle several blocks of sums
  t.rounds = 40;
  t.threads = 1;
  const TournamentResult one = run_tournament(scenarios, t);
  t.threads = 3;
  const TournamentResult three = run_tournament(scenarios, t);
  EXPECT_EQ(one.negotiations, 2u * 25 * 7);
  ASSERT_EQ(one.scores.size(), 5u);
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(one.scores[k].utility.mean, three.scores[k].utility.mean);
    EXPECT_EQ(one.scores[k].utility.ci95, three.scores[k].utility.ci95);
    EXPECT_EQ(one.scores[k].agreement.mean, three.scores[k].agreement.mean);
    // Each strategy plays each role of each scenario against each strategy: 2 x 2 x 5 x 7 party-negotiations.
    EXPECT_EQ(one.scores[k].utility.count, 2u * 2 * 5 * 7);
  }
  // Conceders agree sooner than Boulwares; nobody agrees at Geneva, so no agreement rate passes 1/2.
  EXPECT_LT(one.scores[1].rounds.mean, one.scores[0].rounds.mean);
  for (const auto& s : one.scores) EXPECT_LE(s.agreement.mean, 0.5);
}

// The per-scenario and per-role tables: each cell counts the plays it should, the cells add up to the tables
// above them, and sums split over "processes" in any order give the same bits (exact fixed-point sums).
TEST(Tournament, PerScenarioAndPerRoleScoresAddUpAndDoNotDependOnTheSplit) {
  const auto bilateral = fixture(kBilateral);
  const auto geneva = fixture(kGeneva);
  std::vector<const Outcomes*> scenarios{&bilateral->outcomes, &geneva->outcomes};
  TournamentOptions t;
  for (const auto& n : {"boulware", "hardliner", "random", "frontier"}) t.strategies.push_back(parse_strategy(n));
  t.repetitions = 300;  // 2 x 16 x 300 = 9,600 negotiations: three blocks
  t.rounds = 30;
  const TournamentResult all = run_tournament(scenarios, t);
  const TournamentPlan plan = plan_tournament(scenarios, t);
  ASSERT_EQ(plan.blocks, 3u);
  const TournamentResult split =
      score(plan, t, {play_blocks(scenarios, t, plan, 2, 3), play_blocks(scenarios, t, plan, 0, 2)});
  ASSERT_EQ(all.scenarios.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& sc = all.scenarios[k];
    ASSERT_EQ(sc.by_role.size(), 2u);
    for (std::size_t j = 0; j < 4; ++j) {
      // In each role a strategy meets each of the 4 strategies 300 times.
      double weighted = 0;
      for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(sc.by_role[i][j].utility.count, 4u * 300);
        weighted += sc.by_role[i][j].utility.mean / 2;
        EXPECT_EQ(sc.by_role[i][j].utility.mean, split.scenarios[k].by_role[i][j].utility.mean);
        EXPECT_EQ(sc.by_role[i][j].utility.ci95, split.scenarios[k].by_role[i][j].utility.ci95);
      }
      EXPECT_NEAR(sc.by_strategy[j].utility.mean, weighted, 1e-12);
      EXPECT_EQ(sc.by_strategy[j].utility.count, 2u * 4 * 300);
    }
  }
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(all.scores[j].utility.mean,
                (all.scenarios[0].by_strategy[j].utility.mean + all.scenarios[1].by_strategy[j].utility.mean) / 2,
                1e-12);
    EXPECT_EQ(all.scores[j].utility.mean, split.scores[j].utility.mean);
    EXPECT_EQ(all.scores[j].welfare.ci95, split.scores[j].welfare.ci95);
  }
  // A hardliner never agrees, so in every role it gets that role's no-deal utility, exactly.
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_NEAR(all.scenarios[k].by_role[i][1].utility.mean, scenarios[k]->reservation[i], 1e-9);
      EXPECT_EQ(all.scenarios[k].by_role[i][1].agreement.mean, 0);
    }
  }
  // Playing a block twice, or leaving one out, is caught.
  EXPECT_THROW((void)score(plan, t, {play_blocks(scenarios, t, plan, 0, 2), play_blocks(scenarios, t, plan, 1, 3)}),
               Error);
  EXPECT_THROW((void)score(plan, t, {play_blocks(scenarios, t, plan, 0, 2)}), Error);
}

TEST(Strategy, NamesAndParametersAreChecked) {
  EXPECT_EQ(parse_strategy("boulware:0.2").text(), "boulware:0.2");
  EXPECT_EQ(parse_strategy("linear").text(), "linear");
  EXPECT_THROW((void)parse_strategy("stubborn"), UsageError);
  EXPECT_THROW((void)parse_strategy("boulware:0"), UsageError);
  EXPECT_THROW((void)parse_strategy("boulware:x"), UsageError);
  EXPECT_THROW((void)parse_strategy("random:1.5"), UsageError);
  EXPECT_THROW((void)parse_strategy("hardliner:2"), UsageError);
}

}  // namespace
}  // namespace parley::sim
