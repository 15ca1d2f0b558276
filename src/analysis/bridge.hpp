// "What it would take": the smallest concessions by the parties that make at least one package agreeable.
//
// A party concedes by widening a reservation or moving a one-sided limit, lowering its no_deal level, or relaxing a
// red line. Every concession is priced in the conceding party's own utility units, so that the kinds add up and
// the salience of the issue weighs it: widening a reservation (or moving a limit) on issue k by e costs w_ik e / R_k
// (the utility the party gives up at the new worst value), lowering no_deal by t costs t, and relaxing a red
// line costs the salience-weighted distance from the package to the nearest grid point where the red line
// holds (changing only the issues it reads), or 1 when it holds nowhere on the grid. The cheapest package
// to make agreeable minimises the total over the parties; ties go to the smaller largest single-party
// cost, then the smaller package issue by issue. Found by branch and bound over the issues, with
// lower bounds from each remaining issue's cheapest value and each party's best remaining utility;
// exact unless the node budget runs out, in which case the best package found and a proven lower bound
// on the optimum are reported. With a minimum ratification probability, only packages whose ratification
// probability (Space::ratification) reaches it are candidates: the cheapest of them is found, at cost 0 when
// one is agreeable already, and none may reach it (docs/models.md §2.8).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/pareto.hpp"

namespace parley::analysis {

struct Concession {
  /// A reservation widened around the position; a one-sided limit moved (`at_least` down, `at_most` up); an
  /// option added to the ones the party accepts (`to`); the no_deal level lowered; a red line relaxed.
  enum class Kind { reservation, at_least, at_most, acceptable, no_deal, red_line };
  Kind kind = Kind::reservation;
  std::size_t actor = 0;
  std::size_t issue = 0;    // reservation, at_least, at_most, acceptable
  std::size_t rule = 0;     // red_line: index into Space::rules
  double from = 0, to = 0;  // reservation and limits: old and new value; no_deal: old and new level
  bool drop = false;        // red_line: holds nowhere on the grid, so it must go
  double cost = 0;
};

struct Bridge {
  bool computed = true;      // false: the search was not run (under a decision rule with too many coalitions)
  std::string not_computed;  // why, when it was not
  bool found = true;         // false: no package reaches the minimum ratification probability
  bool exact = true;
  double cost = 0;                   // total, over the parties
  double lower_bound = 0;            // equal to cost when exact
  std::vector<std::size_t> package;  // grid indices
  std::vector<double> party_cost;    // per party, in Space::parties order
  std::vector<Concession> concessions;
  double ratification = 1;      // the package's ratification probability
  double min_ratification = 0;  // the minimum asked for (BridgeLimits)
  double nodes = 0;             // search nodes visited
};

struct BridgeLimits {
  double max_nodes = 5e7;
  double max_rule_grid = 1 << 22;  // grid points one red line's issues span, scanned for its distance
  double min_ratification = 0;     // candidates must be ratified with at least this probability
};

/// The cheapest set of concessions that makes some package agreeable (and ratified with at least
/// `limits.min_ratification`). Meaningful when none is.
[[nodiscard]] Bridge bridge(const Space& space, const BridgeLimits& limits = {});

}  // namespace parley::analysis
