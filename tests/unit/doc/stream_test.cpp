// The streamed writers against the tree writers: the same bytes for random trees of every shape (empty and
// scalar-only containers, nesting, scalars of every kind), emitted value by value as a renderer does.
#include "doc/stream.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "doc/node.hpp"

namespace parley::doc {
namespace {

Node random_tree(std::mt19937_64& rng, int depth) {
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const int kind = depth >= 5 ? pick(5) : pick(8);
  switch (kind) {
    case 0:
      return Node::make_null();
    case 1:
      return Node::make_bool(pick(2) == 1);
    case 2: {
      static const double kNumbers[] = {0, -1.5, 1e300, 0.1, std::numeric_limits<double>::quiet_NaN(), 42};
      return Node::make_number(kNumbers[pick(6)]);
    }
    case 3:
      return Node::make_integer(18446744073709551615ULL);
    case 4: {
      static const char* kTexts[] = {"plain", "", "null", "two words", "a: b", "line\nbreak", "Ünïcode", "-x", "7"};
      return Node::make_string(kTexts[pick(9)]);
    }
    case 5:
    case 6: {
      Node seq = Node::make_sequence();
      const int n = pick(5);
      const bool scalars = pick(2) == 1;  // often all scalars: the one-line layout
      for (int i = 0; i < n; ++i) seq.push(scalars ? random_tree(rng, 5) : random_tree(rng, depth + 1));
      return seq;
    }
    default: {
      Node map = Node::make_mapping();
      const int n = pick(5);
      static const char* kKeys[] = {"a", "b c", "x.y", "_z", "9", "key:", ".dot"};
      for (int i = 0; i < n; ++i) map.set(std::string(kKeys[i % 7]) + std::to_string(i), random_tree(rng, depth + 1));
      return map;
    }
  }
}

// The tree, value by value, through the emitter's own calls (not its node()).
void emit(Emitter& e, const Node& n) {
  switch (n.kind) {
    case Kind::mapping:
      e.begin_mapping();
      for (const auto& [k, v] : n.entries) {
        if (v.kind == Kind::number && !v.exact) {
          e.num(k.text, v.number);
        } else {
          e.key(k.text);
          emit(e, v);
        }
      }
      e.end_mapping();
      return;
    case Kind::sequence:
      e.begin_sequence();
      for (const Node& item : n.items) emit(e, item);
      e.end_sequence();
      return;
    case Kind::number:
      if (n.exact) e.node(n);
      else e.number(n.number);
      return;
    case Kind::string:
      e.string(n.text);
      return;
    case Kind::boolean:
      e.boolean(n.boolean);
      return;
    case Kind::null:
      e.null();
      return;
  }
}

// 2,000 random trees through `Stream`, value by value and whole: the bytes of `writer` on the tree.
template <class Stream>
void expect_the_writers_bytes(std::uint64_t seed, std::string (*writer)(const Node&)) {
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 2000; ++round) {
    const Node tree = random_tree(rng, 0);
    std::string streamed, whole;
    Stream a(streamed);
    emit(a, tree);
    Stream b(whole);
    b.node(tree);
    ASSERT_EQ(streamed, writer(tree)) << "round " << round << "\n" << to_json(tree);
    ASSERT_EQ(whole, writer(tree)) << "round " << round;
  }
}

TEST(DocStream, JsonIsTheTreeWritersBytes) {
  expect_the_writers_bytes<JsonStream>(3, &to_json);
}

TEST(DocStream, YamlIsTheTreeWritersBytes) {
  expect_the_writers_bytes<YamlStream>(5, &to_yaml);
}

}  // namespace
}  // namespace parley::doc
