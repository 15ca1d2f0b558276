// Fuzz target: a sweep's summaries that keep no draw (src/sweep/stream.hpp). The first byte chooses what the rest
// is: (even) bytes from another rank, which decode must refuse or accept, never crash on, and what it accepts must
// summarise and merge with itself; (odd) numbers, 8 bytes each, added to exact sums and quantile sketches in two
// orders and two splits, which must agree bit for bit, every order statistic within the stated bound of the exact
// one (for normal magnitudes; subnormals are bucketed by absolute steps).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "fuzz_support.hpp"
#include "sweep/stream.hpp"

namespace {

using parley::sweep::ExactSum;
using parley::sweep::QuantileSketch;
using parley::sweep::StreamSummaries;

void summaries_from_bytes(std::string_view bytes) {
  StreamSummaries s;
  try {
    s.decode(bytes);
  } catch (const std::invalid_argument&) {
    return;
  } catch (const std::overflow_error&) {
    return;  // digits that carry past the accumulator: refused as malformed
  }
  try {
    StreamSummaries twice;
    twice.merge(s);
    twice.merge(s);
    (void)twice.summarise();
    (void)s.summarise();
  } catch (const std::out_of_range&) {
    // counts that wrap around 2^64 leave an order statistic beyond them: refused, not read past
  } catch (const std::overflow_error&) {}
}

void numbers(const std::uint8_t* data, std::size_t size) {
  std::vector<double> xs;
  for (std::size_t at = 0; at + 8 <= size; at += 8) {
    double x;
    std::memcpy(&x, data + at, 8);
    if (!std::isnan(x)) xs.push_back(x);
  }
  if (xs.empty()) return;
  ExactSum forward, backward, left, right, squares_forward, squares_backward;
  QuantileSketch whole, low, high;
  const std::size_t cut = xs.size() / 3;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    forward.add(xs[i]);
    squares_forward.add_product(xs[i], xs[i]);
    backward.add(xs[xs.size() - 1 - i]);
    squares_backward.add_product(xs[xs.size() - 1 - i], xs[xs.size() - 1 - i]);
    (i < cut ? left : right).add(xs[i]);
    whole.add(xs[i]);
    (i % 2 == 0 ? low : high).add(xs[i]);
  }
  const auto same = [](double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) || (std::isnan(a) && std::isnan(b));
  };
  ExactSum merged;
  merged.merge(right);
  merged.merge(left);
  if (!same(forward.value(), backward.value()) || !same(forward.value(), merged.value())) std::abort();
  if (!same(squares_forward.value(), squares_backward.value())) std::abort();
  QuantileSketch both;
  both.merge(high);
  both.merge(low);
  std::vector<double> sorted = xs;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    const double got = whole.order_statistic(k), want = sorted[k];
    if (!same(got, both.order_statistic(k))) std::abort();
    if (got == want || std::fabs(want) < 0x1p-1022) continue;
    if (!(std::fabs(got - want) <= QuantileSketch::kRelativeError * std::fabs(want))) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    summaries_from_bytes(parley::fuzz::text(data + 1, size - 1));
  } else {
    numbers(data + 1, std::min<std::size_t>(size - 1, std::size_t{8} * 4096));
  }
  return 0;
}
