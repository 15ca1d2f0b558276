// A located document tree: what a YAML or JSON file says, with the line and column of every value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::doc {

enum class Kind { null, boolean, number, string, sequence, mapping };

/// "a number", "a mapping", ... for messages.
[[nodiscard]] std::string_view kind_noun(Kind k);

struct Node;

/// A mapping key with its own location (keys are always text).
struct Key {
  std::string text;
  SourceLocation where;
};

struct Node {
  Kind kind = Kind::null;
  SourceLocation where;
  /// Scalars: the text as written (for strings, the decoded value).
  std::string text;
  double number = 0;
  bool boolean = false;
  /// A YAML plain (unquoted) scalar: a field that wants text may take it as written.
  bool plain = false;
  /// A number written as its `text` (make_integer): an integer past 2^53 keeps every digit.
  bool exact = false;
  std::vector<Node> items;                    // sequence
  std::vector<std::pair<Key, Node>> entries;  // mapping, in file order

  // Declared here and defaulted in node.cpp, where Node is complete: clang instantiates the members of
  // std::vector<std::pair<Key, Node>> eagerly (C++20 constexpr containers) and refuses the incomplete pair.
  Node();
  Node(const Node&);
  Node(Node&&) noexcept;
  Node& operator=(const Node&);
  Node& operator=(Node&&) noexcept;
  ~Node();

  [[nodiscard]] bool is_scalar() const { return kind != Kind::sequence && kind != Kind::mapping; }
  /// The value of `key` in a mapping, or nullptr.
  [[nodiscard]] const Node* find(std::string_view key) const;
  /// Describes the value for "found ..." in messages: `the number 12`, `a mapping`, `the text 'x'`.
  [[nodiscard]] std::string describe() const;

  static Node make_null() { return Node{}; }
  static Node make_number(double x);
  /// An integer written with every digit (a seed: a double would round those past 2^53).
  static Node make_integer(std::uint64_t x);
  static Node make_string(std::string s);
  static Node make_bool(bool b);
  static Node make_sequence() {
    Node n;
    n.kind = Kind::sequence;
    return n;
  }
  static Node make_mapping() {
    Node n;
    n.kind = Kind::mapping;
    return n;
  }
  /// Appends `key: value` to a mapping (no duplicate check: the writer's responsibility).
  Node& set(std::string key, Node value);
  Node& push(Node value);
};

/// Deepest nesting either reader accepts; deeper input is refused with a diagnostic, never a stack overflow.
inline constexpr std::size_t kMaxDepth = 256;

/// Parses YAML 1.2 (one document; core schema; anchors and aliases refused). Reports syntax errors and
/// duplicate keys in `diags`; returns nothing when there were errors.
[[nodiscard]] std::unique_ptr<Node> parse_yaml(std::string_view text, const std::shared_ptr<const std::string>& file,
                                               Diagnostics& diags);

/// Parses strict JSON (RFC 8259). Reports syntax errors and duplicate keys; nothing when there were errors.
[[nodiscard]] std::unique_ptr<Node> parse_json(std::string_view text, const std::shared_ptr<const std::string>& file,
                                               Diagnostics& diags);

/// JSON text of a tree, 2-space indented, keys in tree order; numbers in shortest round-trip form.
[[nodiscard]] std::string to_json(const Node& node);
/// Appends `s` as a JSON string (quoted; quotes, backslashes and control characters escaped).
void append_json_string(std::string& out, std::string_view s);
/// The same JSON on one line, without a line break at the end: {"a": 1, "b": [1, 2]}.
[[nodiscard]] std::string to_json_line(const Node& node);
/// YAML text of a tree, block style, strings quoted where a plain scalar would read differently.
[[nodiscard]] std::string to_yaml(const Node& node);

}  // namespace parley::doc
