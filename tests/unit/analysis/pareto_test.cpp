// Property tests of the frontier, the agreeable count and the solutions against brute force over every
// package, on random scenarios; plus hand-checked cases.
#include "analysis/pareto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "analysis/analyze.hpp"
#include "analysis/solutions.hpp"
#include "analysis/space.hpp"
#include "oracle.hpp"
#include "parley/error.hpp"
#include "random_scenarios.hpp"
#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the oracle's helpers

constexpr double kEps = kUtilityEpsilon;

PackageAnalysis run(const Space& space, unsigned threads = 1) {
  AnalysisLimits limits;
  limits.packages.threads = threads;
  return analyze_packages(space, limits);
}

// ---- properties -----------------------------------------------------------------------------------------

constexpr std::uint64_t kCases = 300;

TEST(ParetoProperty, FrontierIsExactlyTheUndominatedAgreeablePackages) {
  // The random cases must cover what the algorithm treats specially, or passing means little.
  int with_frontier = 0, without = 0, coupled = 0, with_no_deal = 0, ties = 0;
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    const Oracle o = oracle(space);
    const PackageAnalysis pa = run(space);
    (o.frontier.empty() ? without : with_frontier) += 1;
    coupled += pa.blocks.size() < space.issues.size();
    with_no_deal += std::any_of(space.parties.begin(), space.parties.end(),
                                [&](std::size_t p) { return space.actors[p].no_deal.has_value(); });
    ties += pa.frontier.packages > static_cast<double>(pa.frontier.distinct);
    ASSERT_EQ(pa.agreeable.value, static_cast<double>(o.agreeable.size())) << "seed " << seed;
    ASSERT_TRUE(pa.agreeable.exact);
    const auto got = expand(space, pa);
    ASSERT_EQ(got, o.frontier) << "seed " << seed << "\n" << testing::random_scenario_yaml(seed);
    ASSERT_EQ(pa.frontier.packages, static_cast<double>(o.frontier.size()));
    // Every frontier package is agreeable and no agreeable package dominates it.
    for (const auto& p : got) ASSERT_TRUE(space.agreeable(p)) << "seed " << seed;
  }
  EXPECT_GT(with_frontier, 60);
  EXPECT_GT(without, 20);
  EXPECT_GT(coupled, 10);
  EXPECT_GT(with_no_deal, 60);
  EXPECT_GT(ties, 30);
}

TEST(ParetoProperty, DistinctCountCountsUtilityVectors) {
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    const Oracle o = oracle(space);
    const PackageAnalysis pa = run(space);
    std::vector<std::vector<double>> distinct;
    for (const auto& u : o.frontier_u) {
      const bool seen = std::any_of(distinct.begin(), distinct.end(), [&](const auto& d) {
        for (std::size_t i = 0; i < u.size(); ++i) {
          if (std::abs(d[i] - u[i]) > kEps) return false;
        }
        return true;
      });
      if (!seen) distinct.push_back(u);
    }
    ASSERT_EQ(pa.frontier.distinct, distinct.size()) << "seed " << seed;
  }
}

TEST(ParetoProperty, SolutionsSatisfyTheirDefinitions) {
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    check_solutions(space, oracle(space), run(space), seed);
  }
}

// Four to seven parties: the frontier's dominance filter works by divide and conquer there (dominance.hpp).
TEST(ParetoProperty, ManyPartiesMatchTheOracle) {
  testing::RandomOptions options;
  options.min_parties = 4;
  options.max_parties = 7;
  options.min_issues = 2;
  options.max_issues = 4;
  options.max_grid = 8;
  int with_frontier = 0, large = 0;
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    // Every other case without limits and with fine positions, so that frontiers grow large.
    options.reservations = options.no_deal = options.red_lines = options.coarse = options.nominal = seed % 2 == 0;
    const Space space = space_of(testing::random_scenario(seed, options));
    const Oracle o = oracle(space);
    const PackageAnalysis pa = run(space), two = run(space, 2);
    ASSERT_EQ(pa.agreeable.value, static_cast<double>(o.agreeable.size())) << "seed " << seed;
    const auto got = expand(space, pa);
    ASSERT_EQ(got, o.frontier) << "seed " << seed << "\n" << testing::random_scenario_yaml(seed, options);
    ASSERT_EQ(expand(space, two), got) << "seed " << seed;
    check_solutions(space, o, pa, seed);
    with_frontier += !o.frontier.empty();
    large += o.frontier.size() > 40;
  }
  EXPECT_GT(with_frontier, 90);
  EXPECT_GT(large, 20);
}

TEST(ParetoProperty, ResultsDoNotDependOnThreads) {
  testing::RandomOptions options;
  options.max_issues = 4;
  options.max_grid = 11;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const Space space = space_of(testing::random_scenario(seed, options));
    const PackageAnalysis one = run(space, 1), four = run(space, 4);
    ASSERT_EQ(expand(space, one), expand(space, four)) << "seed " << seed;
    ASSERT_EQ(one.agreeable.value, four.agreeable.value);
    ASSERT_EQ(one.solutions.nash, four.solutions.nash);
    ASSERT_EQ(one.solutions.kalai_smorodinsky, four.solutions.kalai_smorodinsky);
  }
}

TEST(ParetoProperty, SwappingTwoPartiesSwapsTheirUtilities) {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const Scenario s = testing::random_scenario(seed);
    Scenario swapped = s;
    std::swap(swapped.actors[0], swapped.actors[1]);
    for (auto& c : swapped.constraints) c.actor = c.actor == 0 ? 1 : c.actor == 1 ? 0 : c.actor;
    const Space a = space_of(s), b = space_of(swapped);
    const PackageAnalysis pa = run(a), pb = run(b);
    ASSERT_EQ(expand(a, pa), expand(b, pb)) << "seed " << seed;
    ASSERT_EQ(pa.frontier.points.size(), pb.frontier.points.size());
    for (std::size_t i = 0; i < pa.frontier.points.size(); ++i) {
      auto u = pa.frontier.points[i].utilities;
      std::swap(u[0], u[1]);
      ASSERT_EQ(u, pb.frontier.points[i].utilities) << "seed " << seed;
    }
    ASSERT_EQ(pa.solutions.nash, pb.solutions.nash);
    ASSERT_EQ(pa.solutions.utilitarian, pb.solutions.utilitarian);
  }
}

TEST(BridgeProperty, CheapestOpeningMatchesBruteForce) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    const PackageAnalysis pa = run(space);
    if (!pa.bridge) continue;
    ++checked;
    double best = 1e300, best_max = 1e300;
    Package pick;
    for (const auto& x : all_packages(space)) {
      const auto c = oracle_costs(space, x);
      double total = 0;
      for (double v : c) total += v;
      const double largest = *std::max_element(c.begin(), c.end());
      if (total < best - kEps ||
          (total <= best + kEps && (largest < best_max - kEps || (largest <= best_max + kEps && x < pick)))) {
        if (total < best - kEps) best = total;
        best_max = largest;
        pick = x;
      }
    }
    ASSERT_TRUE(pa.bridge->exact);
    ASSERT_NEAR(pa.bridge->cost, best, 1e-9) << "seed " << seed << "\n" << testing::random_scenario_yaml(seed);
    ASSERT_EQ(pa.bridge->package, pick) << "seed " << seed << "\n" << testing::random_scenario_yaml(seed);
    const auto c = oracle_costs(space, pick);
    for (std::size_t i = 0; i < c.size(); ++i) ASSERT_NEAR(pa.bridge->party_cost[i], c[i], 1e-9) << "seed " << seed;
  }
  EXPECT_GT(checked, 20);
}

// With a minimum ratification probability: the cheapest package among those ratified with at least it (cost 0
// when one of them is agreeable already), or none when no package reaches it.
TEST(BridgeProperty, AMinimumRatificationPicksTheCheapestPackageThatReachesIt) {
  int checked = 0, unreachable = 0, free = 0;
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    if (space.parties.empty() ||
        std::none_of(space.rules.begin(), space.rules.end(), [](const SpaceRule& r) { return !r.red_line; }))
      continue;
    const double minimum = seed % 2 == 0 ? 0.5 : 1.0;
    BridgeLimits limits;
    limits.min_ratification = minimum;
    const Bridge b = bridge(space, limits);
    ++checked;
    double best = 1e300;
    for (const auto& x : all_packages(space)) {
      if (space.ratification(x) < minimum - 1e-12) continue;
      const auto c = oracle_costs(space, x);
      double total = 0;
      for (double v : c) total += v;
      best = std::min(best, total);
    }
    ASSERT_TRUE(b.exact);
    if (best == 1e300) {
      ASSERT_FALSE(b.found) << "seed " << seed;
      ++unreachable;
      continue;
    }
    ASSERT_TRUE(b.found) << "seed " << seed;
    ASSERT_NEAR(b.cost, best, 1e-9) << "seed " << seed << "\n" << testing::random_scenario_yaml(seed);
    ASSERT_GE(b.ratification, minimum - 1e-12) << "seed " << seed;
    ASSERT_EQ(b.ratification, space.ratification(b.package));
    if (b.cost == 0) ++free;
  }
  EXPECT_GT(checked, 20);
  EXPECT_GT(unreachable, 0);
  EXPECT_GT(free, 0);
}

// ---- hand-checked cases ---------------------------------------------------------------------------------

Space space_from(const std::string& yaml) {
  Diagnostics diags;
  auto s = scenario::load_text(yaml, "case.yaml", {}, diags);
  EXPECT_TRUE(s) << (diags.sorted().empty() ? "" : diags.sorted().front().message);
  return space_of(*s);
}

// Two parties at opposite ends of one issue with equal salience: every package is on the frontier, and
// with disagreement 0 the Nash product u(1-u) peaks in the middle.
TEST(ParetoCases, OppositeEndsOfOneIssue) {
  const Space space = space_from(R"(parley: 1
title: split
issues: [{id: x, scale: [0, 100], step: 25}]
actors:
  - {id: a, capability: 1, stances: {x: {position: 0, salience: 50}}}
  - {id: b, capability: 1, stances: {x: {position: 100, salience: 50}}}
)");
  const auto pa = run(space);
  EXPECT_EQ(pa.total, 5);
  EXPECT_EQ(pa.agreeable.value, 5);
  EXPECT_EQ(pa.frontier.packages, 5);
  EXPECT_EQ(pa.frontier.distinct, 5u);
  const auto nash = package_of(space, pa.blocks, pa.frontier.points[*pa.solutions.nash]);
  EXPECT_EQ(nash, Package{2});
  // Utilitarian: every package sums to 1; the tie goes to the smallest value.
  EXPECT_EQ(package_of(space, pa.blocks, pa.frontier.points[*pa.solutions.utilitarian]), Package{0});
  EXPECT_FALSE(pa.bridge);
}

// Reservations leave [60, 100] to a and [0, 40] to b: nothing agreeable; the cheapest opening widens both.
TEST(ParetoCases, GapGivesWhatItWouldTake) {
  const Space space = space_from(R"(parley: 1
title: gap
issues: [{id: x, scale: [0, 100], step: 10}]
actors:
  - {id: a, capability: 1, stances: {x: {position: 100, salience: 100, reservation: 60}}}
  - {id: b, capability: 1, stances: {x: {position: 0, salience: 100, reservation: 40}}}
)");
  const auto pa = run(space);
  EXPECT_EQ(pa.agreeable.value, 0);
  EXPECT_TRUE(pa.frontier.points.empty());
  ASSERT_TRUE(pa.bridge);
  // Any x in [40, 60] costs (60 - x)/100 + (x - 40)/100 = 0.2; the tie goes to the smaller largest single
  // cost (x = 50, 0.1 each).
  EXPECT_NEAR(pa.bridge->cost, 0.2, 1e-12);
  EXPECT_TRUE(pa.bridge->exact);
  EXPECT_EQ(pa.bridge->package, Package{5});
  EXPECT_NEAR(pa.bridge->party_cost[0], 0.1, 1e-12);
  EXPECT_NEAR(pa.bridge->party_cost[1], 0.1, 1e-12);
}

TEST(ParetoCases, NoDealPrunesAndCountsExactly) {
  // Two issues; a wants both high, b both low; a's no_deal 0.75 needs an average of 75 on both.
  const Space space = space_from(R"(parley: 1
title: nd
issues: [{id: x, step: 25}, {id: y, step: 25}]
actors:
  - {id: a, capability: 1, no_deal: 0.75, stances: {x: {position: 100, salience: 50}, y: {position: 100, salience: 50}}}
  - {id: b, capability: 1, stances: {x: {position: 0, salience: 50}, y: {position: 0, salience: 50}}}
)");
  const auto pa = run(space);
  // (x + y) / 200 >= 0.75 on a 5 x 5 grid of 0, 25, .., 100: x + y >= 150: (50,100), (75,75), (75,100),
  // (100,50), (100,75), (100,100) = 6.
  EXPECT_EQ(pa.agreeable.value, 6);
  // Frontier: a's utility 0.75 .. 1, b's 1 - u_a; every package with x + y = 150, 175, 200 trades off.
  EXPECT_EQ(pa.frontier.packages, 6);
  EXPECT_EQ(pa.frontier.distinct, 3u);
}

}  // namespace
}  // namespace parley::analysis

namespace parley::analysis {
namespace {

// ---- limits: bounds instead of answers, refusals instead of exhaustion -----------------------------------

TEST(AnalysisLimits, CountGivesBoundsPastItsBudget) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    testing::RandomOptions options;
    options.max_issues = 4;
    const Space space = space_of(testing::random_scenario(seed, options));
    const auto blocks = blocks_of(space, {});
    const Count exact = count_agreeable(space, blocks, {});
    Limits tight;
    tight.max_count_work = 1;
    const Count bounded = count_agreeable(space, blocks, tight);
    ASSERT_LE(bounded.low, exact.value) << "seed " << seed;
    ASSERT_GE(bounded.high, exact.value) << "seed " << seed;
    if (!bounded.exact) ++checked;
  }
  EXPECT_GT(checked, 5);
}

TEST(AnalysisLimits, WhatItWouldTakeGivesAProvenBoundPastItsBudget) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= kCases; ++seed) {
    const Space space = space_of(testing::random_scenario(seed));
    const PackageAnalysis pa = run(space);
    if (!pa.bridge) continue;
    BridgeLimits tight;
    tight.max_nodes = 2;
    const Bridge b = bridge(space, tight);
    if (b.exact) continue;
    ++checked;
    EXPECT_LE(b.lower_bound, pa.bridge->cost + 1e-12) << "seed " << seed;
    // The first dive always reaches a package, so a budget never leaves the answer empty.
    ASSERT_TRUE(std::isfinite(b.cost)) << "seed " << seed;
    EXPECT_GE(b.cost, pa.bridge->cost - 1e-12) << "seed " << seed;
  }
  EXPECT_GT(checked, 10);
}

TEST(AnalysisLimits, FrontierPastItsLimitIsRefused) {
  const Space space = space_from(R"(parley: 1
title: wide
issues: [{id: x, step: 1}, {id: y, step: 1}]
actors:
  - {id: a, capability: 1, stances: {x: {position: 0, salience: 50}, y: {position: 0, salience: 60}}}
  - {id: b, capability: 1, stances: {x: {position: 100, salience: 60}, y: {position: 100, salience: 50}}}
)");
  AnalysisLimits limits;
  limits.packages.max_frontier = 10;
  EXPECT_THROW((void)analyze_packages(space, limits), LimitError);
  limits.packages = {};
  limits.packages.max_candidates = 100;
  EXPECT_THROW((void)analyze_packages(space, limits), LimitError);
  EXPECT_NO_THROW((void)analyze_packages(space, {}));
}

}  // namespace
}  // namespace parley::analysis
