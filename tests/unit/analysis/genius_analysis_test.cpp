// parley analyze on the ANAC/GENIUS domains: the frontier and solutions equal brute force over every
// outcome, for every domain small enough to brute-force.
#include <gtest/gtest.h>

#include <filesystem>

#include "analysis/analyze.hpp"
#include "analysis/space.hpp"
#include "oracle.hpp"
#include "scenario/genius.hpp"

namespace parley::analysis {
namespace {

using testing::dominates;

namespace fs = std::filesystem;
const std::string kAnac = std::string(PARLEY_SHARED_DIR) + "/data/genius/anac/";

std::optional<genius::Domain> read_dir(const fs::path& dir) {
  std::string domain;
  std::vector<std::string> profiles;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (domain.empty() && genius::looks_like_domain(f.string())) {
      domain = f.string();
    } else {
      profiles.push_back(f.string());
    }
  }
  Diagnostics diags;
  return genius::read(domain, profiles, diags);
}

TEST(GeniusAnalysis, SmallDomainsMatchBruteForce) {
  int checked = 0;
  for (const auto& year : fs::directory_iterator(kAnac)) {
    for (const auto& dir : fs::directory_iterator(year.path())) {
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
  EXPECT_GE(checked, 20);
}

// ANAC 2011 Energy: 390,625 outcomes, two parties; the frontier is small and its Nash point lies on it.
TEST(GeniusAnalysis, EnergyFrontierAndNash) {
  const auto domain = read_dir(kAnac + "y2011/Energy");
  ASSERT_TRUE(domain);
  const Space space = space_of(*domain);
  EXPECT_EQ(space.size(), 390625);
  const auto pa = analyze_packages(space, {});
  EXPECT_EQ(pa.total, 390625);
  ASSERT_TRUE(pa.solutions.nash);
  // No frontier point has a larger Nash product (reservation values are 0 here).
  const auto& nash = pa.frontier.points[*pa.solutions.nash].utilities;
  for (const auto& p : pa.frontier.points) EXPECT_LE(p.utilities[0] * p.utilities[1], nash[0] * nash[1] + 1e-12);
  // Values print by name.
  EXPECT_TRUE(space.issues[0].named);
}

}  // namespace
}  // namespace parley::analysis
