// Samples of the package space for pictures (parley report's package chart).
#include "analysis/space.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace parley::analysis {
namespace {

Space grid(std::vector<std::size_t> sizes) {
  Space s;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    SpaceIssue issue;
    issue.id = "i" + std::to_string(k);
    for (std::size_t j = 0; j < sizes[k]; ++j) issue.values.push_back(static_cast<double>(j));
    s.issues.push_back(issue);
  }
  return s;
}

TEST(SamplePackages, EveryPackageInOrderWhenTheyFit) {
  const auto all = sample_packages(grid({3, 4}), 100);
  ASSERT_EQ(all.size(), 12u);
  for (std::size_t n = 0; n < all.size(); ++n) {
    EXPECT_EQ(all[n], (std::vector<std::size_t>{n / 4, n % 4}));  // the last issue varies fastest
  }
}

TEST(SamplePackages, AnEvenDeterministicSampleWhenTheyDoNot) {
  const Space space = grid({10, 10, 10});
  const auto sample = sample_packages(space, 7);
  ASSERT_EQ(sample.size(), 7u);
  std::set<std::vector<std::size_t>> distinct(sample.begin(), sample.end());
  EXPECT_EQ(distinct.size(), 7u);
  EXPECT_EQ(sample.front(), (std::vector<std::size_t>{0, 0, 0}));
  // Package number floor(i * 1000 / 7): 0, 142, 285, 428, 571, 714, 857.
  EXPECT_EQ(sample[1], (std::vector<std::size_t>{1, 4, 2}));
  EXPECT_EQ(sample[6], (std::vector<std::size_t>{8, 5, 7}));
  EXPECT_EQ(sample, sample_packages(space, 7));
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
}

TEST(SamplePackages, NothingForAnEmptySpaceOrNoRoom) {
  EXPECT_TRUE(sample_packages(grid({}), 10).empty());
  EXPECT_TRUE(sample_packages(grid({3}), 0).empty());
}

}  // namespace
}  // namespace parley::analysis
