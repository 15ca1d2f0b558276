// A package every party accepts, looked for off the grid (docs/models.md §2.1, "Off the grid"): the grid with
// breakpoints holds every value where a reservation or a one-issue red line changes, but a no_deal level couples
// the issues through utility, and a red line can couple them directly (`territory + security <= 100`), so
// packages acceptable to everyone can lie strictly between grid values. Utility is
// concave and piecewise linear in each issue (a tent around the position, §2.2), so the packages that reach every
// party's no_deal form a convex polytope within each box of allowed intervals: a linear program finds a point of
// it, or shows there is none.
#pragma once

#include <optional>
#include <vector>

#include "analysis/space.hpp"

namespace parley::analysis {

/// Issue values (a discrete issue's option index) of a package that passes every party's reservations, one-issue
/// red lines, linear red lines over several issues (Program::linear) and no_deal level, the one with the widest
/// margin over the no_deal levels in the first box (in issue and interval order) that has one; nullopt when no
/// box has one, or past the work limits (4,096 boxes; 4e6 tableau entries over the boxes tried, which many
/// parties with no_deal levels on many issues reach). Other red lines that read several issues are not part of
/// the search: the caller checks them at the point. Only worth asking when some party has a no_deal level or a
/// red line over several issues; without either the grid with breakpoints already decides.
[[nodiscard]] std::optional<std::vector<double>> agreeable_point(const Space& space);

}  // namespace parley::analysis
