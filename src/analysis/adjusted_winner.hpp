// Brams and Taylor's Adjusted Winner (Fair Division, 1996, ch. 4; The Win-Win Solution, 1999) for two parties
// dividing issues: each party spreads 100 points over the issues, each issue goes first to the party that gives it
// more points, and issues then pass from the party ahead to the other, those it values least relative to the
// other first, until both hold equal points, the last one split. The allocation is envy-free, equitable and
// efficient, and splits at most one issue (docs/models.md §2.7, "Adjusted Winner").
//
// In parley an issue is a good to divide between two parties when they want different values of it: "giving it"
// to a party sets it to that party's best value. A party's points for an issue are what it gains, in its own
// utility, between the other's best value and its own, scaled so that its points add up to 100. A continuous issue
// is split at the value that fraction of the way from one best value to the other (each party's utility is linear
// there: both lie on one side of each position); a discrete issue cannot be split, and when equitability needs one
// split the procedure does not apply.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/space.hpp"

namespace parley::analysis {

struct AdjustedWinner {
  bool applies = false;
  std::string reason;  // why it does not apply
  /// Per issue: the party it goes to (also when only that party cares about it: then it counts no points), split,
  /// both (they want the same value), or neither (neither cares: a value within both parties' limits, nearest the
  /// middle of their positions, where there is one).
  enum class To { first, second, split, both, neither };
  std::vector<To> to;
  std::vector<double> values;  // per issue: the value; a split continuous issue's may lie between grid values
  std::vector<std::optional<std::size_t>> option;  // per issue: the grid index of the value, when it is a grid value
  std::optional<std::size_t> split;                // the issue divided
  double first_share = 0;                          // of the split issue, the first party's share
  std::array<std::vector<double>, 2> points;       // per party, per issue: its points (adding up to 100)
  std::array<double, 2> total{};                   // each party's points from the allocation (equal)
  std::array<double, 2> utility{};                 // each party's utility at `values`
  std::array<bool, 2> accepts{};  // whether each party accepts `values` (reservations, red lines, no_deal)
};

/// Adjusted Winner between the space's two parties (Space::parties order); `applies` is false, with the reason,
/// for any other number of parties, when a party gains nothing from any issue, or when the issue to split is
/// discrete.
[[nodiscard]] AdjustedWinner adjusted_winner(const Space& space);

}  // namespace parley::analysis
