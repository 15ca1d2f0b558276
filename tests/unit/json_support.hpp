// Reading parley's JSON outputs back in the unit tests: parse a document, and walk it by keys.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "doc/node.hpp"
#include "test_support.hpp"

namespace parley::test {

/// The document `json` holds; an empty node (and a test failure) when it does not parse.
inline doc::Node parsed(const std::string& json) {
  Diagnostics diags;
  auto node = doc::parse_json(json, file("output.json"), diags);
  EXPECT_TRUE(node) << messages(diags);
  return node ? std::move(*node) : doc::Node{};
}

/// The node at `path` (mapping keys) under `n`; a null node when a key is missing.
inline const doc::Node& at(const doc::Node& n, std::initializer_list<std::string_view> path) {
  static const doc::Node null;
  const doc::Node* cur = &n;
  for (const auto key : path) {
    cur = cur->find(key);
    if (cur == nullptr) return null;
  }
  return *cur;
}

}  // namespace parley::test
