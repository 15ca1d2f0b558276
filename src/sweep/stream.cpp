#include "sweep/stream.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "core/parallel.hpp"
#include "sweep/bytes.hpp"

namespace parley::sweep {

namespace {

constexpr const char* kWhat = "summaries";
using bytes::put;
using bytes::put_text;
template <class T>
T get(std::string_view in, std::size_t& at) {
  return bytes::get<T>(in, at, kWhat);
}
std::string get_text(std::string_view in, std::size_t& at) {
  return bytes::get_text(in, at, kWhat);
}

}  // namespace

std::int64_t& ExactSum::digit(int e) {
  auto& chunk = digits_[static_cast<std::size_t>(e / kChunk)];
  if (!chunk) chunk = std::make_unique<std::array<std::int64_t, kChunk>>();  // zeroed
  return (*chunk)[static_cast<std::size_t>(e % kChunk)];
}

std::int64_t ExactSum::digit_or_zero(int e) const {
  const auto& chunk = digits_[static_cast<std::size_t>(e / kChunk)];
  return chunk ? (*chunk)[static_cast<std::size_t>(e % kChunk)] : 0;
}

void ExactSum::add(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  int e = static_cast<int>((bits >> 52) & 0x7FF);
  if (e == 0x7FF) {
    special_ += x;
    has_special_ = true;
    return;
  }
  std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  if (e == 0) {
    if (m == 0) return;
    e = 1;  // subnormal: the same weight as the least normal exponent, without the hidden bit
  } else {
    m |= std::uint64_t{1} << 52;
  }
  digit(e) += (bits >> 63) != 0 ? -static_cast<std::int64_t>(m) : static_cast<std::int64_t>(m);
  low_ = std::min(low_, e);
  high_ = std::max(high_, e);
  if (++since_carry_ == kCarryEvery) carry();
}

void ExactSum::add_product(double a, double b) {
  const double p = a * b;
  add(p);
  if (std::isfinite(p)) add(std::fma(a, b, -p));
}

// Each digit keeps its remainder toward zero below 2^32 and passes the rest 32 digits up: the value is
// unchanged, and a digit then has room for kCarryEvery more significands.
void ExactSum::carry() {
  since_carry_ = 0;
  constexpr std::int64_t kBase = std::int64_t{1} << 32;
  for (int e = low_; e <= high_; ++e) {
    const std::int64_t q = digit_or_zero(e) / kBase;
    if (q == 0) continue;
    if (e + 32 >= kDigits) throw std::overflow_error("an exact sum beyond its range");
    digit(e) -= q * kBase;
    digit(e + 32) += q;
    high_ = std::max(high_, e + 32);
  }
}

void ExactSum::merge(const ExactSum& other) {
  if (other.has_special_) {
    special_ += other.special_;
    has_special_ = true;
  }
  // Both sides' digits are below 2^62 (carried at most kCarryEvery additions ago): their sums fit.
  for (int e = other.low_; e <= other.high_; ++e) {
    if (const std::int64_t d = other.digit_or_zero(e); d != 0) digit(e) += d;
  }
  low_ = std::min(low_, other.low_);
  high_ = std::max(high_, other.high_);
  carry();
}

std::vector<double> ExactSum::terms() const {
  ExactSum copy;
  copy.merge(*this);  // carried: every digit below 2^32 in magnitude, exactly a double, and so its scaled value
  std::vector<double> out;
  for (int e = copy.low_; e <= copy.high_; ++e) {
    if (const std::int64_t d = copy.digit_or_zero(e); d != 0)
      out.push_back(std::ldexp(static_cast<double>(d), e - 1075));
  }
  return out;
}

// The digits as one two's-complement integer whose bit i weighs 2^(i - 1075) (the same value whatever digits
// hold it), rounded to the nearest double, ties to even: bits from the highest set one, a round bit and a sticky
// bit. No intermediate can overflow or underflow, so a sum near the largest double rounds as any other.
double ExactSum::value() const {
  constexpr int kWords = (kDigits + 64 + 63) / 64 + 1;
  std::array<std::uint64_t, kWords> word{};
  for (int e = low_; e <= high_; ++e) {
    const std::int64_t d = digit_or_zero(e);
    if (d == 0) continue;
    __extension__ using Wide = __int128;
    const Wide v = static_cast<Wide>(d) * (Wide{1} << (e % 64));  // |d| < 2^63: fits with its sign
    const auto low = static_cast<std::uint64_t>(v), high = static_cast<std::uint64_t>(v >> 64);
    const std::uint64_t extend = v < 0 ? ~std::uint64_t{0} : 0;
    std::uint64_t carry = 0;
    for (int k = e / 64; k < kWords; ++k) {
      const std::uint64_t add = k == e / 64 ? low : k == e / 64 + 1 ? high : extend;
      const std::uint64_t sum = word[static_cast<std::size_t>(k)] + add;
      const std::uint64_t out = sum + carry;
      carry = (sum < add ? 1U : 0U) + (out < sum ? 1U : 0U);
      word[static_cast<std::size_t>(k)] = out;
      if (k > e / 64 + 1 && add == 0 && carry == 0) break;  // nothing more to add above
    }
  }
  const bool negative = (word[kWords - 1] >> 63) != 0;
  if (negative) {  // the magnitude: two's complement
    std::uint64_t carry = 1;
    for (auto& w : word) {
      w = ~w + carry;
      carry = (carry != 0 && w == 0) ? 1 : 0;
    }
  }
  const auto bit = [&](int i) { return i >= 0 && ((word[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1U) != 0; };
  int top = -1;
  for (int k = kWords - 1; k >= 0 && top < 0; --k) {
    if (word[static_cast<std::size_t>(k)] != 0) top = k * 64 + 63 - std::countl_zero(word[static_cast<std::size_t>(k)]);
  }
  double sum = 0;
  if (top >= 0) {
    // Below 2^-1022 every value held is a multiple of 2^-1074 (bit 1): exact. Else 53 bits, rounded.
    const int lowest = std::max(1, top - 52);
    std::uint64_t mantissa = 0;
    for (int i = top; i >= lowest; --i) mantissa = (mantissa << 1) | (bit(i) ? 1U : 0U);
    bool round = bit(lowest - 1), sticky = false;
    for (int i = lowest - 2; i >= 0 && !sticky; --i) sticky = bit(i);
    if (lowest == 1) round = sticky = false;  // bit 0 is never set: subnormals are exact
    if (round && (sticky || (mantissa & 1U) != 0)) ++mantissa;
    sum = std::ldexp(static_cast<double>(mantissa), lowest - 1075);  // infinite past the largest double
    if (negative) sum = -sum;
  }
  return has_special_ ? sum + special_ : sum;
}

void ExactSum::encode(std::string& out) const {
  put<std::uint8_t>(out, has_special_ ? 1 : 0);
  put<double>(out, special_);
  std::vector<std::pair<std::int32_t, std::int64_t>> nonzero;
  for (int e = low_; e <= high_; ++e) {
    if (const std::int64_t d = digit_or_zero(e); d != 0) nonzero.emplace_back(e, d);
  }
  put<std::uint64_t>(out, nonzero.size());
  for (const auto& [e, d] : nonzero) {
    put<std::int32_t>(out, e);
    put<std::int64_t>(out, d);
  }
}

void ExactSum::decode(std::string_view bytes, std::size_t& at) {
  *this = ExactSum{};
  has_special_ = get<std::uint8_t>(bytes, at) != 0;
  special_ = get<double>(bytes, at);
  const auto n = get<std::uint64_t>(bytes, at);
  if (n > static_cast<std::uint64_t>(kDigits)) throw std::invalid_argument("malformed exact sum");
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto e = get<std::int32_t>(bytes, at);
    const auto d = get<std::int64_t>(bytes, at);
    // A digit as encode leaves it: carried at most kCarryEvery additions ago.
    if (e < 0 || e >= kDigits || d > (std::int64_t{1} << 62) || d < -(std::int64_t{1} << 62))
      throw std::invalid_argument("malformed exact sum");
    digit(e) = d;
    low_ = std::min(low_, static_cast<int>(e));
    high_ = std::max(high_, static_cast<int>(e));
  }
  carry();
}

QuantileSketch::Block& QuantileSketch::block(std::uint32_t key) {
  const auto slot_of = [&](std::uint32_t k) { return (k * 0x9E3779B1U) >> 8 & (table_.size() - 1); };
  if (!table_.empty()) {
    for (std::size_t s = slot_of(key);; s = (s + 1) & (table_.size() - 1)) {
      if (table_[s].second == 0) break;
      if (table_[s].first == key) return *blocks_[table_[s].second - 1];
    }
  }
  if (2 * (blocks_.size() + 1) > table_.size()) {  // at most half full
    table_.assign(std::max<std::size_t>(16, 2 * table_.size()), {0, 0});
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      std::size_t s = slot_of(keys_[b]);
      while (table_[s].second != 0) s = (s + 1) & (table_.size() - 1);
      table_[s] = {keys_[b], static_cast<std::uint32_t>(b + 1)};
    }
  }
  std::size_t s = slot_of(key);
  while (table_[s].second != 0) s = (s + 1) & (table_.size() - 1);
  blocks_.push_back(std::make_unique<Block>());
  keys_.push_back(key);
  table_[s] = {key, static_cast<std::uint32_t>(blocks_.size())};
  return *blocks_.back();
}

void QuantileSketch::put(std::uint32_t key, std::size_t bucket, std::uint64_t n, double least, double greatest) {
  Bucket& b = block(key)[bucket];
  if (b.count == 0) {
    b.least = least;
    b.greatest = greatest;
  } else {
    b.least = std::min(b.least, least);
    b.greatest = std::max(b.greatest, greatest);
  }
  b.count += n;
}

// Value order: the negative blocks from the greatest magnitude down, then the positive ones up.
std::vector<std::size_t> QuantileSketch::in_order() const {
  constexpr std::uint32_t kNegative = 0x8000;
  std::vector<std::size_t> order(blocks_.size());
  for (std::size_t b = 0; b < order.size(); ++b) order[b] = b;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::uint32_t ka = keys_[a], kb = keys_[b];
    const bool na = ka >= kNegative, nb = kb >= kNegative;
    if (na != nb) return na;
    return na ? ka > kb : ka < kb;
  });
  return order;
}

void QuantileSketch::bucket(double x, std::uint64_t n) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  put(static_cast<std::uint32_t>(bits >> kBlockShift),
      static_cast<std::size_t>((bits >> (52 - kBucketBits)) & (kBlock - 1)), n, x, x);
}

void QuantileSketch::spill() {
  many_ = true;
  for (const auto& [x, n] : few_) bucket(x, n);
  few_ = {};
}

void QuantileSketch::insert(double x, std::uint64_t n) {
  if (!many_) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    for (auto& [value, count] : few_) {
      if (std::bit_cast<std::uint64_t>(value) == bits) {
        count += n;
        return;
      }
    }
    if (few_.size() < kFew) {
      few_.emplace_back(x, n);
      return;
    }
    spill();
  }
  bucket(x, n);
}

void QuantileSketch::add(double x) {
  insert(x, 1);
  ++count_;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  for (const auto& [x, n] : other.few_) insert(x, n);
  if (other.many_ && !many_) spill();
  for (std::size_t i = 0; i < other.blocks_.size(); ++i) {
    const Block& theirs = *other.blocks_[i];
    for (std::size_t b = 0; b < kBlock; ++b) {
      if (theirs[b].count != 0) put(other.keys_[i], b, theirs[b].count, theirs[b].least, theirs[b].greatest);
    }
  }
  count_ += other.count_;
}

double QuantileSketch::order_statistic(std::uint64_t k) const {
  if (!many_) {
    auto values = few_;
    // By value, and -0 before +0 (distinct entries that compare equal): the same order whatever the insertions.
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
      return a.first < b.first ||
             (a.first == b.first && std::bit_cast<std::int64_t>(a.first) < std::bit_cast<std::int64_t>(b.first));
    });
    std::uint64_t below = 0;
    for (const auto& [x, n] : values) {
      below += n;
      if (below > k) return x;
    }
    throw std::out_of_range("an order statistic beyond the values counted");
  }
  // The bucket's values spread evenly by rank from its least to its greatest: exact for the first and the last
  // of them (the output's least and greatest values among them) and for a bucket of equal values, and always
  // within the bucket.
  std::uint64_t below = 0;
  const auto value_of = [&](const Bucket& b) {
    const std::uint64_t n = b.count, at = k - (below - n);
    if (n == 1 || at == 0) return b.least;
    if (at == n - 1) return b.greatest;
    const double between = b.least + (b.greatest - b.least) * static_cast<double>(at) / static_cast<double>(n - 1);
    return std::clamp(between, b.least, b.greatest);
  };
  for (const std::size_t i : in_order()) {
    const Block& block = *blocks_[i];
    const bool negative = keys_[i] >= 0x8000;  // buckets in descending magnitude
    for (std::size_t j = 0; j < kBlock; ++j) {
      const std::size_t b = negative ? kBlock - 1 - j : j;
      below += block[b].count;
      if (below > k) return value_of(block[b]);
    }
  }
  throw std::out_of_range("an order statistic beyond the values counted");
}

void QuantileSketch::encode(std::string& out) const {
  sweep::put<std::uint8_t>(out, many_ ? 1 : 0);
  sweep::put<std::uint64_t>(out, few_.size());
  for (const auto& [x, n] : few_) {
    sweep::put<double>(out, x);
    sweep::put<std::uint64_t>(out, n);
  }
  sweep::put<std::uint64_t>(out, blocks_.size());
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const Block& block = *blocks_[i];
    std::uint64_t used = 0;
    for (const Bucket& b : block) used += b.count != 0 ? 1 : 0;
    sweep::put<std::uint32_t>(out, keys_[i]);
    sweep::put<std::uint64_t>(out, used);
    for (std::size_t b = 0; b < kBlock; ++b) {
      if (block[b].count == 0) continue;
      sweep::put<std::uint8_t>(out, static_cast<std::uint8_t>(b));
      sweep::put<std::uint64_t>(out, block[b].count);
      sweep::put<double>(out, block[b].least);
      sweep::put<double>(out, block[b].greatest);
    }
  }
}

void QuantileSketch::decode(std::string_view bytes, std::size_t& at) {
  *this = QuantileSketch{};
  many_ = get<std::uint8_t>(bytes, at) != 0;
  const auto few = get<std::uint64_t>(bytes, at);
  if (few > kFew || (many_ && few > 0)) throw std::invalid_argument("malformed quantile sketch");
  // Counts that could wrap around 2^64, and buckets whose least and greatest do not lie in them (or in order), are
  // malformed: the bytes come from another process, and order_statistic relies on both.
  const auto counted = [&](std::uint64_t n) {
    if (n == 0 || count_ + n < count_) throw std::invalid_argument("malformed quantile sketch");
    count_ += n;
  };
  for (std::uint64_t i = 0; i < few; ++i) {
    const auto x = get<double>(bytes, at);
    const auto n = get<std::uint64_t>(bytes, at);
    counted(n);
    insert(x, n);  // a value given twice is counted once, with both counts
  }
  const auto blocks = get<std::uint64_t>(bytes, at);
  if (blocks > 0 && !many_) throw std::invalid_argument("malformed quantile sketch");
  if (blocks > (std::uint64_t{1} << 16)) throw std::invalid_argument("malformed quantile sketch");
  for (std::uint64_t i = 0; i < blocks; ++i) {
    const auto key = get<std::uint32_t>(bytes, at);
    const auto used = get<std::uint64_t>(bytes, at);
    if (key >= (std::uint32_t{1} << 16) || used > kBlock) throw std::invalid_argument("malformed quantile sketch");
    for (std::uint64_t j = 0; j < used; ++j) {
      const auto b = get<std::uint8_t>(bytes, at);
      const auto n = get<std::uint64_t>(bytes, at);
      const auto least = get<double>(bytes, at), greatest = get<double>(bytes, at);
      const auto in_bucket = [&](double x) {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        return bits >> kBlockShift == key && ((bits >> (52 - kBucketBits)) & (kBlock - 1)) == b;
      };
      if (b >= kBlock || !(least <= greatest) || !in_bucket(least) || !in_bucket(greatest))
        throw std::invalid_argument("malformed quantile sketch");
      counted(n);
      put(key, b, n, least, greatest);
    }
  }
}

std::size_t StreamSummaries::column(const std::string& path, std::uint64_t draw, std::uint64_t place) {
  const auto [it, added] = index_.try_emplace(path, columns_.size());
  if (added) {
    columns_.push_back(std::make_unique<Column>());
    Column& c = *columns_.back();
    c.path = path;
    c.first_draw = draw;
    c.first_place = place;
    return it->second;
  }
  Column& c = *columns_[it->second];
  if (draw < c.first_draw || (draw == c.first_draw && place < c.first_place)) {
    c.first_draw = draw;
    c.first_place = place;
  }
  return it->second;
}

void StreamSummaries::add(std::size_t first, const Collector& draws, unsigned threads) {
  // One pass in draw order names each output of these draws (a collector's ids are its own); then each thread
  // takes every T-th output and reads every draw for it.
  std::vector<std::size_t> slot;
  constexpr std::size_t kUnseen = SIZE_MAX;
  for (std::size_t d = 0; d < draws.draws(); ++d) {
    std::uint64_t place = 0;
    draws.visit(d, [&](std::uint32_t id, const std::string& path, const auto&) {
      if (id >= slot.size()) slot.resize(id + 1, kUnseen);
      if (slot[id] == kUnseen) {
        slot[id] = column(path, first + d, place);
      }
      ++place;
    });
  }
  draws_ += draws.draws();
  const std::size_t slices =
      std::max<std::size_t>(1, std::min<std::size_t>(core::thread_count(threads), columns_.size()));
  core::parallel_for(slices, threads, [&](std::size_t t) {
    std::vector<std::size_t> last(columns_.size(), SIZE_MAX);  // the last draw each output was counted in
    // Each output's numbers are gathered first, then counted one output at a time, so that an output's sketch
    // stays in cache while it takes them (counted draw by draw, every value would land in another output's).
    std::vector<std::vector<double>> numbers(columns_.size());
    for (std::size_t d = 0; d < draws.draws(); ++d) {
      draws.visit(d, [&](std::uint32_t id, const std::string&, const auto& value) {
        const std::size_t j = slot[id];
        if (j % slices != t || last[j] == d) return;  // a draw counts an output once (the first time)
        last[j] = d;
        Column& c = *columns_[j];
        ++c.seen;
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
          numbers[j].push_back(value);
        } else if (value == kMember) {
          c.membership = true;
          ++c.categories["true"];
        } else {
          ++c.categories[value];
        }
      });
    }
    for (std::size_t j = t; j < columns_.size(); j += slices) {
      Column& c = *columns_[j];
      for (const double x : numbers[j]) {
        c.sum.add(x);
        c.squares.add_product(x, x);
        c.sketch.add(x);
      }
    }
  });
}

void StreamSummaries::merge(const StreamSummaries& other) {
  for (const auto& theirs : other.columns_) {
    Column& c = *columns_[column(theirs->path, theirs->first_draw, theirs->first_place)];
    c.seen += theirs->seen;
    c.membership = c.membership || theirs->membership;
    c.sum.merge(theirs->sum);
    c.squares.merge(theirs->squares);
    c.sketch.merge(theirs->sketch);
    for (const auto& [category, n] : theirs->categories) c.categories[category] += n;
  }
  draws_ += other.draws_;
}

std::vector<Summary> StreamSummaries::summarise() const {
  std::vector<const Column*> order;
  order.reserve(columns_.size());
  for (const auto& c : columns_) order.push_back(c.get());
  std::sort(order.begin(), order.end(), [](const Column* a, const Column* b) {
    return a->first_draw < b->first_draw || (a->first_draw == b->first_draw && a->first_place < b->first_place);
  });
  std::vector<Summary> out;
  out.reserve(order.size());
  const auto n = static_cast<double>(draws_);
  for (const Column* c : order) {
    Summary s;
    s.path = c->path;
    s.membership = c->membership;
    s.count = static_cast<std::size_t>(c->sketch.count());
    if (s.count > 0) {
      const auto count = static_cast<double>(s.count);
      s.mean = one_nan(c->sum.value() / count);
      // sum (x - mean)^2 = sum x^2 - 2 mean sum x + count mean^2, every term added exactly: one rounding.
      ExactSum squares;
      squares.merge(c->squares);
      for (const double t : c->sum.terms()) squares.add_product(-2 * s.mean, t);
      const double mean_squared = s.mean * s.mean;
      squares.add_product(count, mean_squared);
      squares.add_product(count, std::fma(s.mean, s.mean, -mean_squared));
      s.sd = s.count > 1 ? std::sqrt(std::max(0.0, squares.value()) / (count - 1)) : 0;
      s.se = s.sd / std::sqrt(count);  // sd is finite: max(0, NaN) is 0
      // Type-7 quantiles, as Collector::summarise, from the sketch's order statistics.
      set_quantiles(
          s, quantiles_5_to_95(s.count, [&](std::size_t i) { return unsigned_zero(c->sketch.order_statistic(i)); }));
      s.quantile_error = QuantileSketch::kRelativeError;
    }
    std::map<std::string, std::uint64_t> categories = c->categories;
    const std::uint64_t missing = draws_ - c->seen;
    if (!categories.empty() || missing > 0) {
      if (missing > 0) categories[c->membership ? "false" : "absent"] += missing;
      for (const auto& [category, k] : categories) s.p[category] = static_cast<double>(k) / n;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string StreamSummaries::encode() const {
  std::string out = "PSS1";
  put<std::uint64_t>(out, draws_);
  put<std::uint64_t>(out, columns_.size());
  for (const auto& c : columns_) {
    put_text(out, c->path);
    put<std::uint64_t>(out, c->first_draw);
    put<std::uint64_t>(out, c->first_place);
    put<std::uint64_t>(out, c->seen);
    put<std::uint8_t>(out, c->membership ? 1 : 0);
    c->sum.encode(out);
    c->squares.encode(out);
    c->sketch.encode(out);
    put<std::uint64_t>(out, c->categories.size());
    for (const auto& [category, k] : c->categories) {
      put_text(out, category);
      put<std::uint64_t>(out, k);
    }
  }
  return out;
}

void StreamSummaries::decode(std::string_view bytes) {
  *this = StreamSummaries{};
  if (!bytes.starts_with("PSS1")) throw std::invalid_argument("not a sweep's summaries");
  std::size_t at = 4;
  draws_ = get<std::uint64_t>(bytes, at);
  const auto columns = get<std::uint64_t>(bytes, at);
  for (std::uint64_t i = 0; i < columns; ++i) {
    const std::string path = get_text(bytes, at);
    const auto first_draw = get<std::uint64_t>(bytes, at), first_place = get<std::uint64_t>(bytes, at);
    if (index_.contains(path)) throw std::invalid_argument("an output twice in a sweep's summaries");
    Column& c = *columns_[column(path, first_draw, first_place)];
    c.seen = get<std::uint64_t>(bytes, at);
    c.membership = get<std::uint8_t>(bytes, at) != 0;
    c.sum.decode(bytes, at);
    c.squares.decode(bytes, at);
    c.sketch.decode(bytes, at);
    const auto categories = get<std::uint64_t>(bytes, at);
    std::uint64_t counted = c.sketch.count();  // a draw gives an output one value: a number or a category
    for (std::uint64_t j = 0; j < categories; ++j) {
      std::string category = get_text(bytes, at);
      const auto n = get<std::uint64_t>(bytes, at);
      if (counted + n < counted) throw std::invalid_argument("malformed sweep summaries");
      counted += n;
      c.categories[std::move(category)] += n;
    }
    if (c.seen > draws_ || counted > c.seen) throw std::invalid_argument("malformed sweep summaries");
  }
  if (at != bytes.size()) throw std::invalid_argument("trailing bytes after a sweep's summaries");
}

}  // namespace parley::sweep
