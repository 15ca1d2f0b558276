#include <gtest/gtest.h>

#include <random>

#include "../test_support.hpp"
#include "doc/node.hpp"

namespace parley::doc {
namespace {

std::string errors_of(const std::string& text) {
  Diagnostics d;
  const auto root = parse_json(text, test::file("t.json"), d);
  EXPECT_EQ(root == nullptr, d.has_errors());
  return test::messages(d);
}

TEST(JsonReader, ReadsValuesWithLocations) {
  Diagnostics d;
  const auto root =
      parse_json("{\n  \"a\": [1, -2.5e1, true, null],\n  \"s\": \"x\\u00e9\\n\"\n}", test::file("t.json"), d);
  ASSERT_TRUE(root);
  const Node& a = *root->find("a");
  EXPECT_EQ(a.where.line, 2u);
  EXPECT_EQ(a.where.column, 8u);
  EXPECT_EQ(a.items[1].number, -25);
  EXPECT_EQ(a.items[1].where.column, 12u);
  EXPECT_EQ(a.items[2].kind, Kind::boolean);
  EXPECT_EQ(a.items[3].kind, Kind::null);
  EXPECT_EQ(root->find("s")->text, "x\xC3\xA9\n");
  EXPECT_FALSE(root->find("s")->plain);
}

TEST(JsonReader, ExactSyntaxErrors) {
  EXPECT_EQ(errors_of("{\"a\": 1,}"), "t.json:1:9: error: expected a key in double quotes, found '}'\n");
  EXPECT_EQ(errors_of("[1, 2"),
            "t.json:1:6: error: expected ',' or ']' after a value in an array, found the end of the file\n");
  EXPECT_EQ(errors_of("{\"a\": 01}"),
            "t.json:1:8: error: expected no leading zeros in a number, found another digit\n");
  EXPECT_EQ(errors_of("// c\n{}"),
            "t.json:1:1: error: expected a value (object, array, string, number, true, false or null), found a comment "
            "(JSON has none)\n");
  EXPECT_EQ(errors_of("{\"a\": 1} x"),
            "t.json:1:10: error: expected the end of the file after the top-level value, found 'x'\n");
  EXPECT_EQ(errors_of("{\"a\": 1, \"a\": 2}"),
            "t.json:1:10: error: duplicate key 'a'; it was first given at line 1, column 2\n");
  EXPECT_EQ(errors_of("\"\xff\""), "t.json:1:2: error: expected UTF-8 text, found an invalid byte\n");
  EXPECT_EQ(errors_of("1e999"), "t.json:1:1: error: expected a number of ordinary size, found 1e999\n");
}

TEST(JsonReader, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(errors_of("{\"é\": x}"),
            "t.json:1:7: error: expected a value (object, array, string, number, true, false or null), found 'x'\n");
}

TEST(JsonReader, NeverCrashesOnGarbage) {
  std::mt19937 rng(42);
  const std::string alphabet = "{}[]\",:0123456789.eE+-truefalsn \\u\n";
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    Diagnostics d;
    const auto root = parse_json(text, test::file("t.json"), d);
    EXPECT_EQ(root == nullptr, d.has_errors()) << text;
  }
}

}  // namespace
}  // namespace parley::doc
