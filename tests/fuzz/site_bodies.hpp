// The scenario the site's body fuzzers read against: Geneva's issues (continuous and discrete), as posted.
#pragma once

#include <cstdlib>

#include "scenario/load.hpp"

namespace parley::fuzz {

inline const Scenario& site_scenario() {
  static const Scenario s = [] {
    Diagnostics diags;
    auto loaded = scenario::load_file(PARLEY_SOURCE_DIR "/examples/geneva.yaml", {}, diags);
    if (!loaded) std::abort();
    return std::move(*loaded);
  }();
  return s;
}

}  // namespace parley::fuzz
