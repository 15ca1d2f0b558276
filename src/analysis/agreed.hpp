// The values each issue can take in a package the parties' limits and red lines allow: the per-issue ZOPA with
// red lines applied (docs/models.md §1.6).
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/space.hpp"

namespace parley::analysis {

/// An interval of an issue's scale; an open end excludes its value.
struct Region {
  double low = 0, high = 0;
  bool low_open = false, high_open = false;
};

struct AgreedValues {
  /// False when the issues the red lines couple it with are too many to enumerate (then nothing else
  /// is set).
  bool computed = true;
  /// A continuous issue's values, as disjoint regions in ascending order; empty when none is allowed.
  std::vector<Region> regions;
  /// An issue with named values (options): the allowed values' grid indices, ascending.
  std::vector<std::size_t> options;
  /// The parties' red lines (indices into Space::rules) that read the issue.
  std::vector<std::size_t> red_lines;
};

/// Per issue, the values x_k of the packages that satisfy every party's reservations and red lines (no_deal
/// levels and ratification left out: the projection of that set on the issue). Exact along an issue whose red
/// lines read it alone, on a space built with Grid::breakpoints; a red line coupling several issues is
/// checked at the other issues' grid values.
[[nodiscard]] std::vector<AgreedValues> agreed_values(const Space& space);

/// agreed_values under a decision rule other than unanimity, which agreed_values calls for one: a value passes when
/// the parties that allow it satisfy the rule, a party allowing it when its reservation does and each of its red
/// lines that read the issue holds at some values of the other issues it reads within that party's own limits
/// (each party on its own: the parties of a winning coalition may need different such values).
[[nodiscard]] std::vector<AgreedValues> agreed_by_rule(const Space& space);

}  // namespace parley::analysis
