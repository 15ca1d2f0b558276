// Rendering the normalised scenario for `parley show`: canonical JSON and readable text tables.
#pragma once

#include <string>

#include "doc/node.hpp"
#include "parley/scenario.hpp"
#include "parley/results.hpp"

namespace parley::report {

/// The canonical normalised scenario (values at the applied timeline point), stamped.
[[nodiscard]] doc::Node show_json(const Scenario& s, const Stamp& stamp);
/// The same as text tables for people.
[[nodiscard]] std::string show_text(const Scenario& s, const Stamp& stamp);

/// The `"parley": {...}` stamp that heads every JSON output.
[[nodiscard]] doc::Node stamp_node(const Stamp& stamp);

/// An actor's acceptable interval on an issue at central values: [p - |r - p|, p + |r - p|] clipped to the
/// scale, or the whole scale without a reservation (models.md section 1).
[[nodiscard]] std::pair<double, double> acceptable_interval(const Issue& issue, const Stance& stance);

}  // namespace parley::report
