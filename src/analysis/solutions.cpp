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

// The normalised gains of u, ascending (parties that can gain nothing left out).
std::vector<double> sorted_gains(const std::vector<double>& u, const std::vector<double>& d,
                                 const std::vector<double>& best) {
  std::vector<double> g;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double span = best[i] - d[i];
    if (span > kUtilityEpsilon) g.push_back((u[i] - d[i]) / span);
  }
  std::sort(g.begin(), g.end());
  return g;
}

// -1, 0 or 1 as a is lexicographically below, level with (every entry within kUtilityEpsilon) or above b.
int compare_gains(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] < b[i] - kUtilityEpsilon) return -1;
    if (a[i] > b[i] + kUtilityEpsilon) return 1;
  }
  return 0;
}

// The first frontier point whose sorted gains no other point's exceed lexicographically. Two passes: the best
// vector, then the first point level with it, so that ties go to the frontier's order as in best_point.
std::optional<std::size_t> leximin_point(const Frontier& f, const std::vector<double>& d,
                                         const std::vector<double>& best) {
  if (f.points.empty()) return std::nullopt;
  std::vector<std::vector<double>> gains;
  gains.reserve(f.points.size());
  std::size_t top = 0;
  for (std::size_t i = 0; i < f.points.size(); ++i) {
    gains.push_back(sorted_gains(f.points[i].utilities, d, best));
    if (compare_gains(gains[i], gains[top]) > 0) top = i;
  }
  for (std::size_t i = 0; i < gains.size(); ++i) {
    if (compare_gains(gains[i], gains[top]) == 0) return i;
  }
  return top;
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
  s.leximin = leximin_point(frontier, d, s.best);
  return s;
}

}  // namespace parley::analysis
