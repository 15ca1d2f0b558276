#include "core/text.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

namespace parley::core {
namespace {

TEST(Text, IdFromNameFollowsTheFormatRules) {
  EXPECT_EQ(id_from_name("SActor-00"), "sactor_00");
  EXPECT_EQ(id_from_name("Policy Position"), "policy_position");
  EXPECT_EQ(id_from_name("  Labour (pro-euro) "), "labour_pro_euro");
  EXPECT_EQ(id_from_name("2nd chamber"), "x_2nd_chamber");
  EXPECT_EQ(id_from_name("Ümlaut Bank"), "mlaut_bank");
  EXPECT_EQ(id_from_name("---"), "x");
}

TEST(Text, UniqueIdsNumberRepeatsFromTwo) {
  EXPECT_EQ(unique_ids({"a", "b", "a", "a"}), (std::vector<std::string>{"a", "b", "a_2", "a_3"}));
  // A generated suffix must not collide with an id that was already there.
  EXPECT_EQ(unique_ids({"a", "a_2", "a"}), (std::vector<std::string>{"a", "a_2", "a_3"}));
}

TEST(Text, ValidIds) {
  EXPECT_TRUE(is_valid_id("territory"));
  EXPECT_TRUE(is_valid_id("a1_b"));
  EXPECT_FALSE(is_valid_id("Territory"));
  EXPECT_FALSE(is_valid_id("1a"));
  EXPECT_FALSE(is_valid_id("_a"));
  EXPECT_FALSE(is_valid_id("a-b"));
  EXPECT_FALSE(is_valid_id(""));
}

TEST(Text, ClosestMatchSuggestsOnlyLikelyTypos) {
  const std::vector<std::string> keys = {"position", "salience", "reservation"};
  EXPECT_EQ(closest_match("salence", keys), "salience");
  EXPECT_EQ(closest_match("postion", keys), "position");
  EXPECT_EQ(closest_match("weight", keys), std::nullopt);
}

TEST(Text, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Text, FormatNumberRoundTripsShortest) {
  EXPECT_EQ(format_number(80), "80");
  EXPECT_EQ(format_number(0.35), "0.35");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(std::stod(format_number(1.0 / 3)), 1.0 / 3);
}

TEST(Text, QuotedList) {
  const std::vector<std::string> three = {"a", "b", "c"};
  EXPECT_EQ(quoted_list(three), "'a', 'b' or 'c'");
  const std::vector<std::string> one = {"a"};
  EXPECT_EQ(quoted_list(one), "'a'");
}

}  // namespace
}  // namespace parley::core

namespace parley::core {
namespace {

// snap_decimal rounds from the shortest digits where it can: the result must be, bit for bit, what printing to
// 15 digits and reading back with correctly rounding functions gives, across magnitudes, signs, subnormals, the
// values a model computes and the half-way points where the two could part.
TEST(SnapDecimal, EqualsPrintingFifteenDigitsAndReadingBackBitForBit) {
  const auto reference = [](double x) {
    if (!std::isfinite(x) || x == 0) return x;
    if (std::abs(x) < 1e15 && x == std::trunc(x)) return x;
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15).ptr;
    double y = x;
    std::from_chars(buf, end, y);
    return y;
  };
  bool failed = false;
  const auto expect_same = [&](double x) {  // whether the snap changed x
    const double got = snap_decimal(x), want = reference(x);
    if (std::bit_cast<std::uint64_t>(got) != std::bit_cast<std::uint64_t>(want)) {
      ADD_FAILURE() << std::hexfloat << x << " -> " << got << " instead of " << want;
      failed = true;
    }
    return got != x;
  };
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> power(-40, 40);
  std::size_t changed = 0;
  for (std::uint64_t i = 0; i < 2'000'000; ++i) {
    double x = unit(rng) * std::pow(10.0, power(rng));
    if (i % 5 == 1) x = static_cast<double>(rng() % 100000) / static_cast<double>(1 + rng() % 1000);  // ratios
    if (i % 5 == 2) x = 0.1 * static_cast<double>(rng() % 1000) + 0.2;  // sums of decimals
    if (i % 5 == 3) std::memcpy(&x, &i, sizeof x);                      // subnormals
    if (i % 5 == 4) {
      // Half-way points of 15 digits that are doubles: a 16th digit 5 after a whole number of 14 or 15 digits.
      x = (static_cast<double>(rng() % 90'000'000'000'000ULL + 10'000'000'000'000ULL) + 0.5) *
          (rng() % 2 == 0 ? 1.0 : -1.0);
    }
    changed += expect_same(x) ? 1 : 0;
    if (failed) break;
  }
  EXPECT_GT(changed, 100'000U);  // the snap changed many values: this compared more than identities
  for (const double x : {0.1 + 0.2, 12345678901234.5, 12345678901235.5, 0.30000000000000004, 9.999999999999999e22,
                         9.9999999999999995e-9, 1e-300, 1.7976931348623157e308, 4.9406564584124654e-324})
    expect_same(x);
  EXPECT_EQ(snap_decimal(0.1 + 0.2), 0.3);
  EXPECT_EQ(snap_decimal(-(0.1 + 0.2)), -0.3);
}

}  // namespace
}  // namespace parley::core
