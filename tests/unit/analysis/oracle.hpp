// The definitions of docs/models.md §2 taken literally, for brute-force checks.
#pragma once

#include <vector>

#include "analysis/space.hpp"

namespace parley::analysis::testing {

/// y dominates x: at least as large everywhere and larger somewhere, utilities within kUtilityEpsilon equal.
inline bool dominates(const std::vector<double>& y, const std::vector<double>& x) {
  bool strict = false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (y[i] < x[i] - kUtilityEpsilon) return false;
    strict = strict || y[i] > x[i] + kUtilityEpsilon;
  }
  return strict;
}

}  // namespace parley::analysis::testing
