// The per-issue ZOPA with the parties' red lines applied (docs/models.md §1.6).
#include "analysis/agreed.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "scenario/load.hpp"

namespace parley::analysis {
namespace {

Space space(const std::string& constraints, const std::string& extra_issue = "") {
  const std::string text = R"(parley: 1
title: Agreed values
issues:
  - {id: x, name: X, scale: [0, 100]}
  - {id: y, name: Y, scale: [0, 100]}
  - {id: mode, name: Mode, options: [rail, road, sea]}
)" + extra_issue + R"(actors:
  - id: a
    name: A
    capability: 1
    stances: {x: {position: 0, salience: 1, reservation: 70}, mode: {position: rail, salience: 1}}
  - id: b
    name: B
    capability: 1
    stances: {x: {position: 100, salience: 1, reservation: 20}, y: {position: 50, salience: 1}}
  - id: m
    name: M
    role: mediator
    capability: 1
    stances: {x: {position: 50, salience: 1}}
)" + (constraints.empty() ? "" : "constraints:\n" + constraints);
  Diagnostics diags;
  auto s = scenario::load_text(text, "agreed.yaml", {}, diags);
  for (const auto& d : diags.sorted()) ADD_FAILURE() << d.message << "\n" << text;
  return s ? space_of(*s, Grid::breakpoints) : Space{};
}

std::string regions(const AgreedValues& v) {
  std::string out;
  auto g = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return std::string(buf);
  };
  for (const auto& r : v.regions)
    out += std::string(r.low_open ? "(" : "[") + g(r.low) + "," + g(r.high) + (r.high_open ? ")" : "]");
  return out;
}

TEST(AgreedValues, WithoutRedLinesTheyAreTheLimitsOverlap) {
  const auto agreed = agreed_values(space(""));
  ASSERT_EQ(agreed.size(), 3U);
  EXPECT_EQ(regions(agreed[0]), "[20,70]");
  EXPECT_EQ(regions(agreed[1]), "[0,100]");
  EXPECT_EQ(agreed[2].options, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_TRUE(agreed[0].red_lines.empty());
}

TEST(AgreedValues, ARedLineCanEmptyTheOverlapAndSaysWhich) {
  const auto agreed = agreed_values(space("  - {id: b_floor, actor: b, kind: red_line, require: \"x >= 75\"}\n"));
  EXPECT_TRUE(agreed[0].computed);
  EXPECT_TRUE(agreed[0].regions.empty());
  ASSERT_EQ(agreed[0].red_lines.size(), 1U);
}

TEST(AgreedValues, OpenEndsAndSeveralRegions) {
  const auto agreed =
      agreed_values(space("  - {id: a_not_middle, actor: a, kind: red_line, require: \"x < 35 or x > 55\"}\n"
                          "  - {id: b_not_sixty, actor: b, kind: red_line, require: \"x != 60\"}\n"));
  EXPECT_EQ(regions(agreed[0]), "[20,35)(55,60)(60,70]");
}

TEST(AgreedValues, OnlyPartiesRedLinesCountAndRatificationDoesNot) {
  const auto agreed =
      agreed_values(space("  - {id: m_cap, actor: m, kind: red_line, require: \"x <= 10\"}\n"
                          "  - {id: a_vote, actor: a, kind: ratification, require: \"x <= 10\"}\n"
                          "  - {id: a_mode, actor: a, kind: red_line, require: 'mode != \"sea\"'}\n"));
  EXPECT_EQ(regions(agreed[0]), "[20,70]");
  EXPECT_TRUE(agreed[0].red_lines.empty());
  EXPECT_EQ(agreed[2].options, (std::vector<std::size_t>{0, 1}));
}

TEST(AgreedValues, ARedLineCouplingTwoIssuesIsProjected) {
  // x + y <= 40 with x at least 20 leaves y at most 20; x is limited by y's lowest value, 0.
  const auto agreed = agreed_values(space("  - {id: b_sum, actor: b, kind: red_line, require: \"x + y <= 40\"}\n"));
  EXPECT_EQ(regions(agreed[0]), "[20,40]");
  EXPECT_EQ(regions(agreed[1]), "[0,20]");
  EXPECT_EQ(agreed[0].red_lines.size(), 1U);
  EXPECT_EQ(agreed[1].red_lines.size(), 1U);
}

}  // namespace
}  // namespace parley::analysis
