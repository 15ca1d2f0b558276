// The dense two-phase simplex (core/lp): optima worked out by hand, infeasible systems, negative right-hand
// sides (phase 1), degenerate vertices (Bland's rule must not cycle) and redundant rows.
#include "core/lp.hpp"

#include <gtest/gtest.h>

namespace parley::core {
namespace {

TEST(LinearProgram, FindsTheOptimumOfATextbookProblem) {
  // max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18: x = 2, y = 6, value 36 (Hillier & Lieberman's Wyndor).
  LinearProgram lp;
  lp.columns = 2;
  lp.add({1, 0}, 4);
  lp.add({0, 2}, 12);
  lp.add({3, 2}, 18);
  lp.c = {3, 5};
  const auto s = solve(lp);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->z[0], 2, 1e-12);
  EXPECT_NEAR(s->z[1], 6, 1e-12);
  EXPECT_NEAR(s->value, 36, 1e-12);
}

TEST(LinearProgram, NegativeRightHandSidesNeedPhaseOne) {
  // x + y >= 3 (as -x - y <= -3), x <= 2, y <= 2, min x (max -x): x = 1, y = 2.
  LinearProgram lp;
  lp.columns = 2;
  lp.add({-1, -1}, -3);
  lp.add({1, 0}, 2);
  lp.add({0, 1}, 2);
  lp.c = {-1, 0};
  const auto s = solve(lp);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->z[0], 1, 1e-12);
  EXPECT_NEAR(s->z[1], 2, 1e-12);
}

TEST(LinearProgram, AnInfeasibleSystemHasNoSolution) {
  // x + y >= 5 with x <= 2 and y <= 2.
  LinearProgram lp;
  lp.columns = 2;
  lp.add({-1, -1}, -5);
  lp.add({1, 0}, 2);
  lp.add({0, 1}, 2);
  EXPECT_FALSE(solve(lp));
  // Just feasible: x + y >= 4 has exactly one point.
  lp.b[0] = -4;
  const auto s = solve(lp);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->z[0] + s->z[1], 4, 1e-12);
}

TEST(LinearProgram, DegenerateAndRedundantRowsAreHandled) {
  // Beale's (1955) example, which cycles under the largest-coefficient rule from its degenerate start; Bland's
  // rule ends at the optimum 5/4 (x1 = 1, x3 = 1: both first rows hold, the second with equality). A redundant
  // copy of the last row is added.
  LinearProgram lp;
  lp.columns = 4;
  lp.add({0.25, -8, -1, 9}, 0);
  lp.add({0.5, -12, -0.5, 3}, 0);
  lp.add({0, 0, 1, 0}, 1);
  lp.add({0, 0, 1, 0}, 1);
  lp.c = {0.75, -20, 0.5, -6};
  const auto s = solve(lp);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->value, 1.25, 1e-12);
  EXPECT_NEAR(s->z[0], 1, 1e-12);
  EXPECT_NEAR(s->z[2], 1, 1e-12);
  // An equality written as two inequalities, one of them with a negative right-hand side: x + y = 1, max y.
  LinearProgram eq;
  eq.columns = 2;
  eq.add({1, 1}, 1);
  eq.add({-1, -1}, -1);
  eq.c = {0, 1};
  const auto e = solve(eq);
  ASSERT_TRUE(e);
  EXPECT_NEAR(e->z[1], 1, 1e-12);
  EXPECT_NEAR(e->z[0], 0, 1e-12);
}

}  // namespace
}  // namespace parley::core
