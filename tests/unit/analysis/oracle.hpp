// The definitions of docs/models.md §2 taken literally, for brute-force checks.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analysis/analyze.hpp"
#include "analysis/pareto.hpp"
#include "analysis/space.hpp"

namespace parley::analysis::testing {

/// y dominates x: at least as large everywhere and larger somewhere, utilities within kUtilityEpsilon equal.
inline bool dominates(const std::vector<double>& y, const std::vector<double>& x) {
  bool strict = false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (y[i] < x[i] - kUtilityEpsilon) return false;
    strict = strict || y[i] > x[i] + kUtilityEpsilon;
  }
  return strict;
}

using Package = std::vector<std::size_t>;

// ---- the oracle: every package, the definitions of docs/models.md §2 taken literally ----------------

inline std::vector<Package> all_packages(const Space& space) {
  std::vector<Package> out{Package(space.issues.size(), 0)};
  for (std::size_t k = 0; k < space.issues.size(); ++k) {
    std::vector<Package> next;
    for (const auto& p : out) {
      for (std::size_t j = 0; j < space.issues[k].values.size(); ++j) {
        next.push_back(p);
        next.back()[k] = j;
      }
    }
    out = std::move(next);
  }
  return out;
}

inline std::vector<double> party_utilities(const Space& space, const Package& p) {
  std::vector<double> u;
  for (std::size_t a : space.parties) u.push_back(space.actors[a].utility(p));
  return u;
}

struct Oracle {
  std::vector<Package> agreeable;
  std::vector<Package> frontier;  // sorted
  std::vector<std::vector<double>> frontier_u;
};

/// The packages that pass (by default Space::agreeable), their frontier.
inline Oracle oracle(const Space& space, const std::function<bool(const Package&)>& passes = {}) {
  Oracle o;
  for (const auto& p : all_packages(space)) {
    if (passes ? passes(p) : space.agreeable(p)) o.agreeable.push_back(p);
  }
  std::vector<std::vector<double>> u;
  for (const auto& p : o.agreeable) u.push_back(party_utilities(space, p));
  for (std::size_t i = 0; i < o.agreeable.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < o.agreeable.size() && !dominated; ++j) dominated = dominates(u[j], u[i]);
    if (!dominated) o.frontier.push_back(o.agreeable[i]), o.frontier_u.push_back(u[i]);
  }
  return o;
}

// The solution the definitions pick among the frontier packages, with the tie rules.
inline std::optional<Package> oracle_solution(
    const Space& space, const Oracle& o, const std::function<std::optional<double>(const std::vector<double>&)>& f) {
  std::optional<double> best;
  for (const auto& u : o.frontier_u) {
    if (auto v = f(u); v && (!best || *v > *best)) best = v;
  }
  if (!best) return std::nullopt;
  std::optional<std::size_t> pick;
  double pick_sum = 0;
  for (std::size_t i = 0; i < o.frontier.size(); ++i) {
    const auto v = f(o.frontier_u[i]);
    if (!v || *v < *best - kUtilityEpsilon) continue;
    double sum = 0;
    for (double x : o.frontier_u[i]) sum += x;
    if (!pick || sum > pick_sum + kUtilityEpsilon ||
        (std::abs(sum - pick_sum) <= kUtilityEpsilon && o.frontier[i] < o.frontier[*pick])) {
      pick = i;
      pick_sum = sum;
    }
  }
  (void)space;
  return o.frontier[*pick];
}

inline std::vector<Package> expand(const Space& space, const PackageAnalysis& pa) {
  std::vector<Package> out;
  for (const auto& point : pa.frontier.points) {
    for (double k = 0; k < point.packages(); k += 1) out.push_back(package_of(space, pa.blocks, point, k));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The four solutions of `pa` against their definitions over the oracle's frontier.
inline void check_solutions(const Space& space, const Oracle& o, const PackageAnalysis& pa, std::uint64_t seed) {
  {
    const std::size_t m = space.parties.size();
    std::vector<double> d, best(m, 0.0);
    for (std::size_t p : space.parties) d.push_back(space.actors[p].disagreement);
    for (const auto& u : o.frontier_u) {
      for (std::size_t i = 0; i < m; ++i) best[i] = std::max(best[i], u[i]);
    }
    auto got = [&](const std::optional<std::size_t>& i) -> std::optional<Package> {
      if (!i) return std::nullopt;
      return package_of(space, pa.blocks, pa.frontier.points[*i]);
    };
    const auto nash = oracle_solution(space, o, [&](const std::vector<double>& u) -> std::optional<double> {
      double prod = 1;
      for (std::size_t i = 0; i < m; ++i) {
        if (u[i] <= d[i] + kUtilityEpsilon) return std::nullopt;
        prod *= u[i] - d[i];
      }
      return prod;
    });
    EXPECT_EQ(got(pa.solutions.nash), nash) << "seed " << seed;
    const auto ks = oracle_solution(space, o, [&](const std::vector<double>& u) -> std::optional<double> {
      double least = 1;
      for (std::size_t i = 0; i < m; ++i) {
        if (best[i] - d[i] > kUtilityEpsilon) least = std::min(least, (u[i] - d[i]) / (best[i] - d[i]));
      }
      return least;
    });
    EXPECT_EQ(got(pa.solutions.kalai_smorodinsky), ks) << "seed " << seed;
    const auto egal = oracle_solution(space, o, [&](const std::vector<double>& u) -> std::optional<double> {
      double least = 1e300;
      for (std::size_t i = 0; i < m; ++i) least = std::min(least, u[i] - d[i]);
      return least;
    });
    EXPECT_EQ(got(pa.solutions.egalitarian), egal) << "seed " << seed;
    const auto util = oracle_solution(space, o, [&](const std::vector<double>& u) -> std::optional<double> {
      double sum = 0;
      for (double x : u) sum += x;
      return sum;
    });
    EXPECT_EQ(got(pa.solutions.utilitarian), util) << "seed " << seed;
    // Leximin: sorted normalised gains, the lexicographically largest; level vectors go to the larger sum, then the
    // smaller package (the frontier's order). Checked as: no frontier package's sorted gains exceed the pick's.
    const auto gains = [&](const std::vector<double>& u) {
      std::vector<double> g;
      for (std::size_t i = 0; i < m; ++i) {
        if (best[i] - d[i] > kUtilityEpsilon) g.push_back((u[i] - d[i]) / (best[i] - d[i]));
      }
      std::sort(g.begin(), g.end());
      return g;
    };
    const auto lex = got(pa.solutions.leximin);
    EXPECT_EQ(lex.has_value(), !o.frontier.empty()) << "seed " << seed;
    if (lex) {
      const auto mine = gains(party_utilities(space, *lex));
      for (const auto& u : o.frontier_u) {
        const auto other = gains(u);
        for (std::size_t i = 0; i < mine.size(); ++i) {
          if (other[i] < mine[i] - kUtilityEpsilon) break;
          ASSERT_LE(other[i], mine[i] + kUtilityEpsilon) << "seed " << seed << ": a package beats leximin's pick";
        }
      }
    }
    // Every solution lies on the frontier.
    for (const auto& s : {nash, ks, egal, util, lex}) {
      if (s) {
        EXPECT_TRUE(std::binary_search(o.frontier.begin(), o.frontier.end(), *s)) << "seed " << seed;
      }
    }
  }
}

// The cost of making package x agreeable, straight from the definitions in bridge.hpp.
inline std::vector<double> oracle_costs(const Space& space, const Package& x) {
  std::vector<double> cost;
  const auto everything = all_packages(space);
  for (std::size_t p : space.parties) {
    const SpaceActor& a = space.actors[p];
    double c = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (a.indifferent) continue;
      const double v = space.issues[k].values[x[k]];
      // A limit written as a reservation reaches as far on both sides of the position; one-sided limits bound one
      // side each. The value lies beyond by the most any of them is passed.
      double beyond = 0;
      if (a.reservation[k]) beyond = std::abs(v - *a.position[k]) - std::abs(*a.reservation[k] - *a.position[k]);
      if (a.at_least[k]) beyond = std::max(beyond, *a.at_least[k] - v);
      if (a.at_most[k]) beyond = std::max(beyond, v - *a.at_most[k]);
      // Options listed one by one: one left out is as far as the nearest listed on an ordered issue, a whole
      // range on a nominal one (docs/models.md §2.8).
      if (!a.options[k].empty() && a.options[k][x[k]] == 0) {
        double nearest = 1e300;
        for (std::size_t j = 0; j < a.options[k].size(); ++j)
          if (a.options[k][j] != 0) nearest = std::min(nearest, std::abs(v - space.issues[k].values[j]));
        beyond = space.issues[k].nominal ? space.issues[k].range : nearest;
      }
      if (beyond > 1e-9) c += a.weight[k] * beyond / space.issues[k].range;
    }
    if (a.no_deal) c += std::max(0.0, *a.no_deal - a.utility(x));
    for (const auto& rule : space.rules) {
      if (!rule.red_line || rule.actor != p) continue;
      std::vector<double> values(x.size());
      space.values_of(x, values);
      if (rule.holds(values)) continue;
      double best = 1;  // holds nowhere: dropped
      bool any = false;
      for (const auto& y : everything) {
        bool same = true;
        for (std::size_t k = 0; k < x.size(); ++k) {
          const bool read = std::find(rule.issues.begin(), rule.issues.end(), k) != rule.issues.end();
          same = same && (read || y[k] == x[k]);
        }
        space.values_of(y, values);
        if (!same || !rule.holds(values)) continue;
        double d = 0;
        for (std::size_t k : rule.issues) {
          // A nominal issue has no distance: another option is the issue's whole weight away.
          const double apart =
              space.issues[k].nominal
                  ? (x[k] != y[k] ? 1.0 : 0.0)
                  : std::abs(space.issues[k].values[x[k]] - space.issues[k].values[y[k]]) / space.issues[k].range;
          d += (a.indifferent ? 0.0 : a.weight[k]) * apart;
        }
        best = any ? std::min(best, d) : d;
        any = true;
      }
      c += best;
    }
    cost.push_back(c);
  }
  return cost;
}

}  // namespace parley::analysis::testing
