// Samples of the package space for pictures (parley report's package chart).
#include "analysis/space.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

Space grid(std::vector<std::size_t> sizes) {
  Space s;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    SpaceIssue issue;
    issue.id = "i" + std::to_string(k);
    for (std::size_t j = 0; j < sizes[k]; ++j) issue.values.push_back(static_cast<double>(j));
    s.issues.push_back(issue);
  }
  return s;
}

TEST(SamplePackages, EveryPackageInOrderWhenTheyFit) {
  const auto all = sample_packages(grid({3, 4}), 100);
  ASSERT_EQ(all.size(), 12u);
  for (std::size_t n = 0; n < all.size(); ++n) {
    EXPECT_EQ(all[n], (std::vector<std::size_t>{n / 4, n % 4}));  // the last issue varies fastest
  }
}

TEST(SamplePackages, AnEvenDeterministicSampleWhenTheyDoNot) {
  const Space space = grid({10, 10, 10});
  const auto sample = sample_packages(space, 7);
  ASSERT_EQ(sample.size(), 7u);
  std::set<std::vector<std::size_t>> distinct(sample.begin(), sample.end());
  EXPECT_EQ(distinct.size(), 7u);
  EXPECT_EQ(sample.front(), (std::vector<std::size_t>{0, 0, 0}));
  // Package number floor(i * 1000 / 7): 0, 142, 285, 428, 571, 714, 857.
  EXPECT_EQ(sample[1], (std::vector<std::size_t>{1, 4, 2}));
  EXPECT_EQ(sample[6], (std::vector<std::size_t>{8, 5, 7}));
  EXPECT_EQ(sample, sample_packages(space, 7));
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
}

TEST(SamplePackages, NothingForAnEmptySpaceOrNoRoom) {
  EXPECT_TRUE(sample_packages(grid({}), 10).empty());
  EXPECT_TRUE(sample_packages(grid({3}), 0).empty());
}

Scenario load(const std::string& text) {
  Diagnostics diags;
  auto s = scenario::load_text(text, "grid.yaml", {}, diags);
  for (const auto& d : diags.sorted()) ADD_FAILURE() << d.message << "\n" << text;
  return s ? *s : Scenario{};
}

// Whether some package of the space is agreeable, trying every one.
bool some_agreeable(const Space& space) {
  std::vector<std::size_t> package(space.issues.size(), 0);
  for (;;) {
    if (space.agreeable(package)) return true;
    std::size_t k = 0;
    while (k < package.size() && ++package[k] == space.issues[k].values.size()) package[k++] = 0;
    if (k == package.size()) return false;
  }
}

// Two parties whose limits overlap on [52, 58], between the grid's 50 and 60.
const std::string kOffGrid = R"(parley: 1
title: Off-grid overlap
issues:
  - {id: price, name: Price, scale: [0, 100]}
actors:
  - id: buyer
    name: Buyer
    capability: 1
    stances: {price: {position: 20, salience: 1, reservation: 58}}
  - id: seller
    name: Seller
    capability: 1
    stances: {price: {position: 90, salience: 1, reservation: 52}}
)";

TEST(SpaceGrid, BreakpointsAddTheValuesWhereAcceptanceChanges) {
  const Scenario s = load(kOffGrid);
  const Space lattice = space_of(s, Grid::lattice);
  EXPECT_EQ(lattice.issues[0].values.size(), 11U);
  EXPECT_TRUE(lattice.issues[0].breakpoints.empty());
  EXPECT_FALSE(some_agreeable(lattice));  // 50 is beyond the seller's limit, 60 beyond the buyer's
  const Space exact = space_of(s, Grid::breakpoints);
  // The reservations; their mirrors (-16 and 128) lie off the scale.
  EXPECT_EQ(exact.issues[0].breakpoints, (std::vector<double>{52, 58}));
  EXPECT_EQ(exact.issues[0].values.size(), 13U);
  EXPECT_TRUE(std::is_sorted(exact.issues[0].values.begin(), exact.issues[0].values.end()));
  EXPECT_TRUE(some_agreeable(exact));
}

TEST(SpaceGrid, MirrorsThresholdsAndTheMidpointsBesideAStrictOne) {
  const Scenario s = load(R"(parley: 1
title: Thresholds
issues:
  - {id: x, name: X, scale: [0, 100]}
  - {id: y, name: Y, scale: [0, 100], step: 50}
actors:
  - id: a
    name: A
    capability: 1
    stances: {x: {position: 40, salience: 1, reservation: 33}, y: {position: 0, salience: 1}}
  - id: b
    name: B
    capability: 1
    stances: {x: {position: 90, salience: 1}}
  - id: m
    name: M
    role: mediator
    capability: 1
    stances: {x: {position: 90, salience: 1, reservation: 87}}
constraints:
  - {id: b_cap, actor: b, kind: red_line, require: "2 * x < 91"}
  - {id: m_floor, actor: m, kind: red_line, require: "x >= 64"}
  - {id: vote, actor: a, kind: ratification, require: "y <= 25 or x + y <= 10"}
)");
  const Space space = space_of(s, Grid::breakpoints);
  // a's reservation 33 and its mirror 47; b's strict threshold 45.5 with the midpoints to its neighbours 40
  // and 47. The mediator's limit and red line decide nothing: they add nothing.
  EXPECT_EQ(space.issues[0].breakpoints, (std::vector<double>{33, 42.75, 45.5, 46.25, 47}));
  // The vote's threshold on y alone; `x + y` reads two issues.
  EXPECT_EQ(space.issues[1].breakpoints, (std::vector<double>{25}));
}

// Random continuous issues with reservations and one-issue red lines, all on multiples of 0.5: acceptance on
// each issue then changes only at multiples of 0.5, so a grid of 0.25 finds every agreeable value exactly.
TEST(SpaceGrid, BreakpointsNeverMissAnAgreeablePackage) {
  const char* ops[] = {"<=", "<", ">=", ">", "==", "!="};
  const int steps[] = {10, 20, 25, 50};
  int missed_by_lattice = 0, agreeable = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto half = [&] { return std::to_string(uniform(0, 200) / 2.0); };
    const int issues = uniform(1, 3), parties = uniform(2, 4);
    std::string y = "parley: 1\ntitle: Random\nissues:\n";
    for (int k = 0; k < issues; ++k)
      y += "  - {id: i" + std::to_string(k) + ", name: I" + std::to_string(k) +
           ", scale: [0, 100], step: " + std::to_string(steps[uniform(0, 3)]) + "}\n";
    y += "actors:\n";
    std::string constraints;
    for (int a = 0; a < parties; ++a) {
      y +=
          "  - id: p" + std::to_string(a) + "\n    name: P" + std::to_string(a) + "\n    capability: 1\n    stances:\n";
      for (int k = 0; k < issues; ++k) {
        const int p = uniform(0, 100);
        y += "      i" + std::to_string(k) + ": {position: " + std::to_string(p) + ", salience: 1";
        const int limit = uniform(0, 5);
        if (limit == 1 || limit == 2) y += ", reservation: " + half();
        // One-sided limits on multiples of 0.5 on their side of the position.
        if (limit == 3 || limit == 5) y += ", at_least: " + std::to_string(uniform(0, 2 * p) / 2.0);
        if (limit == 4 || limit == 5) y += ", at_most: " + std::to_string(uniform(2 * p, 200) / 2.0);
        y += "}\n";
      }
      if (uniform(0, 3) == 0) {
        const int k = uniform(0, issues - 1);
        const char* op = ops[uniform(0, 9) < 8 ? uniform(0, 3) : uniform(4, 5)];  // == and != now and then
        constraints += "  - {id: r" + std::to_string(a) + ", actor: p" + std::to_string(a) +
                       ", kind: red_line, require: \"i" + std::to_string(k) + " " + op + " " + half() + "\"}\n";
      }
    }
    if (uniform(0, 3) == 0) {
      // Now and then two strict red lines that leave only an open interval between them (c, c + 0.5).
      const std::string k = std::to_string(uniform(0, issues - 1));
      const int c = uniform(0, 198);
      constraints += "  - {id: above, actor: p0, kind: red_line, require: \"i" + k + " > " + std::to_string(c / 2.0) +
                     "\"}\n  - {id: below, actor: p1, kind: red_line, require: \"i" + k + " < " +
                     std::to_string((c + 1) / 2.0) + "\"}\n";
    }
    if (!constraints.empty()) y += "constraints:\n" + constraints;
    const Scenario s = load(y);
    if (s.issues.empty()) return;
    const Space exact = space_of(s, Grid::breakpoints);
    // The truth: every issue has a value on the 0.25 grid that every party accepts on it (limits and red lines
    // read one issue each, and no party has a no_deal level).
    Space fine = exact;
    for (auto& issue : fine.issues) {
      issue.values.clear();
      for (int j = 0; j <= 400; ++j) issue.values.push_back(j / 4.0);
    }
    bool truth = true;
    for (std::size_t k = 0; k < fine.issues.size(); ++k) {
      bool some = false;
      for (std::size_t j = 0; j < fine.issues[k].values.size() && !some; ++j) {
        std::vector<double> x(fine.issues.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = i == k ? fine.issues[k].values[j] : NAN;
        bool all = true;
        for (const std::size_t p : fine.parties) {
          const auto& r = exact.actors[p].reservation[k];
          const auto& pos = exact.actors[p].position[k];
          if (r && std::abs(x[k] - *pos) > std::abs(*r - *pos) + 1e-9) all = false;
          const auto& least = exact.actors[p].at_least[k];
          const auto& most = exact.actors[p].at_most[k];
          if ((least && x[k] < *least - 1e-9) || (most && x[k] > *most + 1e-9)) all = false;
        }
        for (const auto& rule : fine.rules)
          if (rule.issues == std::vector<std::size_t>{k} && !rule.holds(x)) all = false;
        some = all;
      }
      truth = truth && some;
    }
    EXPECT_EQ(some_agreeable(exact), truth) << y;
    agreeable += truth ? 1 : 0;
    if (truth && !some_agreeable(space_of(s, Grid::lattice))) ++missed_by_lattice;
  }
  // The property has teeth: the step grid alone misses some of these overlaps (and without the midpoints
  // beside strict thresholds, so would the breakpoints).
  EXPECT_GT(missed_by_lattice, 10);
  EXPECT_GT(agreeable, 50);
}

}  // namespace
}  // namespace parley::analysis

namespace parley::analysis {
namespace {

// A monotone stance (prefers: more | less) values the scale linearly, 0 at the end it dislikes and 1 at the end it
// prefers; its one-sided limit ("at least 14.5") accepts everything from the limit to that end, and nothing else.
TEST(Space, MonotoneStancesAreLinearAndTheirLimitsOneSided) {
  Diagnostics diags;
  const auto s = scenario::load_file(std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/good/monotone.yaml", {}, diags);
  ASSERT_TRUE(s);
  const Space space = space_of(*s);
  const SpaceIssue& wage = space.issues[0];
  const SpaceActor &union_ = space.actors[0], &employers = space.actors[1];
  ASSERT_EQ(wage.values.size(), 13U);  // 12 to 18 by 0.5
  for (std::size_t j = 0; j < wage.values.size(); ++j) {
    const double x = wage.values[j];
    EXPECT_NEAR(union_.value[0][j], (x - 12) / 6, 1e-12) << x;
    EXPECT_NEAR(employers.value[0][j], (18 - x) / 6, 1e-12) << x;
    EXPECT_EQ(union_.excess[0][j] == 0, x >= 14.5) << x;
    EXPECT_EQ(employers.excess[0][j] == 0, x <= 15) << x;
  }
  // Discrete: "less is better, at most 37.5 hours" over the options 35, 37.5, 40.
  EXPECT_NEAR(union_.value[1][0], 1, 1e-12);
  EXPECT_NEAR(union_.value[1][2], 0, 1e-12);
  EXPECT_EQ(union_.excess[1][1], 0);
  EXPECT_GT(union_.excess[1][2], 0);
}

// The issue's example: a union whose ideal is 15 and that takes anything from 14.5 up accepts 16, which a symmetric
// reservation of 14.5 around 15 refused; the employers' "at most" bounds the other side. At the start of
// tests/scenarios/good/one-sided.yaml (before its timeline point).
TEST(Space, OneSidedLimitsAroundAnIdealPointBoundOneSide) {
  Diagnostics diags;
  const auto s =
      scenario::load_file(std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/good/one-sided.yaml", {}, diags);
  ASSERT_TRUE(s);
  const Space space = space_of(*s);
  const SpaceIssue& wage = space.issues[0];
  const SpaceActor &union_ = space.actors[0], &employers = space.actors[1];
  for (std::size_t j = 0; j < wage.values.size(); ++j) {
    const double x = wage.values[j];
    // The utility stays the tent around the ideal point: the limit changes acceptance only.
    EXPECT_NEAR(union_.value[0][j], 1 - std::abs(x - 15) / 6, 1e-12) << x;
    EXPECT_EQ(union_.excess[0][j] == 0, x >= 14.5) << x;
    EXPECT_NEAR(union_.excess[0][j], std::max(0.0, 14.5 - x), 1e-12) << x;
    EXPECT_EQ(employers.excess[0][j] == 0, x <= 15.5) << x;
  }
  EXPECT_TRUE(union_.allows(0, 16, 0));
  EXPECT_FALSE(union_.allows(0, 14.4, 0));
  // Ordered options: the union takes yearly to every five years, not never; the employers every option.
  EXPECT_EQ(union_.excess[1][2], 0);
  EXPECT_GT(union_.excess[1][3], 0);
  EXPECT_TRUE(employers.excess[1].size() == 4 && employers.excess[1][0] == 0 && employers.excess[1][3] == 0);
  // Breakpoints: the limits are values of the refined grid (14.5 is on the lattice; 15.5 too).
  const Space refined = space_of(*s, Grid::breakpoints);
  EXPECT_TRUE(std::find(refined.issues[0].values.begin(), refined.issues[0].values.end(), 14.5) !=
              refined.issues[0].values.end());
}

// Nominal issues and options valued one by one (tests/scenarios/good/nominal.yaml): a stance's `values` are its
// value table; a position on a nominal issue is worth 1 there and 0 elsewhere (no distance); options listed as
// `acceptable` are the only ones accepted, and one left out lies an option away on an ordered issue and a whole
// range away on a nominal one.
TEST(Space, NominalIssuesAndValuedOptions) {
  Diagnostics diags;
  const auto s = scenario::load_file(std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/good/nominal.yaml", {}, diags);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->issues[0].nominal());
  ASSERT_FALSE(s->issues[1].nominal());
  const Space space = space_of(*s);
  const SpaceActor &ru = space.actors[0], &ua = space.actors[1];
  EXPECT_TRUE(space.issues[0].nominal);
  EXPECT_EQ(ru.value[0], (std::vector<double>{0.2, 0.6, 1, 0.9}));
  EXPECT_EQ(ua.value[0], (std::vector<double>{1, 0, 0, 0}));
  EXPECT_EQ(ru.value[1], (std::vector<double>{0.1, 1, 0.7}));
  EXPECT_EQ(*ru.position[0], 2);  // its best option, Istanbul
  // Acceptable options: Russia Vienna, Istanbul, Riyadh on the seat; Ukraine Geneva and Vienna.
  EXPECT_EQ(ru.options[0], (std::vector<std::uint8_t>{0, 1, 1, 1}));
  EXPECT_EQ(ru.excess[0][0], space.issues[0].range);  // Geneva: a whole range away on a nominal issue
  EXPECT_EQ(ru.excess[1][0], 1);                      // yearly: one option from every two years
  EXPECT_FALSE(ru.allows(0, 0, 1e-9));
  EXPECT_TRUE(ua.allows(0, 1, 1e-9));
  // Accepted by both: Vienna only (and monitors 300 to 500, review every two years).
  const std::vector<std::size_t> vienna{1, 1, 4}, geneva{0, 1, 4};
  EXPECT_TRUE(space.agreeable(vienna));
  EXPECT_FALSE(space.agreeable(geneva));
  // Utility: Russia at Vienna, every two years, 400 monitors: 0.3 * 0.6 + 0.2 * 1 + 0.5 * (1 - 300 / 1000).
  EXPECT_NEAR(ru.utility(vienna), 0.18 + 0.2 + 0.35, 1e-12);
}

}  // namespace
}  // namespace parley::analysis
