// Analyses under a decision rule other than unanimity (docs/models.md §2.3, "Decision rules").
//
// Under unanimity the agreeable set is a product of per-block sets and the frontier is merged block by block
// (pareto.hpp). Under "at least k parties", vetoes or weighted thresholds it is a union over the winning
// coalitions, which has no such product form: the packages are enumerated one by one (up to
// Limits::max_block of them), each party's acceptance decided, and the rule applied. The passing packages
// then form a single block, so that the frontier, the solutions and the listing work on them unchanged.
// What it would take is the cheapest concessions over the minimal winning coalitions: only the members of one
// of them need to move.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/bridge.hpp"
#include "analysis/pareto.hpp"
#include "analysis/space.hpp"

namespace parley::analysis {

/// The passing packages, enumerated, and the counts.
struct RuleEnumeration {
  /// Every issue, ascending; one element per passing package that no passing package of its slice of the space
  /// (2^16 packages in package order) dominates, in package order: a superset of the frontier.
  Block passing;
  double count = 0;      // packages that pass
  double unanimous = 0;  // packages every party accepts
};

/// Enumerates the space under its rule. Throws LimitError past `limits.max_block` packages, or when the slices'
/// frontiers together pass `limits.max_frontier` points.
[[nodiscard]] RuleEnumeration enumerate_by_rule(const Space& space, const Limits& limits);

/// The minimal winning coalitions of the space's rule (positions in Space::parties, ascending), in the order
/// of their bit masks. Throws LimitError past 20 parties or `max` coalitions.
[[nodiscard]] std::vector<std::vector<std::size_t>> minimal_coalitions(const Decision& d, std::size_t parties,
                                                                       std::size_t max = 4096);

/// The space as if only `coalition` (positions in Space::parties) had to accept, unanimously.
[[nodiscard]] Space restricted_to(const Space& space, const std::vector<std::size_t>& coalition);

/// What it would take under the rule: the cheapest of the minimal winning coalitions' bridges (ties: the
/// first coalition), its party costs in Space::parties order (0 for parties outside it).
[[nodiscard]] Bridge bridge_by_rule(const Space& space, const BridgeLimits& limits);

/// The rule in words, naming parties by id: "every party (unanimity)", "at least 5 of the 6 parties, sportco and
/// dot among them", "... and parties holding at least 65% of the total population".
[[nodiscard]] std::string rule_text(const Space& space);
/// The same for a scenario's rule as written (its parties named by id), without building its package space.
[[nodiscard]] std::string rule_text(const Scenario& s);

/// Per party (Space::parties order), whether it accepts `package`.
[[nodiscard]] std::vector<std::uint8_t> acceptances(const Space& space, std::span<const std::size_t> package);

/// The accepting parties whose refusal alone would make `package` fail the rule (positions in Space::parties).
[[nodiscard]] std::vector<std::size_t> pivotal(const Space& space, std::span<const std::size_t> package);

}  // namespace parley::analysis
