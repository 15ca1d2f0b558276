// The Pareto frontier of the agreeable packages, and their count, without enumerating the package space.
//
// Utilities are additive over issues (docs/models.md §2.2), so the space splits into independent blocks:
// each issue alone, except issues that a party's red line reads together, which form one block. A package
// whose part in one block is dominated within that block (over the parties' utilities) is dominated by
// the package that swaps in the dominating part, so the frontier of the whole space is the frontier of
// the sums of the blocks' own frontiers, merged block by block (the Minkowski-sum property of Pareto sets;
// see e.g. Kung, Luccio & Preparata 1975 for the dominance filtering). `no_deal` thresholds are monotone in
// the utilities, so a partial sum that cannot reach them even with every later block's best is dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/dominance.hpp"
#include "analysis/space.hpp"
#include "core/work.hpp"

namespace parley::analysis {

/// Work and memory limits: a computation that would pass one stops with parley::LimitError, never by
/// running out of memory.
struct Limits {
  unsigned threads = 0;                   // 0: every hardware thread
  double max_block = 1 << 24;             // packages of the issues one red line couples, enumerated
  std::size_t max_frontier = 20'000'000;  // points (tie classes) kept after a merge: about 40 bytes each
  double max_candidates = 4e10;           // sums formed over all merges
  double max_count_work = 2e10;           // leaves the agreeable count may visit before giving bounds
  double max_comparisons = 1e10;          // points visited and compared in one dominance filter (4+ parties)
  /// Asked between steps whether to stop (parley::Cancelled) and told of the steps done: the blocks merged into
  /// the frontier, the agreeable count's subtrees. None: nobody listens and nothing stops it.
  core::Work* work = nullptr;
};

/// Throws Cancelled when `limits.work` was asked to stop.
inline void check(const Limits& limits) {
  if (limits.work != nullptr) limits.work->check();
}

/// One independent block of the space, restricted to the values that every party's reservations and
/// red lines (on these issues) allow.
struct Block {
  std::vector<std::size_t> issues;    // ascending
  std::vector<std::uint32_t> choice;  // per element: a grid index per issue
  std::vector<double> share;          // per element: each party's utility from these issues
  [[nodiscard]] std::size_t size() const { return issues.empty() ? 0 : choice.size() / issues.size(); }
};

/// The blocks of the space, in the order of their first issue. Throws LimitError when red lines couple
/// more issues than `max_block` allows.
[[nodiscard]] std::vector<Block> blocks_of(const Space& space, const Limits& limits);

/// A frontier point: packages with (to kUtilityEpsilon) one utility vector, as one member class per block.
struct FrontierPoint {
  std::vector<double> utilities;                    // per party, in Space::parties order
  std::vector<std::vector<std::uint32_t>> members;  // per block: elements with these shares, ascending
  [[nodiscard]] double packages() const;            // product of the member counts
};

struct Frontier {
  std::vector<FrontierPoint> points;  // by decreasing sum of utilities, then smallest package
  double packages = 0;                // packages on the frontier, ties counted
  std::size_t distinct = 0;           // distinct utility vectors
};

/// The Pareto frontier of the agreeable packages over the parties' utilities (docs/models.md §2.6).
/// Results do not depend on `limits.threads`.
[[nodiscard]] Frontier pareto_frontier(const Space& space, const std::vector<Block>& blocks, const Limits& limits);

/// The package of a point whose values are smallest issue by issue (the tie rule of docs/models.md §2.6-2.7),
/// and the k-th package of a point in that order, as grid indices in issue order.
[[nodiscard]] std::vector<std::size_t> package_of(const Space& space, const std::vector<Block>& blocks,
                                                  const FrontierPoint& point, double k = 0);

struct Count {
  double value = 0;  // exact when `exact`; else the midpoint of [low, high]
  bool exact = true;
  double low = 0, high = 0;
};

/// How many packages every party accepts. Past `limits.max_count_work` leaves, gives bounds instead.
[[nodiscard]] Count count_agreeable(const Space& space, const std::vector<Block>& blocks, const Limits& limits);

}  // namespace parley::analysis
