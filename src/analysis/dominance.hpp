// Pareto dominance among points of utilities: which points no other point dominates, and how many are distinct.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace parley::analysis {

/// Indices, ascending, of the points (row-major, `m` coordinates each) that no other point dominates:
/// every coordinate at least as large and one larger, where coordinates within kUtilityEpsilon of each
/// other count as equal (each coordinate's values are grouped into runs no wider than kUtilityEpsilon).
/// Points with equal coordinates are all kept. One to three coordinates take a sort and a sweep; four or more
/// a divide and conquer over the coordinates (Kung, Luccio & Preparata 1975) on up to `threads` threads (0:
/// every hardware thread), which throws LimitError past `max_work` points visited and compared. The result
/// does not depend on `threads`.
[[nodiscard]] std::vector<std::uint32_t> nondominated(std::span<const double> points, std::size_t m,
                                                      double max_work = 1e10, unsigned threads = 1);

/// The number of distinct points (equal as `nondominated` compares them).
[[nodiscard]] std::size_t distinct_points(std::span<const double> points, std::size_t m);

namespace detail {

/// One coordinate's values replaced by the number of their run: sorted values start a new run when they lie
/// more than kUtilityEpsilon above the run's first value, so values closer than that share a rank and
/// comparisons on ranks are exact.
[[nodiscard]] std::vector<std::uint32_t> ranks(std::span<const double> points, std::size_t m, std::size_t coordinate);

/// Every coordinate's ranks: [coordinate][point], the coordinates on up to `threads` threads (0: all).
[[nodiscard]] std::vector<std::vector<std::uint32_t>> all_ranks(std::span<const double> points, std::size_t m,
                                                                unsigned threads = 1);

}  // namespace detail

}  // namespace parley::analysis
