// `parley analyze`: the whole package analysis of one space, as plain data for the report to render.
#pragma once

#include <optional>
#include <vector>

#include "analysis/adjusted_winner.hpp"
#include "analysis/bridge.hpp"
#include "analysis/pareto.hpp"
#include "analysis/solutions.hpp"
#include "analysis/space.hpp"

namespace parley::analysis {

struct PackageAnalysis {
  double total = 0;  // packages in the space
  Count agreeable;   // packages that pass the decision rule (by default: that every party accepts)
  Count unanimous;   // packages every party accepts (the same as `agreeable` under unanimity)
  std::vector<Block> blocks;
  Frontier frontier;
  Solutions solutions;
  std::optional<Bridge> bridge;    // only when no package is agreeable
  AdjustedWinner adjusted_winner;  // two parties dividing the issues (whether it applies, and why not)
};

struct AnalysisLimits {
  Limits packages;
  BridgeLimits bridge;
};

/// Counts, frontier, solutions and, when nothing is agreeable, what it would take. A space without
/// parties has no frontier: nobody has to agree.
[[nodiscard]] PackageAnalysis analyze_packages(const Space& space, const AnalysisLimits& limits);

}  // namespace parley::analysis
