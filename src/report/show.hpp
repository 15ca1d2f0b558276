// Rendering the normalised scenario for `parley show`: canonical JSON and readable text tables.
#pragma once

#include <string>

#include "doc/node.hpp"
#include "parley/results.hpp"
#include "parley/scenario.hpp"

namespace parley::report {

/// The canonical normalised scenario (values at the applied timeline point), stamped.
[[nodiscard]] doc::Node show_json(const Scenario& s, const Stamp& stamp);
/// The same as text tables for people.
[[nodiscard]] std::string show_text(const Scenario& s, const Stamp& stamp);

/// The conflict's options as show prints them: id, controlling actor, label, direction.
[[nodiscard]] doc::Node conflict_options_node(const Scenario& s);

/// The `"parley": {...}` stamp that heads every JSON output.
[[nodiscard]] doc::Node stamp_node(const Stamp& stamp);
/// The stamp's options (Stamp::options), each typed as registered: what stamp_node writes under `options`.
[[nodiscard]] doc::Node stamp_options_node(const Stamp& stamp);

}  // namespace parley::report
