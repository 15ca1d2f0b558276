#include <gtest/gtest.h>

#include <cmath>

#include "../test_support.hpp"
#include "doc/node.hpp"

namespace parley::doc {
namespace {

std::unique_ptr<Node> yaml(const std::string& text, Diagnostics& d) {
  return parse_yaml(text, test::file(), d);
}

TEST(YamlReader, LocatesEveryValueAndKey) {
  Diagnostics d;
  const auto root = yaml("title: Geneva\nactors:\n  - id: ru\n    capability: 80\n", d);
  ASSERT_TRUE(root) << test::messages(d);
  const Node* actors = root->find("actors");
  ASSERT_NE(actors, nullptr);
  const Node& ru = actors->items.at(0);
  EXPECT_EQ(ru.where.line, 3u);
  EXPECT_EQ(ru.where.column, 5u);
  EXPECT_EQ(ru.entries.at(1).first.where.line, 4u);
  EXPECT_EQ(ru.entries.at(1).first.where.column, 5u);
  EXPECT_EQ(ru.find("capability")->where.column, 17u);
  EXPECT_EQ(ru.find("capability")->number, 80);
}

TEST(YamlReader, CoreSchemaTypesPlainScalarsOnly) {
  Diagnostics d;
  const auto root = yaml("a: 12\nb: '12'\nc: 1.5e3\nd: true\ne: Y\nf: no\ng: 2026-01-23\nh: ~\ni: 0x1F\nj: .inf\n", d);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->find("a")->kind, Kind::number);
  EXPECT_EQ(root->find("b")->kind, Kind::string);
  EXPECT_EQ(root->find("c")->number, 1500);
  EXPECT_EQ(root->find("d")->kind, Kind::boolean);
  // YAML 1.1's yes/no/Y/N booleans are text in 1.2: state patterns like NNY stay text.
  EXPECT_EQ(root->find("e")->kind, Kind::string);
  EXPECT_EQ(root->find("f")->kind, Kind::string);
  EXPECT_EQ(root->find("g")->kind, Kind::string);
  EXPECT_EQ(root->find("h")->kind, Kind::null);
  EXPECT_EQ(root->find("i")->number, 31);
  EXPECT_TRUE(std::isinf(root->find("j")->number));
  EXPECT_TRUE(root->find("a")->plain);
  EXPECT_FALSE(root->find("b")->plain);
}

TEST(YamlReader, ReportsDuplicateKeysWithTheFirstPlace) {
  Diagnostics d;
  EXPECT_FALSE(yaml("a: 1\nb: 2\na: 3\n", d));
  EXPECT_EQ(test::messages(d), "t.yaml:3:1: error: duplicate key 'a'; it was first given at line 1, column 1\n");
}

TEST(YamlReader, SyntaxErrorsAreLocated) {
  Diagnostics d;
  EXPECT_FALSE(yaml("a: [1, 2\nb: 3\n", d));
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.all()[0].where.line, 2u);
  EXPECT_NE(d.all()[0].message.find("invalid YAML"), std::string::npos);
}

TEST(YamlReader, RefusesAliasesAndSecondDocuments) {
  Diagnostics d;
  EXPECT_FALSE(yaml("a: &x 1\nb: *x\n", d));
  EXPECT_EQ(test::messages(d),
            "t.yaml:2:4: error: expected a value written out, found an alias ('*x'); anchors and aliases are not "
            "supported in scenario files\n");
  Diagnostics d2;
  EXPECT_FALSE(yaml("a: 1\n---\nb: 2\n", d2));
  EXPECT_EQ(test::messages(d2), "t.yaml:2:1: error: expected one YAML document, found a second one\n");
}

TEST(YamlReader, DeepNestingIsRefusedNotOverflowed) {
  Diagnostics d;
  EXPECT_FALSE(yaml(std::string(100000, '[') + std::string(100000, ']'), d));
  EXPECT_TRUE(d.has_errors());
}

TEST(YamlReader, EmptyTextIsNull) {
  Diagnostics d;
  const auto root = yaml("", d);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->kind, Kind::null);
}

}  // namespace
}  // namespace parley::doc
