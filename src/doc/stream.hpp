// JSON and YAML written as they are emitted, without a tree: the same bytes as to_json and to_yaml of the tree the
// same calls would build (doc/node.hpp), in memory proportional to the output rather than to a tree of it (a
// tree takes about ten times its JSON).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "doc/emitter.hpp"

namespace parley::doc {

/// What the two streams share: a tree given whole (node) is written value by value, each scalar as the tree writer
/// would write it (a number read from a file keeps its digits).
class TextStream : public Emitter {
 public:
  void node(const Node& n) final;
  void begin_mapping() final { open(true); }
  void begin_sequence() final { open(false); }
  void number(double x) final;
  void boolean(bool b) final { scalar(b ? "true" : "false"); }
  void null() final { scalar("null"); }
  /// From now on, at each pause where the text written passes `chunk` bytes, hands it to `sink` and clears it: the
  /// output's bytes are unchanged, only no longer all in memory at once.
  void spill(std::function<void(std::string_view)> sink, std::size_t chunk = std::size_t{1} << 20) {
    sink_ = std::move(sink);
    chunk_ = chunk;
  }
  void pause() final;

 protected:
  /// The text written so far (values held back for their layout are not in it yet).
  [[nodiscard]] virtual std::string& written() = 0;
  /// A mapping or a sequence begins where the layout puts it.
  virtual void open(bool mapping) = 0;
  /// A scalar's text, written where the layout puts it.
  virtual void scalar(std::string text) = 0;
  [[nodiscard]] virtual std::string scalar_text(const Node& n) const = 0;

 private:
  std::function<void(std::string_view)> sink_;
  std::size_t chunk_ = 0;
};

/// Appends JSON to `out` as values are emitted: `to_json(tree)` byte for byte, the final newline included once the
/// one top-level value is complete. A sequence whose items are all scalars prints on one line, so its scalars are
/// held until the sequence ends or a mapping or sequence item shows that it prints one item a line.
class JsonStream final : public TextStream {
 public:
  explicit JsonStream(std::string& out) : out_(out) {}
  void end_mapping() override;
  void end_sequence() override;
  void key(std::string_view k) override;
  void string(std::string_view s) override;

 private:
  struct Frame {
    bool mapping = false;
    int indent = 0;  // of the closing bracket
    std::size_t items = 0;
    bool block = false;                // a sequence printing one item a line
    std::vector<std::string> pending;  // a sequence's scalars while it may still print on one line
  };
  void scalar(std::string text) override;
  [[nodiscard]] std::string scalar_text(const Node& n) const override;
  [[nodiscard]] std::string& written() override { return out_; }
  void open(bool mapping) override;
  void before_container();
  void end_value();
  std::string& out_;
  std::vector<Frame> open_;
};

/// Appends YAML to `out` as values are emitted: `to_yaml(tree)` byte for byte. Held back like JsonStream: a
/// sequence's scalars until the sequence shows its layout, a mapping's opening until its first key (an empty one
/// prints `{}`).
class YamlStream final : public TextStream {
 public:
  explicit YamlStream(std::string& out) : out_(out) {}
  void end_mapping() override;
  void end_sequence() override;
  void key(std::string_view k) override;
  void string(std::string_view s) override;

 private:
  enum class Place { top, value, item };  // where a value goes: the document, after `key:`, after `-`
  struct Frame {
    bool mapping = false;
    int indent = 0;  // of its keys or dashes
    Place place = Place::top;
    std::size_t items = 0;
    bool block = false;
    std::vector<std::string> pending;
  };
  void scalar(std::string text) override;
  [[nodiscard]] std::string scalar_text(const Node& n) const override;
  [[nodiscard]] std::string& written() override { return out_; }
  void open(bool mapping) override;
  void before_container();
  [[nodiscard]] Place place() const;
  std::string& out_;
  std::vector<Frame> open_;
};

}  // namespace parley::doc
