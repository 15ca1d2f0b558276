// The exchange model (docs/models.md §10) against a hand-computed case, Decide's own run of a file written for
// these tests, and properties every run must have.
#include "forecast/exchange.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/random.hpp"
#include "parley/error.hpp"
#include "scenario/load.hpp"

namespace parley::forecast {
namespace {

Scenario load_file(const std::string& name) {
  Diagnostics diags;
  auto s = scenario::load_file(std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/decide/" + name, {}, diags);
  EXPECT_TRUE(s) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front()));
  return s ? *s : Scenario{};
}

ExchangeModel model_of(const Scenario& s) {
  std::vector<std::size_t> every(s.issues.size());
  for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
  return exchange_model(s, every);
}

// Two actors, two issues: a (at 0 on both) cares about p (0.8) more than q (0.2), b (at 100 on both) the other
// way round; capability 1 each.
TEST(Exchange, TheHandComputedTwoByTwo) {
  const Scenario s = load_file("two-by-two.csv");
  const auto m = model_of(s);
  ExchangeOptions o;
  o.rounds = 2;
  const auto r = run_exchange(m.input, o);
  ASSERT_EQ(r.rounds.size(), 2U);
  const auto& first = r.rounds[0];
  // Outcomes: p (0.8 x 0 + 0.2 x 100) / 1 = 20; q (0.2 x 0 + 0.8 x 100) / 1 = 80. a is left of both, b right of
  // both: one candidate. s_ap / s_aq = 4 > s_bp / s_bq = 1/4, so b moves on p and a on q.
  EXPECT_NEAR(first.start_outcome[0], 20, 1e-12);
  EXPECT_NEAR(first.start_outcome[1], 80, 1e-12);
  EXPECT_EQ(first.candidates, 1U);
  ASSERT_EQ(first.exchanges.size(), 1U);
  const auto& x = first.exchanges[0];
  // b moving all the way to a's 0 on p shifts that outcome by dp = 100 x 0.2 x 1 / 1 = 20; equal gains ask
  // dq = (0.2 + 0.8) / (0.8 + 0.2) x 20 = 20 on q, a move of 20 x 1 / (1 x 0.2) = 100 by a: all the way to b's 100.
  // Each gains |20 x 0.2 - 20 x 0.8| = 12.
  EXPECT_EQ(x.i.actor, 0U);
  EXPECT_EQ(x.i.supply, 1U);
  EXPECT_EQ(x.j.actor, 1U);
  EXPECT_EQ(x.j.supply, 0U);
  EXPECT_NEAR(x.i.from, 0, 1e-12);
  EXPECT_NEAR(x.i.to, 100, 1e-12);
  EXPECT_NEAR(x.j.from, 100, 1e-12);
  EXPECT_NEAR(x.j.to, 0, 1e-12);
  EXPECT_NEAR(x.gain, 12, 1e-12);
  EXPECT_NEAR(first.outcome[0], 0, 1e-12);
  EXPECT_NEAR(first.outcome[1], 100, 1e-12);
  // Next round each starts 0.1 + 0.4 x (1 - 0.2) = 0.42 of the way to its voting position: a at 42 on q, b at 58
  // on p. Outcomes 11.6 and 88.4; the same exchange, now gaining |11.6 x 0.2 - 11.6 x 0.8| = 6.96. (Decide
  // refuses it: its weights 0.4 and 0.1, converted from binary fractions, leave b at 57.99999999999999766853, whose
  // move to 0 ends 1e-26 below the scale; docs/models.md §10.3.)
  const auto& second = r.rounds[1];
  EXPECT_NEAR(second.start[0 * 2 + 1], 58, 1e-12);
  EXPECT_NEAR(second.start[1 * 2 + 0], 42, 1e-12);
  EXPECT_NEAR(second.start_outcome[0], 11.6, 1e-12);
  EXPECT_NEAR(second.start_outcome[1], 88.4, 1e-12);
  ASSERT_EQ(second.exchanges.size(), 1U);
  EXPECT_NEAR(second.exchanges[0].gain, 6.96, 1e-12);
}

// council.csv, run by Decide's own EqualGainModel and ModelLoop (bench/exchange/decide_side_by_side.py; no ties
// arise): its outcomes after rounds 1, 5 and 10, on each issue's scale, and the exchanges it made.
TEST(Exchange, ReproducesDecidesRunOfTheCouncil) {
  const Scenario s = load_file("council.csv");
  const auto m = model_of(s);
  const auto r = run_exchange(m.input, {});
  ASSERT_EQ(r.rounds.size(), 10U);
  EXPECT_FALSE(r.converged);
  const struct {
    std::size_t round;
    double fees, green, jobs, height;
    std::size_t made;
  } decide[] = {
      {1, 4.242312628336756, 72.45435397998598, 68.0165322517592, 59.77439647768717, 10},
      {5, 4.842022390800234, 66.27471383975026, 69.86683605527155, 60.08146577034688, 8},
      {10, 4.777239000021899, 64.59219566706861, 72.61245033766224, 58.30778430246079, 9},
  };
  for (const auto& d : decide) {
    const auto& round = r.rounds[d.round - 1];
    EXPECT_EQ(round.exchanges.size(), d.made) << "round " << d.round;
    EXPECT_NEAR(m.on_scale(s, 0, round.outcome[0]), d.fees, 1e-9) << "round " << d.round;
    EXPECT_NEAR(m.on_scale(s, 1, round.outcome[1]), d.green, 1e-9) << "round " << d.round;
    EXPECT_NEAR(m.on_scale(s, 2, round.outcome[2]), d.jobs, 1e-9) << "round " << d.round;
    EXPECT_NEAR(m.on_scale(s, 3, round.outcome[3]), d.height, 1e-9) << "round " << d.round;
  }
  // The unions' voting positions after round 10 (fees on its 0-10 scale).
  const std::size_t unions = 5, n = m.input.actors;
  EXPECT_NEAR(m.on_scale(s, 0, r.rounds[9].voting[0 * n + unions]), 8.631181248997311, 1e-9);
  EXPECT_NEAR(m.on_scale(s, 1, r.rounds[9].voting[1 * n + unions]), 41.75241358257378, 1e-9);
  EXPECT_NEAR(m.on_scale(s, 2, r.rounds[9].voting[2 * n + unions]), 100.0, 1e-9);
  EXPECT_NEAR(m.on_scale(s, 3, r.rounds[9].voting[3 * n + unions]), 56.932839123852595, 1e-9);
}

// A random input: some actor-issues absent, positions, saliences and capabilities drawn.
ExchangeInput random_input(std::uint64_t seed, std::size_t actors, std::size_t issues) {
  core::Stream rng(seed, 0, 0);
  ExchangeInput in;
  in.actors = actors;
  in.issues = issues;
  in.cells.resize(actors * issues);
  for (auto& cell : in.cells) {
    cell.present = rng.uniform() < 0.85;
    // Positions on a grid of 10 as survey data gives them, so that actors share positions and gains tie.
    cell.x = std::floor(rng.uniform() * 11) * 10;
    cell.s = 0.05 + 0.95 * rng.uniform();
    cell.c = 0.1 + rng.uniform();
  }
  return in;
}

TEST(Exchange, EveryRunKeepsTheModelsInvariants) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto in = random_input(seed, 3 + seed % 9, 2 + seed % 4);
    ExchangeOptions o;
    o.rounds = 6;
    const auto r = run_exchange(in, o);
    const std::size_t n = in.actors;
    for (const auto& round : r.rounds) {
      for (const auto& x : round.exchanges) {
        // Equal Gain: both sides gain the same, and each moves toward the other's position.
        EXPECT_GT(x.gain, 0);
        EXPECT_DOUBLE_EQ(x.i.gain, x.gain);
        EXPECT_DOUBLE_EQ(x.j.gain, x.gain);
        EXPECT_NE(x.i.supply, x.j.supply);
        EXPECT_EQ(x.i.supply, x.j.demand);
        // Each moves toward the other's position on its supply issue (the other's demand issue).
        for (const auto& [side, other] : {std::pair{&x.i, &x.j}, std::pair{&x.j, &x.i}}) {
          const double target = round.start[side->supply * n + other->actor];
          EXPECT_GE((side->to - side->from) * (target - side->from), -1e-9);
          EXPECT_LE(std::fabs(side->to - side->from), std::fabs(target - side->from) + 1e-9);
        }
        EXPECT_GE(x.i.to, -1e-9);
        EXPECT_LE(x.i.to, 100 + 1e-9);
        EXPECT_GE(x.j.to, -1e-9);
        EXPECT_LE(x.j.to, 100 + 1e-9);
      }
      // The outcome is the capability x salience weighted mean of the voting positions.
      for (std::size_t k = 0; k < in.issues; ++k) {
        double num = 0, den = 0;
        for (std::size_t a = 0; a < n; ++a) {
          const auto& cell = in.at(k, a);
          if (!cell.present) continue;
          num += cell.c * cell.s * round.voting[k * n + a];
          den += cell.c * cell.s;
        }
        if (den > 0) {
          EXPECT_NEAR(round.outcome[k], num / den, 1e-9);
        }
      }
    }
    // The same input gives the same run.
    const auto again = run_exchange(in, o);
    ASSERT_EQ(again.rounds.size(), r.rounds.size());
    for (std::size_t k = 0; k < r.rounds.size(); ++k) {
      ASSERT_EQ(again.rounds[k].voting.size(), r.rounds[k].voting.size());
      for (std::size_t c = 0; c < r.rounds[k].voting.size(); ++c) {
        const double x = r.rounds[k].voting[c], y = again.rounds[k].voting[c];
        EXPECT_TRUE((std::isnan(x) && std::isnan(y)) || x == y);
      }
    }
  }
}

TEST(Exchange, ARoundWithNoExchangeEndsTheRun) {
  // Everybody agrees: no actor is on the other side of an outcome from another.
  ExchangeInput in;
  in.actors = 2;
  in.issues = 2;
  in.cells = {{true, 40, 0.5, 1}, {true, 40, 0.9, 1}, {true, 60, 0.5, 1}, {true, 60, 0.2, 1}};
  const auto r = run_exchange(in, {});
  EXPECT_TRUE(r.converged);
  ASSERT_EQ(r.rounds.size(), 1U);
  EXPECT_TRUE(r.rounds[0].exchanges.empty());
  EXPECT_NEAR(r.rounds[0].outcome[0], 40, 1e-12);
}

TEST(Exchange, TheRandomizedVariantIsSeededAndSharesGainsUnequally) {
  const Scenario s = load_file("council.csv");
  const auto m = model_of(s);
  ExchangeOptions o;
  o.p = 1;
  o.seed = 7;
  const auto a = run_exchange(m.input, o);
  const auto b = run_exchange(m.input, o);
  ASSERT_EQ(a.rounds.size(), b.rounds.size());
  for (std::size_t k = 0; k < a.rounds.size(); ++k) EXPECT_EQ(a.rounds[k].outcome, b.rounds[k].outcome);
  bool unequal = false;
  for (const auto& round : a.rounds)
    for (const auto& x : round.exchanges) unequal = unequal || std::fabs(x.i.gain - x.j.gain) > 1e-9;
  EXPECT_TRUE(unequal);
  o.seed = 8;
  const auto c = run_exchange(m.input, o);
  bool differs = c.rounds.size() != a.rounds.size();
  for (std::size_t k = 0; !differs && k < a.rounds.size(); ++k) differs = c.rounds[k].outcome != a.rounds[k].outcome;
  EXPECT_TRUE(differs);
  // p = 0 is the Equal Gain model, draws or not.
  o.p = 0;
  const auto equal = run_exchange(m.input, o);
  const auto plain = run_exchange(m.input, {});
  for (std::size_t k = 0; k < plain.rounds.size(); ++k) EXPECT_EQ(equal.rounds[k].outcome, plain.rounds[k].outcome);
}

TEST(Exchange, RefusesARoundPastItsCandidateBudget) {
  const auto in = random_input(3, 40, 4);
  ExchangeOptions o;
  o.max_candidates = 10;
  EXPECT_THROW((void)run_exchange(in, o), LimitError);
}

TEST(Exchange, NormalisesScenarioPositionsAndLeavesOutWhatHasNoWeight) {
  Diagnostics diags;
  const auto s = scenario::load_text(R"(parley: 1
title: t
issues:
  - {id: fee, scale: [10, 20]}
  - {id: order, options: [first, second, third]}
  - {id: seat, options: [g, v], ordered: false}
actors:
  - {id: a, capability: 2, stances: {fee: {position: 15, salience: 50}, order: {position: third, salience: 0}}}
  - {id: b, capability: 1, stances: {fee: {position: 10, salience: 100}, order: {position: second, salience: 40}}}
  - {id: c, capability: 0, stances: {fee: {position: 20, salience: 100}}}
)",
                                     "t.yaml", {}, diags);
  ASSERT_TRUE(s);
  const auto m = model_of(*s);
  // The nominal seat has no mean to move; c has no capability and weighs nothing anywhere.
  EXPECT_EQ(m.issues, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(m.actors, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(m.input.at(0, 0).present);
  EXPECT_NEAR(m.input.at(0, 0).x, 50, 1e-12);  // 15 on [10, 20]
  EXPECT_NEAR(m.input.at(0, 0).s, 0.5, 1e-12);
  EXPECT_NEAR(m.input.at(0, 0).c, 2, 1e-12);
  EXPECT_FALSE(m.input.at(1, 0).present);      // salience 0 on order
  EXPECT_NEAR(m.input.at(1, 1).x, 50, 1e-12);  // second of three options
  EXPECT_NEAR(m.on_scale(*s, 0, 25), 12.5, 1e-12);
  EXPECT_NEAR(m.on_scale(*s, 1, 100), 2, 1e-12);
}

}  // namespace
}  // namespace parley::forecast
