// Summaries that keep no draw (sweep/stream.hpp): sums exact whatever the order, quantiles within their stated
// bound of the exact ones, counts and shares equal to Collector::summarise's, and the same summaries however the
// draws are split and merged.
#include "sweep/stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

namespace parley::sweep {
namespace {

double exact_sum_of(const std::vector<double>& xs) {
  ExactSum s;
  for (const double x : xs) s.add(x);
  return s.value();
}

TEST(ExactSum, IsExactWhereFloatingPointSumsAreNot) {
  EXPECT_EQ(exact_sum_of({1e100, 1.0, -1e100}), 1.0);
  // The three doubles nearest 0.1, 0.2 and 0.3 sum exactly to 2^-55 (0.1 and 0.2 lie above, 0.3 below).
  EXPECT_EQ(exact_sum_of({0.1, 0.2, -0.3}), std::ldexp(1.0, -55));
  EXPECT_EQ(exact_sum_of({-0.3, 0.1, 0.2}), std::ldexp(1.0, -55));
  EXPECT_EQ(exact_sum_of({}), 0.0);
  EXPECT_EQ(exact_sum_of({std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::denorm_min()}),
            2 * std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(exact_sum_of({std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(), 3.0}), 3.0);
  // Rounding once, to nearest with ties to even: 1 + 2^-53 is a tie between 1 and 1 + 2^-52.
  EXPECT_EQ(exact_sum_of({1.0, std::ldexp(1.0, -53)}), 1.0);
  EXPECT_EQ(exact_sum_of({1.0, std::ldexp(1.0, -53), std::ldexp(1.0, -200)}), 1.0 + std::ldexp(1.0, -52));
  EXPECT_TRUE(std::isinf(exact_sum_of({1.0, std::numeric_limits<double>::infinity()})));
  // Near the largest double: carries past 2^1024 make no infinite term of a finite sum, and a sum past it is
  // infinite, not NaN.
  const double max = std::numeric_limits<double>::max();
  EXPECT_EQ(exact_sum_of({std::ldexp(1.0, 1023), std::ldexp(1.0, 1023), -std::ldexp(1.0, 971)}), max);
  EXPECT_EQ(exact_sum_of({max, max, -max}), max);
  EXPECT_EQ(exact_sum_of({max, max}), std::numeric_limits<double>::infinity());
  EXPECT_EQ(exact_sum_of({-max, -max}), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(exact_sum_of({std::numeric_limits<double>::quiet_NaN(), 1.0})));
}

TEST(ExactSum, IntegersSumExactlyPastTheCarries) {
  // 100,000 integers below 2^40: their sum (below 2^57) is exact in 64 bits, and must come out exactly, through
  // hundreds of carries.
  std::mt19937_64 rng(7);
  std::vector<double> xs;
  std::int64_t expected = 0;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<std::int64_t>(rng() >> 24) * ((i % 3 == 0) ? -1 : 1);
    xs.push_back(static_cast<double>(v));
    expected += v;
  }
  EXPECT_EQ(exact_sum_of(xs), static_cast<double>(expected));
}

TEST(ExactSum, DoesNotDependOnOrderOrMerging) {
  std::mt19937_64 rng(11);
  std::vector<double> xs;
  xs.reserve(20000);
  std::lognormal_distribution<double> size(0, 20);
  for (int i = 0; i < 20000; ++i) xs.push_back(size(rng) * (rng() % 2 == 0 ? 1 : -1));
  const double forward = exact_sum_of(xs);
  ExactSum squares;
  for (const double x : xs) squares.add_product(x, x);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(xs.begin(), xs.end(), rng);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(exact_sum_of(xs)), std::bit_cast<std::uint64_t>(forward));
    // Split in three at random places, summed apart, merged in another order, through bytes.
    const std::size_t a = rng() % xs.size(), b = a + rng() % (xs.size() - a);
    ExactSum parts[3], squared[3];
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const int part = i < a ? 0 : i < b ? 1 : 2;
      parts[part].add(xs[i]);
      squared[part].add_product(xs[i], xs[i]);
    }
    std::string bytes;
    parts[1].encode(bytes);
    std::size_t at = 0;
    ExactSum decoded;
    decoded.decode(bytes, at);
    EXPECT_EQ(at, bytes.size());
    ExactSum merged;
    merged.merge(parts[2]);
    merged.merge(decoded);
    merged.merge(parts[0]);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(merged.value()), std::bit_cast<std::uint64_t>(forward));
    ExactSum merged_squares;
    for (const int p : {1, 0, 2}) merged_squares.merge(squared[p]);
    EXPECT_EQ(merged_squares.value(), squares.value());
  }
}

TEST(ExactSum, RefusesMalformedBytes) {
  ExactSum s;
  s.add(3.5);
  std::string bytes;
  s.encode(bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::size_t at = 0;
    ExactSum t;
    EXPECT_THROW(t.decode(std::string_view(bytes).substr(0, cut), at), std::invalid_argument) << cut;
  }
  std::string bad = bytes;
  const std::int32_t beyond = 99999;  // the digit's index, out of range
  std::memcpy(bad.data() + bad.size() - 12, &beyond, sizeof beyond);
  std::size_t at = 0;
  ExactSum t;
  EXPECT_THROW(t.decode(bad, at), std::invalid_argument);
}

TEST(QuantileSketch, EveryOrderStatisticLiesWithinTheBound) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0, 50);
  std::exponential_distribution<double> tail(0.01);
  for (int shape = 0; shape < 4; ++shape) {
    std::vector<double> xs;
    for (int i = 0; i < 5000; ++i) {
      switch (shape) {
        case 0:
          xs.push_back(normal(rng));
          break;  // both signs, near zero too
        case 1:
          xs.push_back(tail(rng));
          break;  // many binades
        case 2:
          xs.push_back(i % 3 == 0 ? 50.0 : 50.0 + normal(rng) / 1e4);
          break;  // a point mass among neighbours
        default:
          xs.push_back(static_cast<double>(rng() % 7) - 3);
          break;  // a few values, zero among them
      }
    }
    QuantileSketch sketch;
    for (const double x : xs) sketch.add(x);
    ASSERT_EQ(sketch.count(), xs.size());
    std::vector<double> sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 0; k < sorted.size(); k += 7) {
      const double got = sketch.order_statistic(k), want = sorted[k];
      EXPECT_LE(std::fabs(got - want), QuantileSketch::kRelativeError * std::fabs(want)) << shape << " " << k;
    }
    // The least and greatest values, and values that repeat alone in their bucket, come out exactly.
    EXPECT_EQ(sketch.order_statistic(0), sorted.front());
    EXPECT_EQ(sketch.order_statistic(sorted.size() - 1), sorted.back());
    if (shape == 3) {
      for (std::size_t k = 0; k < sorted.size(); ++k) ASSERT_EQ(sketch.order_statistic(k), sorted[k]);
    }
  }
  QuantileSketch empty;
  EXPECT_THROW((void)empty.order_statistic(0), std::out_of_range);
}

TEST(QuantileSketch, MergesExactlyAndRoundTripsThroughBytes) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(10, 30);
  QuantileSketch whole, a, b;
  for (int i = 0; i < 3000; ++i) {
    const double x = normal(rng);
    whole.add(x);
    (i % 4 == 0 ? a : b).add(x);
  }
  std::string bytes;
  b.encode(bytes);
  std::size_t at = 0;
  QuantileSketch decoded;
  decoded.decode(bytes, at);
  EXPECT_EQ(at, bytes.size());
  QuantileSketch merged;
  merged.merge(decoded);
  merged.merge(a);
  ASSERT_EQ(merged.count(), whole.count());
  for (std::uint64_t k = 0; k < whole.count(); ++k) ASSERT_EQ(merged.order_statistic(k), whole.order_statistic(k));
  // Two parts of few values each whose union has more than kFew: merged either way, the whole's buckets.
  QuantileSketch low, high, both;
  for (int v = 0; v < 50; ++v) {
    low.add(v);
    both.add(v);
  }
  for (int v = 30; v < 90; ++v) {
    high.add(v + 0.5);
    both.add(v + 0.5);
  }
  QuantileSketch low_high, high_low;
  low_high.merge(low);
  low_high.merge(high);
  high_low.merge(high);
  high_low.merge(low);
  for (std::uint64_t k = 0; k < both.count(); ++k) {
    ASSERT_EQ(low_high.order_statistic(k), both.order_statistic(k)) << k;
    ASSERT_EQ(high_low.order_statistic(k), both.order_statistic(k)) << k;
  }
  for (std::size_t cut = 0; cut < bytes.size(); cut += 5) {
    std::size_t from = 0;
    QuantileSketch t;
    EXPECT_THROW(t.decode(std::string_view(bytes).substr(0, cut), from), std::invalid_argument) << cut;
  }
  // A bucket whose least and greatest are out of order, or outside it: refused (order_statistic relies on them).
  // The last bucket's bytes end with its least and greatest.
  for (const auto& [least, greatest] : {std::pair{2.0, 1.0}, std::pair{1e6, 1e6 + 1}}) {
    std::string bad = bytes;
    std::memcpy(bad.data() + bad.size() - 16, &least, 8);
    std::memcpy(bad.data() + bad.size() - 8, &greatest, 8);
    std::size_t from = 0;
    QuantileSketch t;
    EXPECT_THROW(t.decode(bad, from), std::invalid_argument) << least << " " << greatest;
  }
}

// Draws with numbers, categories, memberships and outputs missing from some draws.
std::vector<std::vector<Output>> some_draws(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(60, 12);
  std::vector<std::vector<Output>> draws(n);
  for (std::size_t k = 0; k < n; ++k) {
    auto& d = draws[k];
    d.push_back({"issues.land.mean", normal(rng)});
    if (k % 5 != 2) d.push_back({"issues.land.gap", std::floor(normal(rng))});
    d.push_back({"issues.land.zopa.exists", std::string(rng() % 3 == 0 ? "true" : "false")});
    if (k % 4 == 1) d.push_back({"equilibria.gmr.6", std::string(kMember)});
    if (k > 7) d.push_back({"late.arrival", static_cast<double>(k % 9)});
    d.push_back({"risk", rng() % 2 == 0 ? 0.5 : 0.5 + normal(rng) / 1e5});
  }
  return draws;
}

Collector collected(const std::vector<std::vector<Output>>& draws, std::size_t from, std::size_t to) {
  Collector c(to - from);
  for (std::size_t k = from; k < to; ++k) c.add(k - from, draws[k]);
  return c;
}

TEST(StreamSummaries, AgreeWithTheExactSummariesWithinTheBound) {
  const auto draws = some_draws(3001, 1);
  const auto exact = summarise(draws);
  StreamSummaries streamed;
  streamed.add(0, collected(draws, 0, draws.size()), 2);
  const auto sketched = streamed.summarise();
  ASSERT_EQ(sketched.size(), exact.size());
  for (std::size_t j = 0; j < exact.size(); ++j) {
    const Summary &e = exact[j], &s = sketched[j];
    SCOPED_TRACE(e.path);
    EXPECT_EQ(s.path, e.path);  // the same order: of first appearance
    EXPECT_EQ(s.count, e.count);
    EXPECT_EQ(s.p, e.p);
    EXPECT_EQ(s.membership, e.membership);
    EXPECT_EQ(e.quantile_error, 0);
    if (e.count == 0) continue;
    EXPECT_EQ(s.quantile_error, QuantileSketch::kRelativeError);
    EXPECT_NEAR(s.mean, e.mean, 1e-13 * std::fabs(e.mean));
    EXPECT_NEAR(s.sd, e.sd, 1e-10 * e.sd + 1e-300);
    for (const auto& [got, want] :
         {std::pair{s.q05, e.q05}, {s.q25, e.q25}, {s.q50, e.q50}, {s.q75, e.q75}, {s.q95, e.q95}}) {
      EXPECT_LE(std::fabs(got - want), QuantileSketch::kRelativeError * std::fabs(want));
    }
  }
  // The output that takes a few whole values has exact quantiles.
  const auto gap =
      std::find_if(sketched.begin(), sketched.end(), [](const Summary& s) { return s.path == "late.arrival"; });
  const auto gap_exact =
      std::find_if(exact.begin(), exact.end(), [](const Summary& s) { return s.path == "late.arrival"; });
  EXPECT_EQ(gap->q25, gap_exact->q25);
  EXPECT_EQ(gap->q50, gap_exact->q50);
}

TEST(StreamSummaries, AreTheSameHoweverTheDrawsAreSplit) {
  const auto draws = some_draws(2500, 2);
  StreamSummaries whole;
  whole.add(0, collected(draws, 0, draws.size()), 1);
  const std::string expected = whole.encode();
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 4; ++trial) {
    // Cut into pieces at random; each piece summarised apart (as ranks do), then merged in a shuffled order,
    // some through bytes.
    std::vector<std::size_t> cuts = {0, draws.size()};
    for (int c = 0; c < 5; ++c) cuts.push_back(rng() % draws.size());
    std::sort(cuts.begin(), cuts.end());
    std::vector<StreamSummaries> pieces(cuts.size() - 1);
    for (std::size_t p = 0; p + 1 < cuts.size(); ++p)
      pieces[p].add(cuts[p], collected(draws, cuts[p], cuts[p + 1]), static_cast<unsigned>(1 + p % 3));
    std::vector<std::size_t> order(pieces.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    StreamSummaries merged;
    for (const std::size_t p : order) {
      if (p % 2 == 0) {
        StreamSummaries decoded;
        decoded.decode(pieces[p].encode());
        merged.merge(decoded);
      } else {
        merged.merge(pieces[p]);
      }
    }
    EXPECT_EQ(merged.draws(), draws.size());
    const auto a = merged.summarise(), b = whole.summarise();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
      EXPECT_EQ(a[j].path, b[j].path);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a[j].mean), std::bit_cast<std::uint64_t>(b[j].mean)) << a[j].path;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a[j].sd), std::bit_cast<std::uint64_t>(b[j].sd)) << a[j].path;
      EXPECT_EQ(a[j].q05, b[j].q05);
      EXPECT_EQ(a[j].q50, b[j].q50);
      EXPECT_EQ(a[j].q95, b[j].q95);
      EXPECT_EQ(a[j].p, b[j].p);
    }
  }
}

TEST(StreamSummaries, RefuseBytesThatAreNotSummaries) {
  const auto draws = some_draws(50, 3);
  StreamSummaries s;
  s.add(0, collected(draws, 0, draws.size()), 1);
  const std::string bytes = s.encode();
  StreamSummaries t;
  EXPECT_THROW(t.decode("nonsense"), std::invalid_argument);
  EXPECT_THROW(t.decode(bytes + "x"), std::invalid_argument);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 11)
    EXPECT_THROW(t.decode(bytes.substr(0, cut)), std::invalid_argument);
  t.decode(bytes);
  const auto before = s.summarise(), after = t.summarise();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t j = 0; j < before.size(); ++j) {
    EXPECT_EQ(after[j].path, before[j].path);
    EXPECT_EQ(after[j].mean, before[j].mean);
    EXPECT_EQ(after[j].sd, before[j].sd);
    EXPECT_EQ(after[j].q50, before[j].q50);
    EXPECT_EQ(after[j].p, before[j].p);
  }
}

}  // namespace
}  // namespace parley::sweep
