// Packages off the grid (analysis/witness): a point agreeable_point returns passes every party's limits when
// checked directly, and whenever a fine grid holds an agreeable package agreeable_point finds one. No-deal levels
// and red lines over two issues couple the issues, so the fine grid is the independent oracle here.
#include "analysis/witness.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

Scenario load(const std::string& yaml) {
  Diagnostics diags;
  auto s = scenario::load_text(yaml, "witness.yaml", {}, diags);
  EXPECT_TRUE(s) << yaml;
  return s ? *s : Scenario{};
}

// Direct check of docs/models.md §2.3 at issue values x, with the tolerances of the analysis.
bool accepted_by_all(const Space& space, const std::vector<double>& x) {
  std::vector<double> values = x;
  for (const std::size_t p : space.parties) {
    const SpaceActor& a = space.actors[p];
    double u = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double range = space.issues[k].range;
      if (a.reservation[k] &&
          std::abs(x[k] - *a.position[k]) > std::abs(*a.reservation[k] - *a.position[k]) + 1e-9 * range)
        return false;
      if (a.at_least[k] && x[k] < *a.at_least[k] - 1e-9 * range) return false;
      if (a.at_most[k] && x[k] > *a.at_most[k] + 1e-9 * range) return false;
      if (a.position[k]) u += a.weight[k] * std::clamp(1 - std::abs(x[k] - *a.position[k]) / range, 0.0, 1.0);
    }
    if (a.no_deal && u < *a.no_deal - 1e-9) return false;
    for (const auto& rule : space.rules)
      if (rule.red_line && rule.actor == p && !rule.holds(values)) return false;
  }
  return true;
}

TEST(Witness, FindsTheBandBetweenGridValues) {
  const Scenario s = load(R"(parley: 1
title: band
issues:
  - {id: price, scale: [0, 100], step: 10}
  - {id: days, scale: [0, 30], step: 10}
actors:
  - {id: seller, capability: 1, no_deal: 0.555, stances: {price: {position: 100, salience: 50}, days: {position: 30, salience: 50}}}
  - {id: buyer, capability: 1, no_deal: 0.44, stances: {price: {position: 0, salience: 50}, days: {position: 0, salience: 50}}}
)");
  const Space space = space_of(s, Grid::breakpoints);
  const auto x = agreeable_point(space);
  ASSERT_TRUE(x);
  // price/100 + days/30 must lie in [1.11, 1.12]; the widest margin is its middle, 1.115.
  EXPECT_NEAR((*x)[0] / 100 + (*x)[1] / 30, 1.115, 1e-9);
  EXPECT_TRUE(accepted_by_all(space, *x));
  // A band that is empty: the seller wants 1.13, the buyer at most 1.12.
  const Scenario none = load(R"(parley: 1
title: none
issues:
  - {id: price, scale: [0, 100], step: 10}
  - {id: days, scale: [0, 30], step: 10}
actors:
  - {id: seller, capability: 1, no_deal: 0.565, stances: {price: {position: 100, salience: 50}, days: {position: 30, salience: 50}}}
  - {id: buyer, capability: 1, no_deal: 0.44, stances: {price: {position: 0, salience: 50}, days: {position: 0, salience: 50}}}
)");
  EXPECT_FALSE(agreeable_point(space_of(none, Grid::breakpoints)));
}

TEST(Witness, AgreesWithAFineGridOnRandomScenarios) {
  int found = 0, fine_found = 0;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int parties = uniform(2, 3);
    std::string y = "parley: 1\ntitle: Random\nissues:\n";
    y += "  - {id: a, scale: [0, 100], step: 25}\n  - {id: b, scale: [0, 50], step: 25}\n";
    if (uniform(0, 2) == 0) y += "  - {id: c, options: [low, mid, high]}\n";
    const bool discrete = y.find("options") != std::string::npos;
    y += "actors:\n";
    std::string constraints;
    for (int i = 0; i < parties; ++i) {
      y += "  - id: p" + std::to_string(i) + "\n    capability: 1\n";
      if (uniform(0, 2) > 0) y += "    no_deal: " + std::to_string(uniform(20, 75) / 100.0) + "\n";
      y += "    stances:\n";
      y += "      a: {position: " + std::to_string(uniform(0, 100)) + ", salience: " + std::to_string(uniform(1, 9));
      if (uniform(0, 3) == 0) y += ", reservation: " + std::to_string(uniform(0, 100));
      y += "}\n      b: {position: " + std::to_string(uniform(0, 50)) + ", salience: " + std::to_string(uniform(1, 9)) +
           "}\n";
      if (discrete)
        y += "      c: {position: " + std::to_string(uniform(0, 2)) + ", salience: " + std::to_string(uniform(1, 9)) +
             "}\n";
      // Now and then a red line that couples the two issues, linearly (part of the search).
      if (uniform(0, 2) == 0) {
        const char* forms[] = {"a + 2 * b <= ", "a - b >= ", "2 * b - a > ", "a + b < "};
        constraints += "  - {id: c" + std::to_string(i) + ", actor: p" + std::to_string(i) +
                       ", kind: red_line, require: \"" + forms[uniform(0, 3)] + std::to_string(uniform(-40, 140)) +
                       "\"}\n";
      }
      if (uniform(0, 4) == 0)
        constraints += "  - {id: r" + std::to_string(i) + ", actor: p" + std::to_string(i) +
                       ", kind: red_line, require: \"a " + (uniform(0, 1) ? ">= " : "<= ") +
                       std::to_string(uniform(0, 100)) + "\"}\n";
    }
    if (!constraints.empty()) y += "constraints:\n" + constraints;
    const Scenario s = load(y);
    const Space space = space_of(s, Grid::breakpoints);
    const auto x = agreeable_point(space);
    if (x) {
      ++found;
      EXPECT_TRUE(accepted_by_all(space, *x)) << y;
    }
    // The oracle: a grid of 0.5 on a and 0.25 on b (every option on c).
    bool fine = false;
    for (int i = 0; i <= 200 && !fine; ++i) {
      for (int j = 0; j <= 200 && !fine; ++j) {
        for (int c = 0; c < (discrete ? 3 : 1) && !fine; ++c) {
          std::vector<double> v{i / 2.0, j / 4.0};
          if (discrete) v.push_back(c);
          fine = accepted_by_all(space, v);
        }
      }
    }
    if (fine) {
      ++fine_found;
      EXPECT_TRUE(x) << "a fine grid holds an agreeable package, agreeable_point found none:\n" << y;
    }
  }
  // Both outcomes occur, so the test covers both.
  EXPECT_GT(fine_found, 20);
  EXPECT_LT(found, 300);
}

}  // namespace
}  // namespace parley::analysis
