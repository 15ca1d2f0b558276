// Sweep labels (docs/sweep.md, "Labels"): paths read with the names of actors, issues and constraints, and
// with no names at all (a stored run) only the separators change.
#include <gtest/gtest.h>

#include "report/sweep.hpp"

namespace parley::report {
namespace {

PathNames names() {
  PathNames n;
  n.actors = {{"ua", "Ukraine"}, {"ru", "Russia"}};
  n.issues = {{"security", "Security guarantees"}, {"territory", "Status of the Donbas"}};
  n.constraints = {{"ua_referendum", "ua_referendum (Ukraine)"}};
  return n;
}

TEST(SweepLabels, InputsNameTheActorTheFieldAndTheIssue) {
  EXPECT_EQ(path_label(names(), "actors.ua.stances.security.reservation"),
            "Ukraine: reservation on Security guarantees");
  EXPECT_EQ(path_label(names(), "actors.ru.no_deal"), "Russia: no-deal utility");
  EXPECT_EQ(path_label(names(), "actors.ru.capability"), "Russia: capability");
  EXPECT_EQ(path_label(names(), "constraints.ua_referendum.pass_probability"),
            "ua_referendum (Ukraine): pass probability");
}

TEST(SweepLabels, OutputsNameIssuesAndActorsInsideThePath) {
  EXPECT_EQ(path_label(names(), "issues.territory.weighted_median"), "Status of the Donbas: weighted median");
  EXPECT_EQ(path_label(names(), "issues.security.zopa.with_red_lines.exists"),
            "Security guarantees: ZOPA with red lines exists");
  EXPECT_EQ(path_label(names(), "issues.territory.intervals.ru.low"), "Status of the Donbas: intervals Russia low");
  EXPECT_EQ(path_label(names(), "packages.what_it_would_take.cost"), "packages: what it would take cost");
  EXPECT_EQ(path_label(names(), "forecast.territory"), "forecast: Status of the Donbas");
  EXPECT_EQ(path_label(names(), "q"), "q");
}

TEST(SweepLabels, WithoutNamesIdsStay) {
  EXPECT_EQ(path_label({}, "actors.ua.stances.security.reservation"), "ua: reservation on security");
  EXPECT_EQ(path_label({}, "issues.x.farthest.a#2.distance"), "x: farthest a#2 distance");
}

}  // namespace
}  // namespace parley::report
