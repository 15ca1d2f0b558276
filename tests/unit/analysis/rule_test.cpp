// Decision rules (at least k parties, vetoes, weighted thresholds and their conjunction) against brute force over
// every package of random scenarios: the rule evaluated literally here, not through Decision::passes.
#include "analysis/rule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>

#include "analysis/agreed.hpp"
#include "analysis/analyze.hpp"
#include "analysis/space.hpp"
#include "oracle.hpp"
#include "random_scenarios.hpp"

namespace parley::analysis {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the oracle's helpers

// A rule with whole-number weights and percentages, so that the literal check below is exact in integers.
struct Literal {
  std::size_t at_least = 0;
  std::vector<std::size_t> vetoes;                          // positions in Space::parties
  std::vector<std::pair<std::vector<long>, long>> weights;  // per party weights; percent needed
  [[nodiscard]] bool passes(const std::vector<bool>& accepted) const {
    const auto n = static_cast<std::size_t>(std::count(accepted.begin(), accepted.end(), true));
    if (n < at_least) return false;
    for (std::size_t v : vetoes) {
      if (!accepted[v]) return false;
    }
    for (const auto& [w, percent] : weights) {
      long total = 0, held = 0;
      for (std::size_t i = 0; i < w.size(); ++i) total += w[i], held += accepted[i] ? w[i] : 0;
      if (held * 100 < percent * total) return false;
    }
    return true;
  }
};

// Draws a rule over the scenario's parties, writes it into `s` (weights as actor weights), and returns it.
Literal random_rule(Scenario& s, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 17);
  std::vector<std::size_t> parties;
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (s.actors[a].role == Role::party) parties.push_back(a);
  }
  const std::size_t m = parties.size();
  Literal l;
  DecisionRule rule;
  const auto kind = rng() % 4;  // count; count and vetoes; weights (and maybe a count); vetoes alone
  if (kind != 3) {
    l.at_least = 1 + rng() % m;
    rule.parties = l.at_least;
  }
  if (kind == 1 || kind == 3) {
    for (std::size_t i = 0; i < m; ++i) {
      if (rng() % 3 == 0) l.vetoes.push_back(i), rule.vetoes.push_back(parties[i]);
    }
    if (l.vetoes.empty()) l.vetoes.push_back(0), rule.vetoes.push_back(parties[0]);
  }
  if (kind == 2) {
    if (rng() % 2 == 0) l.at_least = 0, rule.parties.reset();
    const long percent = 30 + static_cast<long>(rng() % 8) * 10;
    std::vector<long> w;
    for (std::size_t i = 0; i < m; ++i) {
      w.push_back(static_cast<long>(rng() % 10));
      s.actors[parties[i]].weights.push_back(ActorWeight{"seats", static_cast<double>(w.back()), {}});
    }
    l.weights.emplace_back(w, percent);
    rule.weights.push_back(DecisionRule::Weighted{"seats", static_cast<double>(percent) / 100, {}});
  }
  s.decision = rule;
  return l;
}

std::vector<bool> accepted_by(const Space& space, const Package& p) {
  std::vector<bool> out;
  for (std::size_t a : space.parties) out.push_back(space.accepts(a, p));
  return out;
}

// Seed's random scenario under its random rule, when the rule asks fewer than every party (else nothing: the
// unanimity path has its own tests).
struct Ruled {
  Literal rule;
  Space space;
};

std::optional<Ruled> ruled_case(std::uint64_t seed, const RandomOptions& options, Grid grid = Grid::lattice) {
  Scenario s = random_scenario(seed, options);
  Literal rule = random_rule(s, seed);
  Space space = space_of(s, grid);
  if (space.decision.unanimity) return std::nullopt;
  return Ruled{std::move(rule), std::move(space)};
}

PackageAnalysis run(const Space& space, unsigned threads = 1) {
  AnalysisLimits limits;
  limits.packages.threads = threads;
  return analyze_packages(space, limits);
}

RandomOptions many_parties() {
  RandomOptions options;
  options.min_parties = 3;
  options.max_parties = 6;
  options.max_issues = 3;
  options.max_grid = 6;
  return options;
}

TEST(RuleProperty, CountsFrontierAndSolutionsMatchTheOracle) {
  int passing = 0, fewer_than_all = 0, ruled = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto rc = ruled_case(seed, many_parties());
    if (!rc) continue;
    const Literal& rule = rc->rule;
    const Space& space = rc->space;
    ++ruled;
    const Oracle o = oracle(space, [&](const Package& p) { return rule.passes(accepted_by(space, p)); });
    double unanimous = 0;
    for (const auto& p : all_packages(space)) {
      const auto a = accepted_by(space, p);
      unanimous += std::all_of(a.begin(), a.end(), [](bool x) { return x; }) ? 1 : 0;
    }
    const PackageAnalysis pa = run(space), two = run(space, 2);
    ASSERT_EQ(pa.agreeable.value, static_cast<double>(o.agreeable.size())) << "seed " << seed;
    ASSERT_EQ(pa.unanimous.value, unanimous) << "seed " << seed;
    ASSERT_EQ(expand(space, pa), o.frontier) << "seed " << seed;
    ASSERT_EQ(expand(space, two), o.frontier) << "seed " << seed;
    check_solutions(space, o, pa, seed);
    passing += !o.agreeable.empty();
    fewer_than_all += static_cast<double>(o.agreeable.size()) > unanimous;
  }
  // The draws must exercise the rules: many pass somewhere, and often where not every party accepts.
  EXPECT_GT(ruled, 150);
  EXPECT_GT(passing, 100);
  EXPECT_GT(fewer_than_all, 60);
}

TEST(RuleProperty, WhatItWouldTakeIsTheCheapestWinningCoalitionsConcessions) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto rc = ruled_case(seed, many_parties());
    if (!rc) continue;
    const Literal& rule = rc->rule;
    const Space& space = rc->space;
    const PackageAnalysis pa = run(space);
    if (!pa.bridge) continue;
    ++checked;
    // For each package, the cheapest set of parties that would pass it, each paying its own cost there.
    const std::size_t m = space.parties.size();
    double best = 1e300;
    for (const auto& x : all_packages(space)) {
      const auto c = oracle_costs(space, x);
      for (std::uint32_t mask = 0; mask < (1U << m); ++mask) {
        std::vector<bool> in(m);
        double total = 0;
        for (std::size_t i = 0; i < m; ++i) in[i] = ((mask >> i) & 1U) != 0, total += in[i] ? c[i] : 0;
        if (rule.passes(in)) best = std::min(best, total);
      }
    }
    ASSERT_TRUE(pa.bridge->exact) << "seed " << seed;
    ASSERT_NEAR(pa.bridge->cost, best, 1e-9) << "seed " << seed << "\n" << random_scenario_yaml(seed, many_parties());
    double sum = 0;
    for (double c : pa.bridge->party_cost) sum += c;
    ASSERT_NEAR(sum, pa.bridge->cost, 1e-9) << "seed " << seed;
  }
  EXPECT_GT(checked, 20);
}

// A value of an issue passes when the parties that allow it satisfy the rule; a party allows it when its own
// reservation does and its red lines that read the issue hold at some package with that value whose other issues
// they read lie within its own limits (agreed.hpp).
TEST(RuleProperty, AgreedValuesAreTheValuesTheRulesPartiesAllow) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto rc = ruled_case(seed, many_parties(), Grid::breakpoints);
    if (!rc) continue;
    const Literal& rule = rc->rule;
    const Space& space = rc->space;
    ++checked;
    const auto everything = all_packages(space);
    const auto within = [&](std::size_t p, std::size_t k, std::size_t j) {
      const auto& a = space.actors[p];
      return a.excess[k].empty() || a.excess[k][j] == 0;
    };
    const auto agreed = agreed_values(space);
    for (std::size_t k = 0; k < space.issues.size(); ++k) {
      const auto& issue = space.issues[k];
      for (std::size_t j = 0; j < issue.values.size(); ++j) {
        std::vector<bool> allows;
        for (const std::size_t p : space.parties) {
          bool ok = false;
          for (const auto& x : everything) {
            if (x[k] != j || !within(p, k, j)) continue;
            std::vector<double> values(x.size());
            space.values_of(x, values);
            bool holds = true;
            for (const auto& r : space.rules) {
              if (!r.red_line || r.actor != p || std::find(r.issues.begin(), r.issues.end(), k) == r.issues.end())
                continue;
              for (const std::size_t o : r.issues) holds = holds && within(p, o, x[o]);
              holds = holds && r.holds(values);
            }
            if (holds) {
              ok = true;
              break;
            }
          }
          allows.push_back(ok);
        }
        bool in = false;
        if (!issue.labels.empty()) {
          in = std::find(agreed[k].options.begin(), agreed[k].options.end(), j) != agreed[k].options.end();
        } else {
          const double v = issue.values[j];
          for (const auto& r : agreed[k].regions) {
            in = in || ((r.low_open ? v > r.low : v >= r.low) && (r.high_open ? v < r.high : v <= r.high));
          }
        }
        ASSERT_EQ(in, rule.passes(allows)) << "seed " << seed << " issue " << issue.id << " value " << issue.values[j]

                                           << "\n"
                                           << random_scenario_yaml(seed, many_parties());
      }
    }
  }
  EXPECT_GT(checked, 100);
}

// "At least n of the n parties" is unanimity: the same analysis, point for point.
TEST(RuleProperty, AllOfTheNPartiesIsUnanimity) {
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    const Scenario plain = random_scenario(seed, many_parties());
    Scenario all = plain;
    DecisionRule rule;
    std::size_t parties = 0;
    for (const auto& a : all.actors) parties += a.role == Role::party ? 1 : 0;
    rule.parties = parties;
    all.decision = rule;
    const Space a = space_of(plain), b = space_of(all);
    ASSERT_TRUE(b.decision.unanimity);
    const PackageAnalysis pa = run(a), pb = run(b);
    ASSERT_EQ(expand(a, pa), expand(b, pb)) << "seed " << seed;
    ASSERT_EQ(pa.agreeable.value, pb.agreeable.value);
    ASSERT_EQ(pa.unanimous.value, pb.unanimous.value);
    ASSERT_EQ(pa.solutions.nash, pb.solutions.nash);
    ASSERT_EQ(pa.solutions.egalitarian, pb.solutions.egalitarian);
    ASSERT_EQ(pa.bridge.has_value(), pb.bridge.has_value());
    if (pa.bridge) {
      ASSERT_EQ(pa.bridge->package, pb.bridge->package);
      ASSERT_EQ(pa.bridge->cost, pb.bridge->cost);
    }
    ASSERT_EQ(rule_text(a), rule_text(b));
  }
}

TEST(Decision, DoubleMajorityCountsMembersAndPopulation) {
  // The EU's qualified majority, shrunk: 55% of 4 members is 3 (2.2 rounded up), and they hold 65% of the people.
  Decision d;
  d.stated = true;
  d.at_least = 3;
  d.weighted.push_back({"population", {50, 30, 15, 5}, 0.65});
  d.settle(4);
  EXPECT_FALSE(d.unanimity);
  EXPECT_TRUE(d.passes(std::vector<std::uint8_t>{1, 1, 1, 0}));   // 95%
  EXPECT_TRUE(d.passes(std::vector<std::uint8_t>{1, 0, 1, 1}));   // 70%
  EXPECT_FALSE(d.passes(std::vector<std::uint8_t>{0, 1, 1, 1}));  // 50%: too few people
  EXPECT_FALSE(d.passes(std::vector<std::uint8_t>{1, 1, 0, 0}));  // 80% but two members
  EXPECT_EQ(d.essential, (std::vector<std::size_t>{0}));          // without the largest, 50% at most
  const auto mwc = minimal_coalitions(d, 4);
  EXPECT_EQ(mwc, (std::vector<std::vector<std::size_t>>{{0, 1, 2}, {0, 1, 3}, {0, 2, 3}}));
}

TEST(Decision, ShareOfThePartiesRoundsUp) {
  Scenario s = random_scenario(3, many_parties());
  std::size_t n = 0;
  for (const auto& a : s.actors) n += a.role == Role::party ? 1 : 0;
  DecisionRule rule;
  rule.parties_share = 0.5;
  s.decision = rule;
  const Space space = space_of(s);
  EXPECT_EQ(space.decision.at_least, (n + 1) / 2);
}

}  // namespace
}  // namespace parley::analysis
