#include "core/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace parley::core {
namespace {

TEST(Stream, IsAPureFunctionOfSeedDrawAndInput) {
  Stream a(7, 3, 11), b(7, 3, 11);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
  // Changing any key changes the stream.
  for (const auto& [seed, draw, input] :
       std::vector<std::array<std::uint64_t, 3>>{{8, 3, 11}, {7, 4, 11}, {7, 3, 12}}) {
    Stream c(7, 3, 11), d(seed, draw, input);
    int same = 0;
    for (int i = 0; i < 100; ++i) same += c.next() == d.next() ? 1 : 0;
    EXPECT_EQ(same, 0);
  }
}

TEST(Stream, UniformAndNormalHaveTheirMoments) {
  // 200,000 values: the mean's standard error is 0.29/sqrt(n) for U(0,1) and 1/sqrt(n) for N(0,1); allow 5.
  const int n = 200000;
  double su = 0, su2 = 0, sn = 0, sn2 = 0;
  double umin = 1, umax = 0;
  for (int k = 0; k < n; ++k) {
    Stream s(2026, static_cast<std::uint64_t>(k), 1);
    const double u = s.uniform(), z = s.normal();
    su += u;
    su2 += u * u;
    sn += z;
    sn2 += z * z;
    umin = std::min(umin, u);
    umax = std::max(umax, u);
  }
  const double mu = su / n, vu = su2 / n - mu * mu, mz = sn / n, vz = sn2 / n - mz * mz;
  EXPECT_NEAR(mu, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(vu, 1.0 / 12, 0.002);
  EXPECT_NEAR(mz, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(vz, 1.0, 0.02);
  EXPECT_GE(umin, 0.0);
  EXPECT_LT(umax, 1.0);
}

TEST(Stream, OpenUniformNeverReachesTheEnds) {
  Stream s(1, 1, 1);
  for (int i = 0; i < 100000; ++i) {
    const double u = s.open_uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(NameHash, DistinguishesPaths) {
  // Every input path of a large scenario gets its own stream: no two of 20,000 such paths collide.
  std::set<std::uint64_t> seen;
  for (int a = 0; a < 1000; ++a) {
    for (const char* field : {"capability", "no_deal", "stances.territory.position", "stances.territory.salience"}) {
      for (const char* who : {"actors.a", "actors.b", "actors.c", "actors.d", "actors.e"}) {
        EXPECT_TRUE(seen.insert(name_hash(std::string(who) + std::to_string(a) + "." + field)).second) << a << field;
      }
    }
  }
  EXPECT_EQ(seen.size(), 20000U);
  EXPECT_NE(name_hash("actors.ru.capability"), name_hash("actors.ua.capability"));
}

}  // namespace
}  // namespace parley::core
