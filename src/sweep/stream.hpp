// Summaries of a Monte Carlo run that keep no draw: exact sums and a bucketed quantile sketch, merged in any
// order with the same result (docs/models.md §7.4; docs/design/sweep.md, "Summaries in bounded memory").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/outputs.hpp"

namespace parley::sweep {

/// The exact sum of any number of doubles: each is added into a fixed-point digit per binary exponent (the
/// Kulisch accumulator, thinned: 64-bit digits that overlap, carried every few hundred additions), so that the
/// sum does not depend on the order of the additions nor on how partial sums are merged; value() rounds it to
/// the nearest double once. Infinities and NaNs are summed apart as doubles.
class ExactSum {
 public:
  void add(double x);
  /// Adds a * b exactly (the product split into two doubles by a fused multiply-add); exact unless the
  /// product's low part underflows.
  void add_product(double a, double b);
  void merge(const ExactSum& other);
  /// The sum rounded to the nearest double (ties to even).
  [[nodiscard]] double value() const;
  /// Doubles whose exact sum is the sum (one per nonzero digit); a term of a sum near 2^1024 may be infinite.
  [[nodiscard]] std::vector<double> terms() const;

  void encode(std::string& out) const;
  /// Reads what encode wrote at `at`, advancing it; throws std::invalid_argument on malformed bytes.
  void decode(std::string_view bytes, std::size_t& at);

 private:
  // Digit e weighs 2^(e - 1075): a double's 53-bit significand lands in the digit of its biased exponent. The
  // carries of the largest possible sum (2^63 additions of values below 2^1024) stay below kDigits. Digits are
  // kept in chunks of 64, made when first used (an output's values span few exponents).
  static constexpr int kDigits = 2176;
  static constexpr int kChunk = 64;
  static constexpr int kCarryEvery = 511;  // 511 significands below 2^53 on a digit below 2^32 fit in 63 bits
  void carry();
  [[nodiscard]] std::int64_t& digit(int e);
  [[nodiscard]] std::int64_t digit_or_zero(int e) const;
  std::array<std::unique_ptr<std::array<std::int64_t, kChunk>>, kDigits / kChunk> digits_;
  int low_ = kDigits, high_ = -1;  // digits outside [low_, high_] are zero
  int since_carry_ = 0;
  double special_ = 0;  // the infinities and NaNs added
  bool has_special_ = false;
};

/// The values of one output: while they take at most kFew distinct values, each value and its count, so that
/// the order statistics are exact (most outputs of a negotiation are whole numbers, options or shares of a few
/// values). Past that, counted in buckets of 1/1024 of a binade (the sign, exponent and first ten bits of
/// the significand: the layout of an HDR histogram), each bucket keeping its count and its least and greatest
/// value. An order statistic is read in its bucket, its values taken as spread evenly by rank from the least
/// to the greatest: exact when it is the bucket's first or last or the bucket holds one value, and always
/// within the bucket, so within 2^-10 of its magnitude (kRelativeError). Counts add, so merging
/// is exact and order-free. Memory: 1.5 KB for each block of 64 buckets that holds a value, so at most as many
/// blocks as values, and at most 16 per binade.
class QuantileSketch {
 public:
  static constexpr double kRelativeError = 1.0 / 1024;
  static constexpr std::size_t kFew = 64;

  void add(double x);
  void merge(const QuantileSketch& other);
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// The k-th smallest value (from 0), to within kRelativeError of its magnitude; k < count().
  [[nodiscard]] double order_statistic(std::uint64_t k) const;

  void encode(std::string& out) const;
  void decode(std::string_view bytes, std::size_t& at);

 private:
  static constexpr int kBucketBits = 10;  // of the significand
  static constexpr int kBlockBits = 6;    // buckets per block: 2^6
  static constexpr std::size_t kBlock = std::size_t{1} << kBlockBits;
  static constexpr int kBlockShift = 52 - kBucketBits + kBlockBits;  // a block's key: the double's top 16 bits
  struct Bucket {
    std::uint64_t count = 0;
    double least = 0, greatest = 0;
  };
  using Block = std::array<Bucket, kBlock>;  // a bucket's three numbers side by side, in one or two cache lines
  // The blocks, found by key through an open-addressing table of (key, index + 1); a missing block holds
  // nothing. Keys from 0x8000 on hold negative values.
  std::vector<std::unique_ptr<Block>> blocks_;
  std::vector<std::uint32_t> keys_;  // per block
  std::vector<std::pair<std::uint32_t, std::uint32_t>> table_;
  std::uint64_t count_ = 0;
  // While `many_` is false, every value met (by its bits) and its count; the buckets are then empty. The
  // representation depends only on the values counted: buckets exactly when they take more than kFew values.
  std::vector<std::pair<double, std::uint64_t>> few_;
  bool many_ = false;
  Block& block(std::uint32_t key);
  void put(std::uint32_t key, std::size_t bucket, std::uint64_t n, double least, double greatest);
  void insert(double x, std::uint64_t n);  // not counted in count_
  void bucket(double x, std::uint64_t n);
  void spill();  // from the few values to the buckets
  /// Block indices in value order.
  [[nodiscard]] std::vector<std::size_t> in_order() const;
};

/// Every output's summary over draws given in any order and split in any way (each part summarised, then the
/// parts merged): the same summaries whatever the order and the split, draw counts and category shares equal to
/// Collector::summarise's, means and standard deviations from exact sums, quantiles from a QuantileSketch. The
/// outputs keep the order of first appearance (the lowest draw, then its order in that draw).
class StreamSummaries {
 public:
  /// Adds draws [first, first + draws.draws()) held in `draws` (draw first + i as its i-th), on up to `threads`
  /// threads (each output is summarised by one thread).
  void add(std::size_t first, const Collector& draws, unsigned threads);
  void merge(const StreamSummaries& other);
  [[nodiscard]] std::size_t draws() const { return draws_; }
  /// The summaries over draws() draws, Summary::quantile_error set.
  [[nodiscard]] std::vector<Summary> summarise() const;

  [[nodiscard]] std::string encode() const;
  /// Throws std::invalid_argument when `bytes` is not what encode wrote.
  void decode(std::string_view bytes);

 private:
  struct Column {
    std::string path;
    std::uint64_t first_draw = 0, first_place = 0;  // where it first appeared
    std::uint64_t seen = 0;                         // draws it appeared in
    bool membership = false;
    ExactSum sum, squares;
    QuantileSketch sketch;
    std::map<std::string, std::uint64_t> categories;
  };
  /// The output's column (made when new), its first appearance moved earlier if this one is: its index.
  std::size_t column(const std::string& path, std::uint64_t draw, std::uint64_t place);
  std::vector<std::unique_ptr<Column>> columns_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::size_t draws_ = 0;
};

}  // namespace parley::sweep
