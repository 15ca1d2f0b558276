// Random scenarios for the analysis property tests, written as YAML so that they go through the reader.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::analysis::testing {

struct RandomOptions {
  int min_issues = 1, max_issues = 3;
  int max_grid = 5;  // values per issue at most
  int min_parties = 2, max_parties = 4;
  bool mediator = true;
  bool reservations = true, no_deal = true, red_lines = true, ratification = true;
  bool coarse = true;   // positions and saliences on coarse grids, so that exact ties are common
  bool nominal = true;  // discrete issues now and then nominal, stances valued option by option, options listed
};

/// A scenario YAML text drawn with `seed` (reproducible).
[[nodiscard]] std::string random_scenario_yaml(std::uint64_t seed, const RandomOptions& options = {});

/// The same, loaded; aborts the test on a load error.
[[nodiscard]] Scenario random_scenario(std::uint64_t seed, const RandomOptions& options = {});

}  // namespace parley::analysis::testing
