// Adjusted Winner (Brams & Taylor 1996) on a case worked by hand and on random two-party scenarios: equal points,
// at most one issue split and never a discrete one, envy-freeness in points, and the reasons it does not apply.
#include "analysis/adjusted_winner.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/space.hpp"
#include "random_scenarios.hpp"
#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

Space space_from(const std::string& yaml) {
  Diagnostics diags;
  const auto s = scenario::load_text(yaml, "test.yaml", {}, diags);
  EXPECT_TRUE(s) << (diags.sorted().empty() ? "" : format_diagnostic(diags.sorted().front()));
  return space_of(*s);
}

// A at 0 and B at 100 on three issues; A's points 50, 30, 20 and B's 20, 30, 50. The first issue goes to A, the tied
// second to A (the first party), the third to B: A 80, B 50. A hands over the issue with the smallest ratio of its
// points to B's (the second, 30/30) and would fall behind, so it is split half and half at 50: both hold 65.
TEST(AdjustedWinner, AHandWorkedCase) {
  const Space space = space_from(R"(parley: 1
title: AW
issues:
  - {id: x, scale: [0, 100]}
  - {id: y, scale: [0, 100]}
  - {id: z, scale: [0, 100]}
actors:
  - {id: a, capability: 1, stances: {x: {position: 0, salience: 50}, y: {position: 0, salience: 30}, z: {position: 0, salience: 20}}}
  - {id: b, capability: 1, stances: {x: {position: 100, salience: 20}, y: {position: 100, salience: 30}, z: {position: 100, salience: 50}}}
)");
  const AdjustedWinner aw = adjusted_winner(space);
  ASSERT_TRUE(aw.applies) << aw.reason;
  using To = AdjustedWinner::To;
  EXPECT_EQ(aw.to, (std::vector<To>{To::first, To::split, To::second}));
  ASSERT_TRUE(aw.split);
  EXPECT_EQ(*aw.split, 1U);
  EXPECT_NEAR(aw.first_share, 0.5, 1e-12);
  EXPECT_NEAR(aw.values[0], 0, 1e-12);
  EXPECT_NEAR(aw.values[1], 50, 1e-9);
  EXPECT_NEAR(aw.values[2], 100, 1e-12);
  EXPECT_NEAR(aw.points[0][0], 50, 1e-9);
  EXPECT_NEAR(aw.points[1][2], 50, 1e-9);
  EXPECT_NEAR(aw.total[0], 65, 1e-9);
  EXPECT_NEAR(aw.total[1], 65, 1e-9);
  EXPECT_NEAR(aw.utility[0], 0.65, 1e-12);
  EXPECT_NEAR(aw.utility[1], 0.65, 1e-12);
  EXPECT_TRUE(aw.accepts[0] && aw.accepts[1]);
}

// An issue only one party cares about is that party's, at no points; one neither cares about is set within both
// parties' limits, nearest the middle of their positions. Neither is "both (the same value)".
TEST(AdjustedWinner, IssuesOnlyOneOrNeitherPartyCaresAbout) {
  const Space space = space_from(R"(parley: 1
title: AW
issues:
  - {id: x, scale: [0, 100]}
  - {id: y, scale: [0, 100]}
  - {id: z, scale: [0, 100]}
actors:
  - {id: a, capability: 1, stances: {x: {position: 0, salience: 50}, y: {position: 40, salience: 0, reservation: 30}, z: {position: 0, salience: 0}}}
  - {id: b, capability: 1, stances: {x: {position: 100, salience: 50}, y: {position: 80, salience: 0, reservation: 50}, z: {position: 100, salience: 50}}}
)");
  const AdjustedWinner aw = adjusted_winner(space);
  ASSERT_TRUE(aw.applies) << aw.reason;
  using To = AdjustedWinner::To;
  EXPECT_EQ(aw.to[1], To::neither);
  EXPECT_EQ(aw.to[2], To::second);
  EXPECT_EQ(aw.points[0][2], 0);
  EXPECT_EQ(aw.points[1][2], 0);
  EXPECT_NEAR(aw.values[2], 100, 1e-12);
  // y: a allows [30, 50], b [50, 110]: 50 is the one grid value both allow (the middle of 40 and 80, 60, is not).
  EXPECT_NEAR(aw.values[1], 50, 1e-12);
  EXPECT_TRUE(aw.accepts[0] && aw.accepts[1]);
  ASSERT_TRUE(aw.option[1]);
  EXPECT_EQ(space.issues[1].values[*aw.option[1]], 50);
}

TEST(AdjustedWinner, SaysWhyItDoesNotApply) {
  const std::string two_options = R"(parley: 1
title: AW
issues:
  - {id: x, options: [left, right]}
actors:
  - {id: a, capability: 1, stances: {x: {position: left, salience: 50}}}
  - {id: b, capability: 1, stances: {x: {position: right, salience: 50}}}
)";
  AdjustedWinner aw = adjusted_winner(space_from(two_options));
  EXPECT_FALSE(aw.applies);
  EXPECT_EQ(aw.reason,
            "equitability needs issue x split (50% to b), and it has no values between its listed ones (options, or a "
            "GENIUS domain's values)");
  aw = adjusted_winner(
      space_from(two_options + "  - {id: c, capability: 1, stances: {x: {position: left, salience: 1}}}\n"));
  EXPECT_EQ(aw.reason, "it divides issues between exactly two parties; this space has 3");
}

TEST(AdjustedWinnerProperty, EqualPointsOneSplitAtMostAndNoEnvy) {
  testing::RandomOptions options;
  options.min_parties = options.max_parties = 2;
  options.max_issues = 4;
  int applied = 0, split = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const Space space = space_of(testing::random_scenario(seed, options));
    const AdjustedWinner aw = adjusted_winner(space);
    if (!aw.applies) {
      EXPECT_FALSE(aw.reason.empty());
      continue;
    }
    ++applied;
    int splits = 0;
    for (std::size_t k = 0; k < aw.to.size(); ++k) {
      if (aw.to[k] != AdjustedWinner::To::split) continue;
      ++splits;
      EXPECT_TRUE(space.issues[k].labels.empty()) << "seed " << seed << ": a discrete issue split";
    }
    EXPECT_LE(splits, 1) << "seed " << seed;
    split += splits;
    EXPECT_NEAR(aw.total[0], aw.total[1], 1e-6) << "seed " << seed;
    // Envy-free in points: each holds at least half of its own 100 (what it does not hold, the other does).
    for (std::size_t p = 0; p < 2; ++p) {
      double sum = 0;
      for (double x : aw.points[p]) sum += x;
      EXPECT_NEAR(sum, 100, 1e-6) << "seed " << seed;
      EXPECT_GE(aw.total[p], 50 - 1e-6) << "seed " << seed;
    }
  }
  EXPECT_GT(applied, 100);
  EXPECT_GT(split, 30);
}

}  // namespace
}  // namespace parley::analysis
