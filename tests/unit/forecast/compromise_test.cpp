// The compromise model against hand-computed cases (docs/models.md §9).
#include "forecast/compromise.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenario/load.hpp"

namespace parley::forecast {
namespace {

Scenario load(const std::string& yaml) {
  Diagnostics diags;
  auto s = scenario::load_text(yaml, "t.yaml", {}, diags);
  EXPECT_TRUE(s) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front()));
  return s ? *s : Scenario{};
}

const char* kThree = R"(parley: 1
title: t
issues:
  - {id: land, scale: [0, 100]}
  - {id: order, options: [first, second, third]}
  - {id: seat, options: [g, v, i], ordered: false}
actors:
  - {id: a, capability: 60, stances: {land: {position: 100, salience: 50}, order: {position: third, salience: 10}, seat: {position: g, salience: 10}}}
  - {id: b, capability: 30, stances: {land: {position: 0, salience: 100}, order: {position: first, salience: 90}}}
  - {id: c, role: stakeholder, capability: 10, stances: {land: {position: 40, salience: 100}, order: {values: {first: 0.5, second: 0.5, third: 0.5}, salience: 100}}}
)";

TEST(Compromise, TheCapabilityTimesSalienceWeightedMean) {
  const Scenario s = load(kThree);
  const auto r = compromise(s, {0, 1, 2}, CompromiseVariant::mean);
  ASSERT_EQ(r.size(), 2U);  // the nominal seat is the plurality rule's (report::nominal_forecasts)
  // land: weights 60 x 50 = 3000, 30 x 100 = 3000, 10 x 100 = 1000 (a stakeholder counts too):
  // (3000 x 100 + 3000 x 0 + 1000 x 40) / 7000 = 340000 / 7000.
  EXPECT_EQ(r[0].issue, 0U);
  EXPECT_NEAR(*r[0].mean, 340000.0 / 7000, 1e-12);
  EXPECT_NEAR(r[0].forecast, 340000.0 / 7000, 1e-12);
  // The lower weighted median: 0 (3000), 40 (1000), 100 (3000); half of 7000 is first reached at 40.
  EXPECT_EQ(r[0].median, 40);
  // order: a third (600), b first (2700); c values every option alike and is left out. No mean on options: the
  // median, first.
  EXPECT_EQ(r[1].actors, (std::vector<std::size_t>{0, 1}));
  EXPECT_FALSE(r[1].mean);
  EXPECT_EQ(r[1].forecast, 0);
}

TEST(Compromise, TheMedianVariant) {
  const Scenario s = load(kThree);
  const auto r = compromise(s, {0}, CompromiseVariant::median);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].forecast, 40);
}

TEST(Compromise, WhenNobodyWeighsAnIssueEveryActorWeighsTheSame) {
  const Scenario s = load(R"(parley: 1
title: t
issues:
  - {id: land, scale: [0, 100]}
actors:
  - {id: a, capability: 0, stances: {land: {position: 100, salience: 50}}}
  - {id: b, capability: 30, stances: {land: {position: 0, salience: 0}}}
)");
  const auto r = compromise(s, {0}, CompromiseVariant::mean);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(*r[0].mean, 50);
  EXPECT_EQ(r[0].weight, (std::vector<double>{1, 1}));
}

}  // namespace
}  // namespace parley::forecast
