// Bargaining solutions on the Pareto frontier (docs/models.md §2.7).
#pragma once

#include <optional>
#include <vector>

#include "analysis/pareto.hpp"

namespace parley::analysis {

struct Solutions {
  // Indices into Frontier::points; empty when no point qualifies (no frontier, or for Nash no point that
  // gives every party more than its disagreement value).
  std::optional<std::size_t> nash, kalai_smorodinsky, egalitarian, utilitarian, leximin;
  std::vector<double> disagreement;  // d_i per party
  std::vector<double> best;          // U_i per party: the most it gets in an agreeable package
};

/// Nash (1950): max prod (u_i - d_i) over u_i > d_i; Kalai & Smorodinsky (1975), discrete form:
/// max min (u_i - d_i) / (U_i - d_i); egalitarian: max min (u_i - d_i); utilitarian: max sum u_i; leximin (Sen
/// 1970; Rawls's difference principle made lexicographic): the normalised gains g_i = (u_i - d_i) / (U_i - d_i)
/// sorted ascending, compared lexicographically (the worst-off first, then the next, ...), a party with
/// U_i - d_i <= eps left out as in Kalai-Smorodinsky.
/// Objectives within kUtilityEpsilon tie; ties go to the larger sum of utilities, then the smaller package
/// issue by issue, which is the frontier's own order, so the first point reaching the best value wins.
[[nodiscard]] Solutions solve(const Space& space, const Frontier& frontier);

}  // namespace parley::analysis
