#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "doc/node.hpp"

namespace parley::doc {
namespace {

Node sample() {
  Node root = Node::make_mapping();
  root.set("title", Node::make_string("Geneva: day 1"));
  root.set("n", Node::make_number(0.35));
  Node list = Node::make_sequence();
  list.push(Node::make_string("NNY"));
  list.push(Node::make_string("true"));
  list.push(Node::make_string("12"));
  root.set("states", std::move(list));
  Node items = Node::make_sequence();
  Node item = Node::make_mapping();
  item.set("id", Node::make_string("ru"));
  item.set("q", Node::make_string("say \"no\"\n"));
  items.push(std::move(item));
  root.set("items", std::move(items));
  root.set("empty", Node::make_mapping());
  return root;
}

// Compares two trees by value, ignoring locations.
void expect_same(const Node& a, const Node& b) {
  ASSERT_EQ(a.kind, b.kind);
  if (a.kind == Kind::number) {
    EXPECT_EQ(a.number, b.number);
  }
  if (a.kind == Kind::string) {
    EXPECT_EQ(a.text, b.text);
  }
  ASSERT_EQ(a.items.size(), b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) expect_same(a.items[i], b.items[i]);
  ASSERT_EQ(a.entries.size(), b.entries.size());
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    EXPECT_EQ(a.entries[i].first.text, b.entries[i].first.text);
    expect_same(a.entries[i].second, b.entries[i].second);
  }
}

TEST(Writer, JsonIsExactAndReadsBack) {
  const Node tree = sample();
  const std::string json = to_json(tree);
  EXPECT_EQ(json,
            "{\n  \"title\": \"Geneva: day 1\",\n  \"n\": 0.35,\n  \"states\": [\"NNY\", \"true\", \"12\"],\n"
            "  \"items\": [\n    {\n      \"id\": \"ru\",\n      \"q\": \"say \\\"no\\\"\\n\"\n    }\n  ],\n"
            "  \"empty\": {}\n}\n");
  Diagnostics d;
  const auto back = parse_json(json, test::file("t.json"), d);
  ASSERT_TRUE(back);
  expect_same(tree, *back);
}

TEST(Writer, YamlQuotesWhatWouldReadDifferentlyAndReadsBack) {
  const Node tree = sample();
  const std::string yaml = to_yaml(tree);
  EXPECT_EQ(yaml,
            "title: \"Geneva: day 1\"\nn: 0.35\nstates: [NNY, \"true\", \"12\"]\nitems:\n  - id: ru\n"
            "    q: \"say \\\"no\\\"\\n\"\nempty: {}\n");
  Diagnostics d;
  const auto back = parse_yaml(yaml, test::file(), d);
  ASSERT_TRUE(back) << test::messages(d);
  expect_same(tree, *back);
}

}  // namespace
}  // namespace parley::doc
