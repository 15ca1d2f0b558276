#include "core/text.hpp"

#include <gtest/gtest.h>

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
