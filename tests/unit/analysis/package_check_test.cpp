// One package against the parties' limits, red lines, no_deal levels and ratification votes.
#include "analysis/package_check.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "parley/services.hpp"

namespace parley::analysis {
namespace {

Scenario geneva() {
  const auto loaded = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  EXPECT_TRUE(loaded.scenario);
  return *loaded.scenario;
}

std::size_t actor(const Scenario& s, const std::string& id) {
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    if (s.actors[a].id == id) return a;
  ADD_FAILURE() << "no actor " << id;
  return 0;
}

TEST(PackageCheck, ListsEachBrokenLimitRedLineAndNoDealLevel) {
  const Scenario s = geneva();
  // territory 65 is beyond both parties' limits; security 70 breaks Russia's red line (security <= 40);
  // together they leave Russia below its no_deal level.
  const std::vector<std::optional<double>> package{65.0, 70.0, 0.0};
  const PackageCheck c = check_package(s, package);
  EXPECT_TRUE(c.complete);
  ASSERT_EQ(c.violations.size(), 4U);
  EXPECT_EQ(c.violations[0].actor, actor(s, "ru"));
  EXPECT_EQ(c.violations[0].kind, Violation::Kind::reservation);
  EXPECT_EQ(c.violations[0].low, 85);
  EXPECT_EQ(c.violations[1].kind, Violation::Kind::red_line);
  EXPECT_EQ(s.constraints[c.violations[1].rule].id, "ru_no_western_forces");
  EXPECT_EQ(c.violations[2].kind, Violation::Kind::no_deal);
  EXPECT_LT(c.violations[2].value, c.violations[2].low);
  EXPECT_EQ(c.violations[3].actor, actor(s, "ua"));
  EXPECT_EQ(c.violations[3].kind, Violation::Kind::reservation);
  EXPECT_EQ(c.violations[3].high, 50);
  // The referendum fails at 65 (territory <= 50 does not hold).
  ASSERT_EQ(c.votes.size(), 1U);
  EXPECT_FALSE(c.votes[0].holds);
  EXPECT_EQ(c.votes[0].pass, c.ratification);
  EXPECT_LT(c.ratification, 1);
}

TEST(PackageCheck, AnOpenIssueIsNotChecked) {
  const Scenario s = geneva();
  // Only territory, within Ukraine's limit: Russia's limit is broken; the red line and no_deal need more.
  const std::vector<std::optional<double>> package{50.0, std::nullopt, std::nullopt};
  const PackageCheck c = check_package(s, package);
  EXPECT_FALSE(c.complete);
  ASSERT_EQ(c.violations.size(), 1U);
  EXPECT_EQ(c.violations[0].actor, actor(s, "ru"));
  ASSERT_EQ(c.votes.size(), 1U);
  EXPECT_TRUE(c.votes[0].holds);
  EXPECT_EQ(c.ratification, 1);
}

}  // namespace
}  // namespace parley::analysis
