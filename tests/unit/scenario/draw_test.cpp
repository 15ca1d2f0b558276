#include "scenario/draw.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "scenario/load.hpp"

namespace parley::scenario {
namespace {

Scenario from(const std::string& yaml) {
  Diagnostics diags;
  auto s = load_text(yaml, "t.yaml", {}, diags);
  EXPECT_TRUE(s) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front()));
  return *s;
}

const char* kTwo = R"(parley: 1
title: t
issues:
  - {id: land, scale: [0, 100]}
  - {id: order, options: [a, b, c]}
actors:
  - id: x
    capability: {normal: [80, 30]}
    no_deal: {uniform: [0.2, 0.6]}
    stances:
      land: {position: {triangular: [70, 90, 100]}, salience: 60, reservation: {uniform: [40, 60]}}
      order: {position: {uniform: [0, 2]}, salience: {normal: [95, 20]}}
  - id: y
    capability: 50
    stances:
      land: {position: 20, salience: 40}
constraints:
  - {id: vote, actor: x, kind: ratification, require: land < 50, pass_probability: {uniform: [0.1, 0.3]}}
)";

TEST(Draw, ListsEveryUncertainNumberByItsPath) {
  const Scenario s = from(kTwo);
  std::vector<std::string> paths;
  for (const auto& in : uncertain_inputs(s)) paths.push_back(in.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"actors.x.capability", "actors.x.no_deal", "actors.x.stances.land.position",
                                      "actors.x.stances.land.reservation", "actors.x.stances.order.position",
                                      "actors.x.stances.order.salience", "constraints.vote.pass_probability"}));
}

TEST(Draw, DrawKIsReproducibleAndKeepsFixedNumbers) {
  const Scenario s = from(kTwo);
  const Scenario a = draw(s, 42, 7), b = draw(s, 42, 7), c = draw(s, 42, 8);
  EXPECT_EQ(a.actors[0].capability, b.actors[0].capability);
  EXPECT_NE(a.actors[0].capability, c.actors[0].capability);
  EXPECT_TRUE(a.actors[0].capability.is_fixed());
  EXPECT_EQ(a.actors[1].capability, Uncertain::exactly(50));
  EXPECT_EQ(a.actors[1].stances[0].position, Uncertain::exactly(20));
}

TEST(Draw, ValuesStayInTheirFieldsRangesAndDiscreteIssuesGetOptions) {
  const Scenario s = from(kTwo);
  for (std::uint64_t k = 0; k < 2000; ++k) {
    const Scenario d = draw(s, 1, k);
    const auto& x = d.actors[0];
    ASSERT_GE(x.capability.central(), 0.0);  // normal(80, 30) reaches below 0 without clipping
    ASSERT_GE(x.stances[1].salience.central(), 0.0);
    ASSERT_LE(x.stances[1].salience.central(), 100.0);  // normal(95, 20) passes 100 often
    const double option = x.stances[1].position.central();
    ASSERT_EQ(option, std::round(option));
    ASSERT_GE(option, 0.0);
    ASSERT_LE(option, 2.0);
  }
}

TEST(Draw, UniformAndTriangularHaveTheirKnownMeanAndMass) {
  const Scenario s = from(kTwo);
  const int n = 20000;
  double reservation = 0, below_mode = 0;
  for (int k = 0; k < n; ++k) {
    const Scenario d = draw(s, 9, static_cast<std::uint64_t>(k));
    reservation += d.actors[0].stances[0].reservation->central();
    below_mode += d.actors[0].stances[0].position.central() < 90 ? 1 : 0;
  }
  // U(40, 60): mean 50, sd 5.77; triangular(70, 90, 100): P(x < mode) = 20/30. Within 5 standard errors.
  EXPECT_NEAR(reservation / n, 50.0, 5 * 5.77 / std::sqrt(n));
  EXPECT_NEAR(below_mode / n, 2.0 / 3, 5 * std::sqrt(2.0 / 9 / n));
}

TEST(Draw, AnInputsValuesDoNotDependOnOtherInputs) {
  // Making another number uncertain must not change this one's draws: streams are keyed by path.
  std::string more = kTwo;
  more.replace(more.find("capability: 50"), 14, "capability: {uniform: [40, 60]}");
  const Scenario a = from(kTwo), b = from(more);
  for (std::uint64_t k = 0; k < 50; ++k) {
    EXPECT_EQ(draw(a, 3, k).actors[0].capability, draw(b, 3, k).actors[0].capability);
  }
}

TEST(Draw, QuantilesOfEachShapeAreClippedLikeDraws) {
  const Scenario s = from(kTwo);
  const auto inputs = uncertain_inputs(s);
  const auto input = [&](const std::string& path) {
    return *std::find_if(inputs.begin(), inputs.end(), [&](const UncertainInput& i) { return i.path == path; });
  };
  // normal(80, 30): 80 -/+ 1.6448536 x 30; clipped at 0 far in the tail.
  EXPECT_NEAR(quantile_value(input("actors.x.capability"), 0.05), 80 - 1.6448536269514722 * 30, 1e-6);
  EXPECT_NEAR(quantile_value(input("actors.x.capability"), 0.95), 80 + 1.6448536269514722 * 30, 1e-6);
  EXPECT_EQ(quantile_value(input("actors.x.capability"), 1e-9), 0.0);
  EXPECT_DOUBLE_EQ(quantile_value(input("actors.x.no_deal"), 0.25), 0.3);  // uniform(0.2, 0.6)
  // triangular(70, 90, 100): F(90) = 2/3.
  EXPECT_NEAR(quantile_value(input("actors.x.stances.land.position"), 2.0 / 3), 90, 1e-9);
  EXPECT_EQ(quantile_value(input("actors.x.stances.order.position"), 0.6), 1.0);  // 1.2 rounds to option 1
}

TEST(Draw, AssignSetsAnyNumberByPathAndClipsIt) {
  const Scenario s = from(kTwo);
  const auto all = all_inputs(s);
  EXPECT_EQ(all.size(), 11U);  // the 7 uncertain numbers, x's fixed salience on land, y's three numbers
  const Scenario t = assign(s, [](const UncertainInput& in) -> std::optional<double> {
    if (in.path == "actors.y.capability") return 70;
    if (in.path == "actors.y.stances.land.salience") return 250;  // past the field's range
    return std::nullopt;
  });
  EXPECT_EQ(t.actors[1].capability, Uncertain::exactly(70));
  EXPECT_EQ(t.actors[1].stances[0].salience, Uncertain::exactly(100));
  EXPECT_EQ(t.actors[0].capability, s.actors[0].capability);  // kept, still uncertain
}

// A one-sided limit is drawn apart from the position; a draw past the position stops at it, so that no drawn
// actor refuses its own ideal point (docs/models.md §7.2).
TEST(Draw, OneSidedLimitsAreDrawnAndStopAtThePosition) {
  const Scenario s = from(R"(parley: 1
title: t
issues:
  - {id: wage, scale: [12, 18], step: 0.5}
actors:
  - {id: u, capability: 1, stances: {wage: {position: {uniform: [14, 16]}, salience: 1, at_least: {uniform: [13, 16]}}}}
  - {id: e, capability: 1, stances: {wage: {position: 13, salience: 1, at_most: {normal: [14, 2]}}}}
)");
  const auto inputs = uncertain_inputs(s);
  ASSERT_EQ(inputs.size(), 3U);
  EXPECT_EQ(inputs[1].path, "actors.u.stances.wage.at_least");
  EXPECT_EQ(inputs[2].path, "actors.e.stances.wage.at_most");
  int stopped = 0;
  for (std::uint64_t k = 0; k < 400; ++k) {
    const Scenario d = draw(s, 7, k);
    const Stance& u = d.actors[0].stances[0];
    const Stance& e = d.actors[1].stances[0];
    ASSERT_TRUE(u.at_least && u.at_least->is_fixed() && e.at_most && e.at_most->is_fixed());
    EXPECT_LE(u.at_least->p[0], u.position.p[0]);
    EXPECT_GE(e.at_most->p[0], 13);
    EXPECT_GE(u.at_least->p[0], 13);
    stopped += u.at_least->p[0] == u.position.p[0] ? 1 : 0;
  }
  // Limits drawn from [13, 16] pass positions drawn from [14, 16] about a third of the time.
  EXPECT_GT(stopped, 60);
  EXPECT_LT(stopped, 220);
}

}  // namespace
}  // namespace parley::scenario
