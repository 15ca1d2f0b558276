// The dominance filter against pairwise comparison: one to seven coordinates, sets small enough to be
// compared pairwise and large enough to reach every branch of the divide and conquer, on any thread count.
#include "analysis/dominance.hpp"

#include <gtest/gtest.h>

#include <random>

#include "oracle.hpp"
#include "parley/error.hpp"

namespace parley::analysis {
namespace {

using testing::dominates;

// n points of m coordinates on `levels` values each, with noise below the epsilon, so that ties, exact
// duplicates and near-duplicates are common.
std::vector<double> random_points(std::mt19937_64& rng, std::size_t n, std::size_t m, int levels) {
  std::vector<double> pts(n * m);
  for (auto& x : pts) {
    x = std::uniform_int_distribution<int>(0, levels - 1)(rng) / static_cast<double>(levels - 1) +
        std::uniform_real_distribution<double>(-1e-15, 1e-15)(rng);
  }
  return pts;
}

// Points on (or near) the simplex x_1 + ... + x_m = 1: opposed parties, where nearly every point is undominated.
std::vector<double> opposed_points(std::mt19937_64& rng, std::size_t n, std::size_t m, int levels) {
  std::vector<double> pts(n * m);
  for (std::size_t i = 0; i < n; ++i) {
    double total = 0;
    for (std::size_t c = 0; c < m; ++c) total += pts[i * m + c] = std::uniform_int_distribution<int>(1, levels)(rng);
    for (std::size_t c = 0; c < m; ++c) pts[i * m + c] /= total;
  }
  return pts;
}

std::vector<std::uint32_t> pairwise(const std::vector<double>& pts, std::size_t m) {
  const std::size_t n = pts.size() / m;
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<double> x(pts.begin() + i * m, pts.begin() + (i + 1) * m);
    bool dominated = false;
    for (std::size_t j = 0; j < n && !dominated; ++j) {
      dominated = dominates({pts.begin() + j * m, pts.begin() + (j + 1) * m}, x);
    }
    if (!dominated) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

TEST(Nondominated, MatchesPairwiseComparisonInEveryDimension) {
  std::mt19937_64 rng(7);
  for (std::size_t m = 1; m <= 7; ++m) {
    for (int round = 0; round < 40; ++round) {
      const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 60)(rng);
      const auto pts = random_points(rng, n, m, 5);
      ASSERT_EQ(nondominated(pts, m), pairwise(pts, m)) << "m " << m << " round " << round;
    }
  }
}

// Thousands of points: the splits, the box pruning, the two-coordinate sweep and the coordinate dropped when a
// part agrees on it all run, on independent and on opposed points, coarse and fine.
TEST(Nondominated, LargeSetsMatchPairwiseComparison) {
  std::mt19937_64 rng(11);
  std::size_t undominated = 0, total = 0;
  for (std::size_t m = 4; m <= 7; ++m) {
    for (const int levels : {3, 12, 1000}) {
      for (const bool opposed : {false, true}) {
        const std::size_t n = 1500;
        const auto pts = opposed ? opposed_points(rng, n, m, levels) : random_points(rng, n, m, levels);
        const auto expected = pairwise(pts, m);
        ASSERT_EQ(nondominated(pts, m), expected) << "m " << m << " levels " << levels << " opposed " << opposed;
        undominated += expected.size();
        total += n;
      }
    }
  }
  // Both kinds of set were drawn: mostly dominated ones and mostly undominated ones.
  EXPECT_GT(undominated, total / 4);
  EXPECT_LT(undominated, 3 * total / 4);
}

// Opposed points, each with a shadow a little lower on one coordinate: every shadow has one dominator, equal to it
// on all other coordinates, so each tie rule of the splits and the sweep decides a pair alone.
TEST(Nondominated, ShadowsWithOneDominatorEachAreFound) {
  std::mt19937_64 rng(19);
  for (std::size_t m = 4; m <= 6; ++m) {
    auto pts = opposed_points(rng, 1200, m, 40);
    const std::size_t n = pts.size() / m;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t c = std::uniform_int_distribution<std::size_t>(0, m - 1)(rng);
      for (std::size_t k = 0; k < m; ++k) pts.push_back(pts[i * m + k] - (k == c ? 1e-9 : 0.0));
    }
    const auto expected = pairwise(pts, m);
    ASSERT_EQ(nondominated(pts, m), expected) << "m " << m;
    EXPECT_LE(expected.size(), n);
  }
}

// Fine on the first coordinates and coarse on the last two: the parts that reach the last two coordinates tie there.
TEST(Nondominated, CoarseLastCoordinatesMatchPairwiseComparison) {
  std::mt19937_64 rng(23);
  for (std::size_t m = 4; m <= 5; ++m) {
    for (const int levels : {2, 3, 5}) {
      auto pts = opposed_points(rng, 3000, m, 1000);
      for (std::size_t i = 0; i < pts.size(); i += m) {
        for (std::size_t c = m - 2; c < m; ++c) pts[i + c] = std::uniform_int_distribution<int>(0, levels - 1)(rng);
      }
      ASSERT_EQ(nondominated(pts, m), pairwise(pts, m)) << "m " << m << " levels " << levels;
    }
  }
}

// Two clusters, the upper larger on all but the last two coordinates, both on two levels there: when the divide
// and conquer reaches the last two coordinates, whether a point is covered depends on ties alone.
TEST(Nondominated, TiesOnTheLastTwoCoordinatesCover) {
  std::mt19937_64 rng(29);
  for (std::size_t m = 4; m <= 6; ++m) {
    std::vector<double> pts;
    for (const double base : {0.6, 0.1}) {
      for (int i = 0; i < 200; ++i) {
        pts.push_back(base + 0.001 * i);
        for (std::size_t c = 1; c + 2 < m; ++c) pts.push_back(base + 0.3 - 0.001 * i);
        for (int c = 0; c < 2; ++c) pts.push_back(static_cast<double>(rng() % 2));
      }
    }
    ASSERT_EQ(nondominated(pts, m), pairwise(pts, m)) << "m " << m;
  }
}

// Points equal on their first coordinates: the divide and conquer drops those and works on the rest.
TEST(Nondominated, PointsEqualOnLeadingCoordinates) {
  std::mt19937_64 rng(31);
  for (std::size_t m = 4; m <= 6; ++m) {
    for (std::size_t equal = 1; equal + 2 <= m; ++equal) {
      auto pts = random_points(rng, 300, m, 30);
      for (std::size_t i = 0; i < pts.size(); i += m) std::fill(pts.begin() + i, pts.begin() + i + equal, 0.5);
      ASSERT_EQ(nondominated(pts, m), pairwise(pts, m)) << "m " << m << " equal " << equal;
    }
  }
}

TEST(Nondominated, ThreadsDoNotChangeTheResult) {
  std::mt19937_64 rng(13);
  for (std::size_t m = 4; m <= 5; ++m) {
    const auto pts = opposed_points(rng, 24000, m, 60);
    const auto one = nondominated(pts, m, 1e10, 1);
    EXPECT_EQ(nondominated(pts, m, 1e10, 2), one) << m;
    EXPECT_EQ(nondominated(pts, m, 1e10, 5), one) << m;
  }
}

TEST(Nondominated, PastItsWorkLimitIsRefused) {
  std::mt19937_64 rng(17);
  const auto pts = opposed_points(rng, 5000, 5, 100);
  EXPECT_THROW((void)nondominated(pts, 5, 1000), LimitError);
  EXPECT_NO_THROW((void)nondominated(pts, 5));
}

TEST(DistinctPoints, CountsPointsEqualWithinTheEpsilon) {
  const std::vector<double> pts{0, 1, 1e-13, 1, 0.5, 0.5, 0.5, 0.5 + 1e-13, 1, 0};
  EXPECT_EQ(distinct_points(pts, 2), 3u);
}

}  // namespace
}  // namespace parley::analysis
