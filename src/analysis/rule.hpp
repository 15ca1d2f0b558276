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

#include "analysis/agreed.hpp"
#include "analysis/bridge.hpp"
#include "analysis/pareto.hpp"
#include "analysis/space.hpp"

namespace parley::analysis {

/// The passing packages, enumerated, and the counts.
struct RuleEnumeration {
  Block passing;         // every issue, ascending; one element per passing package, in package order
  double unanimous = 0;  // packages every party accepts
  /// Per issue, per grid value: whether a package passing the rule without the no_deal levels takes it (the
  /// projection agreed_values gives under unanimity).
  std::vector<std::vector<std::uint8_t>> used;
};

/// Enumerates the space under its rule. Throws LimitError past `limits.max_block` packages.
[[nodiscard]] RuleEnumeration enumerate_by_rule(const Space& space, const Limits& limits);

/// The minimal winning coalitions of the space's rule (positions in Space::parties, ascending), in the order
/// of their bit masks. Throws LimitError past 24 parties or `max` coalitions.
[[nodiscard]] std::vector<std::vector<std::size_t>> minimal_coalitions(const Decision& d, std::size_t parties,
                                                                       std::size_t max = 4096);

/// The space as if only `coalition` (positions in Space::parties) had to accept, unanimously.
[[nodiscard]] Space restricted_to(const Space& space, const std::vector<std::size_t>& coalition);

/// agreed_values under the rule: the grid values of the passing packages (reservations and red lines; no_deal
/// levels left out), as regions of consecutive grid values or options.
[[nodiscard]] std::vector<AgreedValues> agreed_by_rule(const Space& space, const Limits& limits);

/// What it would take under the rule: the cheapest of the minimal winning coalitions' bridges (ties: the
/// first coalition), its party costs in Space::parties order (0 for parties outside it).
[[nodiscard]] Bridge bridge_by_rule(const Space& space, const BridgeLimits& limits);

/// The rule in words, naming parties by id: "every party (unanimity)", "at least 5 of the 6 parties, sportco and
/// dot among them", "... and parties holding at least 65% of the total population".
[[nodiscard]] std::string rule_text(const Space& space);

/// Per party (Space::parties order), whether it accepts `package`.
[[nodiscard]] std::vector<std::uint8_t> acceptances(const Space& space, std::span<const std::size_t> package);

/// The accepting parties whose refusal alone would make `package` fail the rule (positions in Space::parties).
[[nodiscard]] std::vector<std::size_t> pivotal(const Space& space, std::span<const std::size_t> package);

}  // namespace parley::analysis
