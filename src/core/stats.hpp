// Weighted statistics of positions (docs/models.md §1.2-1.3), shared by the per-issue analysis and the
// forecast models.
#pragma once

#include <span>

namespace parley::core {

/// Positions sorted ascending (ties by input order); the first whose cumulative weight reaches half the
/// total (to within 1e-12 of the total, so a sum taken in another order cannot step past an exact half).
/// All weights zero: every position weighs the same. Throws UsageError for no positions, mismatched
/// lengths, non-finite values or negative weights.
[[nodiscard]] double weighted_median(std::span<const double> positions, std::span<const double> weights);

/// sum w x / sum w; all weights zero: the plain mean. Throws like weighted_median.
[[nodiscard]] double weighted_mean(std::span<const double> positions, std::span<const double> weights);

}  // namespace parley::core
