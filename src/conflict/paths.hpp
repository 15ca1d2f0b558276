// Where the conflict can go from here: status quo analysis (Li, Kilgour & Hipel 2004) and coalition analysis
// (Kilgour, Hipel, Fang & Peng 2001), both as shortest paths over generated move graphs.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "conflict/reach.hpp"
#include "core/work.hpp"

namespace parley::conflict {

struct StatusQuoTarget {
  State state = 0;
  std::optional<std::vector<Step>> by_moves;         // shortest legal path from the status quo, if any
  std::optional<std::vector<Step>> by_improvements;  // shortest path of improvements only, if any
};

struct StatusQuo {
  State start = 0;
  std::size_t reachable = 0;                  // states reachable by legal moves (the start included)
  std::size_t reachable_by_improvements = 0;  // ... by improvements only
  std::vector<StatusQuoTarget> targets;       // in the order asked
};

/// From `start`, every decision maker moving in any order: which `targets` can be reached, and how.
[[nodiscard]] StatusQuo status_quo(const Model& m, State start, const std::vector<State>& targets);

struct Upset {
  State state = 0;         // the equilibrium upset
  std::vector<Step> path;  // the coalition's moves to a state every member strictly prefers (its last `to`)
};

struct CoalitionResult {
  std::vector<std::size_t> members;  // decision makers, ascending
  std::vector<Upset> upsets;         // in the order of the targets
};

inline constexpr std::size_t kMaxAllCoalitions = 12;  // 4,083 coalitions

/// Every coalition of two or more decision makers (by size, then member order). Throws UsageError past
/// kMaxAllCoalitions decision makers.
[[nodiscard]] std::vector<std::vector<std::size_t>> all_coalitions(std::size_t decision_makers);

/// For each coalition and target state: whether the coalition can move jointly (members moving in any
/// order) to a state every member strictly prefers, and the nearest such state. `budget` bounds the work
/// (maxima comparisons and states expanded), split evenly between coalitions; LimitError when exhausted.
/// `work`, when given, hears of each coalition done (phase "coalitions") and is checked at every component and
/// target, so that a stop (Cancelled) takes effect promptly.
[[nodiscard]] std::vector<CoalitionResult> coalitions(const Model& m,
                                                      const std::vector<std::vector<std::size_t>>& which,
                                                      const std::vector<State>& targets, std::size_t budget,
                                                      unsigned threads, core::Work* work = nullptr);

}  // namespace parley::conflict
