// Importing gmcr-py's `.gmcr` files: a graph model for conflict resolution in option form (Fang, Hipel & Kilgour
// 1993; docs/models.md §4) as saved by gmcr-py (University of Waterloo), read into a Scenario with no issues.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::scenario {

/// The conflict a gmcr-py file describes (docs/gmcr-import.md): one actor per decision maker, the options in the
/// file's order, each decision maker's preference statements or its ranking, and no issues. Every problem goes
/// to `diags`, located in the file; nothing is returned when one was an error.
[[nodiscard]] std::optional<Scenario> import_gmcr(const doc::Node& root, std::string_view title, Diagnostics& diags);

namespace detail {

/// gmcr-py's own option order (ConflictModel.reorderOptionsByDM): each decision maker's options in turn, in the
/// order it lists them. `controlled[d]` holds decision maker d's options as indices into the file's options.
[[nodiscard]] std::vector<std::size_t> gmcr_option_order(const std::vector<std::vector<std::size_t>>& controlled);

/// gmcr-py's state numbers: element k - 1 is the parley code (over the file's option order) of the state gmcr-py
/// numbers k, i.e. of its k-th feasible state in increasing code over `order` (FeasibleList, orderedNumbers).
[[nodiscard]] std::vector<std::uint64_t> gmcr_state_numbers(const Conflict& c, const std::vector<std::size_t>& order);

}  // namespace detail

}  // namespace parley::scenario
