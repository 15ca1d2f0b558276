#include "analysis/analyze.hpp"

#include "analysis/rule.hpp"

namespace parley::analysis {

PackageAnalysis analyze_packages(const Space& space, const AnalysisLimits& limits) {
  PackageAnalysis out;
  out.total = space.size();
  out.adjusted_winner = adjusted_winner(space);
  if (space.parties.empty()) {
    out.agreeable = {out.total, true, out.total, out.total};
    out.unanimous = out.agreeable;
    return out;
  }
  if (!space.decision.unanimity) {
    // The passing packages, enumerated, form one block (rule.hpp).
    RuleEnumeration e = enumerate_by_rule(space, limits.packages);
    out.agreeable = {e.count, true, e.count, e.count};
    out.unanimous = {e.unanimous, true, e.unanimous, e.unanimous};
    out.blocks.push_back(std::move(e.passing));
    out.frontier = pareto_frontier(space, out.blocks, limits.packages);
    out.solutions = solve(space, out.frontier);
    if (out.frontier.points.empty() || limits.bridge.min_ratification > 0)
      out.bridge = bridge_by_rule(space, limits.bridge);
    return out;
  }
  out.blocks = blocks_of(space, limits.packages);
  out.agreeable = count_agreeable(space, out.blocks, limits.packages);
  out.unanimous = out.agreeable;
  out.frontier = pareto_frontier(space, out.blocks, limits.packages);
  out.solutions = solve(space, out.frontier);
  // The count may be a bound; the frontier is exact, and empty exactly when nothing is agreeable. With a
  // minimum ratification probability the search runs anyway: an agreeable package may still fall short of it.
  if (out.frontier.points.empty() || limits.bridge.min_ratification > 0) out.bridge = bridge(space, limits.bridge);
  return out;
}

}  // namespace parley::analysis
