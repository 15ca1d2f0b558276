// Writing a result once for every reader of it. A renderer describes a result as a stream of values (a
// mapping's keys and values, a sequence's items) to an Emitter; one emitter builds the JSON tree that JSON and
// YAML are printed from, another names each value as a sweep output (sweep/outputs.hpp) without building a
// tree. So the outputs of a sweep and the JSON of the same analysis come from the same code and cannot drift.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "doc/node.hpp"

namespace parley::doc {

class Emitter {
 public:
  Emitter() = default;
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;
  Emitter(Emitter&&) = delete;
  Emitter& operator=(Emitter&&) = delete;
  virtual ~Emitter() = default;

  virtual void begin_mapping() = 0;
  virtual void end_mapping() = 0;
  virtual void begin_sequence() = 0;
  virtual void end_sequence() = 0;
  /// The key of the next value, inside a mapping.
  virtual void key(std::string_view k) = 0;
  virtual void number(double x) = 0;
  virtual void string(std::string_view s) = 0;
  virtual void boolean(bool b) = 0;
  virtual void null() = 0;
  /// A value already built as a tree (the default writes it value by value).
  virtual void node(const Node& n);
  /// A value built only if this emitter reads it: a sweep's outputs leave out what only labels a result (the
  /// stamp), so building it for them would be wasted.
  virtual void built(const std::function<Node()>& make) { node(make()); }
  /// Whether the values are summarised over many runs (a sweep's draws) rather than read as one result: a renderer
  /// may then leave out detail that names nothing stable from run to run (the k-th exchange of a round).
  [[nodiscard]] virtual bool summarising() const { return false; }
  /// A place between two items of a long listing where a stream may hand on what it has written so far (it then
  /// never holds the whole output); a tree ignores it.
  virtual void pause() {}

  // A mapping's entries. Distinct names, so that a string literal never becomes a boolean. `num` and `str` may be
  // done in one step by an emitter that has a faster way (a sweep's, for the hundreds of entries of each draw).
  virtual void num(std::string_view k, double x) {
    key(k);
    number(x);
  }
  virtual void str(std::string_view k, std::string_view s) {
    key(k);
    string(s);
  }
  void flag(std::string_view k, bool b) {
    key(k);
    boolean(b);
  }
  void nothing(std::string_view k) {
    key(k);
    null();
  }
  void begin_mapping(std::string_view k) {
    key(k);
    begin_mapping();
  }
  void begin_sequence(std::string_view k) {
    key(k);
    begin_sequence();
  }
  void tree(std::string_view k, const Node& n) {
    key(k);
    node(n);
  }
};

/// Builds the tree of what was emitted (JSON and YAML are printed from it).
class TreeEmitter final : public Emitter {
 public:
  TreeEmitter() = default;
  /// `summarising`: the tree a sweep's outputs stand for (Emitter::summarising), for tests that compare them.
  explicit TreeEmitter(bool summarising) : summarising_(summarising) {}

  [[nodiscard]] bool summarising() const override { return summarising_; }
  void begin_mapping() override { open(Node::make_mapping()); }
  void end_mapping() override { close(); }
  void begin_sequence() override { open(Node::make_sequence()); }
  void end_sequence() override { close(); }
  void key(std::string_view k) override { key_.assign(k); }
  void number(double x) override { add(Node::make_number(x)); }
  void string(std::string_view s) override { add(Node::make_string(std::string(s))); }
  void boolean(bool b) override { add(Node::make_bool(b)); }
  void null() override { add(Node::make_null()); }
  void node(const Node& n) override { add(n); }

  /// The tree emitted (one value, complete).
  [[nodiscard]] Node take();

 private:
  void open(Node n);
  void close();
  void add(Node n);

  struct Open {
    Node node;
    std::string key;  // its key in the enclosing mapping
  };
  std::vector<Open> open_;
  std::string key_;
  Node root_;
  bool done_ = false;
  bool summarising_ = false;
};

}  // namespace parley::doc
