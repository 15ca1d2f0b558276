#include "analysis/solutions.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace parley::analysis {

namespace {

// The first point (in frontier order) whose objective is within kUtilityEpsilon of the best; points where
// `objective` gives nullopt do not qualify.
std::optional<std::size_t> best_point(
    const Frontier& f, const std::function<std::optional<double>(const std::vector<double>&)>& objective) {
  std::vector<std::optional<double>> value;
  value.reserve(f.points.size());
  double best = -std::numeric_limits<double>::infinity();
  for (const auto& p : f.points) {
    value.push_back(objective(p.utilities));
    if (value.back()) best = std::max(best, *value.back());
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] && *value[i] >= best - kUtilityEpsilon) return i;
  }
  return std::nullopt;
}

}  // namespace

Solutions solve(const Space& space, const Frontier& frontier) {
  Solutions s;
  const std::size_t m = space.parties.size();
  for (std::size_t p : space.parties) s.disagreement.push_back(space.actors[p].disagreement);
  s.best.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (const auto& point : frontier.points) s.best[i] = std::max(s.best[i], point.utilities[i]);
  }
  if (frontier.points.empty()) return s;
  const auto& d = s.disagreement;
  s.nash = best_point(frontier, [&](const std::vector<double>& u) -> std::optional<double> {
    double product = 1;
    for (std::size_t i = 0; i < m; ++i) {
      if (u[i] - d[i] <= kUtilityEpsilon) return std::nullopt;
      product *= u[i] - d[i];
    }
    return product;
  });
  s.kalai_smorodinsky = best_point(frontier, [&](const std::vector<double>& u) -> std::optional<double> {
    // A party that cannot gain over its disagreement value anywhere constrains nothing.
    double least = 1;
    for (std::size_t i = 0; i < m; ++i) {
      const double span = s.best[i] - d[i];
      if (span > kUtilityEpsilon) least = std::min(least, (u[i] - d[i]) / span);
    }
    return least;
  });
  s.egalitarian = best_point(frontier, [&](const std::vector<double>& u) -> std::optional<double> {
    double least = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < m; ++i) least = std::min(least, u[i] - d[i]);
    return least;
  });
  s.utilitarian = best_point(frontier, [&](const std::vector<double>& u) -> std::optional<double> {
    double sum = 0;
    for (double x : u) sum += x;
    return sum;
  });
  return s;
}

}  // namespace parley::analysis
