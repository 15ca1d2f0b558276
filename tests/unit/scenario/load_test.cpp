#include "scenario/load.hpp"

#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "expr/expr.hpp"
#include "scenario/timeline.hpp"

namespace parley::scenario {
namespace {

const char* kBase = R"(parley: 1
title: Test
issues:
  - id: land
    scale: [0, 100]
    step: 30
    labels: {50: Freeze, 0: None}
  - id: seq
    options: [ceasefire first, simultaneous, settlement first]
actors:
  - id: a
    capability: {normal: [80, 10]}
    no_deal: 0.4
    stances:
      land: {position: 100, salience: 90, reservation: 70}
      seq: {position: settlement first, salience: 60}
  - id: b
    capability: 40
    stances:
      land: {position: {uniform: [0, 20]}, salience: {triangular: [70, 90, 100]}}
constraints:
  - {id: vote, actor: b, kind: ratification, require: land <= 50 and seq == "ceasefire first", pass_probability: 0.1}
timeline:
  - id: one
    date: 2026-01-01
    changes:
      - {actor: a, capability: "+10%"}
      - {actor: b, issue: land, position: "+5"}
  - id: two
    changes:
      - {actor: a, issue: seq, position: simultaneous}
      - {actor: a, no_deal: "-0.1"}
)";

Scenario load_ok(const std::string& text, const std::string& name = "t.yaml") {
  Diagnostics d;
  auto s = load_text(text, name, {}, d);
  EXPECT_TRUE(s.has_value()) << test::messages(d);
  return s.value_or(Scenario{});
}

TEST(Load, ReadsIssuesWithGridsLabelsAndOptions) {
  const Scenario s = load_ok(kBase);
  ASSERT_EQ(s.issues.size(), 2u);
  EXPECT_EQ(s.issues[0].grid(), (std::vector<double>{0, 30, 60, 90, 100}));
  ASSERT_EQ(s.issues[0].labels.size(), 2u);
  EXPECT_EQ(s.issues[0].labels[0].text, "None");  // sorted by value
  EXPECT_TRUE(s.issues[1].discrete);
  EXPECT_EQ(s.issues[1].max, 2);
  EXPECT_EQ(s.issues[1].grid(), (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(s.actors[0].stance_on(1)->position.central(), 2);  // option name -> index
}

TEST(Load, DistributionsKeepShapeAndCentralValue) {
  const Scenario s = load_ok(kBase);
  EXPECT_EQ(s.actors[0].capability.shape, Uncertain::Shape::normal);
  EXPECT_EQ(s.actors[0].capability.central(), 80);
  EXPECT_EQ(s.actors[1].stance_on(0)->position.central(), 10);
  EXPECT_EQ(s.actors[1].stance_on(0)->salience.central(), 90);
}

TEST(Load, ConstraintsCompileAgainstIssueValues) {
  const Scenario s = load_ok(kBase);
  ASSERT_EQ(s.constraints.size(), 1u);
  const std::vector<double> ok = {40, 0}, too_far = {60, 0}, wrong_order = {40, 1};
  EXPECT_TRUE(s.constraints[0].program->holds(ok));
  EXPECT_FALSE(s.constraints[0].program->holds(too_far));
  EXPECT_FALSE(s.constraints[0].program->holds(wrong_order));
}

TEST(Load, TimelineAppliesCumulatively) {
  const Scenario s = load_ok(kBase);
  EXPECT_EQ(s.applied, 0u);
  const Scenario one = at_point(s, 1);
  // A percentage moves a normal's mean and scales its sd; a shift moves a uniform's bounds.
  EXPECT_DOUBLE_EQ(one.actors[0].capability.p[0], 88);
  EXPECT_DOUBLE_EQ(one.actors[0].capability.p[1], 11);
  EXPECT_EQ(one.actors[1].stance_on(0)->position.p[0], 5);
  EXPECT_EQ(one.actors[1].stance_on(0)->position.p[1], 25);
  EXPECT_EQ(one.actors[0].stance_on(1)->position.central(), 2);
  const Scenario two = at_point(s, 2);
  EXPECT_EQ(two.actors[0].stance_on(1)->position.central(), 1);
  EXPECT_DOUBLE_EQ(two.actors[0].no_deal->central(), 0.3);
  EXPECT_DOUBLE_EQ(two.actors[0].capability.p[0], 88);  // carried over from point one
  EXPECT_EQ(points_until(s, "start"), 0u);
  EXPECT_EQ(points_until(s, "two"), 2u);
  EXPECT_EQ(points_until(s, "three"), std::nullopt);
}

TEST(Load, TimelineChangeLeavingItsRangeIsAnErrorAtTheChange) {
  std::string text = kBase;
  text += "  - id: three\n    changes:\n      - {actor: a, issue: land, salience: \"+20\"}\n";
  Diagnostics d;
  EXPECT_FALSE(load_text(text, "t.yaml", {}, d));
  EXPECT_EQ(test::messages(d),
            "t.yaml:35:9: error: expected 'salience' of actor 'a' on issue 'land' in [0, 100] after this change, "
            "found 110\n");
}

TEST(Load, EveryProblemIsReportedNotJustTheFirst) {
  const char* text = R"(parley: 1
title: Bad
issues:
  - {id: land, scale: [100, 0]}
actors:
  - {id: a, capability: -1, stances: {land: {position: 50, salence: 3}}}
  - {id: a, capability: 1}
)";
  Diagnostics d;
  EXPECT_FALSE(load_text(text, "t.yaml", {}, d));
  EXPECT_EQ(test::messages(d),
            "t.yaml:4:23: error: expected 'scale' as [min, max] with min < max, found [100, 0]\n"
            "t.yaml:6:25: error: expected 'capability' at least 0, found -1\n"
            "t.yaml:6:60: error: unknown key 'salence' in a stance; expected one of 'position', 'prefers', 'values', "
            "'salience', 'reservation', 'at_least', 'at_most', 'acceptable', 'source' or 'note' (did you mean "
            "'salience'?)\n"
            "t.yaml:7:10: error: duplicate actor id 'a'; it was first used at line 6, column 10\n");
}

TEST(Load, JsonTwinGivesTheSameScenario) {
  const char* json = R"({"parley": 1, "title": "T", "issues": [{"id": "x", "options": ["lo", "hi"]}],
    "actors": [{"id": "a", "capability": 1, "stances": {"x": {"position": 1, "salience": 50}}},
               {"id": "b", "capability": 2, "stances": {"x": {"position": "lo", "salience": 50}}}]})";
  const char* yaml =
      "parley: 1\ntitle: T\nissues: [{id: x, options: [lo, hi]}]\nactors:\n"
      "  - {id: a, capability: 1, stances: {x: {position: hi, salience: 50}}}\n"
      "  - {id: b, capability: 2, stances: {x: {position: 0, salience: 50}}}\n";
  const Scenario a = load_ok(json, "t.json");
  const Scenario b = load_ok(yaml, "t.yaml");
  EXPECT_EQ(a.format, InputFormat::json);
  EXPECT_EQ(a.actors[0].stance_on(0)->position, b.actors[0].stance_on(0)->position);
  EXPECT_EQ(a.actors[1].stance_on(0)->position, b.actors[1].stance_on(0)->position);
}

TEST(Load, ConflictStatesAndPreferences) {
  const char* text = R"(parley: 1
title: PD
issues: [{id: x}]
actors:
  - {id: p1, capability: 1}
  - {id: p2, capability: 1}
conflict:
  options:
    - {id: o1, actor: p1}
    - {id: o2, actor: p2, direction: take}
  infeasible: ["o1 and not o2 and o2"]
  preferences:
    p1: [o2, not o1]
  rankings:
    p2: [NY, [YY, NN], YN]
  status_quo: NN
)";
  const Scenario s = load_ok(text);
  ASSERT_TRUE(s.conflict);
  const Conflict& c = *s.conflict;
  EXPECT_EQ(c.options[1].direction, Direction::take);
  ASSERT_EQ(c.decision_makers.size(), 2u);
  EXPECT_EQ(c.decision_makers[0].preferences.size(), 2u);
  ASSERT_EQ(c.decision_makers[1].ranking.size(), 3u);
  EXPECT_EQ(c.decision_makers[1].ranking[1], (std::vector<std::uint64_t>{3, 0}));
  EXPECT_EQ(c.pattern(2), "NY");
  EXPECT_EQ(c.status_quo, 0u);
}

}  // namespace
}  // namespace parley::scenario
