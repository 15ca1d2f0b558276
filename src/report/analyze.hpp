// Rendering `parley analyze`: per-issue statistics, packages, frontier, solutions, what it would take;
// as canonical JSON or text tables; one point or the whole timeline.
#pragma once

#include <string>
#include <vector>

#include "analysis/agreed.hpp"
#include "analysis/analyze.hpp"
#include "analysis/issue_stats.hpp"
#include "doc/emitter.hpp"
#include "doc/node.hpp"
#include "parley/results.hpp"

namespace parley::report {

/// One analysis: of a scenario at a timeline point (`at`), or of a GENIUS domain (`at` empty, no issue
/// statistics).
struct Analysis {
  std::string at, date, label;
  analysis::Space space;
  std::vector<analysis::IssueStats> issues;
  std::vector<analysis::AgreedValues> agreed;  // per issue of the space: the ZOPA with red lines applied
  analysis::PackageAnalysis packages;
};

struct AnalyzeView {
  std::size_t max_pareto = 1000;  // frontier packages listed (0: all); the counts are always complete
};

/// The JSON result, value by value, to any emitter (its tree, or a sweep's outputs).
void emit_analyze(doc::Emitter& e, const Analysis& a, const Stamp& stamp, const AnalyzeView& view);
[[nodiscard]] doc::Node analyze_json(const Analysis& a, const Stamp& stamp, const AnalyzeView& view);
[[nodiscard]] std::string analyze_text(const Analysis& a, const Stamp& stamp, const AnalyzeView& view);

/// A package's value on each issue (by name where values have names: GENIUS items), given as grid indices.
[[nodiscard]] doc::Node values_json(const analysis::Space& space, const std::vector<std::size_t>& package);

/// Where each actor stands on each issue at the analysis's point, with the weight (capability x salience) it
/// has in the weighted mean and median: `parley report`'s issue maps. A sequence of issues, each with `id` and
/// `positions` (actor, position, salience, weight), in input order.
[[nodiscard]] doc::Node positions_json(const Analysis& a);

/// Packages as points for a picture of the space: each one's values, every actor's utility, its ratification
/// probability and whether every party accepts it (`agreeable`).
[[nodiscard]] doc::Node cloud_json(const Analysis& a, const std::vector<std::vector<std::size_t>>& packages);

/// How the gap, the agreeable set and the solutions changed from point to point.
[[nodiscard]] doc::Node timeline_json(const std::vector<Analysis>& points, const Stamp& stamp);
[[nodiscard]] std::string timeline_text(const std::string& title, const std::vector<Analysis>& points);

}  // namespace parley::report
