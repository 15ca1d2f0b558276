// GENIUS domains and scorable games written in parley's own scenario format (docs/genius.md, "As a scenario";
// docs/games.md): each issue's values become options, each profile an actor whose stances value every option
// (`values`) with saliences in the profile's weights, so that `parley convert` writes them as scenario files.
#pragma once

#include <optional>

#include "parley/diagnostics.hpp"
#include "parley/scenario.hpp"
#include "scenario/game.hpp"
#include "scenario/genius.hpp"

namespace parley::scenario {

/// The domain as a scenario: a discrete GENIUS issue a nominal issue (its items have no order), an integer or real
/// one an ordered issue over its grid; each profile a party of capability 1 with `values` (its evaluations) and
/// saliences 100 w_k / sum w, its reservation value (divided by the same sum) its `no_deal`. Weights that do not
/// sum to 1 get a warning: the scenario's utilities are the profile's divided by the sum, and acceptance is
/// unchanged. An issue of one value cannot be written (the format asks two options): an error.
[[nodiscard]] std::optional<Scenario> scenario_of(const genius::Domain& d, Diagnostics& diags);

/// A scorable game as a scenario: its domain's (each party's total score mapped onto [0, 1]) under the game's
/// rule (`decision: {parties: n - 1, vetoes: [the p1 and p2 parties]}`).
[[nodiscard]] std::optional<Scenario> scenario_of(const game::Game& g, Diagnostics& diags);

}  // namespace parley::scenario
