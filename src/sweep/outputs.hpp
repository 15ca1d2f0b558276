// A Monte Carlo run's outputs: every result of one draw, named by its path in the analysis's own JSON
// (docs/design/sweep.md), and their summaries over the draws (docs/models.md §7.3-7.4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "doc/node.hpp"

namespace parley::sweep {

/// A result's value in one draw: a number, or a category (true, false, null, a name).
using Value = std::variant<double, std::string>;

/// The category of a list element present in a draw (`equilibria.gmr.6`): people read it as "true", and a draw
/// without the element counts as "false".
inline constexpr std::string_view kMember = "\x01member";
/// A category as people read it.
[[nodiscard]] inline std::string_view category_text(std::string_view category) {
  return category == kMember ? std::string_view("true") : category;
}

struct Output {
  std::string path;  // issues.territory.weighted_mean, rounds.10.median, equilibria.gmr.6
  Value value;
};

/// Flattens an analysis's JSON result into outputs. Mappings extend the path by their keys; a list of
/// mappings names each item by its `id` (or `issue`, `actor`, `dm`, `round`, `number`, `state`,
/// `equilibrium`, `members` joined by '+'), else by its position; a list of scalars becomes one
/// membership category per element (`equilibria.gmr.6: true`). Numbers are numeric; booleans, text and
/// null are categories. Text that only labels a result (the stamp, `name`, `title`, `label`, `pattern`,
/// `description`, `note`, `source`, `at`) is left out, and so are lists of lists (rankings).
[[nodiscard]] std::vector<Output> flatten(const doc::Node& result);

/// Writes outputs named as flatten names them, straight from a result's own structure (no tree): a path that
/// grows as the writer enters a key and shrinks as it leaves, and the strings of `out` reused from one draw to
/// the next. A fast extractor for one analysis is written with it and tested against flatten.
class OutputWriter {
 public:
  explicit OutputWriter(std::vector<Output>& out) : out_(out) {}
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;
  /// Drops the outputs of an earlier use that this one did not overwrite.
  ~OutputWriter() { out_.resize(used_); }

  /// Extends the path by `key`; returns what `leave` needs to shorten it again.
  [[nodiscard]] std::size_t enter(std::string_view key) {
    const std::size_t before = path_.size();
    if (!path_.empty()) path_ += '.';
    path_ += key;
    return before;
  }
  void leave(std::size_t before) { path_.resize(before); }
  /// The output at path.key: a number, as given (snapping it as the JSON would is the caller's business).
  void number(std::string_view key, double x) {
    const std::size_t before = enter(key);
    next().value = x;
    leave(before);
  }
  /// The output at path.key: a category.
  void category(std::string_view key, std::string_view text) {
    const std::size_t before = enter(key);
    Output& o = next();
    if (auto* t = std::get_if<std::string>(&o.value)) {
      t->assign(text);
    } else {
      o.value.emplace<std::string>(text);
    }
    leave(before);
  }

 private:
  Output& next() {
    if (used_ == out_.size()) out_.emplace_back();
    Output& o = out_[used_++];
    o.path.assign(path_);
    return o;
  }
  std::vector<Output>& out_;
  std::size_t used_ = 0;
  std::string path_;
};

/// One output over all draws.
struct Summary {
  std::string path;
  // Numeric: over the draws where the output was a number.
  std::size_t count = 0;
  double mean = 0, sd = 0, se = 0;
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
  // Categorical: each category's share of all draws (a membership missing from a draw counts as false,
  // any other output missing from a draw as "absent").
  std::map<std::string, double> p;
  bool membership = false;
};

/// Every draw's outputs, stored compactly (paths and categories interned): filled by any number of threads,
/// one draw each, and read in draw order, so that what it reports depends only on the draws.
class Collector {
 public:
  explicit Collector(std::size_t draws) : draws_(draws) {}

  /// Stores draw k's outputs. Safe to call from several threads for different k.
  void add(std::size_t k, const std::vector<Output>& outputs);

  [[nodiscard]] std::size_t draws() const { return draws_.size(); }
  /// Keeps draws 0 to n - 1 only (a stopped run's whole batches).
  void keep_first(std::size_t n) {
    if (n < draws_.size()) draws_.resize(n);
  }
  /// Draw k's outputs, as flatten gave them.
  [[nodiscard]] std::vector<Output> draw(std::size_t k) const;
  /// Calls f(path_id, path, number) or f(path_id, path, category) for each of draw k's outputs, in order, without
  /// copying: `path_id` names `path` for the collector's life. Not while other threads add draws.
  template <class F>
  void visit(std::size_t k, F&& f) const {
    for (const Cell& c : draws_[k]) {
      if (c.category == kNumber) {
        f(c.path, paths_[c.path], c.number);
      } else {
        f(c.path, paths_[c.path], categories_[c.category]);
      }
    }
  }
  /// Each output's value in every draw, NaN where it is not a number (one pass over the draws).
  [[nodiscard]] std::vector<std::vector<double>> columns(const std::vector<std::string>& paths) const;
  /// Draws [0, draws()) as bytes, to be absorbed by another process's collector (the same build on the same
  /// kind of machine: numbers are written in this machine's byte order).
  [[nodiscard]] std::string encode() const;
  /// Adds the draws of `bytes` (from encode) as draws first, first + 1, ...; its paths and categories are
  /// interned anew. Throws std::invalid_argument when the bytes are not such a message or do not fit.
  void absorb(std::size_t first, std::string_view bytes);

  /// Summaries over all draws, outputs in order of first appearance (draw 0 first). Sums run in draw order;
  /// outputs are summarised on up to `threads` threads (0: all), with the same results for any count.
  [[nodiscard]] std::vector<Summary> summarise(unsigned threads = 1) const;

 private:
  static constexpr std::uint32_t kNumber = 0xFFFFFFFFU;
  struct Cell {
    std::uint32_t path = 0;
    std::uint32_t category = kNumber;  // kNumber: `number` holds the value
    double number = 0;
  };
  static_assert(sizeof(Cell) == 16, "a draw's cells are sent between processes as they lie in memory");
  std::uint32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, std::uint32_t>& ids,
                       const std::string& name);
  std::optional<std::uint32_t> known(const std::unordered_map<std::string, std::uint32_t>& ids,
                                     const std::string& name) const;

  std::vector<std::vector<Cell>> draws_;
  // Guards the interning tables: draws look names up under a shared lock and take the exclusive lock only to
  // add a new one (after draw 0, almost never). Held through a pointer so that a Collector can move.
  std::unique_ptr<std::shared_mutex> mutex_ = std::make_unique<std::shared_mutex>();
  std::vector<std::string> paths_, categories_;
  std::unordered_map<std::string, std::uint32_t> path_ids_, category_ids_;
};

/// Summaries of draws given as outputs (each draw's, in draw order).
[[nodiscard]] std::vector<Summary> summarise(const std::vector<std::vector<Output>>& draws);

}  // namespace parley::sweep
