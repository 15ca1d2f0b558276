// Per-issue statistics (docs/models.md §1), hand-checked.
#include "analysis/issue_stats.hpp"

#include <gtest/gtest.h>

#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

Scenario scenario(const std::string& yaml) {
  Diagnostics diags;
  auto s = scenario::load_text(yaml, "case.yaml", {}, diags);
  EXPECT_TRUE(s);
  return *s;
}

// Weights 0.1, 0.2, 0.3 summed in input order give 0.6000000000000001; the sorted prefix 0.3 must still
// count as reaching half, so the median is 0 (the lowest position), not 50.
TEST(IssueStats, MedianIsNotMovedByRounding) {
  const auto s = scenario(R"(parley: 1
title: rounding
issues: [{id: x}]
actors:
  - {id: b, capability: 0.1, stances: {x: {position: 50, salience: 1}}}
  - {id: c, capability: 0.2, stances: {x: {position: 100, salience: 1}}}
  - {id: a, capability: 0.3, stances: {x: {position: 0, salience: 1}}}
)");
  const auto st = issue_stats(s);
  ASSERT_TRUE(st[0].median);
  EXPECT_EQ(*st[0].median, 0);
  EXPECT_NEAR(*st[0].mean, (0.1 * 50 + 0.2 * 100) / 0.6, 1e-12);
  EXPECT_EQ(st[0].farthest.front().actor, 1u);  // c, 100 from the median
}

TEST(IssueStats, GapBetweenTwoPartiesAndNoMedianWithoutWeight) {
  const auto s = scenario(R"(parley: 1
title: gap
issues: [{id: x}, {id: y}]
actors:
  - {id: a, capability: 1, stances: {x: {position: 100, salience: 50, reservation: 70}, y: {position: 10, salience: 0}}}
  - {id: b, capability: 1, stances: {x: {position: 0, salience: 50, reservation: 40}, y: {position: 90, salience: 0}}}
  - {id: m, role: mediator, capability: 5, stances: {x: {position: 55, salience: 100}}}
)");
  const auto st = issue_stats(s);
  EXPECT_FALSE(st[0].zopa);
  EXPECT_EQ(st[0].gap, 30);
  EXPECT_EQ(st[0].blocking_low, 0u);
  EXPECT_EQ(st[0].blocking_high, 1u);
  EXPECT_EQ(st[0].intervals.size(), 2u);  // the mediator need not agree
  EXPECT_EQ(*st[0].median, 55);
  EXPECT_FALSE(st[1].median);
  EXPECT_TRUE(st[1].farthest.empty());
  EXPECT_TRUE(st[1].zopa);
}

// A discrete issue's options are ordered but not spaced: no mean or sd of their indices, but the share of the
// weight at each option (a position between options, as a draw may give, counts at the nearest one).
TEST(IssueStats, DiscreteIssueGivesTheWeightAtEachOptionNotAMean) {
  const auto s = scenario(R"(parley: 1
title: options
issues: [{id: c, options: [red, green, blue]}]
actors:
  - {id: a, capability: 1, stances: {c: {position: red, salience: 30}}}
  - {id: b, capability: 2, stances: {c: {position: blue, salience: 30}}}
  - {id: m, role: mediator, capability: 1, stances: {c: {position: green, salience: 60}}}
)");
  const auto st = issue_stats(s);
  EXPECT_FALSE(st[0].mean);
  EXPECT_FALSE(st[0].sd);
  ASSERT_EQ(st[0].option_weights.size(), 3u);
  // Weights 30, 60, 60 of 150: red 0.2, green 0.4, blue 0.4.
  EXPECT_NEAR(st[0].option_weights[0], 0.2, 1e-12);
  EXPECT_NEAR(st[0].option_weights[1], 0.4, 1e-12);
  EXPECT_NEAR(st[0].option_weights[2], 0.4, 1e-12);
  EXPECT_EQ(nearest_option(s.issues[0], 1.4), 1u);
  EXPECT_EQ(nearest_option(s.issues[0], -3), 0u);
  EXPECT_EQ(nearest_option(s.issues[0], 9), 2u);
}

}  // namespace
}  // namespace parley::analysis
