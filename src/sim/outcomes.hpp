// The outcome space a simulated negotiation is played over: every package of a scenario (or GENIUS domain),
// each party's utility for it and whether the party can accept it, indexed for the strategies' look-ups
// (docs/models.md §5.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analyze.hpp"
#include "analysis/space.hpp"

namespace parley::sim {

/// A package, by its number in the space (mixed radix over the issues' grids, the last issue fastest).
using Package = std::uint32_t;

struct Outcomes {
  const analysis::Space* space = nullptr;  // issues and actors, for names and values
  std::size_t count = 0;                   // packages
  std::vector<std::size_t> parties;        // actor indices (Space::actors) of the negotiating parties
  std::vector<double> utility;             // per package, per party (row-major): u_i(x)
  std::vector<std::uint8_t> acceptable;    // per package, per party: the party may agree to it (red lines,
                                           // reservations and no_deal: Space::accepts)
  std::vector<double> reservation;         // per party: the utility of no agreement (no_deal, else 0)
  /// Per party: the packages it may agree to, by increasing utility (ties: package number), and their
  /// utilities, for binary searches on an aim.
  std::vector<std::vector<Package>> ladder;
  std::vector<std::vector<double>> ladder_utility;
  /// The Pareto frontier of the packages every party may agree to (one package per utility vector), by
  /// decreasing utility of party 0.
  std::vector<Package> frontier;
  /// The Nash bargaining solution's utilities over those packages (docs/models.md §2.7), when one exists.
  std::optional<std::vector<double>> nash;
  std::optional<std::size_t> mediator;  // actor index of the scenario's first mediator, if any
  Package start_text = 0;               // the single-text protocol's first text (the mediator's positions)

  [[nodiscard]] std::size_t party_count() const { return parties.size(); }
  [[nodiscard]] double u(Package x, std::size_t party) const { return utility[x * parties.size() + party]; }
  [[nodiscard]] bool can_accept(Package x, std::size_t party) const {
    return acceptable[x * parties.size() + party] != 0;
  }
  /// The grid index of issue k in package x.
  [[nodiscard]] std::size_t choice(Package x, std::size_t k) const;
  [[nodiscard]] Package with_choice(Package x, std::size_t k, std::size_t j) const;
  /// The package's grid indices, in issue order.
  [[nodiscard]] std::vector<std::size_t> grid_indices(Package x) const;
};

/// Packages a simulation enumerates at most: each costs (8 + 1) bytes per party, plus the ladders.
inline constexpr double kMaxOutcomes = 1 << 22;

/// Every package of `space` with each party's utility and acceptance; the frontier and Nash solution from its
/// package analysis `pa`; `mediator` (an actor index) proposes the single text. Throws LimitError past
/// kMaxOutcomes packages, DataError for a space without parties.
[[nodiscard]] Outcomes outcomes_of(const analysis::Space& space, const analysis::PackageAnalysis& pa,
                                   std::optional<std::size_t> mediator);

/// The chance that package x survives the scenario's ratification votes (analysis::Space::ratification; 1
/// without votes). An agreement counts as ratified with this probability (docs/simulate.md).
[[nodiscard]] double ratification(const Outcomes& o, Package x);

/// What party i can expect from an agreement on x: its utility if ratified, its no-deal utility if not,
/// weighted by the ratification probability `ratified` (ratification(o, x), when the caller has it already).
[[nodiscard]] double expected_utility(const Outcomes& o, Package x, std::size_t i, double ratified);
[[nodiscard]] inline double expected_utility(const Outcomes& o, Package x, std::size_t i) {
  return expected_utility(o, x, i, ratification(o, x));
}

/// Euclidean distance in the parties' utility space from `x` to the nearest frontier package (0 on it); nothing
/// when there is no frontier (no package every party may agree to).
[[nodiscard]] std::optional<double> distance_to_frontier(const Outcomes& o, Package x);
/// Euclidean distance in the parties' utility space from `x` to the Nash solution.
[[nodiscard]] std::optional<double> distance_to_nash(const Outcomes& o, Package x);

}  // namespace parley::sim
