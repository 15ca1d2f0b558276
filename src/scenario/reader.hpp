// Typed, located access to a document tree: each check reports a Diagnostic instead of throwing.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::scenario::detail {

/// The valid range of a number field; bounds may be open-ended.
struct Bounds {
  std::optional<double> lo, hi;
  [[nodiscard]] bool contains(double x) const { return (!lo || x >= *lo) && (!hi || x <= *hi); }
  [[nodiscard]] std::string describe() const;  // "in [0, 100]", "at least 0"
};

/// What a position-like value is measured against: an issue's scale, and its options if discrete.
struct Scale {
  Bounds bounds;
  const std::vector<std::string>* options = nullptr;
  std::string_view issue_id;
};

class Reader {
 public:
  explicit Reader(Diagnostics& diags) : diags_(diags) {}

  void error(const SourceLocation& where, std::string message) { diags_.error(where, std::move(message)); }
  void error(const doc::Node& node, std::string message) { diags_.error(node.where, std::move(message)); }
  [[nodiscard]] std::size_t error_count() const { return diags_.error_count(); }
  [[nodiscard]] Diagnostics& diagnostics() { return diags_; }

  /// A mapping whose keys are all in `allowed` and include every one of `required`.
  bool mapping(const doc::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed,
               std::initializer_list<std::string_view> required = {});
  bool sequence(const doc::Node& node, std::string_view field, std::size_t min_items = 0);

  std::optional<std::string> text(const doc::Node& node, std::string_view field);
  std::optional<std::string> id(const doc::Node& node, std::string_view field);
  std::optional<double> number(const doc::Node& node, std::string_view field, const Bounds& bounds = {});
  std::optional<std::string> date(const doc::Node& node, std::string_view field);
  /// A number or a distribution whose location parameters lie in `bounds`.
  std::optional<Uncertain> uncertain(const doc::Node& node, std::string_view field, const Bounds& bounds);
  /// Like `uncertain`, where option names of a discrete issue stand for their index.
  std::optional<Uncertain> position(const doc::Node& node, std::string_view field, const Scale& scale);
  /// A number on a scale, or an option name of a discrete issue.
  std::optional<double> point(const doc::Node& node, std::string_view field, const Scale& scale);

  /// Text of a value that is meant to name one of `known` (an id reference).
  std::optional<std::size_t> reference(const doc::Node& node, std::string_view what,
                                       const std::vector<std::string>& known);

 private:
  std::optional<Uncertain> distribution(const doc::Node& node, std::string_view field, const Bounds& bounds,
                                        const Scale* scale);
  Diagnostics& diags_;
};

/// Where an expression written in `node` starts: after the opening quote of a quoted scalar.
[[nodiscard]] SourceLocation expression_start(const doc::Node& node);

/// Reports `found` in a message: "the number 12", "a list".
[[nodiscard]] std::string found(const doc::Node& node);

/// Checks that every id in `ids` is new, reporting duplicates at their second use.
class IdSet {
 public:
  explicit IdSet(std::string_view what) : what_(what) {}
  bool add(Reader& r, const std::string& id, const SourceLocation& where);
  /// Reads the `id` of an item's mapping and adds it; "" when it is missing or malformed (already reported).
  std::string read(Reader& r, const doc::Node& item);
  [[nodiscard]] const std::vector<std::string>& ids() const { return ids_; }

 private:
  std::string what_;
  std::vector<std::string> ids_;
  std::vector<SourceLocation> where_;
  std::unordered_map<std::string, std::size_t> index_;  // id -> its place in ids_ (100,000 actors: no n^2 search)
};

}  // namespace parley::scenario::detail
