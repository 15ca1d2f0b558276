#include "analysis/analyze.hpp"

namespace parley::analysis {

PackageAnalysis analyze_packages(const Space& space, const AnalysisLimits& limits) {
  PackageAnalysis out;
  out.total = space.size();
  if (space.parties.empty()) {
    out.agreeable = {out.total, true, out.total, out.total};
    return out;
  }
  out.blocks = blocks_of(space, limits.packages);
  out.agreeable = count_agreeable(space, out.blocks, limits.packages);
  out.frontier = pareto_frontier(space, out.blocks, limits.packages);
  out.solutions = solve(space, out.frontier);
  // The count may be a bound; the frontier is exact, and empty exactly when nothing is agreeable. With a
  // minimum ratification probability the search runs anyway: an agreeable package may still fall short of it.
  if (out.frontier.points.empty() || limits.bridge.min_ratification > 0) out.bridge = bridge(space, limits.bridge);
  return out;
}

}  // namespace parley::analysis
