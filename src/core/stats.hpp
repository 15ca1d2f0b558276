// Weighted statistics of positions (docs/models.md §1.2-1.3), shared by the per-issue analysis and the
// forecast models.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace parley::core {

/// Positions sorted ascending (ties by input order); the first whose cumulative weight reaches half the
/// total (to within 1e-12 of the total, so a sum taken in another order cannot step past an exact half).
/// All weights zero: every position weighs the same. Throws UsageError for no positions, mismatched
/// lengths, non-finite values or negative weights.
[[nodiscard]] double weighted_median(std::span<const double> positions, std::span<const double> weights);

/// sum w x / sum w; all weights zero: the plain mean. Throws like weighted_median.
[[nodiscard]] double weighted_mean(std::span<const double> positions, std::span<const double> weights);

/// The option nearest to position x on a discrete scale of `count` options (values 0 to count - 1): a position
/// between two options, as a model or a draw may give, belongs to the nearer; one off the scale to its end.
[[nodiscard]] inline std::size_t nearest_option(double x, std::size_t count) {
  const auto last = static_cast<long long>(count) - 1;
  return static_cast<std::size_t>(std::clamp(std::llround(x), 0LL, std::max(0LL, last)));
}

}  // namespace parley::core
