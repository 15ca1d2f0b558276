// A Monte Carlo run's outputs: every result of one draw, named by its path in the analysis's own JSON
// (docs/design/sweep.md), and their summaries over the draws (docs/models.md §7.3-7.4).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "doc/emitter.hpp"
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

/// Names each value a renderer emits (doc/emitter.hpp) as an output, without building a tree. Mappings extend
/// the path by their keys; a list of mappings names each item by its `id` (or `issue`, `actor`, `dm`, `round`,
/// `number`, `state`, `equilibrium`, `members` joined by '+'), else by its position, and a second item of the
/// same name by its occurrence (`name#2`); a list of scalars becomes one membership category per element
/// (`equilibria.gmr.6: true`). Numbers are numeric; booleans, text and null are categories. Text that only labels
/// a result (the stamp `parley`, `name`, `title`, `label`, `pattern`, `description`, `note`, `source`, `at`,
/// `id`) is left out, and so are lists of lists (rankings).
/// An item's name may come after its first values (or from its members): it is named by position until its
/// naming key comes, and what was written inside it before is renamed then. The strings of `out` are reused from one
/// use to the next, and what an earlier use left beyond this one's outputs is dropped when the emitter goes.
class OutputEmitter final : public doc::Emitter {
 public:
  explicit OutputEmitter(std::vector<Output>& out) : out_(out) {}
  ~OutputEmitter() override { out_.resize(used_); }
  OutputEmitter(const OutputEmitter&) = delete;
  OutputEmitter& operator=(const OutputEmitter&) = delete;
  OutputEmitter(OutputEmitter&&) = delete;
  OutputEmitter& operator=(OutputEmitter&&) = delete;

  void begin_mapping() override;
  void end_mapping() override;
  void begin_sequence() override;
  void end_sequence() override;
  void key(std::string_view k) override;
  void number(double x) override;
  void string(std::string_view s) override;
  void boolean(bool b) override { string(b ? "true" : "false"); }
  void null() override { string("null"); }
  void built(const std::function<doc::Node()>& make) override;
  [[nodiscard]] bool summarising() const override { return true; }
  void num(std::string_view k, double x) override;
  void str(std::string_view k, std::string_view s) override;

 private:
  struct Frame {
    bool sequence = false;
    std::size_t base = 0;   // the path's length inside this container (an item's: after its name)
    std::size_t start = 0;  // the first output written inside it
    // A mapping that is a list item: where its name lies in the paths (its position until a naming key is seen),
    // and the rank of the key that gave it (its place in the order of naming keys; lower is better).
    bool item = false;
    std::size_t name_at = 0, name_len = 0;
    std::size_t name_rank = kNoName;
    // A sequence: its item count, the names and elements seen (for memberships and `name#2`), whether it is a
    // list of lists, and whether its elements name the item that holds it (`members`).
    std::size_t items = 0;
    std::vector<std::pair<std::string, std::size_t>> seen;
    bool excluded = false, members = false;
    std::string joined;
  };
  static constexpr std::size_t kNoName = static_cast<std::size_t>(-1);

  Frame& push(bool sequence);
  /// Gives an open item a new name, in the paths written inside it and in the path being written.
  void rename(Frame& item, std::string_view name);
  [[nodiscard]] Frame* top() { return depth_ == 0 ? nullptr : &frames_[depth_ - 1]; }
  /// The mapping entry `k` when nothing about it needs the general path (no label, no item's name): its output
  /// is opened at once, else nullptr.
  Output* plain_entry(std::string_view k);
  /// A mapping or sequence begins: true when it is left out (and counted as such, so that its end is too).
  bool open_skipped();
  /// True when the value about to come is left out (it is consumed).
  bool skipping_value();
  void scalar(double x, std::string_view text, bool is_number);
  Output& next();
  std::size_t seen(Frame& sequence, const std::string& name);

  // The path being written: a buffer that only grows, and the length in use, so that extending and cutting it
  // back (for every key of every draw) cost no call into std::string.
  class Path {
   public:
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::string_view view() const { return {buffer_.data(), size_}; }
    void cut(std::size_t n) { size_ = n; }
    /// Appends '.' and `part`, or `part` alone at the root.
    void extend(std::string_view part) {
      if (size_ != 0) put(".");
      put(part);
    }
    void replace(std::size_t at, std::size_t length, std::string_view with);

   private:
    void put(std::string_view part) {
      if (part.empty()) return;
      if (size_ + part.size() > buffer_.size()) grow(size_ + part.size());
      std::memcpy(buffer_.data() + size_, part.data(), part.size());
      size_ += part.size();
    }
    void grow(std::size_t size);
    std::string buffer_;
    std::size_t size_ = 0;
  };

  std::vector<Output>& out_;
  std::size_t used_ = 0;
  Path path_;
  std::vector<Frame> frames_;  // frames_[0, depth_) are open; the rest keep their storage for reuse
  std::size_t depth_ = 0;
  std::size_t skip_ = 0;           // > 0: inside a value left out, this many containers deep
  bool skip_next_ = false;         // the next value is left out (it follows a label key)
  std::size_t capture_ = kNoName;  // the next value names the open item, with this rank
  bool members_next_ = false;      // the next value is the open item's `members`
  std::string scratch_;
};

/// The outputs of a result given as a tree: the tree emitted through an OutputEmitter.
[[nodiscard]] std::vector<Output> flatten(const doc::Node& result);

/// The 5, 25, 50, 75 and 95 % quantiles of n values by linear interpolation between order statistics (Hyndman &
/// Fan 1996, type 7, the R and NumPy default: h = (n - 1) q, x_(floor h) + (h - floor h)(x_(floor h + 1) -
/// x_(floor h)), from 0). `at(i)` gives the i-th smallest value; it is asked for indices that never decrease.
template <class At>
[[nodiscard]] std::array<double, 5> quantiles_5_to_95(std::size_t n, At&& at) {
  constexpr std::array<double, 5> kQ = {0.05, 0.25, 0.50, 0.75, 0.95};
  std::array<double, 5> out{};
  if (n == 0) return out;
  for (std::size_t j = 0; j < kQ.size(); ++j) {
    const double h = (static_cast<double>(n) - 1) * kQ[j];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    const double a = at(lo), b = at(hi);
    out[j] = a + (h - static_cast<double>(lo)) * (b - a);
  }
  return out;
}

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
  // 0: the quantiles are exact (every value kept); else each lies within this fraction of its magnitude
  // (a QuantileSketch, sweep/stream.hpp).
  double quantile_error = 0;
};

/// One output's values over some draws, as a summary reads them.
struct Column {
  std::string path;
  std::vector<double> numbers;                    // in draw order
  std::map<std::string, std::size_t> categories;  // a membership's as "true"
  std::size_t seen = 0;                           // the draws it appears in
  bool membership = false;
};

/// A NaN as one NaN: which of several NaNs an addition passes on depends on the order of its operands in the
/// machine code, which the language leaves to the compiler, so a NaN result is reported without its sign and
/// payload (the summaries of one process and of any split then agree bit for bit; text shows "nan" either way).
[[nodiscard]] inline double one_nan(double x) {
  return std::isnan(x) ? std::numeric_limits<double>::quiet_NaN() : x;
}

/// The steps of a summary that Collector::summarise and summarise_split (sweep/split.hpp) share, so that both give
/// the same bits: the mean of values summed in draw order, their squared distances from it summed in draw
/// order, and the rest from those.
[[nodiscard]] inline double mean_of(double sum, std::size_t count) {
  return one_nan(sum / static_cast<double>(count));
}
inline void add_square(double& squares, double x, double mean) {
  squares += (x - mean) * (x - mean);
}
/// Sets s.sd and s.se from s.count values' summed squared distances from their mean.
void set_spread(Summary& s, double squares);
/// Sets s.q05 to s.q95 from quantiles_5_to_95's five.
void set_quantiles(Summary& s, const std::array<double, 5>& q);
/// Sets s.p, each category's share of `draws` draws, from the counts of an output seen in `seen` of them (those
/// without it count as "false" for a membership, else as "absent").
void set_shares(Summary& s, std::map<std::string, std::size_t> categories, std::size_t seen, std::size_t draws);
/// An order statistic as the quantiles give it: a zero without its sign (nth_element may put either zero in
/// place, so the sign would depend on how the values were split).
[[nodiscard]] inline double unsigned_zero(double x) {
  return x + 0.0;
}
/// The order in which the quantiles take values: a double's place as an unsigned integer (negative values below
/// positive ones, a zero's sign dropped), a total order that also places NaNs (a negative NaN below -inf, a
/// positive one above +inf), so that an output with NaNs among its values has the same quantiles however its
/// draws are split. Between numbers it is the order of `<`.
[[nodiscard]] inline std::uint64_t order_key(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(unsigned_zero(x));
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}
/// The value of an order_key.
[[nodiscard]] inline double of_order_key(std::uint64_t key) {
  return std::bit_cast<double>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

/// Every draw's outputs, stored compactly (paths and categories interned): filled by any number of threads,
/// one draw each, and read in draw order, so that what it reports depends only on the draws.
class Collector {
 public:
  explicit Collector(std::size_t draws) : draws_(draws), own_(draws) {}

  /// Stores draw k's outputs. Safe to call from several threads for different k.
  void add(std::size_t k, const std::vector<Output>& outputs);

  [[nodiscard]] std::size_t draws() const { return draws_.size(); }
  /// Keeps draws 0 to n - 1 only (a stopped run's whole batches).
  void keep_first(std::size_t n) {
    if (n < draws_.size()) draws_.resize(n), own_.resize(n);
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

  /// Every output's column over all draws, in order of first appearance (draw 0 first), gathered on up to
  /// `threads` threads with the same result for any count.
  [[nodiscard]] std::vector<Column> columns_by_output(unsigned threads = 1) const;

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

  // Each draw's cells: a view of the draw's own vector (add) or of a block of draws another process sent (absorb).
  std::vector<std::span<const Cell>> draws_;
  std::vector<std::vector<Cell>> own_;
  std::vector<std::vector<Cell>> absorbed_;
  // Guards the interning tables: draws look names up under a shared lock and take the exclusive lock only to
  // add a new one (after draw 0, almost never). Held through a pointer so that a Collector can move.
  std::unique_ptr<std::shared_mutex> mutex_ = std::make_unique<std::shared_mutex>();
  std::vector<std::string> paths_, categories_;
  std::unordered_map<std::string, std::uint32_t> path_ids_, category_ids_;
};

/// Summaries of draws given as outputs (each draw's, in draw order).
[[nodiscard]] std::vector<Summary> summarise(const std::vector<std::vector<Output>>& draws);

}  // namespace parley::sweep
