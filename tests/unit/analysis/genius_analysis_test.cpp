// parley analyze on the GENIUS-format domains of tests/data/genius: the frontier and solutions equal brute force over
// every outcome, for every domain small enough to brute-force.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "../genius_dir.hpp"
#include "analysis/analyze.hpp"
#include "analysis/space.hpp"
#include "oracle.hpp"
#include "scenario/genius.hpp"

namespace parley::analysis {
namespace {

using testing::dominates;

namespace fs = std::filesystem;
const std::string kGenius = std::string(PARLEY_DATA_DIR) + "/genius/";

std::optional<genius::Domain> read_dir(const fs::path& dir) {
  return test::read_genius_dir(dir);
}

TEST(GeniusAnalysis, SmallDomainsMatchBruteForce) {
  int checked = 0;
  for (const auto& group : fs::directory_iterator(kGenius)) {
    if (!group.is_directory()) continue;
    for (const auto& dir : fs::directory_iterator(group.path())) {
      const auto domain = read_dir(dir.path());
      ASSERT_TRUE(domain) << dir.path();
      if (domain->size() > 4000) continue;
      const Space space = space_of(*domain);
      const auto pa = analyze_packages(space, {});
      // Brute force: every outcome, utilities straight from the profiles.
      std::vector<std::vector<std::size_t>> all{{}};
      for (const auto& issue : domain->issues) {
        std::vector<std::vector<std::size_t>> next;
        for (const auto& p : all) {
          for (std::size_t j = 0; j < issue.values.size(); ++j) next.push_back(p), next.back().push_back(j);
        }
        all = std::move(next);
      }
      std::vector<std::vector<std::size_t>> agreeable;
      std::vector<std::vector<double>> u;
      for (const auto& p : all) {
        std::vector<double> v;
        bool ok = true;
        for (const auto& profile : domain->profiles) {
          v.push_back(profile.utility(p));
          ok = ok && v.back() >= profile.reservation - kUtilityEpsilon;
        }
        if (ok) agreeable.push_back(p), u.push_back(v);
      }
      std::vector<std::vector<std::size_t>> frontier;
      for (std::size_t i = 0; i < agreeable.size(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < agreeable.size() && !dominated; ++j) dominated = dominates(u[j], u[i]);
        if (!dominated) frontier.push_back(agreeable[i]);
      }
      std::vector<std::vector<std::size_t>> got;
      for (const auto& point : pa.frontier.points) {
        for (double k = 0; k < point.packages(); k += 1) got.push_back(package_of(space, pa.blocks, point, k));
      }
      std::sort(got.begin(), got.end());
      EXPECT_EQ(pa.agreeable.value, static_cast<double>(agreeable.size())) << dir.path();
      EXPECT_EQ(got, frontier) << dir.path();
      ++checked;
    }
  }
  // Every domain of 4000 packages or fewer: the 20 of random/ (6 to 270 packages) and 8 of cases/ (trio 9, sliders 12,
  // kennel 45, plaza 72, car 99, supply 320, lease 405, tariff 820).
  EXPECT_EQ(checked, 28);
}

// cases/power: 390,625 outcomes, two parties; the frontier is small and its Nash point lies on it. The frontier's
// size and the Nash point are brute force over every package in exact rational arithmetic, done outside parley
// from the XML files: 54 utility pairs held by 55 packages; the Nash point (reservation values 0) is the one package
// 40 40 30 30 20 20 40 10 MW, buyer 0.1 + 0.75 * 0.15 + 0.12 + 0.5 * 0.18 + 0.3 + 0.1 = 0.8225, seller
// 0.16 + 0.16 + 0.8 * 0.08 + 0.8 * 0.1 + 0.8 * 0.12 + 0.1 + 0.2 * 0.2 + 0.4 * 0.08 = 0.732.
TEST(GeniusAnalysis, PowerFrontierAndNash) {
  const auto domain = read_dir(kGenius + "cases/power");
  ASSERT_TRUE(domain);
  const Space space = space_of(*domain);
  EXPECT_EQ(space.size(), 390625);
  const auto pa = analyze_packages(space, {});
  EXPECT_EQ(pa.total, 390625);
  ASSERT_TRUE(pa.solutions.nash);
  // No frontier point has a larger Nash product (reservation values are 0 here).
  const auto& nash = pa.frontier.points[*pa.solutions.nash].utilities;
  for (const auto& p : pa.frontier.points) EXPECT_LE(p.utilities[0] * p.utilities[1], nash[0] * nash[1] + 1e-12);
  // Two packages share the pair (0.355, 0.984): 40 40 20 20 30 20 0 30 and 40 40 30 20 30 20 0 40 MW.
  std::vector<std::vector<double>> pairs;
  for (const auto& p : pa.frontier.points) {
    if (std::none_of(pairs.begin(), pairs.end(), [&](const auto& q) {
          return std::abs(q[0] - p.utilities[0]) <= kUtilityEpsilon &&
                 std::abs(q[1] - p.utilities[1]) <= kUtilityEpsilon;
        })) {
      pairs.push_back(p.utilities);
    }
  }
  EXPECT_EQ(pairs.size(), 54u);
  EXPECT_EQ(pa.frontier.packages, 55);
  EXPECT_NEAR(nash[0], 0.8225, 1e-12);
  EXPECT_NEAR(nash[1], 0.732, 1e-12);
  const auto& point = pa.frontier.points[*pa.solutions.nash];
  ASSERT_EQ(point.packages(), 1);
  EXPECT_EQ(package_of(space, pa.blocks, point, 0), (std::vector<std::size_t>{4, 4, 3, 3, 2, 2, 4, 1}));
  // Values print by name.
  EXPECT_TRUE(space.issues[0].named);
}

}  // namespace
}  // namespace parley::analysis
