#include "analysis/dominance.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <numeric>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "analysis/space.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::analysis {

namespace detail {

std::vector<std::uint32_t> ranks(std::span<const double> points, std::size_t m, std::size_t coordinate) {
  const std::size_t n = points.size() / m;
  // Sorting (value, index) pairs in place is several times faster than sorting indices through the points.
  std::vector<std::pair<double, std::uint32_t>> sorted(n);
  for (std::size_t i = 0; i < n; ++i) sorted[i] = {points[i * m + coordinate], static_cast<std::uint32_t>(i)};
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::uint32_t> rank(n);
  std::uint32_t run = 0;
  double start = n ? sorted[0].first : 0;
  for (const auto& [v, i] : sorted) {
    if (v - start > kUtilityEpsilon) ++run, start = v;
    rank[i] = run;
  }
  return rank;
}

std::vector<std::vector<std::uint32_t>> all_ranks(std::span<const double> points, std::size_t m, unsigned threads) {
  std::vector<std::vector<std::uint32_t>> r(m);
  // One sort per coordinate, independent: on threads when there is enough to sort.
  core::parallel_for(m, points.size() >= (std::size_t{1} << 16) ? threads : 1,
                     [&](std::size_t c) { r[c] = ranks(points, m, c); });
  return r;
}

}  // namespace detail

namespace {

using Index = std::uint32_t;

// Suffix maxima over integer keys (a Fenwick tree on reversed keys): the largest value stored at a key
// at least `key`.
class SuffixMax {
 public:
  explicit SuffixMax(std::size_t keys) : size_(keys), tree_(keys + 1, -1) {}
  void insert(std::size_t key, std::int64_t value) {
    for (std::size_t i = size_ - key; i <= size_; i += i & (~i + 1)) tree_[i] = std::max(tree_[i], value);
  }
  [[nodiscard]] std::int64_t query(std::size_t key) const {
    std::int64_t best = -1;
    for (std::size_t i = size_ - key; i > 0; i -= i & (~i + 1)) best = std::max(best, tree_[i]);
    return best;
  }

 private:
  std::size_t size_;
  std::vector<std::int64_t> tree_;
};

// One coordinate: every point below the largest rank is dominated.
std::vector<bool> dominated_one(const std::vector<Index>& r, std::size_t n) {
  std::vector<bool> out(n, false);
  const Index best = *std::max_element(r.begin(), r.end());
  for (std::size_t i = 0; i < n; ++i) out[i] = r[i] < best;
  return out;
}

// Two or three coordinates: a sweep by the first coordinate, largest first. A point is dominated by an earlier
// group (strictly larger first coordinate) when some earlier point is at least as large on the rest; within its
// own group, when one is at least as large on the rest and larger on one.
std::vector<bool> dominated_sweep(const std::vector<std::vector<Index>>& r, std::size_t n) {
  const std::size_t m = r.size();
  std::vector<bool> out(n, false);
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), Index{0});
  // Ranks are below n, so with n < 2^21 three of them pack into one key.
  if (n < (std::size_t{1} << 21)) {
    std::vector<std::pair<std::uint64_t, Index>> keyed(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t key = 0;
      for (std::size_t c = 0; c < m; ++c) key = (key << 21) | r[c][i];
      keyed[i] = {~key, static_cast<Index>(i)};  // decreasing key, then increasing index
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < n; ++i) order[i] = keyed[i].second;
  } else {
    std::sort(order.begin(), order.end(), [&](Index a, Index b) {
      for (std::size_t c = 0; c < m; ++c) {
        if (r[c][a] != r[c][b]) return r[c][a] > r[c][b];
      }
      return a < b;
    });
  }
  const Index keys = m == 3 ? *std::max_element(r[1].begin(), r[1].end()) + 1 : 1;
  SuffixMax earlier(keys);
  std::int64_t earlier_best = -1;  // m == 2: the largest second coordinate of earlier groups
  for (std::size_t g = 0; g < n;) {
    std::size_t end = g;
    while (end < n && r[0][order[end]] == r[0][order[g]]) ++end;
    // Within the group the order is by second coordinate, then third, both decreasing.
    std::int64_t best_third_above = -1;  // m == 3: best third coordinate among larger second ones
    for (std::size_t s = g; s < end;) {
      std::size_t send = s;
      while (send < end && r[1][order[send]] == r[1][order[s]]) ++send;
      for (std::size_t i = s; i < send; ++i) {
        const Index p = order[i];
        bool d = false;
        if (m == 2) {
          d = r[1][p] < r[1][order[g]] || earlier_best >= static_cast<std::int64_t>(r[1][p]);
        } else {
          const std::int64_t third = r[2][p];
          d = third < r[2][order[s]] || best_third_above >= third || earlier.query(r[1][p]) >= third;
        }
        out[p] = d;
      }
      if (m == 3) best_third_above = std::max<std::int64_t>(best_third_above, r[2][order[s]]);
      s = send;
    }
    for (std::size_t i = g; i < end; ++i) {
      const Index p = order[i];
      if (m == 2) earlier_best = std::max<std::int64_t>(earlier_best, r[1][p]);
      else earlier.insert(r[1][p], r[2][p]);
    }
    g = end;
  }
  return out;
}

// Four or more coordinates: multidimensional divide and conquer (Kung, Luccio & Preparata 1975, "On finding the
// maxima of a set of vectors", J. ACM 22(4); Bentley 1980, "Multidimensional divide-and-conquer", CACM 23(4)),
// O(n log^(d-2) n) for n points in d coordinates whatever the share of them undominated. Pairwise filters cost
// that share times n^2, and on opposed parties' utilities nearly every candidate is undominated.
//
// The points are distinct rank rows (equal rows are merged before), so "q >= p everywhere" means q dominates p.
// A set is split on one coordinate at its median: every point of the upper part is strictly larger there than
// every point of the lower part, so an upper point dominates a lower one exactly when it is at least as large on
// the other coordinates (the filter below, one coordinate fewer), and no lower point dominates an upper one.
// The filter splits the same way, and drops a coordinate on which the dominating side is known to be larger.
// Boxes (the dominating side's maxima, the dominated side's minima) prune most of it before any split.
class Maxima {
 public:
  Maxima(std::span<const Index> rows, std::size_t m, double max_work) : rows_(rows), m_(m), max_work_(max_work) {}

  /// The undominated of `ids` on coordinates s..m-1, where the points agree on the coordinates before s.
  std::vector<Index> maxima(std::vector<Index> ids, std::size_t s, unsigned threads) {
    spend(ids.size());
    if (ids.size() <= 1) return ids;
    if (s + 1 == m_) {  // distinct rows that agree elsewhere: one largest
      return {*std::max_element(ids.begin(), ids.end(), [&](Index a, Index b) { return at(a, s) < at(b, s); })};
    }
    if (ids.size() <= kSmall) return brute_maxima(ids, s);
    const auto split = split_value(ids, {}, s);
    if (!split) return maxima(std::move(ids), s + 1, threads);  // all equal on s
    std::vector<Index> high, low;
    for (Index i : ids) (at(i, s) >= *split ? high : low).push_back(i);
    ids = {};
    std::vector<Index> top, rest;
    fork(
        threads, high.size() + low.size(), [&](unsigned t) { top = maxima(std::move(high), s, t); },
        [&](unsigned t) { rest = maxima(std::move(low), s, t); });
    filter(rest, top, s + 1, threads);
    top.insert(top.end(), rest.begin(), rest.end());
    return top;
  }

 private:
  static constexpr std::size_t kSmall = 16;          // points whose maxima are found pairwise
  static constexpr std::size_t kSmallPairs = 1024;   // filters that compare pairwise
  static constexpr std::size_t kForkPoints = 16384;  // parts worth a thread of their own

  [[nodiscard]] Index at(Index i, std::size_t c) const { return rows_[static_cast<std::size_t>(i) * m_ + c]; }

  // q at least as large as p on coordinates s..m-1
  [[nodiscard]] bool covers(Index q, Index p, std::size_t s) const {
    const Index* a = &rows_[static_cast<std::size_t>(q) * m_];
    const Index* b = &rows_[static_cast<std::size_t>(p) * m_];
    for (std::size_t c = s; c < m_; ++c) {
      if (a[c] < b[c]) return false;
    }
    return true;
  }

  void spend(std::size_t units) {
    if (static_cast<double>(work_ += units) > max_work_) {
      throw LimitError("the Pareto frontier of " + std::to_string(m_) + " parties needs more than " +
                       core::format_number(max_work_) + " comparisons; coarsen the issues' steps");
    }
  }

  // Runs both parts, on two threads when the budget and the size allow; the budget is split between them.
  template <class First, class Second>
  static void fork(unsigned threads, std::size_t size, First&& first, Second&& second) {
    if (threads <= 1 || size < kForkPoints) {
      first(1u);
      second(1u);
      return;
    }
    const unsigned half = threads / 2;
    std::exception_ptr failure;
    std::thread helper;
    try {
      helper = std::thread([&] {
        try {
          first(half);
        } catch (...) {
          failure = std::current_exception();
        }
      });
    } catch (const std::system_error&) {  // no thread to be had: both parts here, one after the other
      first(half);
      second(threads - half);
      return;
    }
    try {
      second(threads - half);
    } catch (...) {
      helper.join();
      throw;
    }
    helper.join();
    if (failure) std::rethrow_exception(failure);
  }

  // The median of coordinate s over both sets, raised past the least value so that the lower part is never
  // empty; none when every point has the same value there.
  [[nodiscard]] std::optional<Index> split_value(std::span<const Index> a, std::span<const Index> b,
                                                 std::size_t s) const {
    std::vector<Index> values;
    values.reserve(a.size() + b.size());
    for (Index i : a) values.push_back(at(i, s));
    for (Index i : b) values.push_back(at(i, s));
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    const Index least = *std::min_element(values.begin(), mid + 1);
    if (*mid != least) return *mid;
    std::optional<Index> next;
    for (Index v : values) {
      if (v > least && (!next || v < *next)) next = v;
    }
    return next;
  }

  [[nodiscard]] std::vector<Index> brute_maxima(const std::vector<Index>& ids, std::size_t s) {
    spend(ids.size() * ids.size());
    std::vector<Index> out;
    for (Index p : ids) {
      if (std::none_of(ids.begin(), ids.end(), [&](Index q) { return q != p && covers(q, p, s); })) out.push_back(p);
    }
    return out;
  }

  // Removes from `a` every point that some point of `b` covers on coordinates s..m-1.
  void filter(std::vector<Index>& a, std::span<const Index> b, std::size_t s, unsigned threads) {
    if (a.empty() || b.empty()) return;
    if (s == m_) {
      a.clear();
      return;
    }
    spend(a.size() + b.size());
    // Points of a above b's box cannot be covered; points of b below the rest's box cover none of them.
    std::vector<Index> top(m_, 0), bottom(m_, ~Index{0});
    for (Index q : b) {
      for (std::size_t c = s; c < m_; ++c) top[c] = std::max(top[c], at(q, c));
    }
    std::vector<Index> kept, open;
    for (Index p : a) {
      bool inside = true;
      for (std::size_t c = s; c < m_ && inside; ++c) inside = at(p, c) <= top[c];
      (inside ? open : kept).push_back(p);
    }
    if (open.empty()) return;
    for (Index p : open) {
      for (std::size_t c = s; c < m_; ++c) bottom[c] = std::min(bottom[c], at(p, c));
    }
    std::vector<Index> by;
    for (Index q : b) {
      bool inside = true;
      for (std::size_t c = s; c < m_ && inside; ++c) inside = at(q, c) >= bottom[c];
      if (inside) by.push_back(q);
    }
    if (by.empty()) return;
    if (s + 1 == m_) {
      Index best = 0;
      for (Index q : by) best = std::max(best, at(q, s));
      for (Index p : open) {
        if (at(p, s) > best) kept.push_back(p);
      }
    } else if (open.size() * by.size() <= kSmallPairs) {
      spend(open.size() * by.size());
      for (Index p : open) {
        if (std::none_of(by.begin(), by.end(), [&](Index q) { return covers(q, p, s); })) kept.push_back(p);
      }
    } else if (s + 2 == m_) {
      sweep(open, by, s, kept);
    } else if (const auto split = split_value(open, by, s); !split) {
      filter(open, by, s + 1, threads);  // all equal on s
      kept.insert(kept.end(), open.begin(), open.end());
    } else {
      std::vector<Index> a_low, a_high, b_low, b_high;
      for (Index p : open) (at(p, s) >= *split ? a_high : a_low).push_back(p);
      for (Index q : by) (at(q, s) >= *split ? b_high : b_low).push_back(q);
      open = {};
      by = {};
      // b_high is larger than a_low on s; b_low is smaller than a_high there, so covers none of it.
      fork(
          threads, a_low.size() + a_high.size() + b_low.size() + b_high.size(),
          [&](unsigned t) {
            filter(a_low, b_high, s + 1, t);
            filter(a_low, b_low, s, t);
          },
          [&](unsigned t) { filter(a_high, b_high, s, t); });
      kept.insert(kept.end(), a_low.begin(), a_low.end());
      kept.insert(kept.end(), a_high.begin(), a_high.end());
    }
    a = std::move(kept);
  }

  // Two coordinates left: by the first, decreasing (b before a on ties, as ties cover), the second's best so far.
  void sweep(const std::vector<Index>& a, const std::vector<Index>& b, std::size_t s, std::vector<Index>& kept) const {
    struct Entry {
      Index first, second;
      bool dominating;
      Index id;
    };
    std::vector<Entry> entries;
    entries.reserve(a.size() + b.size());
    for (Index q : b) entries.push_back({at(q, s), at(q, s + 1), true, q});
    for (Index p : a) entries.push_back({at(p, s), at(p, s + 1), false, p});
    std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
      return x.first != y.first ? x.first > y.first : x.dominating > y.dominating;
    });
    std::int64_t best = -1;
    for (const Entry& e : entries) {
      if (e.dominating) best = std::max<std::int64_t>(best, e.second);
      else if (best < static_cast<std::int64_t>(e.second)) kept.push_back(e.id);
    }
  }

  std::span<const Index> rows_;
  std::size_t m_;
  double max_work_;
  std::atomic<std::uint64_t> work_{0};
};

std::vector<bool> dominated_divided(const std::vector<std::vector<Index>>& r, std::size_t n, double max_work,
                                    unsigned threads) {
  const std::size_t m = r.size();
  std::vector<Index> rows(n * m);
  for (std::size_t c = 0; c < m; ++c) {
    for (std::size_t i = 0; i < n; ++i) rows[i * m + c] = r[c][i];
  }
  // Equal rows stand for one another: one of each goes in, and all share its answer.
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), Index{0});
  auto row_less = [&](Index a, Index b) {
    return std::lexicographical_compare(&rows[a * m], &rows[a * m] + m, &rows[b * m], &rows[b * m] + m);
  };
  std::sort(order.begin(), order.end(), row_less);
  std::vector<Index> first(n), distinct;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == 0 || row_less(order[k - 1], order[k])) distinct.push_back(order[k]);
    first[order[k]] = distinct.back();
  }
  Maxima maxima(rows, m, max_work);
  std::vector<bool> top(n, false);
  for (Index i : maxima.maxima(std::move(distinct), 0, core::thread_count(threads))) top[i] = true;
  std::vector<bool> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = !top[first[i]];
  return out;
}

std::vector<bool> dominated_on_ranks(const std::vector<std::vector<Index>>& r, std::size_t n, double max_work,
                                     unsigned threads) {
  if (r.empty() || n == 0) return std::vector<bool>(n, false);
  if (r.size() == 1) return dominated_one(r[0], n);
  if (r.size() <= 3) return dominated_sweep(r, n);
  return dominated_divided(r, n, max_work, threads);
}

}  // namespace

std::vector<std::uint32_t> nondominated(std::span<const double> points, std::size_t m, double max_work,
                                        unsigned threads) {
  if (m == 0) return {};
  const std::size_t n = points.size() / m;
  const auto dominated = dominated_on_ranks(detail::all_ranks(points, m, threads), n, max_work, threads);
  std::vector<Index> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!dominated[i]) out.push_back(static_cast<Index>(i));
  }
  return out;
}

std::size_t distinct_points(std::span<const double> points, std::size_t m) {
  if (m == 0) return points.empty() ? 0 : 1;
  const std::size_t n = points.size() / m;
  const auto r = detail::all_ranks(points, m);
  // Rank vectors as flat rows, sorted through an index, then counted once each.
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), Index{0});
  auto row_less = [&](Index a, Index b) {
    for (std::size_t c = 0; c < m; ++c) {
      if (r[c][a] != r[c][b]) return r[c][a] < r[c][b];
    }
    return false;
  };
  std::sort(order.begin(), order.end(), row_less);
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < n; ++i) distinct += i == 0 || row_less(order[i - 1], order[i]);
  return distinct;
}

}  // namespace parley::analysis
