// Whether one package of issue values, such as a forecast's, meets each party's limits, red lines and no_deal
// level, and whether it would pass each ratification vote (docs/models.md §2.3-2.4).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::analysis {

struct Violation {
  enum class Kind { reservation, red_line, no_deal };
  std::size_t actor = 0;  // a party, index into Scenario::actors
  Kind kind = Kind::reservation;
  std::size_t issue = 0;     // reservation: the issue
  std::size_t rule = 0;      // red_line: index into Scenario::constraints
  double value = 0;          // reservation: the package's value on the issue; no_deal: the party's utility
  double low = 0, high = 0;  // reservation: the interval the party accepts; no_deal: low is its level
};

struct Vote {
  std::size_t rule = 0;  // index into Scenario::constraints, a ratification vote
  bool holds = false;    // `require` holds at the package
  double pass = 1;       // the chance the vote passes: 1 where it holds, else its pass_probability
};

struct PackageCheck {
  std::vector<Violation> violations;  // by party in input order, then reservations, red lines, no_deal
  std::vector<Vote> votes;            // the votes on issues the package fixes, in input order
  double ratification = 1;            // the product of the votes' pass chances
  bool complete = true;               // every issue has a value: only then is no_deal checked
};

/// Checks `values` (per issue, in issue order; an empty entry where the package leaves the issue open) at the
/// scenario's central values. A red line or vote that reads an open issue is not checked.
[[nodiscard]] PackageCheck check_package(const Scenario& s, std::span<const std::optional<double>> values);

}  // namespace parley::analysis
