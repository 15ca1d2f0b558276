#include "sweep/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.hpp"

namespace parley::sweep {
namespace {

TEST(Tornado, RanksInputsByTheWidthOfTheirSwing) {
  const std::vector<Output> base = {{"y", 10.0}, {"label", std::string("x")}, {"partial", 1.0}};
  const std::vector<std::string> inputs = {"a", "b", "c"};
  const std::vector<std::vector<Output>> low = {
      {{"y", 9.0}, {"partial", 1.0}}, {{"y", 2.0}, {"partial", 1.0}}, {{"y", 10.0}}};
  const std::vector<std::vector<Output>> high = {
      {{"y", 12.0}, {"partial", 1.0}}, {{"y", 15.0}, {"partial", 1.0}}, {{"y", 4.0}}};
  const auto t = tornado(base, inputs, low, high);
  ASSERT_EQ(t.size(), 1U);  // `label` is not a number; `partial` is missing from one run
  EXPECT_EQ(t[0].output, "y");
  EXPECT_EQ(t[0].base, 10.0);
  ASSERT_EQ(t[0].tornado.size(), 3U);
  EXPECT_EQ(t[0].tornado[0].input, "b");  // 13 wide
  EXPECT_EQ(t[0].tornado[1].input, "c");  // 6 wide, downwards
  EXPECT_EQ(t[0].tornado[2].input, "a");  // 3 wide
  EXPECT_EQ(t[0].tornado[1].high, 4.0);
}

TEST(VarianceShares, FindTheInputThatDrivesTheOutput) {
  // y = x1 + 0.1 x2 with x1, x2 independent U(0, 1): shares 1 / 1.01 and 0.01 / 1.01.
  const std::size_t n = 5000;
  Collector draws(n);
  std::vector<std::vector<double>> x(2, std::vector<double>(n));
  for (std::size_t k = 0; k < n; ++k) {
    core::Stream a(1, k, 1), b(1, k, 2);
    x[0][k] = a.uniform();
    x[1][k] = b.uniform();
    draws.add(k, {{"y", x[0][k] + 0.1 * x[1][k]}});
  }
  std::vector<OutputSensitivity> s(1);
  s[0].output = "y";
  add_variance_shares(s, draws, {"x1", "x2"}, x);
  ASSERT_EQ(s[0].shares.size(), 2U);
  EXPECT_EQ(s[0].shares[0].first, "x1");
  EXPECT_NEAR(s[0].shares[0].second, 1 / 1.01, 0.01);
  // The binning estimator's upward bias is about (bins - 1) / n = 0.004.
  EXPECT_NEAR(s[0].shares[1].second, 0.01 / 1.01, 0.008);
}

TEST(VarianceShares, NeedEnoughDraws) {
  Collector draws(kMinDrawsForShares - 1);
  std::vector<std::vector<double>> x(1, std::vector<double>(draws.draws()));
  for (std::size_t k = 0; k < draws.draws(); ++k) {
    x[0][k] = static_cast<double>(k);
    draws.add(k, {{"y", static_cast<double>(k)}});
  }
  std::vector<OutputSensitivity> s(1);
  s[0].output = "y";
  add_variance_shares(s, draws, {"x"}, x);
  EXPECT_TRUE(s[0].shares.empty());
}

}  // namespace
}  // namespace parley::sweep
