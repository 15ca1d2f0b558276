#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "parley/error.hpp"

namespace parley::core {

namespace {

// Cumulative weight this close (relative to the total) to half counts as reaching it.
constexpr double kHalfTie = 1e-12;

void check_lengths(std::span<const double> positions, std::span<const double> weights) {
  if (positions.empty()) throw UsageError("a weighted median or mean needs at least one position");
  if (positions.size() != weights.size()) throw UsageError("positions and weights differ in number");
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (!std::isfinite(positions[i]) || !std::isfinite(weights[i]) || weights[i] < 0) {
      throw UsageError("a weighted median or mean needs finite positions and finite weights >= 0");
    }
  }
}

// All-zero weights weigh every position the same.
std::vector<double> usable(std::span<const double> weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  return total > 0 ? std::vector<double>(weights.begin(), weights.end()) : std::vector<double>(weights.size(), 1.0);
}

}  // namespace

double weighted_median(std::span<const double> positions, std::span<const double> weights) {
  check_lengths(positions, weights);
  const std::vector<double> w = usable(weights);
  std::vector<std::size_t> order(positions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return positions[a] < positions[b]; });
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  double cumulative = 0;
  for (const std::size_t i : order) {
    cumulative += w[i];
    if (cumulative >= total / 2 - kHalfTie * total) return positions[i];
  }
  return positions[order.back()];
}

double weighted_mean(std::span<const double> positions, std::span<const double> weights) {
  check_lengths(positions, weights);
  const std::vector<double> w = usable(weights);
  double sum = 0, total = 0;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    sum += w[i] * positions[i];
    total += w[i];
  }
  return sum / total;
}

}  // namespace parley::core
